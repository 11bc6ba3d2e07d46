import type { Page } from "@playwright/test";
import { DateTime } from "luxon";
import { CARRIAGE_TERMS_VERSION } from "../app/domain/booking/carriage-terms";
import { holdBooking } from "../app/domain/booking/hold-booking.server";
import { loadActor } from "../app/domain/identity/actor.server";
import { recordOperationalEvent } from "../app/domain/operations/events.server";
import { confirmOnAccount } from "../app/domain/payments/confirm-on-account.server";
import { setBookingShares } from "../app/domain/tracking/shares.server";
import { formatLocalDateTime } from "../app/i18n/format";
import type { Db } from "../app/utils/db.server";
import { createReviewedDrafts } from "../tests/support/drafts";
import { submitDemoInstructions } from "../tests/support/waybill";
import { seriousAxeViolations } from "./support/axe";
import { expect, test, type WorkerServer } from "./support/fixtures";
import { waitForHydration } from "./support/hydration";

test.describe.configure({ timeout: 90_000 });

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const meta = { ipAddress: "127.0.0.1", userAgent: "playwright" };
/** Trains this worker made: each its own departure time. */
let trains = 0;

/**
 * A confirmed Lanzhou → Alashankou → Brest – Małaszewicze → Duisburg booking of a new exporter,
 * on a train of its own (no other test's departure moves), with its containers numbered.
 */
async function confirmedConsignment(server: WorkerServer, email: string) {
  const service = await server.db.service.findUniqueOrThrow({ where: { code: "LAZ-DUI-AKL" } });
  trains += 1;
  const at = new Date(Math.ceil((Date.now() + 20 * DAY) / 60_000) * 60_000 + (11 + 7 * trains) * 60_000);
  const departure = await server.db.departure.create({
    data: {
      serviceId: service.id,
      status: "OPEN",
      departureAt: at,
      cargoCutoffAt: new Date(at.getTime() - 2 * DAY),
      docCutoffAt: new Date(at.getTime() - 3 * DAY),
      etaAt: new Date(at.getTime() + 15 * DAY),
      capacities: {
        create: { equipmentCode: "45G1", total: 10, available: 10, tariffMinor: 2_600_000, currency: "CNY" },
      },
    },
  });
  const user = await server.db.user.findUniqueOrThrow({ where: { email }, include: { memberships: true } });
  const exporter = await loadActor(server.db, user.id);
  const [reference] = await createReviewedDrafts(server.db, {
    companyId: user.memberships[0]!.companyId,
    userId: user.id,
    departureId: departure.id,
    count: 1,
    containers: [{ equipmentCode: "45G1", quantity: 2 }],
  });
  await holdBooking(server.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: exporter, reference: reference! });
  await confirmOnAccount(server.db, exporter, reference!, "zh-CN");
  await submitDemoInstructions(server.db, exporter, reference!);
  return { reference: reference!, departure, exporter, companyId: user.memberships[0]!.companyId };
}

/** Port staff at Lanzhou record what happened (the terminal page's own domain call), each at its place's clock. */
async function recordAtTerminal(
  db: Db,
  departureId: string,
  milestone: "DEPARTED" | "BORDER_CROSSED",
  place: { code: string; zone: string },
  at: Date,
) {
  const staff = await db.user.findUniqueOrThrow({ where: { email: "staff.lanzhou@silu-gateway.example" } });
  const localTime = DateTime.fromJSDate(at, { zone: place.zone }).toFormat("yyyy-MM-dd'T'HH:mm");
  await recordOperationalEvent(
    db,
    await loadActor(db, staff.id),
    { departureId, milestone, placeCode: place.code, localTime },
    new Date(at.getTime() + HOUR),
  );
}

async function expectNothingPrivate(page: Page) {
  const html = await page.content();
  for (const secret of ["Duisburg Foods", "Hafenstraße", "USD", "CNY", "¥", "Gansu Test Export", "甘肃测试出口"]) {
    expect(html).not.toContain(secret);
  }
}

