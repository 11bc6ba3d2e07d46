import { randomUUID } from "node:crypto";
import type { Tx } from "~/utils/transactions.server";
import { plannedCalls } from "./planned-calls";

/**
 * The events a consignment gets from its own life rather than from the terminal (decision 018):
 * the planned (PLN) calls of its departure, written when the booking is confirmed or moved, and
 * shipment events for what happens to its booking and its through waybill. Written in the
 * transaction of the change they record; never changed afterwards.
 */

/** DCSA shipment event codes this portal records, with the document each concerns. */
export type ShipmentChange =
  | { typeCode: "RECE" | "CONF" | "VOID"; documentTypeCode: "BKG" }
  | { typeCode: "ISSU" | "SURR" | "VOID"; documentTypeCode: "TRD"; documentReference: string };

const MILESTONE_OF_SHIPMENT: Record<string, string> = {
  "BKG:RECE": "BOOKING_RECEIVED",
  "BKG:CONF": "BOOKING_CONFIRMED",
  "BKG:VOID": "BOOKING_CANCELLED",
  "TRD:ISSU": "WAYBILL_ISSUED",
  "TRD:SURR": "WAYBILL_SURRENDERED",
  "TRD:VOID": "WAYBILL_VOIDED",
};

async function consignment(tx: Tx, bookingId: string) {
  return tx.booking.findUniqueOrThrow({
    where: { id: bookingId },
    select: {
      id: true,
      reference: true,
      departureId: true,
      departure: {
        select: {
          departureAt: true,
          etaAt: true,
          service: {
            select: {
              originCode: true,
              legs: {
                orderBy: { sequence: "asc" },
                select: { fromCode: true, toCode: true, plannedHours: true, gaugeChange: true },
              },
            },
          },
        },
      },
    },
  });
}

/** A shipment event of the booking (at its origin), e.g. confirmed, or its waybill issued. */
export async function recordShipmentEvent(
  tx: Tx,
  {
    bookingId,
    change,
    remark = null,
    actorId = null,
    now,
    known,
  }: {
    bookingId: string;
    change: ShipmentChange;
    remark?: string | null;
    actorId?: string | null;
    now: Date;
    /** What the caller already read of the booking (the hold path): then nothing is read here. */
    known?: { reference: string; departureId: string; originCode: string };
  },
) {
  // Only where and what: a hold records one of these, and holds are a hot path.
  const booking =
    known === undefined
      ? await tx.booking.findUniqueOrThrow({
          where: { id: bookingId },
          select: {
            id: true,
            reference: true,
            departureId: true,
            departure: { select: { service: { select: { originCode: true } } } },
          },
        })
      : { id: bookingId, ...known, departure: { service: { originCode: known.originCode } } };
  // createMany: one INSERT, without reading the row back.
  await tx.operationalEvent.createMany({
    data: {
      id: randomUUID(),
      eventType: "SHIPMENT",
      classifier: "ACT",
      typeCode: change.typeCode,
      milestone: MILESTONE_OF_SHIPMENT[`${change.documentTypeCode}:${change.typeCode}`]!,
      eventAt: now,
      createdAt: now,
      placeCode: booking.departure.service.originCode,
      facilityType: null,
      departureId: booking.departureId,
      bookingId: booking.id,
      documentTypeCode: change.documentTypeCode,
      documentReference: change.documentTypeCode === "TRD" ? change.documentReference : booking.reference,
      remark: remark?.slice(0, 250) ?? null,
      actorId,
    },
  });
}

/**
 * The planned calls of the booking's departure, once per (booking, departure): a booking
 * confirmed twice over (a late payment after a confirmation by hand) is planned once, and one
 * moved to another departure gets that departure's plan beside the old one's.
 */
export async function recordPlannedCalls(tx: Tx, bookingId: string, now: Date) {
  const booking = await consignment(tx, bookingId);
  const planned = await tx.operationalEvent.count({
    where: { bookingId, departureId: booking.departureId, classifier: "PLN" },
  });
  if (planned > 0) return;
  const borders = new Set(
    (
      await tx.place.findMany({
        where: { code: { in: booking.departure.service.legs.map((leg) => leg.toCode) }, kind: "BORDER" },
        select: { code: true },
      })
    ).map((place) => place.code),
  );
  const calls = plannedCalls(
    { ...booking.departure, originCode: booking.departure.service.originCode },
    booking.departure.service.legs,
    (code) => borders.has(code),
  );
  await tx.operationalEvent.createMany({
    data: calls.map((call) => ({
      id: randomUUID(),
      eventType: "TRANSPORT",
      classifier: "PLN",
      typeCode: call.typeCode,
      milestone: call.milestone,
      eventAt: call.eventAt,
      createdAt: now,
      placeCode: call.placeCode,
      facilityType: call.facilityType,
      departureId: booking.departureId,
      bookingId,
      gaugeChange: call.gaugeChange,
    })),
  });
}

/** A booking is confirmed: its shipment event, and the plan tracking compares the journey with. */
export async function recordConfirmation(tx: Tx, bookingId: string, actorId: string | null, now: Date) {
  await recordShipmentEvent(tx, { bookingId, change: { typeCode: "CONF", documentTypeCode: "BKG" }, actorId, now });
  await recordPlannedCalls(tx, bookingId, now);
}
