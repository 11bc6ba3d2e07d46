import type { Prisma } from "~/generated/prisma/sqlite/client";
import type { Db } from "~/utils/db.server";
import type { ScheduleFilters } from "~/schemas/schedule-filters";
import { loadCatalog, type Catalog } from "~/domain/places/catalog.server";
import { localDayBounds } from "./timetable";

export const BOARD_PAGE_SIZE = 20;

const boardInclude = {
  service: {
    select: {
      id: true,
      code: true,
      serviceNumber: true,
      corridorCode: true,
      originCode: true,
      destinationCode: true,
      mode: true,
      legs: { orderBy: { sequence: "asc" }, select: { mode: true, fromCode: true, toCode: true, gaugeChange: true } },
    },
  },
  capacities: {
    orderBy: { equipmentCode: "asc" },
    select: {
      equipmentCode: true,
      total: true,
      available: true,
      tariffMinor: true,
      currency: true,
      minChargeMinor: true,
    },
  },
} satisfies Prisma.DepartureInclude;

export type BoardDeparture = Prisma.DepartureGetPayload<{ include: typeof boardInclude }>;

export interface BoardPage {
  departures: BoardDeparture[];
  total: number;
  page: number;
  pageCount: number;
  catalog: Catalog;
}

/**
 * Date filters are calendar days at each departure's origin, so "5 December" means 5 December
 * on the clocks of Lanzhou for a Lanzhou train and of Duisburg for a Duisburg one. Origins are
 * grouped by time zone to keep that to one condition per zone.
 */
function departureTimeCondition(filters: ScheduleFilters, catalog: Catalog, now: Date): Prisma.DepartureWhereInput {
  if (!filters.from && !filters.to) return { departureAt: { gte: now } };
  const origins = filters.origin ? [filters.origin] : catalog.originCodes;
  const zones = new Map<string, string[]>();
  for (const code of origins) {
    const timeZone = catalog.places.get(code)?.timeZone ?? "UTC";
    zones.set(timeZone, [...(zones.get(timeZone) ?? []), code]);
  }
  const perZone = [...zones.entries()].map(([timeZone, codes]) => {
    const range: Prisma.DateTimeFilter = {};
    if (filters.from) range.gte = localDayBounds(filters.from, timeZone).start;
    if (filters.to) range.lt = localDayBounds(filters.to, timeZone).end;
    return { departureAt: range, service: { originCode: { in: codes } } } satisfies Prisma.DepartureWhereInput;
  });
  return perZone.length === 1 ? perZone[0]! : { OR: perZone };
}

export function boardWhere(filters: ScheduleFilters, catalog: Catalog, now: Date): Prisma.DepartureWhereInput {
  const service: Prisma.ServiceWhereInput = { active: true };
  if (filters.corridor) service.corridorCode = filters.corridor;
  if (filters.origin) service.originCode = filters.origin;
  if (filters.destination) service.destinationCode = filters.destination;
  if (filters.mode) service.mode = filters.mode;
  const where: Prisma.DepartureWhereInput = {
    AND: [{ service }, departureTimeCondition(filters, catalog, now)],
  };
  if (filters.equipment) {
    where.capacities = { some: { equipmentCode: filters.equipment, available: { gt: 0 } } };
  }
  return where;
}

export async function findBoardDepartures(
  db: Db,
  filters: ScheduleFilters,
  options: { now?: Date; pageSize?: number } = {},
): Promise<BoardPage> {
  const now = options.now ?? new Date();
  const pageSize = options.pageSize ?? BOARD_PAGE_SIZE;
  const catalog = await loadCatalog(db);
  const where = boardWhere(filters, catalog, now);
  const [total, departures] = await Promise.all([
    db.departure.count({ where }),
    db.departure.findMany({
      where,
      include: boardInclude,
      orderBy: [{ departureAt: "asc" }, { id: "asc" }],
      skip: (filters.page - 1) * pageSize,
      take: pageSize,
    }),
  ]);
  return { departures, total, page: filters.page, pageCount: Math.max(1, Math.ceil(total / pageSize)), catalog };
}

/** The lowest unit price on offer (free capacity first; any price when nothing is free). */
export function priceFrom(
  capacities: Pick<BoardDeparture["capacities"][number], "available" | "tariffMinor" | "currency">[],
): { amountMinor: number; currency: string } | null {
  const pool = capacities.some((capacity) => capacity.available > 0)
    ? capacities.filter((capacity) => capacity.available > 0)
    : capacities;
  const cheapest = pool.reduce<(typeof pool)[number] | null>(
    (best, capacity) => (!best || capacity.tariffMinor < best.tariffMinor ? capacity : best),
    null,
  );
  return cheapest ? { amountMinor: cheapest.tariffMinor, currency: cheapest.currency } : null;
}

/** Border crossings along the route: the places where a leg ends at a BORDER place. */
export function borderCrossings(legs: { toCode: string }[], catalog: Catalog): string[] {
  return legs.map((leg) => leg.toCode).filter((code) => catalog.places.get(code)?.kind === "BORDER");
}
