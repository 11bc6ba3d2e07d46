import { randomUUID } from "node:crypto";
import type { Db } from "~/utils/db.server";
import type { Tx } from "~/utils/transactions.server";
import { TRANSACTION_OPTIONS } from "~/utils/transactions.server";
import { invalidFields, isUniqueViolation } from "~/utils/app-error";
import { recordAudit } from "~/domain/audit/audit.server";
import { authorize } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import type { RequestMeta } from "~/domain/identity/session.server";
import { kickBookingNotifications } from "~/domain/booking/notifications.server";
import { invalidateBoard } from "~/domain/scheduling/board-cache.server";
import { inForce } from "./events";
import {
  applyDepartureTimes,
  checkTimes,
  findStaffDeparture,
  type DepartureTimes,
} from "~/domain/scheduling/departure-admin.server";
import {
  AFFECTED_STATUSES,
  DISRUPTION_REASONS,
  type DepartureNoticeDetail,
  type DisruptionReason,
} from "./disruptions";

export interface DelayInput {
  departureAt: Date;
  etaAt: Date;
  reasonCode: DisruptionReason;
  remark?: string | null;
}

/** A departure that has not run yet and is not cancelled can be delayed. */
const DELAYABLE = ["SCHEDULED", "OPEN", "CLOSED"];

/**
 * A supervisor delays a departure: in one audited transaction its times move (departure-admin's
 * change, with its re-clamping; cut-offs stay as they were: a later train gives no one less
 * time), estimated (EST) DEPA and ARRI events are recorded for tracking — each superseding the
 * previous estimate — and each affected booking gets a DEPARTURE_DELAYED event that the notifier
 * sends to its booker and the partners it is shared with, once each, in their language and zone.
 */
export async function delayDeparture(
  db: Db,
  actor: Actor,
  id: string,
  input: DelayInput,
  meta: RequestMeta,
  now = new Date(),
) {
  const { departure } = await findStaffDeparture(db, actor, id);
  const { service } = departure;
  authorize(actor, "manage:departure", { portCode: service.originCode });
  if (!DELAYABLE.includes(departure.status)) throw invalidFields({ form: "disruptions:errors.notDelayable" });
  if (!DISRUPTION_REASONS.includes(input.reasonCode)) throw invalidFields({ reasonCode: "errors.required" });
  if (input.departureAt <= departure.departureAt)
    throw invalidFields({ departureAt: "disruptions:errors.delayNotLater" });
  const before: DepartureTimes = {
    departureAt: departure.departureAt,
    etaAt: departure.etaAt,
    cargoCutoffAt: departure.cargoCutoffAt,
    docCutoffAt: departure.docCutoffAt,
  };
  const times: DepartureTimes = { ...before, departureAt: input.departureAt, etaAt: input.etaAt };
  checkTimes(times);
  const remark = input.remark?.trim() || null;

  const result = await db
    .$transaction(async (tx) => {
      const reclamped = await applyDepartureTimes(tx, actor, id, { before, times }, meta, now);
      const estimates = [
        { milestone: "DEPARTED", typeCode: "DEPA", placeCode: service.originCode, eventAt: times.departureAt },
        { milestone: "ARRIVED", typeCode: "ARRI", placeCode: service.destinationCode, eventAt: times.etaAt },
      ];
      for (const estimate of estimates) await recordEstimate(tx, actor, id, { ...estimate, remark, now });
      const bookings = await tx.booking.findMany({
        where: { departureId: id, status: { in: [...AFFECTED_STATUSES] } },
        select: { id: true, reference: true },
        orderBy: { reference: "asc" },
      });
      const detail: DepartureNoticeDetail = {
        previousDepartureAt: before.departureAt.toISOString(),
        previousEtaAt: before.etaAt.toISOString(),
        departureAt: times.departureAt.toISOString(),
        etaAt: times.etaAt.toISOString(),
        reasonCode: input.reasonCode,
        remark,
      };
      await tx.bookingEvent.createMany({
        data: bookings.map((booking) => ({
          bookingId: booking.id,
          actorId: actor.userId,
          type: "DEPARTURE_DELAYED",
          detail: JSON.stringify(detail),
          createdAt: now,
        })),
      });
      await recordAudit(tx, {
        actorId: actor.userId,
        action: "departure.delayed",
        entity: "Departure",
        entityId: id,
        ipAddress: meta.ipAddress,
        before: { departureAt: before.departureAt, etaAt: before.etaAt },
        after: {
          departureAt: times.departureAt,
          etaAt: times.etaAt,
          reasonCode: input.reasonCode,
          remark,
          bookings: bookings.map((booking) => booking.reference),
        },
      });
      return { reclamped, bookings: bookings.map((booking) => booking.reference) };
    }, TRANSACTION_OPTIONS)
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) throw invalidFields({ departureAt: "errors.departureTaken" });
      throw error;
    });
  invalidateBoard();
  kickBookingNotifications();
  return result;
}

/**
 * An estimated (EST) transport event of the whole departure, superseding the latest estimate
 * of the same milestone (decision 018: nothing recorded is changed; a new estimate corrects the
 * previous one). Called inside the delay's transaction, after its conditional time change, so
 * two delays at once cannot both supersede the same estimate.
 */
async function recordEstimate(
  tx: Tx,
  actor: Actor,
  departureId: string,
  estimate: { milestone: string; typeCode: string; placeCode: string; eventAt: Date; remark: string | null; now: Date },
) {
  const earlier = await tx.operationalEvent.findMany({
    where: { departureId, classifier: "EST", milestone: estimate.milestone, equipmentReference: null },
    select: { id: true, supersedesId: true },
  });
  // The one estimate no other corrects (the head of the chain).
  const [previous] = inForce(earlier);
  await tx.operationalEvent.create({
    data: {
      id: randomUUID(),
      eventType: "TRANSPORT",
      classifier: "EST",
      typeCode: estimate.typeCode,
      milestone: estimate.milestone,
      eventAt: estimate.eventAt,
      createdAt: estimate.now,
      placeCode: estimate.placeCode,
      facilityType: "RAMP",
      departureId,
      remark: estimate.remark,
      supersedesId: previous?.id ?? null,
      actorId: actor.userId,
    },
  });
}
