import { Prisma } from "~/generated/prisma/sqlite/client";
import type { Db } from "~/utils/db.server";
import type { ScheduleFilters } from "~/schemas/schedule-filters";
import { CATALOG_SERVICE_SELECT, loadCatalog, type Catalog } from "~/domain/places/catalog.server";
import { localDayBounds } from "./timetable";
import {
  conversionFactor,
  DISPLAY_CURRENCIES,
  factorLiteral,
  type ExchangeRateRow,
} from "~/domain/pricing/exchange-rates";
import { loadRatesAt } from "~/domain/pricing/exchange-rates.server";
import { bookingClosesAt } from "./departure-status";

export const BOARD_PAGE_SIZE = 20;

const boardInclude = {
  service: { select: CATALOG_SERVICE_SELECT },
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
  /** The exchange rates valid when the board was read (decision 013). */
  rates: ExchangeRateRow[];
}

/** Counting stops here (ten pages): past it the board says "more than 200" and pages on. */
export const BOARD_COUNT_LIMIT = 200;

/**
 * Below this share of all services, a filter is selective enough that reading the matching
 * services' departures (by service and time) beats walking every departure in time order.
 */
const SERVICE_FIRST_BELOW = 0.1;

/**
 * The board's filters as SQL that runs unchanged on SQLite and PostgreSQL.
 *
 * Date filters are calendar days at each departure's origin ("5 December" is 5 December on
 * Lanzhou's clocks for a Lanzhou train, on Duisburg's for a Duisburg one): one time range per
 * origin time zone.
 */
export function boardConditions(filters: ScheduleFilters, catalog: Catalog, now: Date): Prisma.Sql {
  const conditions: Prisma.Sql[] = [Prisma.sql`s."id" = d."serviceId"`, Prisma.sql`s."active" = true`];
  const ofService = serviceConditions(filters, "s");
  conditions.push(...ofService);
  // Walking departures in time order (`boardJoin`), SQLite checks the departure's own terms —
  // the capacity subqueries — before it looks at the service: the services that match, as a
  // list computed once, come first, so only their departures pay for the subqueries (about
  // half the time of a broad search on the benchmark's 100,000 departures).
  if (ofService.length > 0 && walksByTime(filters, catalog)) {
    conditions.unshift(
      Prisma.sql`d."serviceId" IN (SELECT s2."id" FROM "Service" s2 WHERE ${Prisma.join(serviceConditions(filters, "s2"), " AND ")})`,
    );
  }

  if (!filters.from && !filters.to) {
    conditions.push(Prisma.sql`d."departureAt" >= ${now}`);
  } else {
    const origins = filters.origin ? [filters.origin] : catalog.originCodes;
    const byZone = new Map<string, string[]>();
    for (const code of origins) {
      const zone = catalog.places.get(code)?.timeZone ?? "UTC";
      byZone.set(zone, [...(byZone.get(zone) ?? []), code]);
    }
    const ranges = [...byZone.entries()].map(([zone, originCodes]) => {
      const range: Prisma.Sql[] = [];
      if (filters.from) range.push(Prisma.sql`d."departureAt" >= ${localDayBounds(filters.from, zone).start}`);
      if (filters.to) range.push(Prisma.sql`d."departureAt" < ${localDayBounds(filters.to, zone).end}`);
      if (byZone.size > 1) range.push(Prisma.sql`s."originCode" IN (${Prisma.join(originCodes)})`);
      return Prisma.sql`(${Prisma.join(range, " AND ")})`;
    });
    conditions.push(ranges.length > 0 ? Prisma.sql`(${Prisma.join(ranges, " OR ")})` : Prisma.sql`1 = 0`);
  }
  if (filters.equipment) {
    // Offered at all here; whether any is free decides open or closed (`openCondition`).
    conditions.push(Prisma.sql`EXISTS (
      SELECT 1 FROM "DepartureCapacity" c
      WHERE c."departureId" = d."id" AND c."equipmentCode" = ${filters.equipment}
    )`);
  }
  return Prisma.join(conditions, " AND ");
}

/** The filters on the service (corridor, origin, destination, mode), on the service aliased `alias`. */
function serviceConditions(filters: ScheduleFilters, alias: "s" | "s2"): Prisma.Sql[] {
  const column = (name: string) => Prisma.raw(`${alias}."${name}"`);
  const conditions: Prisma.Sql[] = [];
  if (filters.corridor) conditions.push(Prisma.sql`${column("corridorCode")} = ${filters.corridor}`);
  if (filters.origin) conditions.push(Prisma.sql`${column("originCode")} = ${filters.origin}`);
  if (filters.destination) conditions.push(Prisma.sql`${column("destinationCode")} = ${filters.destination}`);
  if (filters.mode) conditions.push(Prisma.sql`${column("mode")} = ${filters.mode}`);
  return conditions;
}

/**
 * Open for booking now: status OPEN, before both cut-offs (`bookingClosesAt`), and free
 * capacity (of the filtered equipment type, if any). Everything else on the board is closed.
 */
