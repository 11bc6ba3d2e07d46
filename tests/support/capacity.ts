import { bucketOf } from "~/domain/booking/holds.server";
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

/**
 * What is wrong with the capacity ledger, empty when nothing is: every row must keep
 * `available + held + booked = total` with no negative count, and on the departures in
 * `ledgerOf` (whose capacity only bookings have taken) held and booked must be exactly the
 * lines of their bookings — held while a booking waits for payment, booked once confirmed.
 */
export async function capacityMismatches(db: Db, ledgerOf: string[] = []): Promise<string[]> {
  const problems: string[] = [];
  const rows = await db.departureCapacity.findMany({ orderBy: [{ departureId: "asc" }, { equipmentCode: "asc" }] });
  for (const row of rows) {
    const label = `${row.departureId}/${row.equipmentCode}`;
    if (row.available + row.held + row.booked !== row.total)
      problems.push(`${label}: ${row.available} + ${row.held} + ${row.booked} ≠ ${row.total}`);
    if (row.available < 0 || row.held < 0 || row.booked < 0) problems.push(`${label}: a negative count`);
  }
  if (ledgerOf.length === 0) return problems;
  const expected = new Map<string, { held: number; booked: number }>();
  const bookings = await db.booking.findMany({
    where: { departureId: { in: ledgerOf }, status: { in: ["HELD", "AWAITING_PAYMENT", "CONFIRMED"] } },
    include: { lines: true },
  });
  for (const booking of bookings) {
    for (const line of booking.lines) {
      const key = `${booking.departureId}/${line.equipmentCode}`;
      const sums = expected.get(key) ?? { held: 0, booked: 0 };
      sums[bucketOf(booking.status)] += line.quantity;
      expected.set(key, sums);
    }
  }
  for (const row of rows.filter((capacity) => ledgerOf.includes(capacity.departureId))) {
    const label = `${row.departureId}/${row.equipmentCode}`;
    const sums = expected.get(label) ?? { held: 0, booked: 0 };
    if (row.held !== sums.held || row.booked !== sums.booked)
      problems.push(
        `${label}: held ${row.held}, booked ${row.booked}; the bookings' lines say ${sums.held}, ${sums.booked}`,
      );
  }
  return problems;
}
