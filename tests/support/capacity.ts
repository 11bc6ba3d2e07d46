import type { Db } from "~/utils/db.server";

/**
 * Leaves `available` slots of one equipment type free, as if the rest had been sold: the held
 * slots stay held, and `available + held + booked = total` holds, as the database demands.
 */
export async function leaveAvailable(db: Db, departureId: string, equipmentCode: string, available: number) {
  const capacity = await db.departureCapacity.findUniqueOrThrow({
    where: { departureId_equipmentCode: { departureId, equipmentCode } },
  });
  return db.departureCapacity.update({
    where: { id: capacity.id },
    data: { available, booked: capacity.total - capacity.held - available },
  });
}

/** No holds left on the departure (their bookings were removed): held slots become free again. */
export async function releaseAllHeld(db: Db, departureId: string) {
  for (const capacity of await db.departureCapacity.findMany({ where: { departureId } })) {
    await db.departureCapacity.update({
      where: { id: capacity.id },
      data: { held: 0, available: capacity.available + capacity.held },
    });
  }
}
