import type { Prisma } from "~/generated/prisma/sqlite/client";
import type { Db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { ApiProblem } from "./dcsa-http.server";
import { CompanyEventView, type CompanyEvent, type DcsaEvent } from "./company-events.server";
import { readCursor, signCursor, type FeedPosition } from "./event-cursor.server";
import { DEFAULT_LIMIT, parseEventQuery, type EventFilters } from "./event-query";

/*
 * `GET /v2/events` for one company (decision 025). The feed is every event the company may see
 * (company-events.server.ts), oldest first by eventCreatedDateTime, then stored id, then box or
 * booking within a stored event: a total order on what never changes (the store is
 * append-only), so keyset paging is stable — an event recorded meanwhile comes after the
 * cursor, none is delivered twice or skipped. Events younger than SETTLE_MS are not listed yet:
 * an event written in a transaction that commits a moment after a later one is listed in order.
 */
export const SETTLE_MS = 2_000;

interface Named {
  id: string;
  departureId: string;
}

/**
 * The bookings the filters name (a booking reference, a waybill number, a container number),
 * looked up by their own unique or indexed columns; null when no filter names bookings.
 */
async function namedBookings(db: Db, filters: EventFilters): Promise<Named[] | null> {
  let named: Named[] | null = null;
  const narrow = (found: Named[]) => {
    named = named === null ? found : named.filter((booking) => found.some((other) => other.id === booking.id));
  };
  if (filters.carrierBookingReference) {
    const booking = await db.booking.findUnique({
      where: { reference: filters.carrierBookingReference },
      select: { id: true, departureId: true },
    });
    narrow(booking ? [booking] : []);
  }
  if (filters.transportDocumentReference) {
    const waybill = await db.waybill.findUnique({
      where: { number: filters.transportDocumentReference },
      select: { booking: { select: { id: true, departureId: true } } },
    });
    narrow(waybill ? [waybill.booking] : []);
  }
  if (filters.equipmentReference) {
    const units = await db.shipmentEquipment.findMany({
      where: { containerNumber: filters.equipmentReference },
      select: { booking: { select: { id: true, departureId: true } } },
    });
    narrow(units.map((unit) => unit.booking));
  }
  return named;
}

const WITH_TRANSPORT_CALL: Prisma.OperationalEventWhereInput = { eventType: { in: ["TRANSPORT", "EQUIPMENT"] } };

/** Stored events after a feed position (`inclusive`: its own stored event too, for the rest of its boxes). */
function after(position: FeedPosition | null, inclusive: boolean): Prisma.OperationalEventWhereInput {
  if (!position) return {};
  const at = new Date(position.at);
  return {
    OR: [{ createdAt: { gt: at } }, { createdAt: at, id: inclusive ? { gte: position.id } : { gt: position.id } }],
  };
}

/**
 * One page of the company's feed: up to `limit` DCSA events after `position`, and the position
 * of the last one if more follow.
 */
export async function companyEventFeed(
  db: Db,
  companyId: string,
  filters: EventFilters,
  { limit, position = null, now = new Date() }: { limit: number; position?: FeedPosition | null; now?: Date },
): Promise<{ events: DcsaEvent[]; next: FeedPosition | null }> {
  const none = { events: [], next: null };
  if (filters.matchesNothing) return none;
  const view = new CompanyEventView(db, companyId);
  const named = await namedBookings(db, filters);
  if (named?.length === 0) return none;
  let scope: { id: string; departureId: string; status: string }[];
  if (named) {
    // The named bookings and their trains' bookings of the company, loaded once for the mapping too.
    await view.load(
      named.map((booking) => booking.id),
      named.map((booking) => booking.departureId),
    );
    scope = named.flatMap((booking) => view.visibleBooking(booking.id) ?? []);
  } else {
    scope = await db.booking.findMany({
      where: await view.bookingsWhere(),
      select: { id: true, departureId: true, status: true },
    });
  }
  if (scope.length === 0) return none;
  const scopeIds = new Set(scope.map((booking) => booking.id));
  const trains = [...new Set(scope.filter((booking) => booking.status === "CONFIRMED").map((b) => b.departureId))];

  const where: Prisma.OperationalEventWhereInput[] = [
    {
      OR: [
        { bookingId: { in: [...scopeIds] } },
        ...(trains.length > 0 ? [{ bookingId: null, departureId: { in: trains } }] : []),
      ],
    },
    { createdAt: { lte: new Date(now.getTime() - SETTLE_MS) } },
  ];
  // Filters combine with AND, as DCSA says: a code filter of one event type leaves out the other types.
  if (filters.eventTypes) where.push({ eventType: { in: filters.eventTypes } });
  const codeFilters = [
    ["SHIPMENT", filters.shipmentEventTypeCodes],
    ["TRANSPORT", filters.transportEventTypeCodes],
    ["EQUIPMENT", filters.equipmentEventTypeCodes],
  ] as const;
  for (const [eventType, codes] of codeFilters) if (codes) where.push({ eventType, typeCode: { in: codes } });
  const { gte, gt, lte, lt, eq } = filters.created;
  if (gte || gt || lte || lt || eq) {
    where.push({ createdAt: { ...(gte && { gte }), ...(gt && { gt }), ...(lte && { lte }), ...(lt && { lt }) } });
    if (eq) where.push({ createdAt: eq });
  }
  if (filters.documentTypeCodes) {
    // A customs release recorded without a document type is the booking's customs document (CUS).
    const codes = filters.documentTypeCodes;
    where.push({
      eventType: "SHIPMENT",
      OR: [{ documentTypeCode: { in: codes } }, ...(codes.includes("CUS") ? [{ documentTypeCode: null }] : [])],
    });
  }
  if (filters.UNLocationCode) where.push(WITH_TRANSPORT_CALL, { placeCode: filters.UNLocationCode });
  if (filters.equipmentReference) {
    where.push(WITH_TRANSPORT_CALL, {
      OR: [{ equipmentReference: null }, { equipmentReference: filters.equipmentReference }],
    });
  }
  if (filters.transportCallID) {
    // DCSA's transportCallID here is "<departure id>-<place code>" (toDcsaEvents); departure ids have no dash.
    const dash = filters.transportCallID.indexOf("-");
    if (dash < 1) return none;
    where.push(WITH_TRANSPORT_CALL, {
      departureId: filters.transportCallID.slice(0, dash),
      placeCode: filters.transportCallID.slice(dash + 1),
    });
  }
  if (filters.carrierServiceCode) {
    const departures = await db.departure.findMany({
      where: { id: { in: [...new Set(scope.map((booking) => booking.departureId))] } },
      select: { id: true, service: { select: { serviceNumber: true } } },
    });
    const ids = departures.filter((d) => d.service.serviceNumber.slice(0, 5) === filters.carrierServiceCode);
    where.push(WITH_TRANSPORT_CALL, { departureId: { in: ids.map((departure) => departure.id) } });
  }

  const keep = ({ event, bookingIds }: CompanyEvent) =>
    (named === null || bookingIds.some((id) => scopeIds.has(id))) &&
    !(
      filters.equipmentReference &&
      event.eventType === "EQUIPMENT" &&
      event.equipmentReference !== filters.equipmentReference
    ) &&
    !(filters.documentTypeCodes && !filters.documentTypeCodes.includes(String(event.documentTypeCode)));

  const found: CompanyEvent[] = [];
  const batch = Math.min(limit + 1, 500);
  let from = position;
  let inclusive = true;
  for (;;) {
    const rows = await db.operationalEvent.findMany({
      where: { AND: [...where, after(from, inclusive)] },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: batch,
    });
    await view.prepare(rows);
    for (const row of rows) {
      const resumed = position && row.id === position.id && row.createdAt.getTime() === position.at;
      for (const mapped of view.map(row)) {
        if (resumed && mapped.subKey <= position.sub) continue;
        if (keep(mapped)) found.push(mapped);
      }
      if (found.length > limit) break;
    }
    if (found.length > limit || rows.length < batch) break;
    const last = rows.at(-1)!;
    from = { at: last.createdAt.getTime(), id: last.id, sub: "" };
    inclusive = false;
  }
  const page = found.slice(0, limit);
  const last = page.at(-1);
  return {
    events: page.map((mapped) => mapped.event),
    next: found.length > limit && last ? { at: last.createdAt.getTime(), id: last.storedId, sub: last.subKey } : null,
  };
}

/**
 * `GET /v2/events`: the query (or the cursor it carries) checked, one page of the company's
 * feed, and DCSA's paging headers — links whose cursor is signed for this company and these
 * filters. A cursor may come alone or with the same filters it was made for (and a new limit).
 */
export async function eventsPage(db: Db, companyId: string, params: URLSearchParams, now = new Date()) {
  const query = parseEventQuery(params);
  let canonical = query.canonical;
  let filters = query.filters;
  let limit = query.limit ?? DEFAULT_LIMIT;
  let position: FeedPosition | null = null;
  if (query.cursor) {
    const state = readCursor(companyId, query.cursor);
    if (query.canonical && query.canonical !== state.query)
      throw new ApiProblem(400, "invalidCursor", { name: "cursor" });
    canonical = state.query;
    filters = parseEventQuery(new URLSearchParams(canonical)).filters;
    limit = query.limit ?? state.limit;
    position = state.after;
  }
  const page = await companyEventFeed(db, companyId, filters, { limit, position, now });
  const link = (after: FeedPosition | null) =>
    `${env().APP_URL}/v2/events?cursor=${signCursor(companyId, { query: canonical, limit, after })}`;
  const headers: Record<string, string> = { "Current-Page": link(position) };
  if (position) headers["First-Page"] = link(null);
  if (page.next) headers["Next-Page"] = link(page.next);
  return { events: page.events, headers };
}

const UUID = /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;

/**
 * `GET /v2/events/{eventID}`: the event if the company may see it, else null (404) — also for an
 * id derived for another company's box. A derived id keeps its stored event's first 24
 * characters (deriveId), so the candidates are the stored events with that prefix.
 */
export async function companyEvent(db: Db, companyId: string, eventId: string): Promise<DcsaEvent | null> {
  if (!UUID.test(eventId)) return null;
  const id = eventId.toLowerCase();
  const prefix = id.slice(0, 24);
  const rows = await db.operationalEvent.findMany({
    where: { id: { gte: `${prefix}000000000000`, lte: `${prefix}ffffffffffff` } },
    take: 20,
  });
  if (rows.length === 0) return null;
  const view = new CompanyEventView(db, companyId);
  await view.prepare(rows);
  return rows.flatMap((row) => view.map(row)).find((mapped) => mapped.event.eventID === id)?.event ?? null;
}
