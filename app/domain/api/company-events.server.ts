import type { Prisma } from "~/generated/prisma/sqlite/client";
import type { Db } from "~/utils/db.server";
import { toDcsaEvents, type StoredEvent } from "~/domain/operations/events";

/*
 * What the partner API shows one company of the operational event store (issue 14, decision
 * 025): the events of its own bookings and of the bookings shared with it, each in the DCSA
 * T&T 2.2 form, carrying only that company's references. An event of the whole departure (no
 * booking) is seen through the company's confirmed bookings on that train: a transport event
 * names only those bookings; an equipment event is one event per container of theirs; a
 * customs release one per booking of theirs. Another company's booking reference or container
 * number on the same train never appears.
 */

export type DcsaEvent = Record<string, unknown>;

/** A stored event as the store has it (the columns the mapper reads, and its departure and booking). */
export type StoredOperationalEvent = StoredEvent & { departureId: string; bookingId: string | null };

/** One DCSA event for the company, with where it sits in the feed and what it concerns. */
export interface CompanyEvent {
  event: DcsaEvent;
  /** The stored event it comes from; with `subKey`, its place in the feed's order. */
  storedId: string;
  createdAt: Date;
  /** "" for the stored event's only DCSA event; else the container number or booking reference. */
  subKey: string;
  /** The company's bookings the event concerns. */
  bookingIds: string[];
}

const UN_LOCODE = /^[A-Z]{2}[A-Z2-9]{3}$/;

/**
 * The bookings a company may follow through the API: its own, and those shared (decision 017)
 * with a member of the company who is still a partner of the booking's company (and not
 * disabled). A Prisma filter, to be combined with others.
 */
export async function companyBookingsWhere(db: Db, companyId: string): Promise<Prisma.BookingWhereInput> {
  // Plain SQL (strings only, the same on both engines): the feed asks this on every call.
  const links = await db.$queryRaw<{ partnerId: string; companyId: string }[]>`
    SELECT l."partnerId", l."companyId" FROM "PartnerLink" l
    JOIN "Membership" m ON m."userId" = l."partnerId"
    JOIN "User" u ON u."id" = l."partnerId"
    WHERE m."companyId" = ${companyId} AND u."disabledAt" IS NULL`;
  const partners = new Map<string, string[]>();
  for (const link of links) partners.set(link.partnerId, [...(partners.get(link.partnerId) ?? []), link.companyId]);
  return {
    OR: [
      { companyId },
      ...[...partners].map(([partnerId, companyIds]) => ({
        companyId: { in: companyIds },
        shares: { some: { partnerId, revokedAt: null } },
      })),
    ],
  };
}

interface ViewBooking {
  id: string;
  reference: string;
  departureId: string;
  status: string;
  waybillNumber: string | null;
  containers: { equipmentReference: string; isoEquipmentCode: string }[];
}

/**
 * A departure's train number, kept once read: a departure never changes service, and the feed
 * asks for the same few trains over and over. Bounded: the oldest entries go first.
 */
const SERVICE_NUMBERS = new Map<string, string>();
const SERVICE_NUMBERS_MAX = 20_000;

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * One company's view of the store, loading what it needs for the events it is asked to map
 * (the company's bookings they concern, the departures' train numbers) and keeping it for the
 * next batch.
 */
export class CompanyEventView {
  private visible: Promise<Prisma.BookingWhereInput> | undefined;
  private readonly bookings = new Map<string, ViewBooking | null>();
  private readonly onDeparture = new Map<string, ViewBooking[]>();
  private readonly services = new Map<string, string>();

  constructor(
    private readonly db: Db,
    readonly companyId: string,
  ) {}

  /** The company's bookings, as a Prisma filter (computed once per view). */
  bookingsWhere(): Promise<Prisma.BookingWhereInput> {
    this.visible ??= companyBookingsWhere(this.db, this.companyId);
    return this.visible;
  }

  /** Loads what mapping these events needs. */
  async prepare(events: StoredOperationalEvent[]): Promise<void> {
    await this.load(
      events.flatMap((event) => (event.bookingId ? [event.bookingId] : [])),
      events.flatMap((event) => (event.bookingId ? [] : [event.departureId])),
    );
    const serviceDepartures = [...new Set(events.map((event) => event.departureId))].filter(
      (id) => !this.services.has(id),
    );
    const unknown = serviceDepartures.filter((id) => !SERVICE_NUMBERS.has(id));
    if (unknown.length > 0) {
      const departures = await this.db.departure.findMany({
        where: { id: { in: unknown } },
        select: { id: true, service: { select: { serviceNumber: true } } },
      });
      for (const departure of departures) {
        if (SERVICE_NUMBERS.size >= SERVICE_NUMBERS_MAX) SERVICE_NUMBERS.delete(SERVICE_NUMBERS.keys().next().value!);
        SERVICE_NUMBERS.set(departure.id, departure.service.serviceNumber);
      }
    }
    for (const id of serviceDepartures) this.services.set(id, SERVICE_NUMBERS.get(id) ?? "");
  }

