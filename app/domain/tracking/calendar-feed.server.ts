import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { loadActor } from "~/domain/identity/actor.server";
import { hashToken } from "~/domain/identity/tokens.server";
import { loadCatalog, placeName } from "~/domain/places/catalog.server";
import { DEFAULT_LOCALE, isLocale, type Locale } from "~/i18n/config";
import { fixedT } from "~/i18n/i18next.server";
import { buildCalendar } from "./calendar";
import { eventFields, mayFollow } from "./alerts.server";

/*
 * A consignment's iCalendar feed (decision 024), for calendar apps that send no cookies: the
 * secret address is the credential (calendar.ts draws it). Names in the subscriber's language.
 * Access is checked on every read: a revoked feed, an unshared booking or a disabled user is a 404.
 */

export const FEED_TOKEN = /^[A-Za-z0-9_-]{43}$/;

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
  const ics = buildCalendar({
    reference: booking.reference,
    departureId: departure.id,
    departureAt: departure.departureAt,
    etaAt: departure.etaAt,
    scheduledAt: departure.createdAt,
    events,
    language: locale,
    text: {
      name: t("feed.name", facts),
      summary: (kind, actual) => t(`feed.${kind}${actual ? "Actual" : ""}`, facts),
      origin: facts.origin,
      destination: facts.destination,
      description: t("feed.description", facts),
    },
  });
  return { ics, filename: `${booking.reference}.ics` };
}
