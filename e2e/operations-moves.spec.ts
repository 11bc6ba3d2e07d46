import { CARRIAGE_TERMS_VERSION } from "../app/domain/booking/carriage-terms";
import { holdBooking } from "../app/domain/booking/hold-booking.server";
import { loadActor } from "../app/domain/identity/actor.server";
import { cancelDeparture } from "../app/domain/operations/departure-cancellation.server";
import { confirmOnAccount } from "../app/domain/payments/confirm-on-account.server";
import { approveWaybillDraft, submitWaybillDraft } from "../app/domain/waybill/draft-waybill.server";
import { issueWaybill } from "../app/domain/waybill/issue-waybill.server";
import type { Db } from "../app/utils/db.server";
import { createReviewedDrafts } from "../tests/support/drafts";
import { submitDemoInstructions } from "../tests/support/waybill";
import { seriousAxeViolations } from "./support/axe";
import { MAIL_FOLDER } from "./support/environment";
import { expect, test } from "./support/fixtures";
import { waitForHydration } from "./support/hydration";
import { waitForMail } from "./support/mailbox";

test.describe.configure({ timeout: 90_000 });

const DAY = 86_400_000;
const meta = { ipAddress: "127.0.0.1", userAgent: "playwright" };

/**
 * Two trains of their own on the Lanzhou → Duisburg service, a day apart, so that the second
 * is the first later departure offered when the first is cancelled; each at its own tariff.
 */
async function twoTrains(db: Db, offsetDays: number, tariffs: [number, number]) {
  const service = await db.service.findUniqueOrThrow({ where: { code: "LAZ-DUI-AKL" } });
  const at = new Date(Math.ceil((Date.now() + offsetDays * DAY) / 60_000) * 60_000 + 11 * 60_000);
  const train = (departureAt: Date, tariffMinor: number) =>
    db.departure.create({
      data: {
        serviceId: service.id,
        status: "OPEN",
        departureAt,
        cargoCutoffAt: new Date(departureAt.getTime() - 2 * DAY),
        docCutoffAt: new Date(departureAt.getTime() - 3 * DAY),
        etaAt: new Date(departureAt.getTime() + 16 * DAY),
        capacities: {
          create: { equipmentCode: "45G1", total: 6, available: 6, tariffMinor, currency: "CNY" },
        },
      },
    });
  // Just before the first seeded train after it, so that nothing else comes between.
  const next = await db.departure.findFirst({
    where: { departureAt: { gt: at }, service: { originCode: "CNLAZ", destinationCode: "DEDUI" } },
    orderBy: { departureAt: "asc" },
  });
  const second = new Date(Math.min(at.getTime() + DAY, (next?.departureAt.getTime() ?? Infinity) - 60_000));
  return [await train(at, tariffs[0]), await train(second, tariffs[1])] as const;
}

async function bookedOnAccount(db: Db, exporterId: string, departureId: string) {
  const user = await db.user.findUniqueOrThrow({ where: { id: exporterId }, include: { memberships: true } });
  const actor = await loadActor(db, user.id);
  const [reference] = await createReviewedDrafts(db, {
    companyId: user.memberships[0]!.companyId,
    userId: user.id,
    departureId,
    count: 1,
    containers: [{ equipmentCode: "45G1", quantity: 1 }],
  });
  await holdBooking(db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor, reference: reference! });
  await confirmOnAccount(db, actor, reference!, "en");
  return { actor, reference: reference! };
}

