import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BOARD_COUNT_LIMIT,
  BOARD_PAGE_SIZE,
  findBoardDepartures,
  isOpenForBooking,
  priceFrom,
} from "~/domain/scheduling/board.server";
import { conversionFactor, convertMinor, parseRateMicros } from "~/domain/pricing/exchange-rates";
import { presentBoardRows } from "~/domain/scheduling/board-view";
import { localDateOf } from "~/domain/scheduling/timetable";
import { parseScheduleFilters, type ScheduleFilters } from "~/schemas/schedule-filters";
import { seedDatabase } from "../../seeds/seed";
import { leaveAvailable } from "../support/capacity";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

// A Monday four weeks before Europe's spring clock change (28 March 2027).
const NOW = new Date("2027-03-01T00:00:00Z");
let test: TestDatabase;

const filters = (query: string): ScheduleFilters => parseScheduleFilters(new URLSearchParams(query)).filters;
const board = (query: string, pageSize = 1000) => findBoardDepartures(test.db, filters(query), { now: NOW, pageSize });

beforeAll(async () => {
  test = await createTestDatabase();
  await seedDatabase(test.db, { now: NOW });
});

afterAll(async () => {
  await test?.drop();
});

describe(`schedule board filters (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("lists every future departure with the closed ones, open first, counting only up to the limit", async () => {
    const page = await board("closed=1");
    const all = await test.db.departure.count({ where: { departureAt: { gt: NOW } } });
    expect(all).toBeGreaterThan(BOARD_COUNT_LIMIT);
    expect(page.total).toBe(BOARD_COUNT_LIMIT);
    expect(page.totalCapped).toBe(true);
    expect(page.pageCount).toBeNull();
    expect(page.departures).toHaveLength(all);
    const open = page.departures.map((departure) => isOpenForBooking(departure, NOW));
    const firstClosed = open.indexOf(false);
    expect(firstClosed).toBeGreaterThan(0);
    expect(open.slice(firstClosed).every((isOpen) => !isOpen)).toBe(true);
    for (const group of [page.departures.slice(0, firstClosed), page.departures.slice(firstClosed)]) {
      const times = group.map((departure) => departure.departureAt.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
    const origins = new Set(page.departures.map((departure) => departure.service.originCode));
    for (const code of ["CNLAZ", "CNTSU", "CN-WUW", "CNLHW"]) expect(origins).toContain(code);
  });

  it("leaves out departures closed for booking unless asked: past a cut-off, full, or not open", async () => {
    const open = await board("");
    expect(open.departures.length).toBeGreaterThan(0);
    expect(open.departures.every((departure) => isOpenForBooking(departure, NOW))).toBe(true);
    const withClosed = await board("closed=1");
    const closedIds = withClosed.departures
      .filter((departure) => !isOpenForBooking(departure, NOW))
      .map((departure) => departure.id);
    // The seeded timetable starts today: the first departures are past their cut-offs.
    expect(closedIds.length).toBeGreaterThan(0);
    expect(open.departures.length).toBe(withClosed.departures.length - closedIds.length);

    const [full, cancelled] = open.departures.slice(-2);
    for (const capacity of full!.capacities) await leaveAvailable(test.db, full!.id, capacity.equipmentCode, 0);
    await test.db.departure.update({ where: { id: cancelled!.id }, data: { status: "CANCELLED" } });
    try {
      const after = (await board("")).departures.map((departure) => departure.id);
      expect(after).not.toContain(full!.id);
      expect(after).not.toContain(cancelled!.id);
      const shown = (await board("closed=1")).departures.map((departure) => departure.id);
      expect(shown.slice(after.length)).toEqual(expect.arrayContaining([full!.id, cancelled!.id]));
    } finally {
      await test.db.departure.update({ where: { id: cancelled!.id }, data: { status: "OPEN" } });
      for (const capacity of full!.capacities)
        await leaveAvailable(test.db, full!.id, capacity.equipmentCode, capacity.available);
    }
  });

  it("pages from the open departures into the closed ones without gaps or overlap", async () => {
    const all = (await findBoardDepartures(test.db, filters("origin=CN-WUW&closed=1"), { now: NOW, pageSize: 100 }))
      .departures;
    const openCount = all.filter((departure) => isOpenForBooking(departure, NOW)).length;
    expect(openCount).toBeGreaterThan(0);
    expect(openCount).toBeLessThan(all.length);
    const paged = [];
    for (let page = 1; page <= 5; page += 1) {
      const result = await findBoardDepartures(test.db, filters(`origin=CN-WUW&closed=1&page=${page}`), {
        now: NOW,
        pageSize: 4,
      });
      paged.push(...result.departures.map((departure) => departure.id));
      if (!result.hasNextPage) break;
    }
    expect(paged).toEqual(all.map((departure) => departure.id));
  });

  it("finds where the closed departures begin beyond the counted pages", async () => {
    const all = (await board("closed=1")).departures.map((departure) => departure.id);
    const openCount = (await board("")).departures.length;
    // More open departures than the count shows: the page that holds the switch lies past it.
    expect(openCount).toBeGreaterThan(BOARD_COUNT_LIMIT);
    const page = Math.floor(openCount / BOARD_PAGE_SIZE) + 1;
    const result = await findBoardDepartures(test.db, filters(`closed=1&page=${page}`), { now: NOW });
    expect(result.departures.map((departure) => departure.id)).toEqual(
      all.slice((page - 1) * BOARD_PAGE_SIZE, page * BOARD_PAGE_SIZE),
    );
    expect(result.departures.some((departure) => isOpenForBooking(departure, NOW))).toBe(
      openCount % BOARD_PAGE_SIZE > 0,
    );
    expect(result.departures.some((departure) => !isOpenForBooking(departure, NOW))).toBe(true);
  });

  it("filters by corridor, origin, destination and mode", async () => {
    const air = await board("corridor=AIR_CHARTER");
    expect(air.total).toBeGreaterThan(0);
    expect(air.departures.every((departure) => departure.service.mode === "AIR")).toBe(true);

    const wuwei = await board("origin=CN-WUW&closed=1");
    expect(wuwei.total).toBe(13);
    expect(new Set(wuwei.departures.map((departure) => departure.service.originCode))).toEqual(new Set(["CN-WUW"]));

    const duisburg = await board("destination=DEDUI&mode=RAIL&closed=1");
    expect(duisburg.total).toBe(26);
    expect(duisburg.departures.every((departure) => departure.service.code === "LAZ-DUI-AKL")).toBe(true);

    expect((await board("mode=AIR")).total).toBe(air.total);
    expect((await board("origin=CNLHW&mode=RAIL")).total).toBe(0);
  });

  it("shows only departures with free capacity of the chosen equipment", async () => {
    const reefer = await board("equipment=45R1");
    expect(reefer.total).toBeGreaterThan(0);
    for (const departure of reefer.departures) {
      const capacity = departure.capacities.find((candidate) => candidate.equipmentCode === "45R1");
      expect(capacity?.available).toBeGreaterThan(0);
    }
    const soldOut = reefer.departures[0]!;
    await leaveAvailable(test.db, soldOut.id, "45R1", 0);
    const after = await board("equipment=45R1");
    expect(after.total).toBe(reefer.total - 1);
    expect(after.departures.map((departure) => departure.id)).not.toContain(soldOut.id);
  });

  it("reads a date range as calendar days at each departure's origin", async () => {
    const page = await board("from=2027-03-30&to=2027-03-30");
    expect(page.total).toBeGreaterThan(0);
    for (const departure of page.departures) {
      const zone = page.catalog.places.get(departure.service.originCode)!.timeZone;
      expect(localDateOf(departure.departureAt, zone)).toBe("2027-03-30");
    }
    const codes = page.departures.map((departure) => departure.service.code);
    // 07:30 in Lanzhou on 30 March is still 29 March in UTC; 10:00 in Duisburg is 08:00 UTC.
    expect(codes).toContain("LAZ-HAN-PIN");
    expect(codes).toContain("DUI-LAZ-AKL");
    const hanoi = page.departures.find((departure) => departure.service.code === "LAZ-HAN-PIN")!;
    expect(hanoi.departureAt.toISOString()).toBe("2027-03-29T23:30:00.000Z");
  });

  it("counts exactly below the limit and knows the last page", async () => {
    const wuwei = await findBoardDepartures(test.db, filters("origin=CN-WUW&closed=1"), { now: NOW, pageSize: 5 });
    expect(wuwei.total).toBe(13);
    expect(wuwei.totalCapped).toBe(false);
    expect(wuwei.pageCount).toBe(3);
    expect(wuwei.hasNextPage).toBe(true);
    const last = await findBoardDepartures(test.db, filters("origin=CN-WUW&closed=1&page=3"), {
      now: NOW,
      pageSize: 5,
    });
    expect(last.departures).toHaveLength(3);
    expect(last.hasNextPage).toBe(false);
  });

  it("pages through results without overlap", async () => {
    const first = await findBoardDepartures(test.db, filters(""), { now: NOW });
    const second = await findBoardDepartures(test.db, filters("page=2"), { now: NOW });
    expect(first.departures).toHaveLength(BOARD_PAGE_SIZE);
    expect(first.hasNextPage).toBe(true);
    const firstIds = new Set(first.departures.map((departure) => departure.id));
    expect(second.departures.some((departure) => firstIds.has(departure.id))).toBe(false);
    expect(second.departures[0]!.departureAt.getTime()).toBeGreaterThanOrEqual(
      first.departures.at(-1)!.departureAt.getTime(),
    );
  });
});

describe(`schedule board order and prices (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  beforeAll(async () => {
    await test.db.exchangeRate.createMany({
      data: [
        {
          baseCurrency: "EUR",
          currency: "CNY",
          rateMicros: parseRateMicros("7.82")!,
          validFrom: NOW,
          createdById: "t",
        },
        { baseCurrency: "USD", currency: "CNY", rateMicros: parseRateMicros("7.1")!, validFrom: NOW, createdById: "t" },
        // Dated after NOW: not used yet.
        {
          baseCurrency: "EUR",
          currency: "CNY",
          rateMicros: parseRateMicros("100")!,
          validFrom: new Date(NOW.getTime() + 1),
          createdById: "t",
        },
      ],
    });
  });

  const converted = (
    departure: Awaited<ReturnType<typeof board>>["departures"][number],
    to: string,
    equipment?: string,
  ) => {
    const price = priceFrom(departure.capacities, equipment)!;
    const factor = conversionFactor(
      [
        { baseCurrency: "EUR", currency: "CNY", rateMicros: 7_820_000, validFrom: NOW },
        { baseCurrency: "USD", currency: "CNY", rateMicros: 7_100_000, validFrom: NOW },
      ],
      price.currency,
      to,
    )!;
    return convertMinor(price.amountMinor, factor, price.currency, to);
  };
  const nonDecreasing = (values: number[]) =>
    values.every((value, index) => index === 0 || value >= values[index - 1]!);

  it("sorts by the from price converted into the viewer's currency, across tariff currencies", async () => {
    const page = await board("sort=price&currency=EUR");
    expect(page.rates.map((rate) => rate.rateMicros).sort()).toEqual([7_100_000, 7_820_000]);
    const currencies = new Set(page.departures.map((departure) => priceFrom(departure.capacities)!.currency));
    expect(currencies.size).toBeGreaterThan(1);
    expect(nonDecreasing(page.departures.map((departure) => converted(departure, "EUR")))).toBe(true);
    // No currency chosen: still comparable, in CNY.
    const plain = await board("sort=price");
    expect(nonDecreasing(plain.departures.map((departure) => converted(departure, "CNY")))).toBe(true);
    expect(plain.departures.map((departure) => departure.id)).toEqual(page.departures.map((departure) => departure.id));
  });

  it("sorts by the filtered equipment type's own tariff", async () => {
    const page = await board("sort=price&equipment=45G1&currency=USD");
    expect(page.departures.length).toBeGreaterThan(1);
    expect(nonDecreasing(page.departures.map((departure) => converted(departure, "USD", "45G1")))).toBe(true);
  });

  it("sorts by transit time, open departures still first", async () => {
    const page = await board("sort=transit&closed=1");
    const open = page.departures.filter((departure) => isOpenForBooking(departure, NOW));
    expect(page.departures.slice(0, open.length)).toEqual(open);
    const hours = open.map((departure) => departure.etaAt.getTime() - departure.departureAt.getTime());
    expect(nonDecreasing(hours)).toBe(true);
    expect(hours[0]).toBeLessThan(hours.at(-1)!);
    // Air charters are the quickest.
    expect(open[0]!.service.mode).toBe("AIR");
  });

  it("shows the converted from price with the tariff in brackets, in the page's locale", async () => {
    const page = await board("");
    const departure = page.departures.find((candidate) => priceFrom(candidate.capacities)!.currency === "CNY")!;
    const tariff = priceFrom(departure.capacities)!;
    const one = { ...page, departures: [departure] };
    const euros = convertMinor(tariff.amountMinor, { num: 1_000_000n, den: 7_820_000n }, "CNY", "EUR");
    const [row] = presentBoardRows(one, "en", NOW, { currency: "EUR" });
    expect(row!.priceFrom).toMatchObject({
      amount: new Intl.NumberFormat("en", { style: "currency", currency: "EUR" }).format(euros / 100),
      tariff: new Intl.NumberFormat("en", { style: "currency", currency: "CNY", currencyDisplay: "code" }).format(
        tariff.amountMinor / 100,
      ),
    });
    expect(row!.priceFrom!.amount).toMatch(/^€/);
    expect(row!.priceFrom!.tariff).toMatch(/^CNY/);
    const [german] = presentBoardRows(one, "de", NOW, { currency: "EUR" });
    expect(german!.priceFrom!.amount).toMatch(/,\d\d\s€$/);
    const [plain] = presentBoardRows(one, "en", NOW, { currency: null });
    expect(plain!.priceFrom!.tariff).toBeNull();
    const [same] = presentBoardRows(one, "en", NOW, { currency: "CNY" });
    expect(same!.priceFrom!.tariff).toBeNull();
  });
});

