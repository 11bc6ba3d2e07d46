import fs from "node:fs";
import { seriousAxeViolations } from "./support/axe";
import { openDeparture } from "./support/booking";
import { expect, test } from "./support/fixtures";
import { waitForHydration } from "./support/hydration";
import { newBookingReference } from "../app/domain/booking/reference";
import { reviewedDetails } from "../tests/support/drafts";

const SUPERVISOR = "staff.lanzhou@silu-gateway.example";

test("a Lanzhou supervisor in zh-CN gates a box in (a bad check digit refused at its field), records the departure and a border crossing, and downloads the manifest", async ({
  page,
  server,
  signInAs,
}) => {
  // A confirmed booking of one 40' HQ of the Lanzhou exporter, its unit without a number yet.
  const departureId = await openDeparture(server.db, "LAZ-DUI-AKL", "45G1", 2);
  const lanzhou = await server.db.company.findUniqueOrThrow({ where: { creditCode: "91620100MA72X4K3QK" } });
  const booker = await server.db.user.findUniqueOrThrow({ where: { email: "booker@lanzhou-silkroad.example" } });
  const reference = newBookingReference();
  await server.db.$transaction(async (tx) => {
    await tx.departureCapacity.update({
      where: { departureId_equipmentCode: { departureId, equipmentCode: "45G1" } },
      data: { available: { decrement: 1 }, booked: { increment: 1 } },
    });
    await tx.booking.create({
      data: {
        reference,
        companyId: lanzhou.id,
        departureId,
        createdById: booker.id,
        status: "CONFIRMED",
        currency: "USD",
        totalMinor: 720_000,
        priceLines: "[]",
        details: JSON.stringify(reviewedDetails([{ equipmentCode: "45G1", quantity: 1 }])),
        lines: { create: { equipmentCode: "45G1", quantity: 1 } },
        equipment: { create: { isoSizeType: "45G1", sequence: 1 } },
      },
    });
  });

  await signInAs(page, SUPERVISOR);
  await page.goto("/zh-CN/staff");
  // The console links each departure's terminal page; this one may be further out than its list.
  await expect(page.getByRole("link", { name: "场站作业" }).first()).toBeVisible();
  await page.goto(`/zh-CN/staff/departures/${departureId}/terminal`);
  await expect(page).toHaveURL(new RegExp(`/zh-CN/staff/departures/${departureId}/terminal$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("场站作业：X9021");
  await waitForHydration(page);
  expect(await seriousAxeViolations(page)).toEqual([]);

  // CSQU3054384: the check digit of CSQU305438 is 3.
  const gate = page.getByTestId(`gate-in-${reference}`);
  // The unit without a number is chosen for the box.
  await expect(gate.getByLabel("箱位")).toHaveValue(/^c/);
  await expect(gate.getByLabel("箱位").locator("option:checked")).toHaveText("45G1 #1");
  await gate.getByLabel("箱号").fill("CSQU3054384");
  await gate.getByLabel("铅封号").fill("SL-7001");
  await gate.getByLabel("进场过磅毛重（千克）").fill("24500");
  await gate.getByRole("button", { name: "登记进场" }).click();
  const number = gate.getByLabel("箱号");
  await expect(number).toHaveAttribute("aria-invalid", "true");
  await expect(gate.locator(`#gatein-${reference}-containerNumber-error`)).toHaveText(
    "箱号无效：请按 ISO 6346 填写 4 个字母和 7 位数字（例如 CSQU3054383），并核对校验位。",
  );
  // What was typed is kept.
  await expect(gate.getByLabel("铅封号")).toHaveValue("SL-7001");

  await number.fill("CSQU3054383");
  await gate.getByRole("button", { name: "登记进场" }).click();
  await expect(page.getByRole("status")).toHaveText("进场已登记。");
  const list = page.getByTestId("loading-list");
  await expect(list.getByRole("row", { name: /CSQU3054383/ })).toContainText("SL-7001");
  await expect(page.getByTestId("loading-totals")).toContainText("已进场：1 个");
  await expect(page.getByTestId("event-timeline")).toContainText("已进场");

  // The train leaves Lanzhou now (the form's time is the clock at Lanzhou), then crosses at Alashankou.
  const events = page.getByTestId("event-form");
  await events.getByLabel("发生了什么").selectOption({ label: "已发车" });
  await events.getByLabel("地点").selectOption("CNLAZ");
  await events.getByRole("button", { name: "登记事件" }).click();
  await expect(page.getByRole("status")).toHaveText("事件已登记。");
  await events.getByLabel("发生了什么").selectOption({ label: "已过境" });
  await events.getByLabel("地点").selectOption("CNAKL");
  await events.getByLabel("备注").fill("换装完成");
  await events.getByRole("button", { name: "登记事件" }).click();
  await expect(page.getByRole("status")).toHaveText("事件已登记。");
  const timeline = page.getByTestId("event-timeline");
  await expect(timeline.getByRole("listitem")).toHaveCount(3);
  await expect(timeline.getByRole("listitem").filter({ hasText: "已发车" })).toContainText("DEPA");
  await expect(timeline.getByRole("listitem").filter({ hasText: "已过境" })).toContainText("换装 1435>1520");

  // The manifest: a CSV download (UTF-8 with BOM) and the bilingual PDF.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "下载舱单（CSV）" }).click(),
  ]);
  const csv = fs.readFileSync((await download.path())!, "utf8");
  expect(csv.startsWith("\uFEFF订舱号,出口企业,箱型代码")).toBe(true);
  expect(csv).toContain(`${reference},"Lanzhou Silk Road Import & Export Co., Ltd.",45G1,1,`);
  expect(csv).toContain("CSQU3054383,SL-7001,24500,2");
  const pdfHref = await page.getByRole("link", { name: "舱单（PDF，中英文）" }).getAttribute("href");
  const pdf = await page.request.get(pdfHref!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
});
