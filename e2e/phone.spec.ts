import { seriousAxeViolations } from "./support/axe";
import type { Locator, Page } from "@playwright/test";
import { CONSIGNEE_DUISBURG, fillCargoLine, fillParty, holdHighCubesZh, openDeparture } from "./support/booking";
import { expect, test } from "./support/fixtures";
import { waitForHydration } from "./support/hydration";

// A 390 × 844 phone (issue 11 item 10), and Arabic read right to left (item 11).
const PHONE = { width: 390, height: 844 };
const LOCALES = ["zh-CN", "de", "ar"] as const;

test.use({ viewport: PHONE });
// The journey books through the wizard twice and looks at every page in three languages.
test.describe.configure({ timeout: 150_000 });

/**
 * Nothing on the page reaches past the viewport's sides: the document does not scroll sideways,
 * and no element's box crosses the left or right edge, unless it sits in something that clips
 * or scrolls its content on purpose (the wide cargo table's `.scroll-x`, an SVG drawing, the
 * visually hidden texts) or is the skip link parked off screen until it is focused.
 */
async function expectNothingOverflows(page: Page, what: string) {
  const problems = await page.evaluate(() => {
    const width = window.innerWidth;
    const found: string[] = [];
    const scrollWidth = document.documentElement.scrollWidth;
    if (scrollWidth > width) found.push(`document scrolls sideways: ${scrollWidth} > ${width}`);
    const clipsOrScrolls = (element: Element) => {
      for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
        if (getComputedStyle(parent).overflowX !== "visible") return true;
      }
      return false;
    };
    for (const element of document.body.querySelectorAll("*")) {
      // Not drawn (display: none, or the content of a closed <details>), or clipped/scrolled by design.
      if (!element.checkVisibility() || element.closest(".skip-link") || clipsOrScrolls(element)) continue;
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (box.left < -1 || box.right > width + 1) {
        const name = `${element.tagName.toLowerCase()}${element.className && typeof element.className === "string" ? `.${element.className.split(" ").join(".")}` : ""}`;
        found.push(`${name} [${Math.round(box.left)}, ${Math.round(box.right)}]: ${element.textContent?.slice(0, 60)}`);
      }
    }
    return found.slice(0, 10);
  });
  expect(problems, `${what} overflows the ${PHONE.width} px viewport`).toEqual([]);
}

/**
 * No table cell shows Chinese one character per line: in every visible heading and cell, a run
 * of two or more Han characters lies on fewer lines than it has characters.
 */
async function expectNoCharacterPerLine(page: Page, what: string) {
  const broken = await page.evaluate(() => {
    const found: string[] = [];
    const range = document.createRange();
    for (const cell of document.querySelectorAll("th, td")) {
      if (!cell.checkVisibility()) continue;
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const han = [...(node.textContent ?? "").matchAll(/\p{Script=Han}/gu)];
        if (han.length < 2) continue;
        const lines = new Set<number>();
        for (const match of han) {
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          lines.add(Math.round(range.getBoundingClientRect().top));
        }
        if (lines.size === han.length) found.push(node.textContent ?? "");
      }
    }
    return found;
  });
  expect(broken, `${what}: Chinese broken one character per line`).toEqual([]);
}

async function expectNoSeriousAxeViolations(page: Page) {
  expect(await seriousAxeViolations(page)).toEqual([]);
}

/**
 * The page at `path` in each locale, checked for overflow (the path starts after the locale).
 * With PHONE_SCREENSHOTS=<folder>, each is also saved there as a full-page picture to look at.
 */
async function checkInEveryLocale(page: Page, path: string, what: string) {
  for (const locale of LOCALES) {
    await page.goto(`/${locale}${path}`);
    await expectNothingOverflows(page, `${what} (${locale})`);
    if (locale === "zh-CN") await expectNoCharacterPerLine(page, what);
    const folder = process.env.PHONE_SCREENSHOTS;
    if (folder) {
      const name = `${what.replace(/\W+/g, "-")}-${locale}.png`;
      await page.screenshot({ path: `${folder}/${name}`, fullPage: true });
    }
  }
}

/** Where two elements are drawn: is `first` to the right of `second` (as Arabic reads them)? */
async function drawnRightOf(first: Locator, second: Locator): Promise<boolean> {
  const [a, b] = await Promise.all([first.boundingBox(), second.boundingBox()]);
  return (a?.x ?? 0) > (b?.x ?? 0);
}

/** In an Intl amount such as "US$ 1,234.00", is the "U" drawn left of the "$" (not "$US")? */
async function currencySignInOrder(amount: Locator): Promise<boolean> {
  return amount.evaluate((element) => {
    const text = element.firstChild;
    if (!text || text.nodeType !== Node.TEXT_NODE) return false;
    const content = text.textContent ?? "";
    const at = (index: number) => {
      const range = document.createRange();
      range.setStart(text, index);
      range.setEnd(text, index + 1);
      return range.getBoundingClientRect().left;
    };
    const u = content.indexOf("U");
    const dollar = content.indexOf("$");
    return u >= 0 && dollar >= 0 && at(u) < at(dollar);
  });
}

