import type { Tx } from "~/utils/transactions.server";
import { FINAL_WAYBILL_STATUSES } from "./status";

/**
 * A cancelled booking's waybill is void, whatever stage it had reached (draft or issued): called
 * in the cancelling transaction, so a booking is never cancelled with a live document.
 */
export async function voidWaybillOfCancelledBooking(tx: Tx, bookingId: string, now: Date): Promise<void> {
  await tx.waybill.updateMany({
    where: { bookingId, status: { notIn: [...FINAL_WAYBILL_STATUSES] } },
    data: { status: "VOIDED", voidedAt: now },
  });
}
