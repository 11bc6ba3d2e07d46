import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CARRIAGE_TERMS_VERSION } from "~/domain/booking/carriage-terms";
import { holdBooking } from "~/domain/booking/hold-booking.server";
import { sendBookingNotifications } from "~/domain/booking/notifications.server";
import { loadActor } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import { delayDeparture } from "~/domain/operations/disruptions.server";
import { recordOperationalEvent } from "~/domain/operations/events.server";
import { confirmOnAccount } from "~/domain/payments/confirm-on-account.server";
import { collectTrackingAlerts, sendTrackingAlerts } from "~/domain/tracking/alert-notifier.server";
import {
  createCalendarFeed,
  revokeCalendarFeed,
  subscribeAlerts,
  unsubscribeAlerts,
} from "~/domain/tracking/alerts.server";
import { setBookingShares } from "~/domain/tracking/shares.server";
import { formatLocalDateTime } from "~/i18n/format";
import { env } from "~/utils/env.server";
import { isSameOriginMutation } from "~/utils/security-headers.server";
import { seedDemoAccounts } from "../../seeds/demo-accounts";
import { seedDatabase } from "../../seeds/seed";
import { createReviewedDrafts } from "../support/drafts";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const NOW = new Date("2026-12-01T00:00:00Z");
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const HOUR = 3_600_000;
const meta = { ipAddress: "203.0.113.14", userAgent: "vitest" };
const engine = process.env.TEST_DATABASE ?? "sqlite";
const BOOKER = "booker@lanzhou-silkroad.example";
const ANNA = "partner@duisburg-logistics.example";
const every = { events: true, etaThresholdHours: 12, etaDelivery: "IMMEDIATE" as const };

let test: TestDatabase;
let booker: Actor;
let supervisor: Actor;
let anna: Actor;
let wuwei: Actor;
let departures: string[];

type RouteModule = {
  loader?: (args: unknown) => Promise<unknown>;
  action?: (args: unknown) => Promise<unknown>;
};
const route = (file: string) => import(`../../app/routes/${file}`) as Promise<RouteModule>;

const actorOf = async (email: string) =>
  loadActor(test.db, (await test.db.user.findUniqueOrThrow({ where: { email } })).id);

/** What a loader or action answered (returned or thrown). */
async function outcome(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    (value) => value,
    (thrown: unknown) => thrown,
  );
}
async function statusOf(call: Promise<unknown>): Promise<number> {
  const answer = await outcome(call);
  if (answer instanceof Response) return answer.status;
  if (answer && typeof answer === "object" && "init" in answer) {
    return (answer as { init: { status?: number } | null }).init?.status ?? 200;
  }
  if (answer && typeof answer === "object" && "status" in answer) return (answer as { status: number }).status;
  return 200;
}

/** A confirmed booking of one 45G1 on the departure, shared with Anna when asked. */
async function consignment(departureId: string, shared: boolean): Promise<string> {
  const [reference] = await createReviewedDrafts(test.db, {
    companyId: booker.memberships[0]!.companyId,
    userId: booker.userId,
    departureId,
    count: 1,
    containers: [{ equipmentCode: "45G1", quantity: 1 }],
  });
  await holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: booker, reference: reference!, now: NOW });
  await confirmOnAccount(test.db, booker, reference!, "en", later(1));
  if (shared) {
    const current = await test.db.bookingShare.findMany({ where: { booking: { reference }, revokedAt: null } });
    expect(current).toEqual([]);
    await setBookingShares(test.db, { actor: booker, reference: reference!, partnerIds: [anna.userId], meta });
  }
  return reference!;
}

const alertMails = (email: string) =>
  test.db.outboxMessage.findMany({
    where: { to: email, template: { startsWith: "alerts." } },
    orderBy: { createdAt: "asc" },
  });

/** The one-click token of a message: from its List-Unsubscribe header. */
function tokenOf(mail: { headers: string | null }): string {
  const headers = JSON.parse(mail.headers!) as Record<string, string>;
  return /\/unsubscribe\/([A-Za-z0-9_-]{43})>$/.exec(headers["List-Unsubscribe"]!)![1]!;
}

