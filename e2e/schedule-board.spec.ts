import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";

async function rows(page: Page) {
  return page.getByTestId("departure-row");
}

/** The calendar day `days` after today as YYYY-MM-DD, in UTC as the board's date filters count. */
function dayFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

test.describe("public schedule board", () => {
  test("zh-CN: filters by origin and date with shareable URL", async ({ page }) => {
    // A hydration mismatch (server and browser rendering different text) shows up as a console error.
    const errors: string[] = [];
    page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto("/zh-CN/schedules");
    await page.waitForLoadState("networkidle");
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("班列与包机班期");
    await expect(await rows(page)).not.toHaveCount(0);

    await page.getByLabel("始发地").selectOption({ label: "兰州中川国际机场" });
    await page.getByRole("button", { name: "查询" }).click();
    await expect(page).toHaveURL(/origin=CNLHW/);
    const list = await rows(page);
    await expect(list.first()).toContainText("兰州中川");
    // Every row (once the new results replaced the old ones) leaves from Zhongchuan.
    await expect(list.filter({ hasNotText: "兰州中川国际机场" })).toHaveCount(0);
    await expect(list.first()).toContainText("千克");
    expect(errors).toEqual([]);
  });

  test("de: China-Europe with free 40' HQ, then open a departure with its route map", async ({ page }) => {
    await page.goto("/de/schedules");
    await page.getByLabel("Korridor").selectOption("CHINA_EUROPE");
    await page.getByLabel("Freie Kapazität für").selectOption("45G1");
    await page.getByRole("button", { name: "Suchen" }).click();
    await expect(page).toHaveURL(/corridor=CHINA_EUROPE/);
    await expect(page).toHaveURL(/equipment=45G1/);
    const list = await rows(page);
    await expect(list.first()).toBeVisible();
    await expect(list.filter({ hasNotText: /China.Europa/ })).toHaveCount(0);

    await list.first().getByRole("link").first().click();
    await expect(page).toHaveURL(/\/de\/departures\//);
    await expect(page.getByRole("heading", { level: 2, name: "Route" })).toBeVisible();
    const map = page.getByTestId("route-map");
    await expect(map).toBeVisible();
    expect(await map.locator("path.leg").count()).toBeGreaterThanOrEqual(2);
    await expect(page.getByText(/Spurwechsel 1435 → 1520/)).toBeVisible();
  });

  test("ar: right-to-left board, filtered by destination", async ({ page }) => {
    await page.goto("/ar/schedules");
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.locator("html")).toHaveAttribute("lang", "ar");
    await page.locator("#filter-destination").selectOption("KZALA");
    await page.locator("form.filters button[type=submit]").click();
    await expect(page).toHaveURL(/destination=KZALA/);
    const list = await rows(page);
    await expect(list.first()).toBeVisible();
    await expect(list.filter({ hasNotText: "ألماتي" })).toHaveCount(0);
  });

  test("shows a localized error at a bad date and keeps the other filters", async ({ page }) => {
    // Dates near today, inside the board's window whenever the test runs: an end before the start.
    const from = dayFromToday(20);
    await page.goto(`/en/schedules?origin=CNLAZ&from=${from}&to=${dayFromToday(1)}`);
    await expect(page.locator("#filter-to-error")).toHaveText("This date must not be before the start date.");
    await expect(page.locator("#filter-to")).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#filter-origin")).toHaveValue("CNLAZ");
    await expect(page.locator("#filter-from")).toHaveValue(from);
  });

  test("the language switcher keeps the page and its query", async ({ page }) => {
    await page.goto("/en/schedules?origin=CNTSU");
    await page.locator(".language-switcher summary").click();
    await page.getByRole("link", { name: "Русский" }).click();
    await expect(page).toHaveURL(/\/ru\/schedules\?origin=CNTSU$/);
    await expect(page.locator("html")).toHaveAttribute("lang", "ru");
    await expect(page.locator("#filter-origin")).toHaveValue("CNTSU");
  });

  test("/ follows the saved language, then Accept-Language, then zh-CN", async ({ browser }) => {
    const german = await browser.newContext({
      locale: "de-DE",
      extraHTTPHeaders: { "Accept-Language": "de-DE,de;q=0.9" },
    });
    const page = await german.newPage();
    await page.goto("/");
    await expect(page).toHaveURL(/\/de\/schedules$/);
    await page.goto("/kk/schedules");
    await page.goto("/");
    await expect(page).toHaveURL(/\/kk\/schedules$/);
    await german.close();

    const unknown = await browser.newContext({ locale: "fr-FR" });
    const other = await unknown.newPage();
    await other.goto("/");
    await expect(other).toHaveURL(/\/zh-CN\/schedules$/);
    await unknown.close();
  });

  test("an unknown language or departure is a 404", async ({ page }) => {
    expect((await page.goto("/fr/schedules"))?.status()).toBe(404);
    expect((await page.goto("/en/departures/does-not-exist"))?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the same filter journey works with plain GET forms and links", async ({ page }) => {
    await page.goto("/zh-CN/schedules");
    await expect(page.locator("script[type=module]")).not.toHaveCount(0);
    await page.getByLabel("始发地").selectOption({ label: "兰州中川国际机场" });
    await page.getByRole("button", { name: "查询" }).click();
    await expect(page).toHaveURL(/origin=CNLHW/);
    const list = await rows(page);
    // Every row (once the new results replaced the old ones) leaves from Zhongchuan.
    await expect(list.filter({ hasNotText: "兰州中川国际机场" })).toHaveCount(0);
    await list.first().getByRole("link").first().click();
    await expect(page.getByTestId("route-map")).toBeVisible();
  });
});