test("a Lanzhou supervisor moves a booking whose waybill is issued off the cancelled train and amends the waybill in one step", async ({
  page,
  server,
  signInAs,
  newExporter,
}) => {
  const [cancelled, later] = await twoTrains(server.db, 33, [2_600_000, 2_600_000]);
  const { email } = await newExporter({ role: "BOOKER", creditStatus: "ON_ACCOUNT" });
  const user = await server.db.user.update({ where: { email }, data: { locale: "en", timeZone: "Asia/Shanghai" } });
  const { actor, reference } = await bookedOnAccount(server.db, user.id, cancelled.id);
  const supervisor = await loadActor(
    server.db,
    (await server.db.user.findUniqueOrThrow({ where: { email: "staff.lanzhou@silu-gateway.example" } })).id,
  );
  await submitDemoInstructions(server.db, actor, reference);
  await submitWaybillDraft(server.db, { actor, reference, consigneeLocale: "de" });
  await approveWaybillDraft(server.db, { actor, reference });
  const { number } = await issueWaybill(server.db, { actor: supervisor, reference });
  await cancelDeparture(server.db, supervisor, cancelled.id, { reasonCode: "TRACK_WORKS" }, meta);

  await signInAs(page, "staff.lanzhou@silu-gateway.example");
  await page.goto(`/zh-CN/staff/departures/${cancelled.id}`);
  await waitForHydration(page);
  const row = page.getByTestId(`undecided-${reference}`);
  await expect(row).toContainText("一单制运单已签发");
  expect(await seriousAxeViolations(page)).toEqual([]);
  await row.getByLabel("改到").selectOption(later.id);
  await row.getByRole("button", { name: "改订并修改运单" }).click();
  await expect(page.getByRole("status")).toHaveText("订舱已改订，一单制运单已修改。正在以邮件通知出口商及其合作方。");
  await expect(page.getByTestId("undecided-none")).toBeVisible();

  const booking = await server.db.booking.findUniqueOrThrow({ where: { reference }, include: { waybill: true } });
  expect(booking.departureId).toBe(later.id);
  expect(booking.waybill).toMatchObject({ number, status: "ISSUED", latestVersion: 2 });
  // The exporter hears of the move in English, and of the amended waybill.
  const mail = await waitForMail(MAIL_FOLDER, email, new RegExp(`^Booking ${reference} moved to train `));
  expect(mail.text).toContain("The port moved the booking and amended its through waybill");
  expect(mail.text).toContain("Times are in your time zone (Asia/Shanghai).");
});

test("an exporter accepts the higher price of a later train and pays the difference by card; then the booking moves", async ({
  page,
  server,
  signInAs,
  newExporter,
}) => {
  const [cancelled, dearer] = await twoTrains(server.db, 40, [2_600_000, 2_750_000]);
  const { email } = await newExporter({ role: "BOOKER", creditStatus: "ON_ACCOUNT" });
  const user = await server.db.user.update({ where: { email }, data: { locale: "en", timeZone: "Asia/Shanghai" } });
  const { reference } = await bookedOnAccount(server.db, user.id, cancelled.id);
  const supervisor = await loadActor(
    server.db,
    (await server.db.user.findUniqueOrThrow({ where: { email: "staff.lanzhou@silu-gateway.example" } })).id,
  );
  await cancelDeparture(server.db, supervisor, cancelled.id, { reasonCode: "LOCOMOTIVE" }, meta);
  const before = await server.db.booking.findUniqueOrThrow({ where: { reference } });

  await signInAs(page, email);
  await page.goto(`/en/bookings/${reference}`);
  await waitForHydration(page);
  const choice = page.getByTestId("departure-cancelled");
  const offer = choice.locator("li", { hasText: "more than your booking costs now" }).first();
  await expect(offer).toContainText("CN¥1,500.00 more than your booking costs now.");
  expect(await seriousAxeViolations(page)).toEqual([]);
  // Without accepting the new price nothing happens; accepted, the difference is paid first.
  await offer.getByRole("button", { name: "Pay the difference of CN¥1,500.00 and move" }).click();
  await expect(page).toHaveURL(new RegExp(`/en/bookings/${reference}$`));
  expect((await server.db.booking.findUniqueOrThrow({ where: { reference } })).departureId).toBe(cancelled.id);
  await offer.getByRole("checkbox", { name: /I accept the new price of CN¥27,800\.00/ }).check();
  await offer.getByRole("button", { name: "Pay the difference of CN¥1,500.00 and move" }).click();
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/pay\/cs_test_/);
  // Held for the move, not yet moved.
  const held = await server.db.departureCapacity.findFirstOrThrow({ where: { departureId: dearer.id } });
  expect(held).toMatchObject({ held: 1, booked: 0 });
  expect((await server.db.booking.findUniqueOrThrow({ where: { reference } })).departureId).toBe(cancelled.id);
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page).toHaveURL(new RegExp(`/en/bookings/${reference}\\?payment=returned$`));
  await expect(page.getByTestId("departure-cancelled")).toHaveCount(0);

  const after = await server.db.booking.findUniqueOrThrow({ where: { reference } });
  expect(after).toMatchObject({ departureId: dearer.id, status: "CONFIRMED", totalMinor: before.totalMinor + 150_000 });
  expect(await server.db.departureCapacity.findFirstOrThrow({ where: { departureId: dearer.id } })).toMatchObject({
    held: 0,
    booked: 1,
  });
  const mail = await waitForMail(MAIL_FOLDER, email, new RegExp(`^Booking ${reference} moved to train `));
  expect(mail.text).toContain("CN¥1,500.00 more; you have paid the difference.");
});
