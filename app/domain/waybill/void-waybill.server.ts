import type { Tx } from "~/utils/transactions.server";
import { FINAL_WAYBILL_STATUSES } from "./status";
import { recordWaybillEvent } from "./waybill-emails.server";

/**
 * A cancelled booking's waybill is void, whatever stage it had reached (draft or issued): called
 * in the cancelling transaction, so a booking is never cancelled with a live document. An issued
 * document's voiding is e-mailed to the booker and the partners (a draft's is not: the booker's
 * cancellation message says it all, and nobody else has seen it).
 */
export async function voidWaybillOfCancelledBooking(tx: Tx, bookingId: string, now: Date): Promise<void> {
  const live = await tx.waybill.findFirst({
    where: { bookingId, status: { notIn: [...FINAL_WAYBILL_STATUSES] } },
    select: { number: true, latestVersion: true },
  });
  const { count } = await tx.waybill.updateMany({
    where: { bookingId, status: { notIn: [...FINAL_WAYBILL_STATUSES] } },
    data: { status: "VOIDED", voidedAt: now },
  });
  if (count === 1 && live?.number) {
    const detail = { number: live.number, version: live.latestVersion };
    await recordWaybillEvent(tx, { bookingId, actorId: null, type: "WAYBILL_VOIDED", detail, now });
  }
}