beforeAll(async () => {
  test = await createTestDatabase();
  process.env.DATABASE_URL = test.url;
  await seedDatabase(test.db, { now: NOW, weeks: 6 });
  await seedDemoAccounts(test.db);
  await test.db.user.update({ where: { email: BOOKER }, data: { locale: "en", timeZone: "Asia/Shanghai" } });
  booker = await actorOf(BOOKER);
  supervisor = await actorOf("staff.lanzhou@silu-gateway.example");
  anna = await actorOf(ANNA);
  wuwei = await actorOf("admin@wuwei-agri.example");
  const open = await test.db.departure.findMany({
    where: {
      status: "OPEN",
      service: { originCode: "CNLAZ", destinationCode: "DEDUI" },
      capacities: { some: { equipmentCode: "45G1", available: { gte: 4 } } },
      cargoCutoffAt: { gt: new Date(NOW.getTime() + 14 * 86_400_000) },
    },
    orderBy: { departureAt: "asc" },
  });
  departures = open.map((departure) => departure.id);
  expect(departures.length).toBeGreaterThanOrEqual(4);
});

afterAll(async () => {
  await test?.drop();
});

describe(`tracking alerts (${engine})`, () => {
  it("subscribes only to a consignment the user may follow: other companies and unshared bookings are 404, nothing written", async () => {
    const shared = await consignment(departures[0]!, true);
    const notShared = await consignment(departures[0]!, false);
    for (const [actor, reference] of [
      [wuwei, shared],
      [supervisor, shared],
      [anna, notShared],
    ] as const) {
      await expect(subscribeAlerts(test.db, actor, reference, every)).rejects.toMatchObject({ status: 404 });
      await expect(createCalendarFeed(test.db, actor, reference)).rejects.toMatchObject({ status: 404 });
    }
    expect(await test.db.alertSubscription.count()).toBe(0);
    expect(await test.db.calendarFeed.count()).toBe(0);
    // Through the page too: the loader and the action answer 404.
    const page = await route("$lang.track_.$reference_.alerts.tsx");
    const { createSession } = await import("~/domain/identity/session.server");
    const cookie = await createSession(test.db, wuwei.userId, meta);
    const request = (form?: Record<string, string>) =>
      new Request(`http://localhost/en/track/${shared}/alerts`, {
        method: form ? "POST" : "GET",
        headers: {
          Cookie: cookie.split(";")[0]!,
          ...(form ? { "Content-Type": "application/x-www-form-urlencoded" } : {}),
        },
        body: form ? new URLSearchParams(form) : undefined,
      });
    const params = { lang: "en", reference: shared };
    expect(await statusOf(page.loader!({ request: request(), params, context: {} }))).toBe(404);
    const save = { intent: "save", events: "on", etaThresholdHours: "12", etaDelivery: "IMMEDIATE" };
    expect(await statusOf(page.action!({ request: request(save), params, context: {} }))).toBe(404);
    expect(await test.db.alertSubscription.count()).toBe(0);

    // The partner it is shared with and the exporter's booker may.
    await subscribeAlerts(test.db, anna, shared, every);
    await subscribeAlerts(test.db, booker, shared, { ...every, etaDelivery: "DIGEST" });
    await subscribeAlerts(test.db, booker, shared, every);
    expect(await test.db.alertSubscription.count({ where: { cancelledAt: null } })).toBe(2);
    await unsubscribeAlerts(test.db, booker, shared);
    await unsubscribeAlerts(test.db, anna, shared);
    // A double click on a fresh subscription: one row, no error.
    const fresh = await consignment(departures[0]!, true);
    await Promise.all([subscribeAlerts(test.db, anna, fresh, every), subscribeAlerts(test.db, anna, fresh, every)]);
    expect(
      await test.db.alertSubscription.count({ where: { userId: anna.userId, bookingId: await bookingId(fresh) } }),
    ).toBe(1);
    await unsubscribeAlerts(test.db, anna, fresh);
  });

  it("an actual arrival: exactly one e-mail per subscriber even with two notifiers, in their language and zone, with RFC 8058 headers; a correction is not sent again", async () => {
    const departureId = departures[0]!;
    const reference = await consignment(departureId, true);
    await subscribeAlerts(test.db, anna, reference, every, later(5));
    await subscribeAlerts(test.db, booker, reference, every, later(5));
    const departure = await test.db.departure.findUniqueOrThrow({ where: { id: departureId } });
    const arrivedAt = new Date(departure.etaAt.getTime() - 2 * HOUR);
    const localTime = DateTime.fromJSDate(arrivedAt, { zone: "Europe/Berlin" }).toFormat("yyyy-MM-dd'T'HH:mm");
    const recordedAt = new Date(arrivedAt.getTime() + HOUR);
    const event = await recordOperationalEvent(
      test.db,
      supervisor,
      { departureId, milestone: "ARRIVED", placeCode: "DEDUI", localTime },
      recordedAt,
    );

    // Two sweeps write each fact once; then two notifiers send the same due rows at once.
    await Promise.all([collectTrackingAlerts(test.db, recordedAt), collectTrackingAlerts(test.db, recordedAt)]);
    expect(await test.db.alertDelivery.count({ where: { bookingId: await bookingId(reference) } })).toBe(2);
    await Promise.all([sendTrackingAlerts(test.db, recordedAt), sendTrackingAlerts(test.db, recordedAt)]);
    await sendBookingNotifications(test.db, new Date(recordedAt.getTime() + 60_000));

    const annaMails = await alertMails(ANNA);
    expect(annaMails.map((mail) => [mail.template, mail.locale, mail.subject])).toEqual([
      ["alerts.event.ARRIVED", "de", `${reference} ist in Duisburg angekommen`],
    ]);
    expect(annaMails[0]!.text).toContain(
      `Die Sendung ${reference} ist am ${formatLocalDateTime(arrivedAt, "de", "Europe/Berlin")} in Duisburg angekommen.`,
    );
    expect(annaMails[0]!.text).toContain("(Europe/Berlin)");
    const bookerMails = await alertMails(BOOKER);
    expect(bookerMails.map((mail) => [mail.locale, mail.subject])).toEqual([
      ["en", `${reference} has arrived in Duisburg`],
    ]);
    expect(bookerMails[0]!.text).toContain(formatLocalDateTime(arrivedAt, "en", "Asia/Shanghai"));

    // RFC 8058: an absolute https-or-configured URL per message, the one-click header, and the link in the body.
    for (const mail of [...annaMails, ...bookerMails]) {
      const headers = JSON.parse(mail.headers!) as Record<string, string>;
      expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
      expect(headers["List-Unsubscribe"]).toMatch(
        new RegExp(`^<${env().APP_URL.replace(/[.]/g, "\\.")}/unsubscribe/[A-Za-z0-9_-]{43}>$`),
      );
      const token = tokenOf(mail);
      expect(mail.text).toContain(`${env().APP_URL}/unsubscribe/${token}`);
      expect(mail.html).toContain(`href="${env().APP_URL}/unsubscribe/${token}"`);
      // Stored hashed only.
      expect(await test.db.alertUnsubscribeToken.count({ where: { tokenHash: token } })).toBe(0);
    }
    expect(tokenOf(annaMails[0]!)).not.toBe(tokenOf(bookerMails[0]!));

    // Staff correct the arrival time: the fact was told, nothing is sent again.
    await recordOperationalEvent(
      test.db,
      supervisor,
      {
        departureId,
        milestone: "ARRIVED",
        placeCode: "DEDUI",
        localTime: DateTime.fromJSDate(new Date(arrivedAt.getTime() - HOUR), { zone: "Europe/Berlin" }).toFormat(
          "yyyy-MM-dd'T'HH:mm",
        ),
        supersedesId: event.id,
      },
      new Date(recordedAt.getTime() + 2 * HOUR),
    );
    await sendTrackingAlerts(test.db, new Date(recordedAt.getTime() + 3 * HOUR));
    expect(await alertMails(ANNA)).toHaveLength(1);
    expect(await alertMails(BOOKER)).toHaveLength(1);
    expect(await test.db.alertDelivery.count({ where: { bookingId: await bookingId(reference) } })).toBe(2);
  });

  it("ETA changes: nothing below the threshold; above it, at once with the ETA last told; a daily digest per user at 08:00 their time", async () => {
    const first = departures[1]!;
    const second = departures[2]!;
    const one = await consignment(first, true);
    const two = await consignment(second, true);
    await subscribeAlerts(test.db, booker, one, every, later(5));
    await subscribeAlerts(test.db, anna, one, { events: true, etaThresholdHours: 24, etaDelivery: "DIGEST" }, later(5));
    await subscribeAlerts(test.db, anna, two, { events: true, etaThresholdHours: 6, etaDelivery: "DIGEST" }, later(5));
    const original = await test.db.departure.findUniqueOrThrow({ where: { id: first } });
    const delay = async (departureId: string, hours: number, at: Date) => {
      const current = await test.db.departure.findUniqueOrThrow({ where: { id: departureId } });
      await delayDeparture(
        test.db,
        supervisor,
        departureId,
        {
          departureAt: new Date(current.departureAt.getTime() + hours * HOUR),
          etaAt: new Date(current.etaAt.getTime() + hours * HOUR),
          reasonCode: "BORDER_CONGESTION",
        },
        meta,
        at,
      );
      await Promise.all([sendTrackingAlerts(test.db, at), sendTrackingAlerts(test.db, at)]);
    };

    // +6 h: below 12 h for the booker, below 24 h for Anna.
    await delay(first, 6, later(10));
    expect(await alertMails(BOOKER)).toHaveLength(1); // the arrival of the previous test only
    // +8 h more: 14 h from what the booker was told → one e-mail, from the original ETA.
    await delay(first, 8, later(20));
    const etaMails = (await alertMails(BOOKER)).filter((mail) => mail.template === "alerts.eta");
    expect(etaMails).toHaveLength(1);
    const eta14 = new Date(original.etaAt.getTime() + 14 * HOUR);
    expect(etaMails[0]!.text).toContain(
      `has moved from ${formatLocalDateTime(original.etaAt, "en", "Asia/Shanghai")} to ${formatLocalDateTime(eta14, "en", "Asia/Shanghai")}`,
    );
    // +11 h more: 11 h from what the booker was last told (below), 25 h for Anna (above: into her digest).
    await delay(first, 11, later(30));
    expect((await alertMails(BOOKER)).filter((mail) => mail.template === "alerts.eta")).toHaveLength(1);
    await delay(second, 7, later(40));
    // Not sent before 08:00 in Berlin (NOW is 01:00 there).
    expect(await alertMails(ANNA)).toHaveLength(1);
    const rows = await test.db.alertDelivery.findMany({ where: { userId: anna.userId, delivery: "DIGEST" } });
    expect(rows).toHaveLength(2);
    expect(rows.map((row) => row.dueAt.toISOString())).toEqual([
      "2026-12-01T07:00:00.000Z",
      "2026-12-01T07:00:00.000Z",
    ]);

    const due = new Date("2026-12-01T07:00:30Z");
    await Promise.all([sendTrackingAlerts(test.db, due), sendTrackingAlerts(test.db, due)]);
    await sendTrackingAlerts(test.db, new Date(due.getTime() + 60_000));
    const digests = (await alertMails(ANNA)).filter((mail) => mail.template === "alerts.digest");
    expect(digests).toHaveLength(1);
    expect(digests[0]!.locale).toBe("de");
    expect(digests[0]!.subject).toContain("Sendungsverfolgung: Zusammenfassung vom");
    const [firstRef, secondRef] = [one, two].sort();
    expect(digests[0]!.text.indexOf(firstRef!)).toBeLessThan(digests[0]!.text.indexOf(secondRef!));
    expect(digests[0]!.text).toContain(
      `ETA von ${formatLocalDateTime(original.etaAt, "de", "Europe/Berlin")} auf ${formatLocalDateTime(new Date(original.etaAt.getTime() + 25 * HOUR), "de", "Europe/Berlin")} verschoben`,
    );
    expect(JSON.parse(digests[0]!.headers!)).toMatchObject({ "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
  });

  it("one-click unsubscribe: POST with List-Unsubscribe=One-Click ends the alerts without a session; GET does not", async () => {
    const departureId = departures[3]!;
    const reference = await consignment(departureId, true);
    await subscribeAlerts(test.db, anna, reference, every, later(5));
    const departure = await test.db.departure.findUniqueOrThrow({ where: { id: departureId } });
    const at = new Date(departure.departureAt.getTime() + HOUR);
    await recordOperationalEvent(
      test.db,
      supervisor,
      {
        departureId,
        milestone: "DEPARTED",
        placeCode: "CNLAZ",
        localTime: DateTime.fromJSDate(departure.departureAt, { zone: "Asia/Shanghai" }).toFormat("yyyy-MM-dd'T'HH:mm"),
      },
      at,
    );
    await sendTrackingAlerts(test.db, at);
    const mail = (await alertMails(ANNA)).find((candidate) => candidate.subject.includes(reference))!;
    expect(mail.template).toBe("alerts.event.DEPARTED");
    const token = tokenOf(mail);
    const active = async () =>
      (
        await test.db.alertSubscription.findFirstOrThrow({
          where: { userId: anna.userId, bookingId: await bookingId(reference) },
        })
      ).cancelledAt === null;

    // The mail client's GET (or a scanner): sent to the page in Anna's language, nothing ended.
    const oneClick = await route("unsubscribe.$token.tsx");
    const get = await outcome(
      oneClick.loader!({
        request: new Request(`http://localhost/unsubscribe/${token}`),
        params: { token },
        context: {},
      }),
    );
    expect(get).toBeInstanceOf(Response);
    expect((get as Response).status).toBe(302);
    expect((get as Response).headers.get("Location")).toBe(`/de/unsubscribe/${token}`);
    const page = await route("$lang.unsubscribe.$token.tsx");
    const shown = (await page.loader!({
      request: new Request(`http://localhost/de/unsubscribe/${token}`),
      params: { lang: "de", token },
      context: {},
    })) as { references: string[]; all: boolean };
    expect(shown).toMatchObject({ references: [reference], all: false });
    expect(await active()).toBe(true);

    // A POST without the one-click body, an unknown token: refused, nothing ended.
    const post = (value: string, body: BodyInit, type?: string) =>
      oneClick.action!({
        request: new Request(`http://localhost/unsubscribe/${value}`, {
          method: "POST",
          headers: type ? { "Content-Type": type } : {},
          body,
        }),
        params: { token: value },
        context: {},
      });
    expect(await statusOf(post(token, "List-Unsubscribe=Yes", "application/x-www-form-urlencoded"))).toBe(400);
    expect(
      await statusOf(post("A".repeat(43), "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded")),
    ).toBe(404);
    expect(await active()).toBe(true);
    // The one-click POST (here multipart, as some providers send it), with no cookie and no Origin.
    const form = new FormData();
    form.set("List-Unsubscribe", "One-Click");
    const done = await outcome(post(token, form));
    expect((done as Response).status).toBe(200);
    expect(await active()).toBe(false);
    // Asked again: still fine, nothing more to end.
    expect(await statusOf(post(token, "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded"))).toBe(200);
    // The CSRF guard lets exactly this shape through without Origin, nothing else.
    expect(isSameOriginMutation("POST", `/unsubscribe/${token}`, {}, "https://silu.example.cn")).toBe(true);
    expect(isSameOriginMutation("POST", `/de/unsubscribe/${token}`, {}, "https://silu.example.cn")).toBe(false);
    expect(isSameOriginMutation("POST", `/unsubscribe/${token}/x`, {}, "https://silu.example.cn")).toBe(false);
    // No more e-mails after unsubscribing.
    await recordOperationalEvent(
      test.db,
      supervisor,
      {
        departureId,
        milestone: "ARRIVED",
        placeCode: "DEDUI",
        localTime: DateTime.fromJSDate(departure.etaAt, { zone: "Europe/Berlin" }).toFormat("yyyy-MM-dd'T'HH:mm"),
      },
      new Date(departure.etaAt.getTime() + HOUR),
    );
    const before = (await alertMails(ANNA)).length;
    await sendTrackingAlerts(test.db, new Date(departure.etaAt.getTime() + HOUR));
    expect(await alertMails(ANNA)).toHaveLength(before);
  });

  it("the iCalendar feed: departure and ETA in UTC with German place names; 404 after regenerating, revoking or unsharing", async () => {
    const departureId = departures[1]!;
    const reference = (await test.db.booking.findFirstOrThrow({
      where: { departureId, shares: { some: { partnerId: anna.userId, revokedAt: null } } },
      select: { reference: true },
    }))!.reference;
    const feedRoute = await route("calendar.$file.ts");
    const fetchFeed = async (url: string) => {
      const file = url.split("/calendar/")[1]!;
      return outcome(
        feedRoute.loader!({ request: new Request(`http://localhost/calendar/${file}`), params: { file }, context: {} }),
      );
    };
    const { url } = await createCalendarFeed(test.db, anna, reference);
    expect(url).toMatch(new RegExp(`^${env().APP_URL.replace(/[.]/g, "\\.")}/calendar/[A-Za-z0-9_-]{43}\\.ics$`));
    const response = (await fetchFeed(url)) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    const ics = (await response.text()).replace(/\r\n[ \t]/g, "");
    const departure = await test.db.departure.findUniqueOrThrow({ where: { id: departureId } });
    const utc = (date: Date) =>
      date
        .toISOString()
        .replace(/[-:]/g, "")
        .replace(/\.\d{3}/, "");
    expect(ics).toContain(`UID:${reference}-${departureId}-departure@silu-gateway`);
    expect(ics).toContain(`UID:${reference}-${departureId}-arrival@silu-gateway`);
    // Delayed three times (previous test): the ETA in force, the third revision.
    expect(ics).toContain(`DTSTART:${utc(departure.etaAt)}`);
    expect(ics).toContain(`DTSTART:${utc(departure.departureAt)}`);
    expect(ics).toContain("SEQUENCE:3");
    expect(ics).toContain("LOCATION:Duisburg");
    expect(ics).toContain(`SUMMARY:Ankunft ${reference} in Duisburg (ETA)`);

    // A new address: the old one is 404.
    const renewed = await createCalendarFeed(test.db, anna, reference);
    expect(await statusOf(fetchFeed(url))).toBe(404);
    expect(await statusOf(fetchFeed(renewed.url))).toBe(200);
    // Unshared: 404, and it stays 404 for any address.
    await setBookingShares(test.db, { actor: booker, reference, partnerIds: [], meta });
    expect(await statusOf(fetchFeed(renewed.url))).toBe(404);
    await setBookingShares(test.db, { actor: booker, reference, partnerIds: [anna.userId], meta });
    expect(await statusOf(fetchFeed(renewed.url))).toBe(200);
    await revokeCalendarFeed(test.db, anna, reference);
    expect(await statusOf(fetchFeed(renewed.url))).toBe(404);
    // Made twice and revoked once, each on record with who did it.
    const audited = await test.db.auditEvent.findMany({
      where: { actorId: anna.userId, action: { startsWith: "tracking.calendar_feed_" } },
      orderBy: { createdAt: "asc" },
    });
    expect(audited.map((entry) => entry.action)).toEqual([
      "tracking.calendar_feed_created",
      "tracking.calendar_feed_created",
      "tracking.calendar_feed_revoked",
    ]);
    expect(await statusOf(fetchFeed(`${env().APP_URL}/calendar/${"B".repeat(43)}.ics`))).toBe(404);
  });
});

async function bookingId(reference: string): Promise<string> {
  return (await test.db.booking.findUniqueOrThrow({ where: { reference }, select: { id: true } })).id;
}
