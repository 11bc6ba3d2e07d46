import { expect, type Page } from "@playwright/test";
import type { Db } from "../../app/utils/db.server";

/** A departure of `service` still open for booking with at least `slots` free of `equipment`, in the worker's database. */
export async function openDeparture(db: Db, service: string, equipment: string, slots: number): Promise<string> {
  const departure = await db.departure.findFirst({
    where: {
      status: "OPEN",
      cargoCutoffAt: { gt: new Date(Date.now() + 3 * 3_600_000) },
      service: { code: service },
      capacities: { some: { equipmentCode: equipment, available: { gte: slots } } },
    },
    orderBy: { departureAt: "asc" },
    select: { id: true },
  });
  if (!departure) throw new Error(`No open ${service} departure with ${slots} × ${equipment}`);
  return departure.id;
}

/** A held booking of `quantity` × 40' HQ Lanzhou → Duisburg, made through the zh-CN wizard; returns its reference. */
export async function holdHighCubesZh(page: Page, db: Db, quantity: number): Promise<string> {
  const departureId = await openDeparture(db, "LAZ-DUI-AKL", "45G1", quantity + 1);
  await page.goto(`/zh-CN/departures/${departureId}`);
  await page.getByRole("button", { name: "预订此班次" }).click();
  await expect(page).toHaveURL(/\/edit\/equipment$/);
  await page.getByLabel("40英尺高箱 (45G1)").fill(String(quantity));
  await page.getByRole("button", { name: "保存并继续" }).click();
  await page.getByLabel("货物描述").fill("枸杞干，纸箱包装");
  await page.getByLabel("HS 编码").fill("0813.40");
  await page.getByLabel("毛重，全部集装箱（千克）").fill(String(15_000 * quantity));
  await page.getByLabel("件数").fill("1200");
  await page.getByLabel("体积（立方米）").fill("60");
  await page.getByRole("button", { name: "保存并继续" }).click();
  await page.locator("#field-shipperName").fill("武威凉州农产品贸易有限公司");
  await page.locator("#field-shipperAddress").fill("甘肃省武威市凉州区东大街 8 号");
  await page.locator("#field-consigneeName").fill("Duisburg Foods GmbH");
  await page.locator("#field-consigneeAddress").fill("Hafenstraße 1, 47119 Duisburg");
  await page.getByRole("button", { name: "保存并继续" }).click();
  await page.getByRole("button", { name: "锁定舱位" }).click();
  await expect(page.getByTestId("booking-status")).toHaveText("已锁舱");
  return /SG-\w{4}-\w{4}/.exec(page.url())![0];
}