test("de: a partner finds a consignment by container number and sees the border crossing at Małaszewicze in German, in local and Berlin time", async ({
  page,
  server,
  signInAs,
  newExporter,
}) => {
  const { email } = await newExporter({ role: "BOOKER", creditStatus: "ON_ACCOUNT" });
  const { reference, departure, exporter, companyId } = await confirmedConsignment(server, email);
  const partnerEmail = `greta.${Date.now()}@duisburg-logistics.example`;
  const partner = await server.db.user.create({
    data: {
      email: partnerEmail,
      name: "Greta Hoffmann",
      passwordHash: "scrypt$unused",
      kind: "PARTNER",
      locale: "de",
      timeZone: "Europe/Berlin",
      emailVerifiedAt: new Date(),
      partnerLinks: { create: { companyId } },
    },
  });
  await setBookingShares(server.db, { actor: exporter, reference, partnerIds: [partner.id], meta });
  const crossedAt = new Date(departure.departureAt.getTime() + 290 * HOUR);
  await recordAtTerminal(
    server.db,
    departure.id,
    "DEPARTED",
    { code: "CNLAZ", zone: "Asia/Shanghai" },
    departure.departureAt,
  );
  await recordAtTerminal(server.db, departure.id, "BORDER_CROSSED", { code: "BYBQT", zone: "Europe/Minsk" }, crossedAt);

  await signInAs(page, partnerEmail);
  await page.goto("/de/track");
  await waitForHydration(page);
  // A container number that is not hers finds nothing, and says so.
  await page.getByLabel("Buchungsnummer, Frachtbrief- oder Containernummer").fill("MSKU9070323");
  await page.getByRole("button", { name: "Suchen" }).click();
  await expect(page.getByTestId("tracking-no-match")).toHaveText("Keine Ihrer Sendungen passt zu „MSKU9070323“.");
  // Her box's number finds her consignment.
  await page.getByLabel("Buchungsnummer, Frachtbrief- oder Containernummer").fill("csqu 3054383");
  await page.getByRole("button", { name: "Suchen" }).click();
  await expect(page).toHaveURL(/\/de\/track\?q=csqu/);
  const row = page.getByTestId(`consignment-${reference}`);
  await expect(row).toBeVisible();
  await row.getByRole("link", { name: reference }).click();

  await expect(page).toHaveURL(new RegExp(`/de/track/${reference}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Sendung ${reference}`);
  const brest = page.getByTestId("stop-BYBQT");
  await expect(brest.getByRole("rowheader")).toContainText("Grenzübergang: Brest – Małaszewicze");
  await expect(brest.getByRole("rowheader")).toContainText("Umladung (Spurwechsel) 1520 → 1435 mm");
  // The crossing on Brest's clock (UTC+3) and, below it, on hers in Berlin.
  const actual = brest.getByRole("cell").nth(2);
  await expect(actual).toContainText(formatLocalDateTime(crossedAt, "de", "Europe/Minsk"));
  await expect(actual).toContainText(`Ihre Zeit: ${formatLocalDateTime(crossedAt, "de", "Europe/Berlin")}`);
  await expect(actual).toContainText("GMT+3");
  // Planned at confirmation for 288 h after departure; crossed at 290 h: two hours late, highlighted.
  const plannedAt = new Date(departure.departureAt.getTime() + 288 * HOUR);
  await expect(brest.getByRole("cell").nth(0)).toContainText(formatLocalDateTime(plannedAt, "de", "Europe/Minsk"));
  await expect(brest).toHaveClass(/late/);
  await expect(brest.getByRole("cell").nth(3)).toHaveText("2 Stunden Verspätung");
  await expect(page.getByTestId("stop-CNLAZ").getByRole("cell").nth(2)).toContainText("GMT+8");
  await expect(page.getByTestId("tracking-position")).toContainText("Unterwegs von Brest – Małaszewicze nach");
  await expect(page.getByTestId("position-marker")).toHaveCount(1);
  await expect(page.getByTestId("container-CSQU3054383")).toBeVisible();
  await expect(page.locator("main")).not.toContainText(/CNY|USD|Hafenstraße/);
  expect(await seriousAxeViolations(page)).toEqual([]);
});

test("ar: an exporter creates an Arabic share link; it opens right to left with the timeline, read-only and unindexed, in another language too, and not once revoked", async ({
  page,
  browser,
  server,
  signInAs,
  newExporter,
}) => {
  const { email } = await newExporter({ role: "BOOKER", creditStatus: "ON_ACCOUNT" });
  const { reference, departure } = await confirmedConsignment(server, email);
  await recordAtTerminal(
    server.db,
    departure.id,
    "DEPARTED",
    { code: "CNLAZ", zone: "Asia/Shanghai" },
    departure.departureAt,
  );

  await signInAs(page, email);
  await page.goto(`/zh-CN/bookings/${reference}`);
  await page.getByRole("link", { name: "为无账号的收货人生成跟踪链接" }).click();
  await expect(page).toHaveURL(new RegExp(`/zh-CN/bookings/${reference}/share-links$`));
  await page.getByLabel("有效期").selectOption("30");
  await page.getByLabel("页面语言").selectOption("ar");
  await page.getByRole("button", { name: "生成链接" }).click();
  const link = await page.getByTestId("new-share-link").inputValue();
  expect(link).toMatch(new RegExp(`/ar/t/[A-Za-z0-9_-]{32}$`));
  await expect(page.getByTestId("share-links")).toContainText("العربية");
  await expect(page.getByTestId("share-links")).toContainText("有效");
  expect(await seriousAxeViolations(page)).toEqual([]);

  // The consignee: no account, no cookies.
  const consignee = await (await browser.newContext({ locale: "ar" })).newPage();
  const response = await consignee.goto(link);
  expect(response!.status()).toBe(200);
  expect(response!.headers()["x-robots-tag"]).toBe("noindex, nofollow");
  expect(response!.headers()["referrer-policy"]).toBe("no-referrer");
  await expect(consignee.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(consignee.locator('meta[name="robots"]')).toHaveAttribute("content", "noindex");
  await expect(consignee.getByRole("heading", { level: 1 })).toHaveText(`تتبّع الشحنة ${reference}`);
  const timeline = consignee.getByTestId("tracking-timeline");
  await expect(timeline.getByRole("columnheader", { name: "المخطط" })).toBeVisible();
  await expect(consignee.getByTestId("stop-BYBQT")).toContainText("منفذ حدودي: بريست – مالاشيفيتشي");
  // Left Lanzhou: on Lanzhou's clock, and on the destination's (the reader has no account, so no zone of their own).
  const departed = consignee.getByTestId("stop-CNLAZ").getByRole("cell").nth(2);
  await expect(departed).toContainText(formatLocalDateTime(departure.departureAt, "ar", "Asia/Shanghai"));
  await expect(departed).toContainText(
    `بتوقيت جهة الوصول: ${formatLocalDateTime(departure.departureAt, "ar", "Europe/Berlin")}`,
  );
  await expect(consignee.getByTestId("route-map")).toBeVisible();
  await expectNothingPrivate(consignee);
  expect(await seriousAxeViolations(consignee)).toEqual([]);

  // The language switcher keeps the token.
  await consignee.locator(".language-switcher summary").click();
  await consignee.getByRole("link", { name: "English" }).click();
  await expect(consignee).toHaveURL(link.replace("/ar/t/", "/en/t/"));
  await expect(consignee.locator("html")).toHaveAttribute("dir", "ltr");
  await expect(consignee.getByRole("heading", { level: 1 })).toHaveText(`Tracking ${reference}`);

  // Revoked: a clear page in the link's language, 410, no data.
  await page.getByRole("button", { name: /^撤销以/ }).click();
  await expect(page.getByTestId("share-links")).toContainText("已撤销");
  const gone = await consignee.goto(link);
  expect(gone!.status()).toBe(410);
  await expect(consignee.getByRole("heading", { level: 1 })).toHaveText("رابط التتبّع هذا لم يعد صالحًا");
  await expect(consignee.getByTestId("tracking-timeline")).toHaveCount(0);
  await expect(consignee.locator("main")).not.toContainText(reference);
});
