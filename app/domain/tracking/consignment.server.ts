import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { can, type Actor } from "~/domain/identity/permissions";
import { loadCatalog, placeName, type Catalog } from "~/domain/places/catalog.server";
import { drawRouteMap, pointAlong, type MapLeg, type RouteMap } from "~/domain/geo/route-map.server";
import type { Locale } from "~/i18n/config";
import { formatLocalDateTime } from "~/i18n/format";
import { sharedOwner, sharedWith } from "./shares.server";
import {
  assembleTimeline,
  containerTimelines,
  currentPosition,
  type Position,
  type StopRole,
  type TimelineEvent,
} from "./timeline";

/** An exporter follows its bookings once confirmed (and after); before, there is nothing to track. */
export const TRACKED_STATUSES = ["CONFIRMED", "COMPLETED"];

/** What a viewer may follow: their companies' confirmed bookings, and the bookings shared with them. */
export function trackedBy(actor: Actor) {
  const own = actor.memberships
    .map((membership) => membership.companyId)
    .filter((companyId) => can(actor, "read:booking", { companyId }));
  const filters: object[] = [];
  if (own.length > 0) filters.push({ companyId: { in: own }, status: { in: TRACKED_STATUSES } });
  if (actor.partnerOf.length > 0) filters.push(sharedWith(actor));
  return filters.length > 0 ? { OR: filters } : null;
}

/**
 * The booking the viewer may follow by its reference: their company's (confirmed or later) or
 * one shared with them now. Unknown, another company's, unshared: the same 404.
 */
export async function findTrackedBooking(db: Db, actor: Actor, reference: string) {
  const booking = await db.booking.findUnique({
    where: { reference },
    select: { id: true, reference: true, companyId: true, status: true },
  });
  if (!booking) throw new AppError("notFound", 404);
  const own = can(actor, "read:booking", { companyId: booking.companyId }) && TRACKED_STATUSES.includes(booking.status);
  if (own || can(actor, "read:booking", await sharedOwner(db, actor, booking))) return booking;
  throw new AppError("notFound", 404);
}

/** A time at a place: on the place's clock, and on the viewer's. */
export interface Clock {
  local: string;
  viewer: string;
}

export interface StopView {
  code: string;
  name: string;
  role: StopRole;
  milestone: string;
  isBorder: boolean;
  gaugeChange: string | null;
  planned: Clock | null;
  estimated: Clock | null;
  actual: Clock | null;
  delayMinutes: number | null;
  /** The delay in words ("1 day, 4 hours"), in the viewer's language. */
  delay: string | null;
}

export interface ConsignmentView {
  reference: string;
  bookingStatus: string;
  serviceNumber: string;
  mode: string;
  origin: string;
  destination: string;
  viewerZone: string;
  stops: StopView[];
  /** Where the ETA comes from: the arrival itself, the latest estimate, or the timetable. */
  eta: Clock & { kind: "actual" | "estimated" | "timetable" };
  position: Position & { fromName?: string; toName?: string; placeName?: string; percent?: string };
  containers: {
    containerNumber: string;
    isoSizeType: string;
    events: { milestone: string; place: string; at: Clock }[];
  }[];
  /** Boxes whose number is not known yet (before gate-in or instructions). */
  unnumbered: number;
  map: RouteMap & { labels: Record<string, string>; marker: { x: number; y: number } | null };
}

/** At most this many events of a departure are read for one page (a departure has dozens). */
const EVENT_CAP = 2_000;

/**
 * Everything the tracking page (and a share link's page) shows of one booking: route places
 * with planned / estimated / actual times and delays, the boxes' own events, the ETA, the map
 * with the current position. Cities and times only — no prices, no addresses, no parties.
 */
