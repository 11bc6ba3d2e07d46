import { seriousAxeViolations } from "./support/axe";
import { expect, test } from "./support/fixtures";

/** "€1,234.56 (CNY 9,650.00) per container" → 1234.56 */
function leadingAmount(text: string): number {
  const match = /[\d.,]+/.exec(text.replace(/\s/g, ""));
  return Number(match![0].replace(/,/g, ""));
}

const seriousViolations = seriousAxeViolations;

test.describe("board order and currency", () => {
  test("en: sort by price in euros, the tariff in brackets", async ({ page }) => {
    await page.goto("/en/schedules?mode=RAIL");
    await page.getByLabel("Sort by").selectOption({ label: "Price (lowest first)" });
    await page.getByLabel("Show prices in").selectOption("EUR");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/sort=price/);
    await expect(page).toHaveURL(/currency=EUR/);
    await expect(page.getByText("You book and pay the tariff shown in brackets.")).toBeVisible();
    const prices = await page.getByTestId("price-from").allTextContents();
    expect(prices.length).toBeGreaterThan(1);
    for (const price of prices) expect(price).toMatch(/^€[\d,]+\.\d\d/);
    // Converted from another tariff currency: the tariff follows in brackets, by its code.
    expect(prices.some((price) => /^€[\d,]+\.\d\d \((CNY|USD)\s[\d,]+\.\d\d\)/.test(price))).toBe(true);
    const amounts = prices.map(leadingAmount);
    expect(amounts).toEqual([...amounts].sort((a, b) => a - b));
    await expect(page.getByLabel("Sort by")).toHaveValue("price");
    await expect(page.getByLabel("Show prices in")).toHaveValue("EUR");
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("de: the from price follows the equipment filter", async ({ page }) => {
    await page.goto("/de/schedules?corridor=CHINA_EUROPE&equipment=45R1&sort=price");
    const first = page.getByTestId("departure-row").first();
    await first.getByRole("link").first().click();
    await expect(page).toHaveURL(/\/de\/departures\//);
    const reefer = page.getByRole("row").filter({ hasText: /Kühlcontainer|45R1|Reefer/ });
    const tariff = await reefer.first().textContent();
    await page.goBack();
    const from = await page.getByTestId("price-from").first().textContent();
    // The same amount as the reefer's own tariff on the departure page.
    expect(tariff).toContain(
      from!
        .replace(/\s*pro Container.*$/, "")
        .replace(/^ab\s*/, "")
        .trim(),
    );
  });

  test("show closed departures: after the open ones, dimmed", async ({ page, server }) => {
    const departures = await server.db.departure.findMany({
      where: { service: { originCode: "CN-WUW" }, departureAt: { gt: new Date() } },
      orderBy: { departureAt: "desc" },
      include: { capacities: true },
      take: 1,
    });
    const full = departures[0]!;
    for (const capacity of full.capacities) {
      await server.db.departureCapacity.update({
        where: { id: capacity.id },
        data: { available: 0, booked: capacity.total - capacity.held },
      });
    }
    await page.goto("/en/schedules?origin=CN-WUW");
    const rows = page.getByTestId("departure-row");
    await expect(rows.first()).toBeVisible();
    await expect(page.locator('[data-testid="departure-row"][data-open="false"]')).toHaveCount(0);
    const openCount = await rows.count();

    await page.getByLabel("Also show departures closed for booking").check();
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/closed=1/);
    await expect(page.locator('[data-testid="departure-row"][data-open="false"]').first()).toBeVisible();
    const states = await rows.evaluateAll((cards) => cards.map((card) => card.getAttribute("data-open")));
    expect(states.slice(0, openCount).every((state) => state === "true")).toBe(true);
    expect(states.slice(openCount).every((state) => state === "false")).toBe(true);
    const last = rows.last();
    await expect(last).toHaveClass(/closed/);
    await expect(last).toContainText("Sold out");
    await expect(last).toHaveCSS("border-top-style", "dashed");
    await expect(page.getByLabel("Also show departures closed for booking")).toBeChecked();
    expect(await seriousViolations(page)).toEqual([]);
  });
});

test.describe("the board on a 390 px phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  for (const [locale, filter, count] of [
    ["zh-CN", "筛选", /\d+.*班/],
    ["de", "Filter", /Abfahrten/],
    ["ar", "تصفية", /رحل/],
  ] as const) {
    test(`${locale}: filters fold behind a button, the count shows on the first screen, nothing overflows`, async ({
      page,
    }) => {
      await page.goto(`/${locale}/schedules`);
      const toggle = page.locator(".filter-panel > summary");
      await expect(toggle).toHaveText(filter);
      await expect(toggle).toBeVisible();
      await expect(page.locator("#filter-origin")).toBeHidden();
      const heading = page.locator("#results-heading");
      await expect(heading).toHaveText(count);
      await expect(heading).toBeInViewport();
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

      await toggle.click();
      await expect(page.locator("#filter-origin")).toBeVisible();
      await page.locator("#filter-sort").selectOption("transit");
      await page.locator("#filter-currency").selectOption("USD");
      await page.locator("form.filters button[type=submit]").click();
      await expect(page).toHaveURL(/sort=transit/);
      await expect(page.getByTestId("departure-row").first()).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
    });
  }

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });

    test("the Filter button opens the form and the search runs", async ({ page }) => {
      await page.goto("/en/schedules");
      await page.getByText("Filter", { exact: true }).click();
      await page.getByLabel("Sort by").selectOption("price");
      await page.getByLabel("Also show departures closed for booking").check();
      await page.getByRole("button", { name: "Search" }).click();
      await expect(page).toHaveURL(/sort=price.*closed=1|closed=1.*sort=price/);
      await expect(page.locator("#results-heading")).toBeInViewport();
    });
  });
});

