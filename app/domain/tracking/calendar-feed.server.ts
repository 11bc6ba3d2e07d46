import ical, { ICalCalendarMethod } from "ical-generator";
import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { loadActor } from "~/domain/identity/actor.server";
import { hashToken } from "~/domain/identity/tokens.server";
import { inForce } from "~/domain/operations/events";
import { loadCatalog, placeName } from "~/domain/places/catalog.server";
import { DEFAULT_LOCALE, isLocale, type Locale } from "~/i18n/config";
import { fixedT } from "~/i18n/i18next.server";
import { currentEstimate, type SweptEvent } from "./alerts";
import { eventFields, mayFollow } from "./alerts.server";

/*
 * A consignment's iCalendar feed (decision 024), for calendar apps that send no cookies: the
 * secret address is the credential. Two events, the departure and the arrival (ETA), with
 * stable UIDs; a delay moves them and raises their SEQUENCE. Times in UTC, names in the
 * subscriber's language. Access is checked on every read: a revoked feed, an unshared booking
 * or a disabled user is a 404.
 */

export const FEED_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The time a milestone is at now, and how many times it was set (its SEQUENCE). */
export function milestoneTime(events: SweptEvent[], milestone: string, timetable: Date, timetableStamp: Date) {
  const actual = inForce(events.filter((event) => event.classifier === "ACT" && event.milestone === milestone));
  const latestActual = actual.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
  const estimate = currentEstimate(events, milestone);
  const chosen = latestActual ?? estimate;
  // Every estimate or actual record of the milestone (corrections included) is one revision.
  const sequence = events.filter(
    (event) => event.milestone === milestone && (event.classifier === "EST" || event.classifier === "ACT"),
  ).length;
  return {
    at: chosen?.eventAt ?? timetable,
    stamp: chosen?.createdAt ?? timetableStamp,
    sequence,
    actual: latestActual !== undefined,
  };
}

export async function calendarFeed(db: Db, token: string): Promise<{ ics: string; filename: string }> {
  const feed = FEED_TOKEN.test(token)
    ? await db.calendarFeed.findUnique({ where: { tokenHash: hashToken(token) } })
    : null;
  if (!feed || feed.revokedAt) throw new AppError("notFound", 404);
  const user = await db.user.findUnique({ where: { id: feed.userId }, select: { locale: true, disabledAt: true } });
  const booking = await db.booking.findUnique({
    where: { id: feed.bookingId },
    select: {
      id: true,
      reference: true,
      companyId: true,
      departure: {
        select: {
          id: true,
          departureAt: true,
          etaAt: true,
          createdAt: true,
          service: { select: { serviceNumber: true, originCode: true, destinationCode: true } },
        },
      },
    },
  });
  if (!user || user.disabledAt || !booking) throw new AppError("notFound", 404);
  if (!(await mayFollow(db, await loadActor(db, feed.userId), booking))) throw new AppError("notFound", 404);

  const locale: Locale = isLocale(user.locale) ? user.locale : DEFAULT_LOCALE;
  const { departure } = booking;
  const { service } = departure;
  const [t, catalog, events] = await Promise.all([
    fixedT(locale, "alerts"),
    loadCatalog(db),
    db.operationalEvent.findMany({
      where: {
        departureId: departure.id,
        classifier: { in: ["ACT", "EST"] },
        milestone: { in: ["DEPARTED", "ARRIVED"] },
        equipmentReference: null,
      },
      select: eventFields,
    }),
  ]);
  const facts = {
    reference: booking.reference,
    service: service.serviceNumber,
    origin: placeName(catalog, service.originCode, locale),
    destination: placeName(catalog, service.destinationCode, locale),
  };
  const calendar = ical({
    name: t("feed.name", facts),
    prodId: { company: "Silu Gateway", product: "tracking", language: locale.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
    ttl: 60 * 60,
  });
  const host = "silu-gateway";
  const items = [
    { kind: "departure", milestone: "DEPARTED", timetable: departure.departureAt, place: facts.origin },
    { kind: "arrival", milestone: "ARRIVED", timetable: departure.etaAt, place: facts.destination },
  ] as const;
  for (const item of items) {
    const time = milestoneTime(events, item.milestone, item.timetable, departure.createdAt);
    calendar.createEvent({
      // Stable while the booking is on this departure; moved to another train, it is a new event.
      id: `${booking.reference}-${departure.id}-${item.kind}@${host}`,
      start: time.at,
      end: new Date(time.at.getTime() + 30 * 60_000),
      stamp: time.stamp,
      sequence: time.sequence,
      summary: t(`feed.${item.kind}${time.actual ? "Actual" : ""}`, facts),
      location: item.place,
      description: t("feed.description", facts),
    });
  }
  return { ics: calendar.toString(), filename: `${booking.reference}.ics` };
}
