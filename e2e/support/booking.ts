import { expect, type Page } from "@playwright/test";
import type { Db } from "../../app/utils/db.server";

/** A departure of `service` still open for booking with at least `slots` free of `equipment`, in the worker's database. */
export async function openDeparture(db: Db, service: string, equipment: string, slots: number): Promise<string> {
  const departure = await db.departure.findFirst({
    where: {
      status: "OPEN",
      // A week ahead at least: far enough for a bank transfer (two business days) whatever the weekday.
      cargoCutoffAt: { gt: new Date(Date.now() + 7 * 86_400_000) },
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
  await reviewHighCubesZh(page, db, quantity);
  await page.getByLabel(ACCEPT_TERMS_ZH).check();
  await page.getByRole("button", { name: "锁定舱位" }).click();
  await expect(page.getByTestId("booking-status")).toHaveText("已锁舱");
  return /SG-\w{4}-\w{4}/.exec(page.url())![0];
}

/** A draft of `quantity` × 40' HQ Lanzhou → Duisburg filled in through the zh-CN wizard, left on its review step. */
export async function reviewHighCubesZh(page: Page, db: Db, quantity: number): Promise<string> {
  const departureId = await openDeparture(db, "LAZ-DUI-AKL", "45G1", quantity + 1);
  await page.goto(`/zh-CN/departures/${departureId}`);
  await page.getByRole("button", { name: "预订此班次" }).click();
  await expect(page).toHaveURL(/\/edit\/equipment$/);
  await page.getByLabel("40英尺高柜 (40HQ) (45G1)").fill(String(quantity));
  await page.getByRole("button", { name: "保存并继续" }).click();
  await fillCargoLine(page, 0, {
    description: "枸杞干，纸箱包装",
    hsCode: "0813.40",
    grossWeightKg: String(15_000 * quantity),
    packages: "1200",
    volumeM3: "60",
  });
  await page.getByRole("button", { name: "保存并继续" }).click();
  await fillParty(page, "shipper", {
    name: "武威凉州农产品贸易有限公司",
    addressLines: "凉州区东大街 8 号",
    city: "武威",
  });
  await fillParty(page, "consignee", CONSIGNEE_DUISBURG);
  await page.getByRole("button", { name: "保存并继续" }).click();
  await expect(page).toHaveURL(/\/edit\/review$/);
  return /SG-\w{4}-\w{4}/.exec(page.url())![0];
}

/** The review step's checkbox accepting the carriage terms in force (no hold without it). */
export const ACCEPT_TERMS_ZH = "我接受运输条款（版本 2026-11）";

/** Fills one row of the cargo step (line_<row>_<field>). */
export async function fillCargoLine(page: Page, row: number, line: Record<string, string>) {
  for (const [field, value] of Object.entries(line)) await page.locator(`#field-line_${row}_${field}`).fill(value);
}

/** Fills a party's fields on the parties step; `countryCode` is chosen from the list. */
export async function fillParty(page: Page, role: string, party: Record<string, string>) {
  for (const [field, value] of Object.entries(party)) {
    const input = page.locator(`#field-${role}_${field}`);
    if (field === "countryCode") await input.selectOption(value);
    else await input.fill(value);
  }
}

export const CONSIGNEE_DUISBURG = {
  name: "Duisburg Foods GmbH",
  addressLines: "Hafenstraße 1",
  city: "Duisburg",
  postcode: "47119",
  countryCode: "DE",
};
