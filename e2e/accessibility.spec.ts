import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";

/** The board, then the first departure on it: no serious or critical axe violation on either. */
async function boardAndDepartureAreAccessible(page: Page) {
  const boardResults = await new AxeBuilder({ page }).analyze();
  const boardProblems = boardResults.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(boardProblems.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);

  await page.getByTestId("departure-row").first().getByRole("link").first().click();
  await expect(page.getByTestId("route-map")).toBeVisible();
  const departureResults = await new AxeBuilder({ page }).analyze();
  const departureProblems = departureResults.violations.filter(
    (v) => v.impact === "serious" || v.impact === "critical",
  );
  expect(departureProblems.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

for (const locale of ["zh-CN", "en", "ar"]) {
  test(`${locale}: board and departure page have no serious or critical axe violations`, async ({ page }) => {
    await page.goto(`/${locale}/schedules`);
    await boardAndDepartureAreAccessible(page);
  });
}

// The phone layout (header menu, stacked tables, map labels) at 390 × 844.
for (const locale of ["zh-CN", "ar"]) {
  test(`${locale} on a 390 px phone: board and departure page have no serious or critical axe violations`, async ({
    page,
  }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/${locale}/schedules`);
    await boardAndDepartureAreAccessible(page);
  });
}

test("filters can be used from the keyboard alone", async ({ page }) => {
  await page.goto("/en/schedules");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.locator("#filter-corridor").focus();
  await page.keyboard.press("ArrowDown");
  const chosen = await page.locator("#filter-corridor").inputValue();
  expect(chosen).not.toBe("");
  // Tab on through the other filters to the search button, then submit with Enter.
  const search = page.getByRole("button", { name: "Search" });
  for (let presses = 0; presses < 30 && !(await search.evaluate((el) => el === document.activeElement)); presses++) {
    await page.keyboard.press("Tab");
  }
  await expect(search).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`corridor=${chosen}`));
});
