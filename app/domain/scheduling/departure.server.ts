import type { Prisma } from "~/generated/prisma/sqlite/client";
import type { Db } from "~/utils/db.server";
import { loadCatalog, type Catalog } from "~/domain/places/catalog.server";

const departureInclude = {
  service: {
    include: {
      legs: { orderBy: { sequence: "asc" } },
    },
  },
  capacities: { orderBy: { equipmentCode: "asc" } },
} satisfies Prisma.DepartureInclude;

export type DepartureDetail = Prisma.DepartureGetPayload<{ include: typeof departureInclude }>;

export interface PlannedLeg {
  sequence: number;
  mode: string;
  fromCode: string;
  toCode: string;
  gaugeChange: string | null;
  startAt: Date;
  endAt: Date;
}

/**
 * Each leg's planned start and end: the legs' planned hours laid end to end from the
 * departure and stretched (or shrunk) so the last leg ends at the current ETA, which port
 * staff may have moved.
 */
export function planLegs(
  departure: Pick<DepartureDetail, "departureAt" | "etaAt">,
  legs: DepartureDetail["service"]["legs"],
): PlannedLeg[] {
  const plannedTotal = legs.reduce((sum, leg) => sum + leg.plannedHours, 0);
  const actualTotal = departure.etaAt.getTime() - departure.departureAt.getTime();
  const scale = plannedTotal > 0 && actualTotal > 0 ? actualTotal / (plannedTotal * 3_600_000) : 1;
  let cursor = departure.departureAt.getTime();
  return legs.map((leg) => {
    const startAt = new Date(cursor);
    cursor += leg.plannedHours * 3_600_000 * scale;
    return {
      sequence: leg.sequence,
      mode: leg.mode,
      fromCode: leg.fromCode,
      toCode: leg.toCode,
      gaugeChange: leg.gaugeChange,
      startAt,
      endAt: new Date(Math.round(cursor)),
    };
  });
}

export async function findDeparture(
  db: Db,
  id: string,
): Promise<{ departure: DepartureDetail; legs: PlannedLeg[]; catalog: Catalog } | null> {
  const [departure, catalog] = await Promise.all([
    db.departure.findUnique({ where: { id }, include: departureInclude }),
    loadCatalog(db),
  ]);
  if (!departure) return null;
  return { departure, legs: planLegs(departure, departure.service.legs), catalog };
}
