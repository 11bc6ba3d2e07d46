import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cancelBooking } from "~/domain/booking/cancel-booking.server";
import { holdBooking } from "~/domain/booking/hold-booking.server";
import { CARRIAGE_TERMS_VERSION } from "~/domain/booking/carriage-terms";
import { releaseExpiredHolds } from "~/domain/booking/holds.server";
import { sendBookingNotifications } from "~/domain/booking/notifications.server";
import { loadActor } from "~/domain/identity/actor.server";
import { fixedT } from "~/i18n/i18next.server";
import type { Actor } from "~/domain/identity/permissions";
import { seedDemoAccounts } from "../../seeds/demo-accounts";
import { seedDatabase } from "../../seeds/seed";
import { createReviewedDrafts } from "../support/drafts";
import { releaseAllHeld } from "../support/capacity";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const NOW = new Date("2026-12-01T00:00:00Z");
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);
const meta = { ipAddress: "127.0.0.1", userAgent: "vitest" };
let test: TestDatabase;
let booker: Actor;
let bookerEmail: string;
let departureId: string;

const outbox = () => test.db.outboxMessage.findMany({ where: { to: bookerEmail }, orderBy: { createdAt: "asc" } });

async function heldBooking(): Promise<string> {
  const [reference] = await createReviewedDrafts(test.db, {
    companyId: booker.memberships[0]!.companyId,
    userId: booker.userId,
    departureId,
    count: 1,
    containers: [{ equipmentCode: "45G1", quantity: 2 }],
  });
  await holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: booker, reference: reference!, now: NOW });
  return reference!;
}

beforeAll(async () => {
  test = await createTestDatabase();
  await seedDatabase(test.db, { now: NOW, weeks: 6 });
  await seedDemoAccounts(test.db);
  bookerEmail = "booker@lanzhou-silkroad.example";
  const user = await test.db.user.findUniqueOrThrow({ where: { email: bookerEmail } });
  booker = await loadActor(test.db, user.id);
  const service = await test.db.service.findUniqueOrThrow({ where: { code: "LAZ-DUI-AKL" } });
  const departure = await test.db.departure.findFirstOrThrow({
    where: { serviceId: service.id, cargoCutoffAt: { gt: new Date(NOW.getTime() + 14 * 86_400_000) } },
    orderBy: { departureAt: "asc" },
  });
  departureId = departure.id;
});

beforeEach(async () => {
  // Everything from earlier tests is sent; each test starts with an empty outbox.
  await sendBookingNotifications(test.db, NOW);
  await test.db.outboxMessage.deleteMany();
  await test.db.booking.deleteMany({ where: { departureId } });
  await releaseAllHeld(test.db, departureId);
  await test.db.user.update({ where: { email: bookerEmail }, data: { locale: "zh-CN", timeZone: "Asia/Shanghai" } });
});

afterAll(async () => {
  await test?.drop();
});

describe(`booking notifications (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("tells the booker of a new hold once, in their language and time zone", async () => {
    await test.db.user.update({ where: { email: bookerEmail }, data: { locale: "ru", timeZone: "Europe/Moscow" } });
    const reference = await heldBooking();
    const runs = await Promise.all([
      sendBookingNotifications(test.db, NOW),
      sendBookingNotifications(test.db, NOW),
      sendBookingNotifications(test.db, NOW),
    ]);
    expect(runs.reduce((sum, sent) => sum + sent, 0)).toBe(1);
    const [message, ...more] = await outbox();
    expect(more).toHaveLength(0);
    expect(message!.template).toBe("booking.holdCreated");
    expect(message!.locale).toBe("ru");
    expect(message!.subject).toContain(reference);
    // The hold ends 30 minutes after NOW: 03:30 in Moscow (UTC+3).
    expect(message!.subject).toContain("03:30");
    const ru = await fixedT("ru", "emails");
    expect(message!.text).toContain(ru("booking.open"));
    expect(message!.text).not.toContain(await fixedT("en", "emails").then((en) => en("booking.open")));
    expect(message!.text).toContain(`2 × ${(await fixedT("ru", "common"))("equipment.45G1")}`);
    expect(message!.text).toContain(`/ru/bookings/${reference}`);
    expect(message!.html).toContain('lang="ru"');
    expect(await sendBookingNotifications(test.db, NOW)).toBe(0);
  });

  it("warns once when the hold is about to end, then tells that it ended", async () => {
    const reference = await heldBooking();
    await sendBookingNotifications(test.db, NOW);
    expect(await sendBookingNotifications(test.db, minutes(19))).toBe(0);
    expect(await sendBookingNotifications(test.db, minutes(21))).toBe(1);
    expect(await sendBookingNotifications(test.db, minutes(25))).toBe(0);
    await releaseExpiredHolds(test.db, minutes(31));
    expect(await sendBookingNotifications(test.db, minutes(31))).toBe(1);
    const messages = await outbox();
    expect(messages.map((message) => message.template)).toEqual([
      "booking.holdCreated",
      "booking.holdExpiring",
      "booking.holdExpired",
    ]);
    expect(messages.every((message) => message.subject.includes(reference) && message.locale === "zh-CN")).toBe(true);
    // Times in the booker's zone (Shanghai, UTC+8): the hold ended at 08:30.
    expect(messages[2]!.text).toContain("08:30");
  });

  it("tells of a cancellation and its fee", async () => {
    const reference = await heldBooking();
    await cancelBooking(test.db, { actor: booker, reference, meta, now: minutes(5) });
    await sendBookingNotifications(test.db, minutes(5));
    const messages = await outbox();
    expect(messages.map((message) => message.template)).toEqual(["booking.holdCreated", "booking.cancelled"]);
    expect(messages[1]!.text).toContain("无需支付取消费");
    // A cancelled hold is not warned about.
    expect(await sendBookingNotifications(test.db, minutes(21))).toBe(0);
  });

  it("tells of a confirmation with the all-in price", async () => {
    const reference = await heldBooking();
    const booking = await test.db.booking.findUniqueOrThrow({ where: { reference } });
    // The payment step writes this change; the notice is the same whoever confirms.
    await test.db.booking.update({ where: { id: booking.id }, data: { status: "CONFIRMED", holdExpiresAt: null } });
    await test.db.bookingEvent.create({
      data: { bookingId: booking.id, type: "CONFIRMED", fromStatus: "HELD", toStatus: "CONFIRMED", createdAt: NOW },
    });
    await sendBookingNotifications(test.db, NOW);
    const confirmed = (await outbox()).find((message) => message.template === "booking.confirmed");
    expect(confirmed?.subject).toContain(reference);
    expect(confirmed?.text).toMatch(/一口价：.*[\d,]+/);
  });

  it("sends nothing to a disabled booker", async () => {
    await test.db.user.update({ where: { email: bookerEmail }, data: { disabledAt: NOW } });
    try {
      await heldBooking();
      expect(await sendBookingNotifications(test.db, NOW)).toBe(1);
      expect(await outbox()).toHaveLength(0);
    } finally {
      await test.db.user.update({ where: { email: bookerEmail }, data: { disabledAt: null } });
    }
  });
});
