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
  const partners = await db.user.findMany({
    where: { disabledAt: null, memberships: { some: { companyId } }, partnerLinks: { some: {} } },
    select: { id: true, partnerLinks: { select: { companyId: true } } },
  });
  return {
    OR: [
      { companyId },
      ...partners.map((partner) => ({
        companyId: { in: partner.partnerLinks.map((link) => link.companyId) },
        shares: { some: { partnerId: partner.id, revokedAt: null } },
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
    const bookingIds = [...new Set(events.flatMap((event) => (event.bookingId ? [event.bookingId] : [])))].filter(
      (id) => !this.bookings.has(id),
    );
    const departureIds = [...new Set(events.flatMap((event) => (event.bookingId ? [] : [event.departureId])))].filter(
      (id) => !this.onDeparture.has(id),
    );
    const serviceDepartures = [...new Set(events.map((event) => event.departureId))].filter(
      (id) => !this.services.has(id),
    );
    if (bookingIds.length > 0 || departureIds.length > 0) {
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
    if (serviceDepartures.length > 0) {
      const departures = await this.db.departure.findMany({
        where: { id: { in: serviceDepartures } },
        select: { id: true, service: { select: { serviceNumber: true } } },
      });
      for (const id of serviceDepartures) this.services.set(id, "");
      for (const departure of departures) this.services.set(departure.id, departure.service.serviceNumber);
    }
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