export async function consignmentView(
  db: Db,
  bookingId: string,
  {
    locale,
    timeZone: viewerZone = null,
    now = new Date(),
  }: {
    locale: Locale;
    /** The viewer's zone; null (a share link's anonymous reader): the destination's. */
    timeZone: string | null;
    now?: Date;
  },
): Promise<ConsignmentView> {
  const booking = await db.booking.findUniqueOrThrow({
    where: { id: bookingId },
    select: {
      id: true,
      reference: true,
      status: true,
      departureId: true,
      departure: {
        select: {
          etaAt: true,
          service: {
            select: {
              serviceNumber: true,
              mode: true,
              originCode: true,
              destinationCode: true,
              legs: {
                orderBy: { sequence: "asc" },
                select: { mode: true, fromCode: true, toCode: true, plannedHours: true, gaugeChange: true },
              },
            },
          },
        },
      },
      equipment: {
        orderBy: [{ isoSizeType: "asc" }, { sequence: "asc" }],
        select: { containerNumber: true, isoSizeType: true },
      },
    },
  });
  const [events, catalog] = await Promise.all([
    db.operationalEvent.findMany({
      where: { departureId: booking.departureId, OR: [{ bookingId: null }, { bookingId: booking.id }] },
      select: {
        id: true,
        eventType: true,
        classifier: true,
        milestone: true,
        eventAt: true,
        createdAt: true,
        placeCode: true,
        equipmentReference: true,
        supersedesId: true,
      },
      orderBy: { createdAt: "asc" },
      take: EVENT_CAP,
    }),
    loadCatalog(db),
  ]);
  const { service } = booking.departure;
  const places = [
    { code: service.originCode, gaugeChange: null },
    ...service.legs.map((leg) => ({
      code: leg.toCode,
      gaugeChange: leg.gaugeChange,
      border: catalog.places.get(leg.toCode)?.kind === "BORDER",
    })),
  ];
  const stops = assembleTimeline(places, events as TimelineEvent[]);
  const position = currentPosition(
    stops,
    service.legs.map((leg) => leg.plannedHours),
    now,
  );
  const timeZone = viewerZone ?? catalog.places.get(service.destinationCode)?.timeZone ?? "UTC";
  const clock = clocks(catalog, locale, timeZone);
  const name = (code: string) => placeName(catalog, code, locale);
  const destination = stops.at(-1)!;
  const etaAt = destination.actual ?? destination.estimated ?? booking.departure.etaAt;
  const numbered = booking.equipment.flatMap((unit) =>
    unit.containerNumber ? [{ containerNumber: unit.containerNumber, isoSizeType: unit.isoSizeType }] : [],
  );
  return {
    reference: booking.reference,
    bookingStatus: booking.status,
    serviceNumber: service.serviceNumber,
    mode: service.mode,
    origin: name(service.originCode),
    destination: name(service.destinationCode),
    viewerZone: timeZone,
    stops: stops.map((stop) => ({
      code: stop.code,
      name: name(stop.code),
      role: stop.role,
      milestone: stop.milestone,
      isBorder: catalog.places.get(stop.code)?.kind === "BORDER",
      gaugeChange: stop.gaugeChange,
      planned: stop.planned && clock(stop.planned, stop.code),
      estimated: stop.estimated && clock(stop.estimated, stop.code),
      actual: stop.actual && clock(stop.actual, stop.code),
      delayMinutes: stop.delayMinutes,
      delay: stop.delayMinutes === null ? null : formatDelay(stop.delayMinutes, locale),
    })),
    eta: {
      ...clock(etaAt, service.destinationCode),
      kind: destination.actual ? "actual" : destination.estimated ? "estimated" : "timetable",
    },
    position: describePosition(position, stops, name, locale),
    containers: containerTimelines(numbered, events as TimelineEvent[]).map((box) => ({
      ...box,
      events: box.events.map((event) => ({
        milestone: event.milestone,
        place: name(event.placeCode),
        at: clock(event.at, event.placeCode),
      })),
    })),
    unnumbered: booking.equipment.length - numbered.length,
    map: trackingMap(catalog, service, position, locale),
  };
}

function clocks(catalog: Catalog, locale: Locale, viewerZone: string) {
  return (at: Date, placeCode: string): Clock => ({
    local: formatLocalDateTime(at, locale, catalog.places.get(placeCode)?.timeZone ?? "UTC"),
    viewer: formatLocalDateTime(at, locale, viewerZone),
  });
}

function describePosition(
  position: Position,
  stops: { code: string }[],
  name: (code: string) => string,
  locale: Locale,
): ConsignmentView["position"] {
  if (position.state === "notDeparted") return { ...position, placeName: name(stops[0]!.code) };
  if (position.state === "arrived") return { ...position, placeName: name(stops.at(-1)!.code) };
  return {
    ...position,
    fromName: name(stops[position.from]!.code),
    toName: name(stops[position.from + 1]!.code),
    percent: new Intl.NumberFormat(locale, { style: "percent" }).format(position.fraction),
  };
}

/** Days, hours and minutes in the viewer's words (Intl's units: every language's plural forms). */
export function formatDelay(minutes: number, locale: Locale): string {
  const unit = (value: number, name: "day" | "hour" | "minute") =>
    new Intl.NumberFormat(locale, { style: "unit", unit: name, unitDisplay: "long" }).format(value);
  const days = Math.floor(minutes / 1_440);
  const hours = Math.floor((minutes % 1_440) / 60);
  const rest = minutes % 60;
  const parts = [
    ...(days > 0 ? [unit(days, "day")] : []),
    ...(hours > 0 ? [unit(hours, "hour")] : []),
    ...(rest > 0 && days === 0 ? [unit(rest, "minute")] : []),
  ];
  return new Intl.ListFormat(locale, { style: "long", type: "unit" }).format(
    parts.length > 0 ? parts : [unit(0, "minute")],
  );
}

function trackingMap(
  catalog: Catalog,
  service: { legs: { mode: string; fromCode: string; toCode: string }[] },
  position: Position,
  locale: Locale,
): ConsignmentView["map"] {
  const legs: MapLeg[] = service.legs.flatMap((leg) => {
    const from = catalog.places.get(leg.fromCode);
    const to = catalog.places.get(leg.toCode);
    return from && to ? [{ mode: leg.mode, from, to }] : [];
  });
  const map = drawRouteMap(legs);
  const marker =
    legs.length === 0
      ? null
      : position.state === "notDeparted"
        ? pointAlong(legs, 0, 0)
        : position.state === "arrived"
          ? pointAlong(legs, legs.length - 1, 1)
          : pointAlong(legs, position.from, position.fraction);
  return {
    ...map,
    labels: Object.fromEntries(map.points.map((point) => [point.code, placeName(catalog, point.code, locale)])),
    marker,
  };
}