test("the board and a departure fit a phone in zh-CN, de and ar; Arabic routes read right to left", async ({
  page,
  server,
}) => {
  const departureId = await openDeparture(server.db, "LAZ-DUI-AKL", "45G1", 1);
  await checkInEveryLocale(page, "/schedules", "the board");
  await checkInEveryLocale(page, `/departures/${departureId}`, "a departure");

  // The route on a board card: two isolated places and the arrow of the reading direction.
  for (const [locale, arrow, rightToLeft] of [
    ["ar", "←", true],
    ["de", "→", false],
  ] as const) {
    await page.goto(`/${locale}/schedules`);
    const route = page.getByTestId("departure-row").first().getByRole("heading").getByRole("link");
    await expect(route).toContainText(arrow);
    const places = route.locator("bdi");
    await expect(places).toHaveCount(2);
    expect(await drawnRightOf(places.first(), places.last()), `${locale}: origin drawn right of destination`).toBe(
      rightToLeft,
    );
  }

  // The departure's heading: "origin ← destination · service", each isolated.
  await page.goto(`/ar/departures/${departureId}`);
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading).toContainText("←");
  await expect(heading.locator("bdi")).toHaveCount(3);
  await expect(heading.locator("bdi").last()).toHaveText(/^\w[\w-]*$/);

  // The map at phone width: the two ends labelled inside the drawing, the places between not.
  const map = page.getByTestId("route-map");
  const mapBox = (await map.boundingBox())!;
  const endLabels = map.locator(".place-end text");
  await expect(endLabels).toHaveCount(2);
  for (const label of await endLabels.all()) {
    const box = (await label.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(mapBox.x);
    expect(box.x + box.width).toBeLessThanOrEqual(mapBox.x + mapBox.width);
    // Readable: at least 10 px high on the screen.
    expect(box.height).toBeGreaterThanOrEqual(10);
  }
  for (const label of await map.locator(".place-via text").all()) await expect(label).toBeHidden();
  await expectNoSeriousAxeViolations(page);
});

