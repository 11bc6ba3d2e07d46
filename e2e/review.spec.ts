import fs from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import type { Db } from "../app/utils/db.server";
import { fillCargoLine, fillParty, openDeparture } from "./support/booking";
import { test } from "./support/fixtures";
import { waitForHydration } from "./support/hydration";

// The whole wizard, back through a "Change" link, a refused and an accepted hold: more than 30 s on CI.
test.describe.configure({ timeout: 90_000 });

const LOCALES = ["zh-CN", "en", "ru", "de", "pl", "kk", "uz", "tr", "vi", "ar"] as const;

/** A translation as the page must show it, read from the locale files (nested keys with dots). */
function text(locale: string, ns: string, key: string, values: Record<string, string> = {}): string {
  const file = path.join(import.meta.dirname, "..", "locales", locale, `${ns}.json`);
  let found: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
  for (const part of key.split(".")) found = (found as Record<string, unknown>)[part];
  if (typeof found !== "string") throw new Error(`no ${locale} ${ns}:${key}`);
  return found.replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? "");
}

/**
 * A reefer and a shipper-owned 40' HQ to Duisburg with a dangerous-goods line, a notify party
 * and both door legs, entered through the wizard in `locale`; the page is left on the review step.
 */
async function fillWizard(page: Page, db: Db, locale: string) {
  const t = (key: string) => text(locale, "booking", key);
  const departureId = await openDeparture(db, "LAZ-DUI-AKL", "45R1", 2);
  await page.goto(`/${locale}/departures/${departureId}`);
  await page.getByRole("button", { name: text(locale, "schedules", "departure.book") }).click();
  await expect(page).toHaveURL(/\/edit\/equipment$/);
  await page.locator("#field-qty_45G1").fill("1");
  await page.locator("input[name=soc_45G1]").check();
  await page.locator("#field-qty_45R1").fill("1");
  await page.getByRole("button", { name: t("wizard.next") }).click();

  await expect(page).toHaveURL(/\/edit\/cargo$/);
  await fillCargoLine(page, 0, {
    description: "Frozen lamb cuts with bone, in cartons",
    hsCode: "0204.42",
    grossWeightKg: "8000",
    packages: "400",
    volumeM3: "30",
  });
  await page.locator("button[name=intent][value=addLine]").click();
  await fillCargoLine(page, 1, {
    description: "Lithium-ion batteries for e-bikes, in cartons",
    hsCode: "850760",
    grossWeightKg: "2000",
    packages: "100",
    volumeM3: "10",
  });
  await page.locator("input[name=line_1_dangerous]").check();
  await page.locator("#field-line_1_unNumber").fill("UN3480");
  await page.locator("#field-line_1_dgClass").selectOption("9");
  await page.locator("#field-line_1_packingGroup").selectOption("II");
  await page.locator("#field-reeferTemperatureC").fill("-18");
  await page.getByRole("button", { name: t("wizard.next") }).click();

  await expect(page).toHaveURL(/\/edit\/parties$/);
  await fillParty(page, "shipper", {
    name: "Lanzhou Halal Foods Co., Ltd.",
    addressLines: "8 Donggang Road",
    city: "Lanzhou",
  });
  await fillParty(page, "consignee", {
    name: "Duisburg Foods GmbH",
    addressLines: "Hafenstraße 1",
    city: "Duisburg",
    postcode: "47119",
    countryCode: "DE",
  });
  await fillParty(page, "notify", {
    name: "Rhein Customs Brokers GmbH",
    addressLines: "Zollstraße 4",
    city: "Duisburg",
    countryCode: "DE",
  });
  await page.locator("input[name=doorPickup]").check();
  await fillParty(page, "pickup", { addressLines: "Lanzhou New Area Bonded Zone, Warehouse 3", city: "Lanzhou" });
  await page.locator("input[name=doorDelivery]").check();
  await fillParty(page, "delivery", { addressLines: "Kaiserstraße 20", city: "Düsseldorf", countryCode: "DE" });
  await page.locator("#field-incoterm").selectOption("DAP");
  await page.getByRole("button", { name: t("wizard.next") }).click();
  await expect(page).toHaveURL(/\/edit\/review$/);
}

/** Everything entered is on the page, in the summary the review and the booking page share. */
async function expectSummary(page: Page, locale: string, packages: string) {
  const t = (key: string) => text(locale, "booking", key);
  const summary = page.getByTestId("booking-summary");
  for (const label of ["board.departure", "board.eta", "departure.docCutoff", "board.cargoCutoff"]) {
    await expect(summary.locator("dt", { hasText: text(locale, "schedules", label) })).toHaveCount(1);
  }
  await expect(summary).toContainText(`${text(locale, "common", "equipment.45G1")} (45G1)`);
  await expect(summary).toContainText(t("equipment.shipperOwned"));
  await expect(summary).toContainText(`${text(locale, "common", "equipment.45R1")} (45R1)`);
  await expect(summary).toContainText("Frozen lamb cuts with bone, in cartons");
  await expect(summary).toContainText(new Intl.NumberFormat(locale).format(Number(packages)));
  await expect(summary).toContainText("UN3480 · 9 · II");
  await expect(summary).toContainText(`${t("cargo.reeferTemperatureC")}: ${new Intl.NumberFormat(locale).format(-18)}`);
  for (const name of ["Lanzhou Halal Foods Co., Ltd.", "Duisburg Foods GmbH", "Rhein Customs Brokers GmbH"]) {
    await expect(summary).toContainText(name);
  }
  await expect(summary.locator("address strong", { hasText: t("summary.notifyParty") })).toHaveCount(1);
  await expect(summary).toContainText("Lanzhou New Area Bonded Zone, Warehouse 3");
  await expect(summary).toContainText("Kaiserstraße 20");
  await expect(summary).toContainText(`DAP — ${t("parties.incoterms.DAP")}`);
}

