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
  /** Matches, exact up to BOARD_COUNT_LIMIT. */
  total: number;
  /** More than BOARD_COUNT_LIMIT matched: `total` is the limit and there is no page count. */
  totalCapped: boolean;
  page: number;
  pageCount: number | null;
  hasNextPage: boolean;
  catalog: Catalog;
}

/** Counting stops here: past it the board says "1,000+" instead of scanning everything. */
export const BOARD_COUNT_LIMIT = 1000;

/**
 * The board is a walk along the departure-time index: service filters are checked per row
 * (a primary-key lookup), so SQLite and PostgreSQL read departures in the order shown and stop
 * at the page (and at the count limit) instead of collecting and sorting every match.
 *
 * Date filters are calendar days at each departure's origin ("5 December" is 5 December on
 * Lanzhou's clocks for a Lanzhou train, on Duisburg's for a Duisburg one): one time range per
 * origin time zone.
 */
export function boardWhere(filters: ScheduleFilters, catalog: Catalog, now: Date): Prisma.DepartureWhereInput {
  const service: Prisma.ServiceWhereInput = { active: true };
  if (filters.corridor) service.corridorCode = filters.corridor;
  if (filters.origin) service.originCode = filters.origin;
  if (filters.destination) service.destinationCode = filters.destination;
  if (filters.mode) service.mode = filters.mode;

  const where: Prisma.DepartureWhereInput = { service };
  if (!filters.from && !filters.to) {
    where.departureAt = { gte: now };
  } else {
    const origins = filters.origin ? [filters.origin] : catalog.originCodes;
    const byZone = new Map<string, string[]>();
    for (const code of origins) {
      const zone = catalog.places.get(code)?.timeZone ?? "UTC";
      byZone.set(zone, [...(byZone.get(zone) ?? []), code]);
    }
    const ranges = [...byZone.entries()].map(([zone, originCodes]) => {
      const departureAt: Prisma.DateTimeFilter = {};
      if (filters.from) departureAt.gte = localDayBounds(filters.from, zone).start;
      if (filters.to) departureAt.lt = localDayBounds(filters.to, zone).end;
      return byZone.size === 1 ? { departureAt } : { departureAt, service: { originCode: { in: originCodes } } };
    });
    if (ranges.length === 1) Object.assign(where, ranges[0]);
    else where.OR = ranges;
  }
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
  const [counted, departures] = await Promise.all([
    // Ordered by time so the capped count walks the departure-time index and stops early.
    db.departure.count({ where, take: BOARD_COUNT_LIMIT + 1, orderBy: { departureAt: "asc" } }),
    db.departure.findMany({
      where,
      include: boardInclude,
      orderBy: [{ departureAt: "asc" }, { id: "asc" }],
      skip: (filters.page - 1) * pageSize,
      take: pageSize + 1,
    }),
  ]);
  const totalCapped = counted > BOARD_COUNT_LIMIT;
  return {
    departures: departures.slice(0, pageSize),
    total: Math.min(counted, BOARD_COUNT_LIMIT),
    totalCapped,
    page: filters.page,
    pageCount: totalCapped ? null : Math.max(1, Math.ceil(counted / pageSize)),
    hasNextPage: departures.length > pageSize,
    catalog,
  };
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