export function openCondition(filters: Pick<ScheduleFilters, "equipment">, now: Date): Prisma.Sql {
  const equipment = filters.equipment ? Prisma.sql`AND c."equipmentCode" = ${filters.equipment}` : Prisma.empty;
  return Prisma.sql`(d."status" = 'OPEN' AND d."cargoCutoffAt" > ${now} AND d."docCutoffAt" > ${now} AND EXISTS (
      SELECT 1 FROM "DepartureCapacity" c WHERE c."departureId" = d."id" AND c."available" > 0 ${equipment}
    ))`;
}

/** `openCondition` for a loaded departure. */
export function isOpenForBooking(
  departure: Pick<BoardDeparture, "status" | "cargoCutoffAt" | "docCutoffAt" | "capacities">,
  now: Date,
  equipment?: string,
): boolean {
  return (
    departure.status === "OPEN" &&
    now < bookingClosesAt(departure) &&
    departure.capacities.some(
      (capacity) => capacity.available > 0 && (!equipment || capacity.equipmentCode === equipment),
    )
  );
}

type Dialect = "sqlite" | "postgresql";

function dialectOf(db: Db): Dialect {
  return (db as unknown as { _activeProvider?: string })._activeProvider === "postgresql" ? "postgresql" : "sqlite";
}

/**
 * The board's order. Price: the "from" price (`priceFrom`) converted to the viewer's currency,
 * or to CNY when prices stay in their tariff currencies, so that tariffs in different currencies
 * compare; a currency without a rate counts unconverted. Transit: planned hours door to door
 * (SQLite keeps times as ISO text, so it subtracts Julian days; PostgreSQL subtracts timestamps).
 * Ties go by departure time.
 */
export function boardOrder(
  filters: Pick<ScheduleFilters, "sort" | "currency" | "equipment">,
  rates: readonly ExchangeRateRow[],
  dialect: Dialect,
  /** Ordering open departures only: each has free capacity, so the free price is the price. */
  openOnly = false,
): Prisma.Sql {
  const byTime = Prisma.sql`d."departureAt", d."id"`;
  if (filters.sort === "transit") {
    const transit =
      dialect === "postgresql"
        ? Prisma.sql`(d."etaAt" - d."departureAt")`
        : Prisma.sql`(julianday(d."etaAt") - julianday(d."departureAt"))`;
    return Prisma.sql`${transit}, ${byTime}`;
  }
  if (filters.sort !== "price") return byTime;
  const target = filters.currency ?? "CNY";
  const cases = DISPLAY_CURRENCIES.flatMap((source) => {
    const factor = conversionFactor(rates, source, target);
    return factor && source !== target
      ? [Prisma.sql`WHEN ${source} THEN c."tariffMinor" * ${Prisma.raw(factorLiteral(factor, source, target))}`]
      : [];
  });
  const amount =
    cases.length > 0
      ? Prisma.sql`CASE c."currency" ${Prisma.join(cases, " ")} ELSE c."tariffMinor" END`
      : Prisma.sql`c."tariffMinor"`;
  const price = (only: Prisma.Sql) =>
    Prisma.sql`(SELECT MIN(${amount}) FROM "DepartureCapacity" c WHERE c."departureId" = d."id" ${only})`;
  const free = price(Prisma.sql`AND c."available" > 0`);
  const from = filters.equipment
    ? price(Prisma.sql`AND c."equipmentCode" = ${filters.equipment}`)
    : openOnly
      ? free
      : Prisma.sql`COALESCE(${free}, ${price(Prisma.empty)})`;
  return Prisma.sql`${from}, ${byTime}`;
}

/**
 * How the board reads: for broad filters it walks departures in time order and checks each
 * one's service and capacity by key, so it stops at the page and at the count limit;
 * `CROSS JOIN` is how SQLite is told to keep Departure as the outer loop (PostgreSQL treats it
 * as a plain join and plans by its statistics). For narrow filters (a destination few services
 * serve) that walk would pass many rows for each match, so a plain join lets the planner start
 * from the services instead.
 */
export function boardJoin(filters: ScheduleFilters, catalog: Catalog): Prisma.Sql {
  return walksByTime(filters, catalog)
    ? Prisma.sql`"Departure" d CROSS JOIN "Service" s`
    : Prisma.sql`"Departure" d JOIN "Service" s ON s."id" = d."serviceId"`;
}

/** Whether the board walks departures in time order (a broad filter) rather than starting from the services. */
function walksByTime(filters: ScheduleFilters, catalog: Catalog): boolean {
  const matching = catalog.services.filter(
    (service) =>
      (!filters.corridor || service.corridorCode === filters.corridor) &&
      (!filters.origin || service.originCode === filters.origin) &&
      (!filters.destination || service.destinationCode === filters.destination) &&
      (!filters.mode || service.mode === filters.mode),
  ).length;
  const share = catalog.services.length > 0 ? matching / catalog.services.length : 1;
  return share >= SERVICE_FIRST_BELOW;
}

/**
 * One page of the board. Open departures come first, each group in the chosen order; closed
 * ones only when the viewer asks (`closed`). Each group is its own query, so a broad search in
 * departure order still walks the time index and stops at the page (decision 004).
 */
