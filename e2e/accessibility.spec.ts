import { seriousAxeViolations } from "./support/axe";
import type { Page } from "@playwright/test";
import { reviewHighCubesZh } from "./support/booking";
import { expect, test } from "./support/fixtures";

const seriousViolations = seriousAxeViolations;

/** The board, then the first departure on it: no serious or critical axe violation on either. */
async function boardAndDepartureAreAccessible(page: Page) {
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByTestId("departure-row").first().getByRole("link").first().click();
  await expect(page.getByTestId("route-map")).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
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

test("the review step (with its refusal shown) and the carriage terms page have no serious or critical axe violations", async ({
  page,
  server,
  signInAs,
  newExporter,
}) => {
  test.setTimeout(90_000);
  await signInAs(page, (await newExporter({ role: "BOOKER", creditStatus: "PREPAY" })).email);
  const reference = await reviewHighCubesZh(page, server.db, 1);
  for (const locale of ["zh-CN", "ar"]) {
    await page.goto(`/${locale}/bookings/${reference}/edit/review`);
    await expect(page.getByTestId("booking-summary")).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  }
  // Holding without the terms ticked: the page with its message at the checkbox.
  await page.getByRole("button", { name: "احجز المساحات حجزًا مبدئيًا" }).click();
  await expect(page.locator("#field-acceptCarriageTerms-error")).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  for (const locale of ["zh-CN", "en", "ar"]) {
    await page.goto(`/${locale}/terms`);
    await expect(page.getByTestId("terms-version")).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  }
});