test("every booking step, the booking and its invoice fit a phone in zh-CN, de and ar; Arabic isolates names and amounts", async ({
  page,
  server,
  signInAs,
  newExporter,
}) => {
  const { email, companyName } = await newExporter({ role: "ADMIN", creditStatus: "PREPAY" });
  await signInAs(page, email);

  // A draft walked through the wizard, each step looked at in every locale before it is saved.
  const departureId = await openDeparture(server.db, "LAZ-DUI-AKL", "45G1", 3);
  await page.goto(`/zh-CN/departures/${departureId}`);
  await page.locator(`form[action$="/departures/${departureId}/book"] button`).click();
  await expect(page).toHaveURL(/\/edit\/equipment$/);
  const reference = /SG-\w{4}-\w{4}/.exec(page.url())![0];
  const step = (name: string) => `/bookings/${reference}/edit/${name}`;
  const saveStep = async (name: string) => {
    await page.goto(`/zh-CN${step(name)}`);
    await waitForHydration(page);
  };

  await checkInEveryLocale(page, step("equipment"), "the equipment step");
  await saveStep("equipment");
  await page.locator("#field-qty_45G1").fill("1");
  await page.locator("form.stacked-form button[type=submit]").last().click();
  await expect(page).toHaveURL(/\/edit\/cargo$/);

  await checkInEveryLocale(page, step("cargo"), "the cargo step");
  await saveStep("cargo");
  await fillCargoLine(page, 0, {
    description: "枸杞干，纸箱包装",
    hsCode: "0813.40",
    grossWeightKg: "15000",
    packages: "1200",
    volumeM3: "60",
  });
  await page.getByRole("button", { name: "保存并继续" }).click();
  await expect(page).toHaveURL(/\/edit\/parties$/);

  await checkInEveryLocale(page, step("parties"), "the parties step");
  await saveStep("parties");
  await fillParty(page, "shipper", { name: companyName, addressLines: "凉州区东大街 8 号", city: "武威" });
  await fillParty(page, "consignee", CONSIGNEE_DUISBURG);
  await page.getByRole("button", { name: "保存并继续" }).click();
  await expect(page).toHaveURL(/\/edit\/review$/);

  await checkInEveryLocale(page, step("review"), "the review step");

  // A held booking (the shared helper holds through the wizard), then an invoice for it.
  const held = await holdHighCubesZh(page, server.db, 1);
  await checkInEveryLocale(page, `/bookings/${held}`, "the booking page");
  await page.goto(`/zh-CN/bookings/${held}`);
  await page.locator("input[name=acceptCancellationTerms]").check();
  await page.locator("button[name=intent][value=bankTransfer]").click();
  const invoiceLink = page.getByTestId("payment-records").locator("a[href*='/invoices/']");
  const invoice = /SGI-\d{4}-\d{6}/.exec((await invoiceLink.getAttribute("href")) ?? "")![0];
  await checkInEveryLocale(page, `/bookings/${held}`, "the booking page with its payment");
  await checkInEveryLocale(page, `/invoices/${invoice}`, "the invoice");
  await checkInEveryLocale(page, `/bookings/${held}/cancel`, "the cancellation page");
  await checkInEveryLocale(page, "/terms", "the carriage terms");
  await page.goto(`/ar/bookings/${held}/cancel`);
  await expectNoSeriousAxeViolations(page);
  await checkInEveryLocale(page, "/bookings", "the list of bookings");
  await expect(page.getByRole("cell", { name: new RegExp(held) })).toBeVisible();

  // Arabic: the route's arrow, the parties' names and the amounts are isolated and keep their order.
  await page.goto(`/ar/bookings/${held}`);
  await expect(page.locator(".summary").getByText("←")).toBeVisible();
  const total = page.getByTestId("price-total").locator("bdi.amount");
  await expect(total).toHaveAttribute("dir", "ltr");
  await expect(total).toContainText("US$");
  expect(await currencySignInOrder(total), "US$ is not drawn as $US").toBe(true);
  await expect(page.locator("address bdi", { hasText: "Duisburg Foods GmbH" })).toBeVisible();
  await expectNoSeriousAxeViolations(page);

  await page.goto(`/ar/invoices/${invoice}`);
  const billTo = page.getByTestId("invoice-bill-to");
  await expect(billTo.locator("bdi", { hasText: /^Gansu Test Export Co\., Ltd\. / })).toBeVisible();
  await expect(billTo.locator("bdi", { hasText: /^91620100/ })).toBeVisible();
  const outstanding = page.getByTestId("invoice-outstanding").locator("bdi.amount");
  expect(await currencySignInOrder(outstanding), "US$ is not drawn as $US").toBe(true);
  // The tax line's amounts too (the VAT and the amount before it).
  const taxAmounts = page.getByTestId("invoice-tax").locator("bdi.amount");
  await expect(taxAmounts).toHaveCount(2);
  for (const amount of await taxAmounts.all()) expect(await currencySignInOrder(amount)).toBe(true);
  await expect(page.locator("bdi", { hasText: invoice }).first()).toBeVisible();
  await expectNoSeriousAxeViolations(page);

  // Lanzhou's staff see the invoice among the bank payments to confirm, stacked on a phone too.
  await signInAs(page, "staff.lanzhou@silu-gateway.example");
  await checkInEveryLocale(page, "/staff/payments", "the payments to confirm");
  await expect(page.getByTestId("payments-to-confirm").getByRole("link", { name: invoice })).toBeVisible();
});

test("the header folds into a menu on a phone that opens from the keyboard, and its links work", async ({
  page,
  signInAs,
  newExporter,
}) => {
  const { email } = await newExporter({ role: "ADMIN", creditStatus: "PREPAY" });
  await signInAs(page, email);
  await page.goto("/de/schedules");
  await waitForHydration(page);
  const menu = page.getByTestId("site-menu");
  const bookings = page.getByRole("link", { name: "Buchungen" });
  await expect(bookings).toBeHidden();
  const toggle = menu.locator("summary");
  await expect(toggle).toHaveText(/Menü/);
  await toggle.focus();
  await page.keyboard.press("Enter");
  await expect(bookings).toBeVisible();
  await expectNothingOverflows(page, "the open menu");
  await expectNoSeriousAxeViolations(page);
  await bookings.click();
  await expect(page).toHaveURL(/\/de\/bookings$/);
  // The next page starts with the menu closed again.
  await expect(page.getByRole("link", { name: "Buchungen" })).toBeHidden();
  await expectNothingOverflows(page, "the bookings list");
});

test("without JavaScript the phone menu opens too", async ({ browser, server }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE, baseURL: server.baseURL });
  const page = await context.newPage();
  await page.goto("/ar/schedules");
  const signIn = page.getByRole("link", { name: "تسجيل الدخول" });
  await expect(signIn).toBeHidden();
  await page.getByTestId("site-menu").locator("summary").click();
  await expect(signIn).toBeVisible();
  await signIn.click();
  await expect(page).toHaveURL(/\/ar\/login/);
  await context.close();
});

test.describe("on a desktop", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test("the header's navigation stays in the bar, with no menu button", async ({ page }) => {
    await page.goto("/zh-CN/schedules");
    await expect(page.getByTestId("site-menu")).toBeHidden();
    const main = page.getByRole("navigation", { name: "主导航" });
    await expect(main).toHaveCount(1);
    await expect(main.getByRole("link", { name: "班期" })).toBeVisible();
    await expect(page.getByRole("link", { name: "登录" })).toBeVisible();
  });
});