for (const { locale, javaScript } of [
  { locale: "zh-CN", javaScript: true },
  { locale: "ar", javaScript: false },
]) {
  test.describe(`${locale}${javaScript ? "" : " without JavaScript"}`, () => {
    test.use({ javaScriptEnabled: javaScript });

    test("the review repeats everything with a link to change each part, states cancellation in money, and holds only with the carriage terms accepted", async ({
      page,
      server,
      signInAs,
      newExporter,
    }) => {
      const t = (key: string, values?: Record<string, string>) => text(locale, "booking", key, values);
      await signInAs(page, (await newExporter({ role: "BOOKER", creditStatus: "PREPAY" })).email);
      await fillWizard(page, server.db, locale);
      const reference = /SG-\w{4}-\w{4}/.exec(page.url())![0];
      await expectSummary(page, locale, "400");

      // Each part has its "Change" link, named for what it changes, to its step.
      const change = (step: string, title: string) =>
        page.getByRole("link", { name: `${t("summary.change")} ${t(title)}`, exact: true });
      for (const [step, title] of [
        ["equipment", "equipment.containers"],
        ["cargo", "wizard.step.cargo"],
        ["parties", "wizard.step.parties"],
      ] as const) {
        await expect(change(step, title)).toHaveAttribute("href", `/${locale}/bookings/${reference}/edit/${step}`);
      }
      // What cancelling will cost once paid, by date and in money: after the cut-off, the whole price.
      const total = (await page.getByTestId("price-total").textContent())!.trim();
      const policy = page.getByTestId("review-cancellation");
      await expect(policy.locator("li")).toHaveCount(3);
      await expect(policy.locator("li").last()).toContainText(total);

      // Back to the cargo through its link: what was saved is there; a change comes back to the review.
      await change("cargo", "wizard.step.cargo").click();
      await expect(page).toHaveURL(/\/edit\/cargo$/);
      await expect(page.locator("#field-line_0_packages")).toHaveValue("400");
      await page.locator("#field-line_0_packages").fill("420");
      await page.getByRole("button", { name: t("wizard.next") }).click();
      await expect(page).toHaveURL(/\/edit\/parties$/);
      await expect(page.locator("#field-notify_name")).toHaveValue("Rhein Customs Brokers GmbH");
      await page.getByRole("button", { name: t("wizard.next") }).click();
      await expect(page).toHaveURL(/\/edit\/review$/);
      await expectSummary(page, locale, "420");

      // Holding without the carriage terms accepted: refused at the checkbox, in the page's language.
      if (javaScript) await waitForHydration(page);
      const accept = page.getByLabel(t("summary.acceptTerms", { version: "2026-11" }));
      await expect(accept).not.toBeChecked();
      await page.getByRole("button", { name: t("review.hold") }).click();
      await expect(page.locator("#field-acceptCarriageTerms-error")).toHaveText(t("errors.carriageTermsNotAccepted"));
      await expect(accept).toHaveAttribute("aria-invalid", "true");
      await expect(page).toHaveURL(/\/edit\/review$/);
      expect((await server.db.booking.findUniqueOrThrow({ where: { reference } })).status).toBe("DRAFT");
      // The terms it asks for are a link away.
      await expect(page.getByRole("link", { name: t("summary.readTerms", { version: "2026-11" }) })).toHaveAttribute(
        "href",
        `/${locale}/terms`,
      );

      await accept.check();
      await page.getByRole("button", { name: t("review.hold") }).click();
      await expect(page).toHaveURL(new RegExp(`/${locale}/bookings/${reference}$`));
      await expect(page.getByTestId("booking-status")).toHaveText(t("status.HELD"));
      // The booking page shows the same summary, without change links, and the terms accepted.
      await expectSummary(page, locale, "420");
      await expect(page.getByRole("link", { name: new RegExp(`^${t("summary.change")} `) })).toHaveCount(0);
      const accepted = page.getByTestId("accepted-terms");
      await expect(accepted).toContainText(t("summary.termsAccepted", { version: "2026-11", at: "" }).trim());
      const booking = await server.db.booking.findUniqueOrThrow({ where: { reference } });
      expect(booking.carriageTermsVersion).toBe("2026-11");
      await accepted.getByRole("link").click();
      await expect(page).toHaveURL(new RegExp(`/${locale}/terms$`));
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(text(locale, "terms", "title"));
    });
  });
}

test("the carriage terms page shows the version in force and its clauses in every language", async ({ page }) => {
  for (const locale of LOCALES) {
    await page.goto(`/${locale}/terms`);
    await expect(page.locator("html")).toHaveAttribute("lang", locale);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(text(locale, "terms", "title"));
    await expect(page.getByTestId("terms-version")).toContainText("2026-11");
    await expect(page.locator(".terms-clauses > li")).toHaveCount(10);
    await expect(
      page.getByRole("heading", { level: 2, name: text(locale, "terms", "clauses.law.title") }),
    ).toBeVisible();
    await expect(page.locator(".terms-clauses")).toContainText("CIETAC");
  }
});
