import type { Page } from "@playwright/test";
import type { Db } from "../app/utils/db.server";
import { openDeparture } from "./support/booking";
import { MAIL_FOLDER } from "./support/environment";
import { expect, test } from "./support/fixtures";
import { waitForHydration } from "./support/hydration";
import { waitForMail } from "./support/mailbox";

async function bookTwoHighCubesToDuisburg(page: Page, db: Db, booker: { email: string; javaScript: boolean }) {
  // Room for this journey's 3, with some to spare.
  const departureId = await openDeparture(db, "LAZ-DUI-AKL", "45G1", 12);
  await page.goto(`/zh-CN/departures/${departureId}`);
  await page.getByRole("button", { name: "预订此班次" }).click();
  await expect(page).toHaveURL(/\/zh-CN\/bookings\/SG-[\w-]+\/edit\/equipment$/);
  const reference = /SG-[\w]{4}-[\w]{4}/.exec(page.url())![0];
  if (booker.javaScript) await waitForHydration(page);

  const livePrice = page.getByTestId("live-price");
  await expect(livePrice).toContainText("选择要运送的箱型或货物后显示价格");
  await page.getByLabel("40英尺高箱 (45G1)").fill("2");
  if (booker.javaScript) {
    // The price follows the form before anything is saved.
    await expect(livePrice.getByTestId("price-total")).toContainText("US$");
    const forTwo = await livePrice.getByTestId("price-total").textContent();
    await page.getByLabel("40英尺高箱 (45G1)").fill("1");
    await expect(livePrice.getByTestId("price-total")).not.toHaveText(forTwo ?? "");
    await page.getByLabel("40英尺高箱 (45G1)").fill("2");
    await expect(livePrice.getByTestId("price-total")).toHaveText(forTwo ?? "");
  }
  await page.getByRole("button", { name: "保存并继续" }).click();
  await expect(page).toHaveURL(/\/edit\/cargo$/);

  // A vague description is refused at its field, the rest is kept.
  await page.getByLabel("货物描述").fill("普货");
  await page.getByLabel("HS 编码").fill("0813.40");
  await page.getByLabel("毛重，全部集装箱（千克）").fill("30000");
  await page.getByLabel("件数").fill("2400");
  await page.getByLabel("体积（立方米）").fill("120");
  await page.getByRole("button", { name: "保存并继续" }).click();
  await expect(page.locator("#field-description-error")).toContainText("笼统描述");
  await expect(page.getByLabel("HS 编码")).toHaveValue("0813.40");
  await page.getByLabel("货物描述").fill("枸杞干，纸箱包装");
  await page.getByRole("button", { name: "保存并继续" }).click();
  await expect(page).toHaveURL(/\/edit\/parties$/);

  await page.locator("#field-shipperName").fill("兰州丝路进出口有限公司");
  await page.locator("#field-shipperAddress").fill("甘肃省兰州市城关区东岗西路 1 号");
  await page.locator("#field-consigneeName").fill("Duisburg Foods GmbH");
  await page.locator("#field-consigneeAddress").fill("Hafenstraße 1, 47119 Duisburg");
  await page.getByLabel("上门提货（公路运至始发站）").check();
  await page.getByLabel("提货地址").fill("兰州新区综合保税区 3 号库");
  await page.getByRole("button", { name: "保存并继续" }).click();
  await expect(page).toHaveURL(/\/edit\/review$/);

  const breakdown = page.locator("table.price-table");
  await expect(breakdown).toContainText("运费");
  await expect(breakdown).toContainText("上门提货");
  await expect(breakdown).toContainText("单证费");
  await expect(page.getByTestId("price-total")).toContainText("US$");
  await expect(page.getByText("免费取消")).toBeVisible();
  await page.getByRole("button", { name: "锁定舱位" }).click();

  await expect(page).toHaveURL(/\/zh-CN\/bookings\/SG-[\w-]+$/);
  await expect(page.getByTestId("booking-status")).toHaveText("已锁舱");
  await expect(page.getByTestId("hold-countdown")).toContainText("舱位还将保留");
  // The booker is told by e-mail, in their language.
  const heldMail = await waitForMail(MAIL_FOLDER, booker.email, new RegExp(`订舱 ${reference}：舱位保留至`));
  expect(heldMail.text).toContain(`/zh-CN/bookings/${reference}`);

  // Amend before the cut-off: one more 40' HQ, repriced.
  const before = await page.getByTestId("price-total").textContent();
  await page.getByLabel("40英尺高箱 (45G1)").fill("3");
  await page.getByRole("button", { name: "保存修改" }).click();
  await expect(page.getByRole("status")).toContainText("订单已修改");
  await expect(page.getByText("3 × 40英尺高箱")).toBeVisible();
  // The change is a numbered revision, from 2 to 3 high cubes.
  await expect(page.getByTestId("revisions")).toContainText("修订 1：箱量变更");
  await expect(page.getByTestId("revisions")).toContainText("2 × 45G1 → 3 × 45G1");
  await expect(page.getByTestId("price-total")).not.toHaveText(before ?? "");

  await page.getByRole("button", { name: "取消订单" }).click();
  await expect(page.getByTestId("booking-status")).toHaveText("已取消");
  await expect(page.getByRole("status")).toContainText("舱位已释放");
  await waitForMail(MAIL_FOLDER, booker.email, new RegExp(`订舱 ${reference} 已取消`));

  // The company's list finds it by its departure.
  await page.goto("/zh-CN/bookings");
  await page.getByLabel("班次").selectOption(departureId);
  await page.getByRole("button", { name: "查询" }).click();
  await expect(page).toHaveURL(new RegExp(`departure=${departureId}`));
  await expect(page.getByRole("link", { name: reference })).toBeVisible();
}