  /**
   * Loads these bookings if the company may see them (any status), and the company's confirmed
   * bookings on these departures (what an event of the whole train is seen through).
   */
  async load(bookingList: string[], departureList: string[]): Promise<void> {
    const bookingIds = [...new Set(bookingList)].filter((id) => !this.bookings.has(id));
    const departureIds = [...new Set(departureList)].filter((id) => !this.onDeparture.has(id));
    if (bookingIds.length === 0 && departureIds.length === 0) return;
    const rows = await this.db.booking.findMany({
      where: {
        AND: [
          await this.bookingsWhere(),
          {
            OR: [
              ...(bookingIds.length > 0 ? [{ id: { in: bookingIds } }] : []),
              ...(departureIds.length > 0 ? [{ departureId: { in: departureIds }, status: "CONFIRMED" }] : []),
            ],
          },
        ],
      },
      select: {
        id: true,
        reference: true,
        departureId: true,
        status: true,
        waybill: { select: { number: true, voidedAt: true } },
        equipment: {
          where: { containerNumber: { not: null } },
          select: { containerNumber: true, isoSizeType: true },
        },
      },
    });
    for (const id of bookingIds) this.bookings.set(id, null);
    for (const id of departureIds) this.onDeparture.set(id, []);
    for (const row of rows) {
      const booking: ViewBooking = {
        id: row.id,
        reference: row.reference,
        departureId: row.departureId,
        status: row.status,
        waybillNumber: row.waybill?.number && !row.waybill.voidedAt ? row.waybill.number : null,
        containers: row.equipment
          .map((unit) => ({ equipmentReference: unit.containerNumber!, isoEquipmentCode: unit.isoSizeType }))
          .sort((a, b) => byText(a.equipmentReference, b.equipmentReference)),
      };
      this.bookings.set(row.id, booking);
      if (departureIds.includes(row.departureId) && row.status === "CONFIRMED") {
        this.onDeparture.get(row.departureId)!.push(booking);
      }
    }
    for (const id of departureIds) this.onDeparture.get(id)!.sort((a, b) => byText(a.reference, b.reference));
  }

  /** A loaded booking the company may see, or null. */
  visibleBooking(id: string): { id: string; departureId: string; status: string } | null {
    return this.bookings.get(id) ?? null;
  }

  /** The DCSA events of one prepared stored event for this company (none if it sees nothing of it). */
  map(stored: StoredOperationalEvent): CompanyEvent[] {
    const bound = stored.bookingId ? this.bookings.get(stored.bookingId) : undefined;
    if (bound === undefined && stored.bookingId) throw new Error("CompanyEventView.map before prepare");
    const bookings = stored.bookingId ? (bound ? [bound] : []) : (this.onDeparture.get(stored.departureId) ?? []);
    if (bookings.length === 0) return [];
    const containers = bookings
      .flatMap((booking) => booking.containers.map((box) => ({ ...box, bookingId: booking.id })))
      .sort((a, b) => byText(a.equipmentReference, b.equipmentReference));
    const events = toDcsaEvents(stored, {
      serviceNumber: this.services.get(stored.departureId) ?? "",
      departureId: stored.departureId,
      bookingReferences: bookings.map((booking) => booking.reference),
      transportDocumentReferences: bookings.flatMap((booking) =>
        booking.waybillNumber ? [booking.waybillNumber] : [],
      ),
      containers: containers.map(({ equipmentReference, isoEquipmentCode }) => ({
        equipmentReference,
        isoEquipmentCode,
      })),
      isUnLocode: (code) => UN_LOCODE.test(code),
    });
    const allIds = bookings.map((booking) => booking.id);
    return events
      .map((event) => {
        let subKey = "";
        let bookingIds = allIds;
        if (event.eventType === "EQUIPMENT" && !stored.equipmentReference) {
          subKey = String(event.equipmentReference);
          bookingIds = containers.filter((box) => box.equipmentReference === subKey).map((box) => box.bookingId);
        } else if (event.eventType === "SHIPMENT" && event.documentTypeCode === "CUS" && !stored.bookingId) {
          subKey = String(event.documentID);
          bookingIds = bookings.filter((booking) => booking.reference === subKey).map((booking) => booking.id);
        }
        return { event, storedId: stored.id, createdAt: stored.createdAt, subKey, bookingIds };
      })
      .sort((a, b) => byText(a.subKey, b.subKey));
  }
}

/**
 * The DCSA T&T 2.2 events a company may see of these stored events, in their order (an event
 * the company has nothing to do with yields none). For whoever sends events to a company —
 * the feed (`GET /v2/events`) and event-subscription deliveries use the same mapping.
 */
export async function dcsaEventsForCompany(
  db: Db,
  companyId: string,
  stored: StoredOperationalEvent[],
): Promise<DcsaEvent[]> {
  const view = new CompanyEventView(db, companyId);
  await view.prepare(stored);
  return stored.flatMap((event) => view.map(event).map((mapped) => mapped.event));
}
