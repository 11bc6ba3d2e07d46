import { randomUUID } from "node:crypto";
import { DateTime } from "luxon";
import type { Db } from "~/utils/db.server";
import { AppError, isUniqueViolation } from "~/utils/app-error";
import { recordAudit } from "~/domain/audit/audit.server";
import { kickBookingNotifications } from "~/domain/booking/notifications.server";
import type { Actor } from "~/domain/identity/permissions";
import { terminalDeparture, routePlaces } from "./departure-access.server";
import { hasActualArrival, MILESTONE_SHAPES, MILESTONES, type Milestone } from "./events";

export interface EventInput {
  departureId: string;
  milestone: Exclude<Milestone, "GATE_IN">;
  placeCode: string;
  /** The wall-clock time at the place ("2026-12-04T10:30"), in the place's own zone. */
  localTime: string;
  /** One container of the departure; none: the event applies to all its containers. */
  equipmentReference?: string | null;
  remark?: string | null;
  /** The event this one corrects. */
  supersedesId?: string | null;
}

/** Events may be recorded a little ahead of the clock (a few minutes' drift), never later. */
const CLOCK_SLACK_MS = 10 * 60_000;

/**
 * Records an actual (ACT) event of a departure or one of its containers. A correction is a new
 * event naming the one it supersedes: nothing recorded is ever changed, and an event is
 * corrected once (the next correction corrects the correction).
 */
export async function recordOperationalEvent(db: Db, actor: Actor, input: EventInput, now = new Date()) {
  const departure = await terminalDeparture(db, actor, input.departureId, "record:event");
  const shape = MILESTONE_SHAPES[input.milestone];
  const place = routePlaces(departure).find((stop) => stop.code === input.placeCode);
  const known = place ? await db.place.findUnique({ where: { code: place.code } }) : null;
  if (!place || !known) throw new AppError("placeNotOnRoute", 400, "placeCode");
  if (input.milestone === "BORDER_CROSSED" && !place.gaugeChange && known.kind !== "BORDER") {
    throw new AppError("notABorder", 400, "placeCode");
  }
  const eventAt = DateTime.fromISO(input.localTime, { zone: known.timeZone });
  if (!eventAt.isValid) throw new AppError("required", 400, "localTime");
  if (eventAt.toMillis() > now.getTime() + CLOCK_SLACK_MS) throw new AppError("eventInFuture", 400, "localTime");

  let unit: { bookingId: string; isoSizeType: string; containerNumber: string | null } | null = null;
  if (input.equipmentReference) {
    if (shape.perDeparture) throw new AppError("eventPerDeparture", 400, "equipmentReference");
    const units = await db.shipmentEquipment.findMany({
      where: {
        containerNumber: input.equipmentReference,
        booking: { departureId: departure.id, status: "CONFIRMED" },
      },
      select: { bookingId: true, isoSizeType: true, containerNumber: true },
      take: 2,
    });
    if (units.length === 0) throw new AppError("containerNotOnDeparture", 400, "equipmentReference");
    // Two bookings declared the same number: the event would go to one of them by chance, and
    // tell the other company's people about a box that is not theirs. Staff sort it out first.
    if (units.length > 1) throw new AppError("containerAmbiguous", 409, "equipmentReference");
    unit = units[0]!;
  }
  let superseded = null;
  if (input.supersedesId) {
    superseded = await db.operationalEvent.findFirst({
      // Actual events only: estimates (a delay's EST events, decision 022) are superseded by the next delay.
      where: { id: input.supersedesId, departureId: departure.id, classifier: "ACT" },
    });
    if (!superseded) throw new AppError("eventNotFound", 400, "supersedesId");
  }

  const row = {
    id: randomUUID(),
    eventType: shape.eventType,
    classifier: "ACT",
    typeCode: shape.typeCode,
    milestone: input.milestone,
    eventAt: eventAt.toJSDate(),
    createdAt: now,
    placeCode: place.code,
    facilityType: shape.facilityType,
    departureId: departure.id,
    bookingId: unit?.bookingId ?? null,
    equipmentReference: unit?.containerNumber ?? null,
    isoEquipmentCode: unit?.isoSizeType ?? null,
    emptyIndicator: shape.eventType === "EQUIPMENT" ? "LADEN" : null,
    gaugeChange: input.milestone === "BORDER_CROSSED" ? place.gaugeChange : null,
    remark: input.remark?.trim() || null,
    supersedesId: superseded?.id ?? null,
    actorId: actor.userId,
  };
  try {
    const recorded = await db.$transaction(async (tx) => {
      const event = await tx.operationalEvent.create({ data: row });
      await recordAudit(tx, {
        actorId: actor.userId,
        action: superseded ? "terminal.event_corrected" : "terminal.event_recorded",
        entity: "Departure",
        entityId: departure.id,
        before: superseded ? eventSnapshot(superseded) : undefined,
        after: eventSnapshot(event),
      });
      return event;
    });
    // Tracking alerts (decision 024) are sent by the booking notifier.
    kickBookingNotifications();
    return recorded;
  } catch (error) {
    // Two corrections of one event at once: the second is told it was corrected meanwhile.
    if (isUniqueViolation(error)) throw new AppError("eventAlreadyCorrected", 409, "supersedesId");
    throw error;
  }
}

function eventSnapshot(event: {
  id: string;
  milestone: string;
  typeCode: string;
  eventAt: Date;
  placeCode: string;
  equipmentReference: string | null;
  remark: string | null;
  supersedesId: string | null;
}) {
  return {
    id: event.id,
    milestone: event.milestone,
    typeCode: event.typeCode,
    eventAt: event.eventAt.toISOString(),
    placeCode: event.placeCode,
    equipmentReference: event.equipmentReference,
    remark: event.remark,
    supersedesId: event.supersedesId,
  };
}

/**
 * A departure's actual events in the order they happened, each with whether a later one
 * corrected it: what the terminal recorded. Estimates (EST, recorded by a delay: decision 022),
 * plans and the bookings' own shipment events (confirmed, waybill issued …) are not.
 */
export async function departureEvents(db: Db, departureId: string) {
  const events = await db.operationalEvent.findMany({
    where: { departureId, classifier: "ACT", milestone: { in: [...MILESTONES] } },
    orderBy: [{ eventAt: "asc" }, { createdAt: "asc" }],
  });
  const correctedBy = new Map(events.flatMap((event) => (event.supersedesId ? [[event.supersedesId, event.id]] : [])));
  return events.map((event) => ({ ...event, correctedBy: correctedBy.get(event.id) ?? null }));
}

/** Whether an actual arrival (or a later milestone) of the departure is recorded and still in force. */
export async function hasArrived(db: Db, departureId: string): Promise<boolean> {
  const events = await db.operationalEvent.findMany({
    where: { departureId, classifier: "ACT" },
    select: { id: true, supersedesId: true, classifier: true, milestone: true },
  });
  return hasActualArrival(events);
}
