import Database from "better-sqlite3";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { E2E_WORKDIR } from "./environment";

/** A departure of `service` still open for booking with at least `slots` free of `equipment`. */
export function openDeparture(service: string, equipment: string, slots: number): string {
  const db = new Database(path.join(E2E_WORKDIR, "e2e.db"), { readonly: true });
  try {
    const soon = new Date(Date.now() + 3 * 3_600_000).toISOString().replace("Z", "+00:00");
    const row = db
      .prepare(
        `SELECT d.id FROM "Departure" d JOIN "Service" s ON s.id = d."serviceId" JOIN "DepartureCapacity" c ON c."departureId" = d.id
         WHERE s.code = ? AND c."equipmentCode" = ? AND c.available >= ? AND d."cargoCutoffAt" > ? AND d.status = 'OPEN'
         ORDER BY d."departureAt" LIMIT 1`,
      )
      .get(service, equipment, slots, soon) as { id: string } | undefined;
    if (!row) throw new Error(`No open ${service} departure with ${slots} × ${equipment}`);
    return row.id;
  } finally {
    db.close();
  }
}

export async function signIn(page: Page, lang: string, email: string, landing = "account") {
  await page.goto(`/${lang}/login`);
  await page.locator("#field-email").fill(email);
  await page.locator("#field-password").fill("Silu-demo-2026");
  await page.locator("form.stacked-form button[type=submit]").click();
  await expect(page).toHaveURL(new RegExp(`/${lang}/${landing}$`));
}

/** A held booking of `quantity` × 40' HQ Lanzhou → Duisburg, made through the zh-CN wizard; returns its reference. */
export async function holdHighCubesZh(page: Page, quantity: number): Promise<string> {
  const departureId = openDeparture("LAZ-DUI-AKL", "45G1", quantity + 1);
  await page.goto(`/zh-CN/departures/${departureId}`);
  await page.getByRole("button", { name: "预订此班次" }).click();
  await expect(page).toHaveURL(/\/edit\/equipment$/);
  await page.getByLabel("40英尺高箱 (45G1)").fill(String(quantity));
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
  await page.getByRole("button", { name: "锁定舱位" }).click();
  await expect(page.getByTestId("booking-status")).toHaveText("已锁舱");
  return /SG-\w{4}-\w{4}/.exec(page.url())![0];
}

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