describe("board rows as shown", () => {
  it("shows departure and cut-off in the origin's local time, ETA at the destination", async () => {
    const page = await board("origin=CNLAZ&destination=NPKTM");
    const [row] = presentBoardRows({ ...page, departures: page.departures.slice(0, 1) }, "en", NOW);
    // Thursday 13:00 in Lanzhou; cut-off two days earlier at 17:00; 150 h later it is
    // 16:45 in Kathmandu (UTC+5:45).
    expect(row!.departureLocal).toMatch(/Thu.*13:00 GMT\+8/);
    expect(row!.cargoCutoffLocal).toMatch(/Tue.*17:00 GMT\+8/);
    expect(row!.etaLocal).toMatch(/16:45 GMT\+5:45/);
    expect(row!.borderCrossings).toEqual(["Gyirong – Rasuwagadhi"]);
  });

  it("keeps the cut-off on the wall clock across Europe's DST change", async () => {
    const page = await board("origin=DEDUI&from=2027-03-30&to=2027-03-30");
    expect(page.departures).toHaveLength(1);
    const [departure] = page.departures;
    expect(departure!.departureAt.toISOString()).toBe("2027-03-30T08:00:00.000Z");
    expect(departure!.cargoCutoffAt.toISOString()).toBe("2027-03-27T15:00:00.000Z");
    const [row] = presentBoardRows(page, "de", NOW);
    expect(row!.departureLocal).toMatch(/10:00 GMT\+2/);
    expect(row!.cargoCutoffLocal).toMatch(/16:00 GMT\+1/);
  });
});
