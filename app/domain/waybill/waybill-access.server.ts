import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { authorize } from "~/domain/identity/actor.server";
import { can, type Actor } from "~/domain/identity/permissions";
import { findCompanyBooking } from "~/domain/booking/find-bookings.server";
import type { Prisma } from "~/generated/prisma/sqlite/client";
import { allows, next, type WaybillAction } from "./status";

/** A booking's waybill row with what the operations check: status, booking status and ports. */
async function bookingWithWaybill(db: Db, reference: string) {
  return db.booking.findUnique({
    where: { reference },
    select: {
      id: true,
      reference: true,
      status: true,
      companyId: true,
      departureId: true,
      waybill: true,
      departure: { select: { service: { select: { originCode: true, destinationCode: true } } } },
    },
  });
}

/** The exporter's view: the booking must be their company's (404 otherwise) and theirs to change. */
export async function waybillForExporter(db: Db, actor: Actor, reference: string) {
  const booking = await findCompanyBooking(db, actor, reference);
  authorize(actor, "update:booking", { companyId: booking.companyId });
  return (await bookingWithWaybill(db, reference))!;
}

/**
 * The origin port's view: staff of the port the departure leaves from. Anyone else — another
 * port's staff, any exporter — learns nothing about the booking (404).
 */
export async function waybillForOriginStaff(db: Db, actor: Actor, reference: string) {
  const booking = await bookingWithWaybill(db, reference);
  if (!booking || !can(actor, "issue:waybill", { portCode: booking.departure.service.originCode })) {
    throw new AppError("notFound", 404);
  }
  return booking;
}

/** The destination port's view: its staff record delivery (surrender); anyone else gets 404. */
export async function waybillForDestinationStaff(db: Db, actor: Actor, reference: string) {
  const booking = await bookingWithWaybill(db, reference);
  if (!booking || !can(actor, "surrender:waybill", { portCode: booking.departure.service.destinationCode })) {
    throw new AppError("notFound", 404);
  }
  return booking;
}

/**
 * Moves a waybill on by `action` (writing `data` with it), only if it is still as it was read:
 * its status, and its draft when the draft is what the action is about (an approval).
 */
export async function moveWaybill(
  db: Pick<Db, "waybill">,
  waybill: { id: string; status: string; draft?: string | null } | null,
  action: WaybillAction,
  data: Prisma.WaybillUpdateManyMutationInput = {},
) {
  if (!waybill || !allows(waybill.status, action)) throw new AppError("waybillState", 409);
  const { count } = await db.waybill.updateMany({
    where: { id: waybill.id, status: waybill.status, ...(waybill.draft === undefined ? {} : { draft: waybill.draft }) },
    data: { ...data, status: next(waybill.status, action) },
  });
  if (count !== 1) throw new AppError("changedMeanwhile", 409);
}