test("zh-CN: a booker books 2 × 40' HQ Lanzhou → Duisburg with door pick-up, holds, then cancels", async ({
  page,
  server,
  signInAs,
  newExporter,
}) => {
  const booker = await newExporter({ role: "BOOKER", creditStatus: "ON_ACCOUNT" });
  await signInAs(page, booker.email);
  await bookTwoHighCubesToDuisburg(page, server.db, { email: booker.email, javaScript: true });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("zh-CN: the same booking works with plain forms", async ({ page, server, signInAs, newExporter }) => {
    const admin = await newExporter({ role: "ADMIN", creditStatus: "ON_ACCOUNT" });
    await signInAs(page, admin.email);
    await bookTwoHighCubesToDuisburg(page, server.db, { email: admin.email, javaScript: false });
  });
});

test("en: an air charter booking is priced by chargeable weight", async ({ page, server, signInAs, newExporter }) => {
  await signInAs(page, (await newExporter({ role: "BOOKER", creditStatus: "ON_ACCOUNT" })).email);
  const departureId = await openDeparture(server.db, "LHW-ALA-AIR", "KG", 1000);
  await page.goto(`/en/departures/${departureId}`);
  await page.getByRole("button", { name: "Book this departure" }).click();
  await expect(page).toHaveURL(/\/en\/bookings\/SG-[\w-]+\/edit\/equipment$/);
  await waitForHydration(page);
  await page.getByLabel("Row 1: Pieces").fill("3");
  await page.getByLabel("Row 1: Length (cm)").fill("120");
  await page.getByLabel("Row 1: Width (cm)").fill("80");
  await page.getByLabel("Row 1: Height (cm)").fill("100");
  await page.getByLabel("Row 1: Weight per piece (kg)").fill("40");
  await expect(page.getByTestId("live-price")).toContainText("Chargeable weight: 480 kg");
  await page.getByRole("button", { name: "Save and continue" }).click();

  await page.getByLabel("Description of the goods").fill("Fresh garlic bulbs from Gansu, in cartons");
  await page.getByLabel("HS code").fill("070320");
  await page.getByLabel("Gross weight, all containers (kg)").fill("120");
  await page.getByLabel("Number of packages").fill("3");
  await page.getByLabel("Volume (m³)").fill("2.88");
  await page.getByRole("button", { name: "Save and continue" }).click();

  await page.locator("#field-shipperName").fill("Lanzhou Silk Road Import & Export Co., Ltd.");
  await page.locator("#field-shipperAddress").fill("Lanzhou, Gansu");
  await page.locator("#field-consigneeName").fill("Almaty Fresh LLP");
  await page.locator("#field-consigneeAddress").fill("Almaty, Kazakhstan");
  await page.getByRole("button", { name: "Save and continue" }).click();

  await expect(page.getByText("Chargeable weight: 480 kg")).toBeVisible();
  await expect(page.locator("table.price-table")).toContainText("Air freight per kg");
  await page.getByRole("button", { name: "Hold the slots" }).click();
  await expect(page.getByTestId("booking-status")).toHaveText("Held");
});
