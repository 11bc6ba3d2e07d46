import type { Db } from "~/utils/db.server";
import { AppError, isUniqueViolation } from "~/utils/app-error";
import { invalidateBoard } from "./board-cache.server";
import { fieldMessage } from "~/utils/field-message";
import { localDateOf, planDepartures, type PatternCalendar, type WeeklyPattern } from "./timetable";

/** What a departure of the service offers, per equipment type (or kg for air). */
export interface CapacityOffer {
  equipmentCode: string;
  total: number;
  /** All-in tariff per unit, in minor units of `currency`. */
  tariffMinor: number;
  currency: string;
  minChargeMinor?: number | null;
}

/**
 * Turns a service's weekly timetable into departures for `weeks` weeks from `from` (its local
 * date at the origin), each with the capacity the service offers. Idempotent: a departure that
 * exists for the service and time is left as it is — sold capacity included — so publishing
 * again only adds what came into the window, and two publications racing create each departure
 * once (the database's unique index on service and time decides).
 */
export async function publishTimetable(
  db: Db,
  input: {
    serviceId: string;
    pattern: WeeklyPattern;
    /** The pattern's validity and the dates it does not run (none: every week). */
    calendar?: PatternCalendar;
    offers: CapacityOffer[];
    from: Date;
    weeks: number;
    /** Slots already sold when a departure is published (the demo timetable's fill). */
    presold?: (departureAt: Date, equipmentCode: string) => number;
  },
): Promise<{ created: number }> {
  const planned = planDepartures(
    input.pattern,
    localDateOf(input.from, input.pattern.timeZone),
    input.weeks,
    input.calendar,
  ).filter((departure) => departure.departureAt > input.from);
  const existing = await db.departure.findMany({
    where: { serviceId: input.serviceId, departureAt: { in: planned.map((departure) => departure.departureAt) } },
    select: { departureAt: true },
  });
  const taken = new Set(existing.map((departure) => departure.departureAt.getTime()));
  let created = 0;
  for (const departure of planned) {
    if (taken.has(departure.departureAt.getTime())) continue;
    try {
      await db.departure.create({
        data: {
          serviceId: input.serviceId,
          ...departure,
          status: "OPEN",
          capacities: {
            create: input.offers.map((offer) => {
              const sold = Math.max(
                0,
                Math.min(offer.total, input.presold?.(departure.departureAt, offer.equipmentCode) ?? 0),
              );
              return {
                equipmentCode: offer.equipmentCode,
                total: offer.total,
                available: offer.total - sold,
                booked: sold,
                tariffMinor: offer.tariffMinor,
                currency: offer.currency,
                minChargeMinor: offer.minChargeMinor ?? null,
              };
            }),
          },
        },
      });
      created += 1;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  if (created > 0) invalidateBoard();
  return { created };
}

/**
 * Sets how many units of one equipment type a departure carries. The difference goes to (or
 * comes from) the free slots, in one conditional update on the total just read; a total below
 * what is held and booked is refused — the database's CHECK (available ≥ 0, the parts adding up
 * to the total) would refuse it anyway, whoever asks.
 */
export async function adjustCapacity(
  db: Db,
  input: { departureId: string; equipmentCode: string; total: number },
): Promise<{ total: number; available: number; held: number; booked: number }> {
  if (!Number.isInteger(input.total) || input.total < 0) throw new AppError("capacityInvalid", 400, "total");
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const current = await db.departureCapacity.findUnique({
      where: { departureId_equipmentCode: { departureId: input.departureId, equipmentCode: input.equipmentCode } },
    });
    if (!current) throw new AppError("notFound", 404);
    if (input.total < current.held + current.booked) {
      // The message states what stands in the way: the slots held and booked right now.
      const committed = { held: current.held, booked: current.booked, committed: current.held + current.booked };
      throw new AppError("capacityBelowCommitted", 409, "total", {
        total: fieldMessage("errors.capacityBelowCommitted", committed),
      });
    }
    const { count } = await db.departureCapacity.updateMany({
      where: { id: current.id, total: current.total, held: current.held, booked: current.booked },
      data: { total: input.total, available: input.total - current.held - current.booked },
    });
    if (count === 1) {
      invalidateBoard();
      return {
        total: input.total,
        available: input.total - current.held - current.booked,
        held: current.held,
        booked: current.booked,
      };
    }
    // A hold, payment or cancellation changed the row meanwhile: read it again.
  }
  throw new AppError("capacityBusy", 409, "total");
}