export async function findBoardDepartures(
  db: Db,
  filters: ScheduleFilters,
  options: { now?: Date; pageSize?: number } = {},
): Promise<BoardPage> {
  const now = options.now ?? new Date();
  const pageSize = options.pageSize ?? BOARD_PAGE_SIZE;
  const [catalog, rates] = await Promise.all([loadCatalog(db), loadRatesAt(db, now)]);
  const where = boardConditions(filters, catalog, now);
  const from = boardJoin(filters, catalog);
  const dialect = dialectOf(db);
  const open = openCondition(filters, now);
  const closed = Prisma.sql`NOT ${open}`;
  const orderOf = (group: Prisma.Sql) => boardOrder(filters, rates, dialect, group === open);
  const count = async (group: Prisma.Sql, limit: number) => {
    const rows = await db.$queryRaw<{ n: number | bigint }[]>`
      SELECT COUNT(*) AS n FROM (
        SELECT 1 FROM ${from} WHERE ${where} AND ${group} ORDER BY d."departureAt" LIMIT ${limit}
      ) matches`;
    return Number(rows[0]?.n ?? 0);
  };
  const idsOf = async (group: Prisma.Sql, limit: number, offset: number) =>
    (
      await db.$queryRaw<{ id: string }[]>`
        SELECT d."id" FROM ${from} WHERE ${where} AND ${group}
        ORDER BY ${orderOf(group)} LIMIT ${limit} OFFSET ${offset}`
    ).map((row) => row.id);

  const offset = (filters.page - 1) * pageSize;
  let total: number;
  let matches: string[];
  if (!filters.closed && filters.sort === "departure" && offset + pageSize <= BOARD_COUNT_LIMIT) {
    // In time order within the counted pages, the count's walk finds the page too: one query.
    const counted = await idsOf(open, BOARD_COUNT_LIMIT + 1, 0);
    total = counted.length;
    matches = counted.slice(offset, offset + pageSize + 1);
  } else if (!filters.closed) {
    [total, matches] = await Promise.all([count(open, BOARD_COUNT_LIMIT + 1), idsOf(open, pageSize + 1, offset)]);
  } else {
    const [openCapped, closedCapped] = await Promise.all([
      count(open, BOARD_COUNT_LIMIT + 1),
      count(closed, BOARD_COUNT_LIMIT + 1),
    ]);
    // Where the closed ones begin matters only on a page that reaches that far: counting up to
    // the end of this page tells whether it does, and if so exactly where.
    const openTotal =
      openCapped > BOARD_COUNT_LIMIT && offset + pageSize >= BOARD_COUNT_LIMIT
        ? await count(open, offset + pageSize + 1)
        : openCapped;
    const openIds = offset < openTotal ? await idsOf(open, pageSize + 1, offset) : [];
    const wanted = pageSize + 1 - openIds.length;
    const closedIds = wanted > 0 ? await idsOf(closed, wanted, Math.max(0, offset - openTotal)) : [];
    total = openCapped + closedCapped;
    matches = [...openIds, ...closedIds];
  }
  const ids = matches.slice(0, pageSize);
  const byId = await loadBoardRows(db, ids, catalog);
  const totalCapped = total > BOARD_COUNT_LIMIT;
  return {
    departures: ids.flatMap((id) => byId.get(id) ?? []),
    total: Math.min(total, BOARD_COUNT_LIMIT),
    totalCapped,
    page: filters.page,
    pageCount: totalCapped ? null : Math.max(1, Math.ceil(total / pageSize)),
    hasNextPage: matches.length > pageSize,
    catalog,
    rates,
  };
}

/**
 * The page's departures with their capacities; their services (route, legs) come from the
 * catalog, read once for every page (a service the catalog does not know yet is read here).
 * Two statements instead of four for a page.
 */
async function loadBoardRows(db: Db, ids: string[], catalog: Catalog): Promise<Map<string, BoardDeparture>> {
  const rows = await db.departure.findMany({
    where: { id: { in: ids } },
    include: { capacities: boardInclude.capacities },
  });
  const unknown = [...new Set(rows.map((row) => row.serviceId))].filter((id) => !catalog.servicesById.has(id));
  const read =
    unknown.length > 0
      ? await db.service.findMany({ where: { id: { in: unknown } }, select: CATALOG_SERVICE_SELECT })
      : [];
  const services = new Map(read.map((service) => [service.id, service]));
  return new Map(
    rows.map((row) => [
      row.id,
      { ...row, service: catalog.servicesById.get(row.serviceId) ?? services.get(row.serviceId)! },
    ]),
  );
}

/**
 * The "from" price: the filtered equipment type's tariff when the viewer filters one; otherwise
 * the lowest unit price on offer (free capacity first; any price when nothing is free).
 */
export function priceFrom(
  capacities: Pick<BoardDeparture["capacities"][number], "equipmentCode" | "available" | "tariffMinor" | "currency">[],
  equipment?: string,
): { amountMinor: number; currency: string } | null {
  if (equipment) {
    const chosen = capacities.find((capacity) => capacity.equipmentCode === equipment);
    return chosen ? { amountMinor: chosen.tariffMinor, currency: chosen.currency } : null;
  }
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
