import { z } from "zod";
import { DISRUPTION_REASONS } from "~/domain/operations/disruptions";
import { BOOKING_REFERENCE, optional, recordId, text } from "./fields";
import { zonedDateTime } from "./operations";

/** A delay: the new departure in the origin's zone, the new ETA in the destination's, and why. */
export function delaySchema(originZone: string, destinationZone: string) {
  return z.object({
    departureAt: zonedDateTime(originZone),
    etaAt: zonedDateTime(destinationZone),
    reasonCode: z.enum(DISRUPTION_REASONS, { message: "errors.required" }),
    remark: optional(text(500)),
  });
}

/** Cancelling a departure: why. */
export const CancelDepartureSchema = z.object({
  reasonCode: z.enum(DISRUPTION_REASONS, { message: "errors.required" }),
  remark: optional(text(500)),
});

/** Origin staff move a booking with an issued waybill to a later departure and amend the waybill. */
export const MoveAndAmendSchema = z.object({
  reference: z.string().regex(BOOKING_REFERENCE, "errors.required"),
  targetId: recordId,
});
