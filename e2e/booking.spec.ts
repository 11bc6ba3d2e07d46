import type { Page } from "@playwright/test";
import type { Db } from "../app/utils/db.server";
import { ACCEPT_TERMS_ZH, CONSIGNEE_DUISBURG, fillCargoLine, fillParty, openDeparture } from "./support/booking";
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
  await page.getByLabel("40英尺高柜 (40HQ) (45G1)").fill("2");
  if (booker.javaScript) {
    // The price follows the form before anything is saved.
    await expect(livePrice.getByTestId("price-total")).toContainText("US$");
    const forTwo = await livePrice.getByTestId("price-total").textContent();
    await page.getByLabel("40英尺高柜 (40HQ) (45G1)").fill("1");
    await expect(livePrice.getByTestId("price-total")).not.toHaveText(forTwo ?? "");
    await page.getByLabel("40英尺高柜 (40HQ) (45G1)").fill("2");
    await expect(livePrice.getByTestId("price-total")).toHaveText(forTwo ?? "");
  }
  await page.getByRole("button", { name: "保存并继续" }).click();
  await expect(page).toHaveURL(/\/edit\/cargo$/);

  // A vague description is refused at its field, the rest is kept.
  await fillCargoLine(page, 0, {
    description: "普货",
    hsCode: "0813.40",
    grossWeightKg: "20000",
    packages: "1600",
    volumeM3: "80",
  });
  // A second kind of goods on its own line (its own HS code and packages).
  await page.getByRole("button", { name: "再加一行货物" }).click();
  // High cubes are not reefers: no set point is asked for.
  await expect(page.locator("#field-reeferTemperatureC")).toHaveCount(0);
  const dgDetails = page.locator("#field-line_1_unNumber");
  if (booker.javaScript) {
    // UN number, class and packing group appear when the line is marked as dangerous goods.
    await waitForHydration(page);
    await expect(dgDetails).toBeHidden();
    await page.getByLabel("本行货物为危险品").nth(1).check();
    await expect(dgDetails).toBeVisible();
    await page.getByLabel("本行货物为危险品").nth(1).uncheck();
    await expect(dgDetails).toBeHidden();
  } else {
    // Without JavaScript they are all there, under "only for dangerous goods".
    await expect(dgDetails).toBeVisible();
    await expect(page.getByText("仅危险品填写").nth(1)).toBeVisible();
  }
  await fillCargoLine(page, 1, {
    description: "杏干，袋装",
    hsCode: "081310",
    // Too heavy for two high cubes together: the error gives their limit.
    grossWeightKg: "40000",
    packages: "800",
    volumeM3: "40",
  });
  await page.locator("#field-line_1_packageType").selectOption("BAGS");
  await page.getByRole("button", { name: "保存并继续" }).click();
  await expect(page.locator("#field-line_0_description-error")).toContainText("笼统描述");
  await expect(page.locator("#field-line_0_hsCode")).toHaveValue("0813.40");
  await expect(page.locator("#field-line_1_description")).toHaveValue("杏干，袋装");
  await expect(page.locator("#field-line_1_grossWeightKg-error")).toContainText("最大载重 53,000 千克");
  await expect(page.locator("#field-line_1_grossWeightKg-error")).toContainText("共重 60,000 千克");
  await page.locator("#field-line_1_grossWeightKg").fill("10000");
  await page.locator("#field-line_0_description").fill("枸杞干，纸箱包装");
  await page.getByRole("button", { name: "保存并继续" }).click();
  await expect(page).toHaveURL(/\/edit\/parties$/);

  // Rail all the way: the sea-only Incoterms are not offered.
  await expect(page.locator("#field-incoterm option[value=FOB]")).toHaveCount(0);
  await expect(page.locator("#field-incoterm option[value=FCA]")).toHaveCount(1);
  await fillParty(page, "shipper", {
    name: "兰州丝路进出口有限公司",
    addressLines: "城关区东岗西路 1 号",
    city: "兰州",
    postcode: "730000",
    taxId: "91620100MA72X4K3QK",
  });
  await fillParty(page, "consignee", { ...CONSIGNEE_DUISBURG, phone: "0203 123456" });
  await page.getByLabel("上门提货（公路运至始发站）").check();
  await fillParty(page, "pickup", { addressLines: "兰州新区综合保税区 3 号库", city: "兰州" });
  await page.getByRole("button", { name: "保存并继续" }).click();
  // A telephone number without its country code is refused at its field; the rest is kept.
  await expect(page.locator("#field-consignee_phone-error")).toContainText("+86");
  await expect(page.locator("#field-consignee_countryCode")).toHaveValue("DE");
  await page.locator("#field-consignee_phone").fill("+49 203 123456");
  await page.getByRole("button", { name: "保存并继续" }).click();
  await expect(page).toHaveURL(/\/edit\/review$/);
  // The step bar marks the three saved steps done.
  await expect(page.locator(".wizard-steps li.done")).toHaveCount(3);

  const breakdown = page.locator("table.price-table");
  await expect(breakdown).toContainText("运费");
  await expect(breakdown).toContainText("上门提货");
  await expect(breakdown).toContainText("单证费");
  await expect(page.getByTestId("price-total")).toContainText("US$");
  await expect(page.getByText("免费取消")).toBeVisible();
  await page.getByLabel(ACCEPT_TERMS_ZH).check();
  if (booker.javaScript) {
    // A second click on "hold" while the first is on its way sends nothing: the form is busy.
    await waitForHydration(page);
    const holds: string[] = [];
    await page.route("**/edit/review*", async (route) => {
      if (route.request().method() === "POST") {
        holds.push(route.request().url());
        await new Promise((resolve) => setTimeout(resolve, 1_500));
      }
      await route.continue();
    });
    const hold = page.getByRole("button", { name: "锁定舱位" });
    await hold.click();
    await expect(hold).toHaveAttribute("aria-busy", "true");
    await hold.click();
    await expect(page).toHaveURL(/\/zh-CN\/bookings\/SG-[\w-]+$/);
    expect(holds).toHaveLength(1);
    await page.unroute("**/edit/review*");
  } else {
    await page.getByRole("button", { name: "锁定舱位" }).click();
  }

  await expect(page).toHaveURL(/\/zh-CN\/bookings\/SG-[\w-]+$/);
  await expect(page.getByTestId("booking-status")).toHaveText("已锁舱");
  // The status is not told by its text alone: a shape and a colour of its own.
  const heldBadge = page.locator(".booking-status", { has: page.getByTestId("booking-status") });
  await expect(heldBadge.locator("svg")).toHaveCount(1);
  await expect(heldBadge).toHaveClass(/tone-wait/);
  await expect(page.getByTestId("hold-countdown")).toContainText("舱位还将保留");
  // Both cut-offs are stated: new bookings close at the documents cut-off.
  await expect(page.getByText("截单时间（当地）")).toBeVisible();
  // The consignment as entered: two cargo lines with their total, the parties with their countries.
  const consignment = page.getByRole("region", { name: "货物与相关方" });
  await expect(consignment).toContainText("杏干，袋装");
  await expect(consignment).toContainText("30,000");
  await expect(consignment).toContainText("德国");
  await expect(consignment).toContainText("91620100MA72X4K3QK");
  // The booker is told by e-mail, in their language.
  const heldMail = await waitForMail(MAIL_FOLDER, booker.email, new RegExp(`订舱 ${reference}：舱位保留至`));
  expect(heldMail.text).toContain(`/zh-CN/bookings/${reference}`);

  // Amend before the cut-off: one more 40' HQ, repriced.
  const before = await page.getByTestId("price-total").textContent();
  await page.getByLabel("40英尺高柜 (40HQ) (45G1)").fill("3");
  await page.getByRole("button", { name: "保存修改" }).click();
  await expect(page.getByRole("status")).toContainText("订单已修改");
  await expect(page.getByText("3 × 40英尺高柜 (40HQ)")).toBeVisible();
  // The change is a numbered revision, from 2 to 3 high cubes.
  await expect(page.getByTestId("revisions")).toContainText("修订 1：箱量变更");
  await expect(page.getByTestId("revisions")).toContainText("2 × 45G1 → 3 × 45G1");
  await expect(page.getByTestId("price-total")).not.toHaveText(before ?? "");

  // The consignee moved: the parties are corrected until the documents cut-off, as revision 2.
  await page.getByRole("link", { name: "更正相关方" }).click();
  await expect(page.locator("#field-consignee_city")).toHaveValue("Duisburg");
  await page.locator("#field-consignee_addressLines").fill("Ruhrorter Straße 9");
  await page.getByRole("button", { name: "保存更正" }).click();
  await expect(page.getByRole("status")).toContainText("相关方已更正");
  await expect(page.getByTestId("revisions")).toContainText("修订 2：相关方更正");
  await expect(page.getByTestId("revisions")).toContainText("Hafenstraße 1");
  await expect(page.getByRole("region", { name: "货物与相关方" })).toContainText("Ruhrorter Straße 9");

  // Cancelling asks first, in money: a hold costs nothing and nothing was paid.
  await page.getByRole("link", { name: "查看取消费用并确认" }).click();
  await expect(page.getByTestId("cancellation-terms")).toContainText("免费");
  await page.getByRole("button", { name: "确认取消订舱" }).click();
  await expect(page.getByTestId("booking-status")).toHaveText("已取消");
  await expect(page.getByRole("status")).toContainText("舱位已释放");
  await expect(page.getByTestId("cancelled-terms")).toContainText("已免费取消");
  await waitForMail(MAIL_FOLDER, booker.email, new RegExp(`订舱 ${reference} 已取消`));

  // The company's list finds it by its departure.
  await page.goto("/zh-CN/bookings");
  await page.getByLabel("班次").selectOption(departureId);
  await page.getByRole("button", { name: "查询" }).click();
  await expect(page).toHaveURL(new RegExp(`departure=${departureId}`));
  await expect(page.getByRole("link", { name: reference })).toBeVisible();
  const listed = page.getByRole("row", { name: new RegExp(reference) }).locator(".booking-status");
  await expect(listed).toHaveAttribute("data-status", "CANCELLED");
  await expect(listed.locator("svg")).toHaveCount(1);
  // A filter that finds nothing says so (not "no bookings yet").
  await page.goto("/zh-CN/bookings?reference=SG-0000-0000");
  await expect(page.getByText("没有符合筛选条件的订舱。")).toBeVisible();
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

  // No box, so no reefer set point to give.
  await expect(page.locator("#field-reeferTemperatureC")).toHaveCount(0);
  await fillCargoLine(page, 0, {
    description: "Fresh garlic bulbs from Gansu, in cartons",
    hsCode: "070320",
    grossWeightKg: "120",
    packages: "3",
    volumeM3: "2.88",
  });
  await page.getByRole("button", { name: "Save and continue" }).click();

  await fillParty(page, "shipper", {
    name: "Lanzhou Silk Road Import & Export Co., Ltd.",
    addressLines: "1 Donggang West Road",
    city: "Lanzhou",
  });
  await fillParty(page, "consignee", {
    name: "Almaty Fresh LLP",
    addressLines: "12 Raiymbek Avenue",
    city: "Almaty",
    countryCode: "KZ",
  });
  await page.getByRole("button", { name: "Save and continue" }).click();

  await expect(page.getByText("Chargeable weight: 480 kg")).toBeVisible();
  await expect(page.locator("table.price-table")).toContainText("Air freight per kg");
  await page.getByLabel("I accept the carriage terms (version 2026-11)").check();
  await page.getByRole("button", { name: "Hold the slots" }).click();
  await expect(page.getByTestId("booking-status")).toHaveText("Held");
});