test.describe("staff keep the exchange rates", () => {
  test("a supervisor adds a dated rate; a bad one is refused at its field", async ({ page, signInAs }) => {
    await signInAs(page, "staff.lanzhou@silu-gateway.example");
    await page.goto("/en/staff");
    await page.getByRole("link", { name: "Exchange rates" }).click();
    await expect(page).toHaveURL(/\/en\/staff\/rates$/);
    await expect(page.getByTestId("rates")).toContainText("1 EUR = 7.82 CNY");

    await page.getByLabel("Rate", { exact: true }).fill("7,5x");
    await page.getByRole("button", { name: "Add rate" }).click();
    await expect(page.locator("#field-rate-error")).toHaveText(
      "Enter the rate as a number with at most 6 decimals, e.g. 7.8125.",
    );
    await expect(page.getByLabel("Rate", { exact: true })).toHaveValue("7,5x");
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel("One unit of").selectOption("EUR");
    await page.getByLabel("is worth (currency)").selectOption("CNY");
    await page.getByLabel("Rate", { exact: true }).fill("8");
    await page.getByRole("button", { name: "Add rate" }).click();
    await expect(page.getByRole("status")).toHaveText("The rate was added. The board uses it from its date.");
    const rows = page.getByTestId("rates").locator("tbody tr");
    await expect(rows.first()).toContainText("1 EUR = 8 CNY");
    await expect(rows.first()).toContainText("In force");
    await expect(rows.filter({ hasText: "1 EUR = 7.82 CNY" })).toContainText("Replaced");

    // The board converts with the new rate at once: CNY 8.00 per euro.
    await page.goto("/en/schedules?currency=EUR&sort=price");
    const converted = (await page.getByTestId("price-from").allTextContents()).find((text) => /\(CNY\s/.test(text))!;
    const [euros, yuan] = [leadingAmount(converted), leadingAmount(converted.split("(CNY")[1]!)];
    expect(Math.abs(euros * 8 - yuan)).toBeLessThan(0.05);
  });
});
