import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOARD_COUNT_LIMIT, BOARD_PAGE_SIZE, findBoardDepartures } from "~/domain/scheduling/board.server";
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
  it("lists every future departure, soonest first, counting only up to the limit", async () => {
    const page = await board("");
    const all = await test.db.departure.count({ where: { departureAt: { gt: NOW } } });
    expect(all).toBeGreaterThan(BOARD_COUNT_LIMIT);
    expect(page.total).toBe(BOARD_COUNT_LIMIT);
    expect(page.totalCapped).toBe(true);
    expect(page.pageCount).toBeNull();
    expect(page.departures).toHaveLength(all);
    const times = page.departures.map((departure) => departure.departureAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const origins = new Set(page.departures.map((departure) => departure.service.originCode));
    for (const code of ["CNLAZ", "CNTSU", "CN-WUW", "CNLHW"]) expect(origins).toContain(code);
  });

  it("filters by corridor, origin, destination and mode", async () => {
    const air = await board("corridor=AIR_CHARTER");
    expect(air.total).toBeGreaterThan(0);
    expect(air.departures.every((departure) => departure.service.mode === "AIR")).toBe(true);

    const wuwei = await board("origin=CN-WUW");
    expect(wuwei.total).toBe(13);
    expect(new Set(wuwei.departures.map((departure) => departure.service.originCode))).toEqual(new Set(["CN-WUW"]));

    const duisburg = await board("destination=DEDUI&mode=RAIL");
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
    const wuwei = await findBoardDepartures(test.db, filters("origin=CN-WUW"), { now: NOW, pageSize: 5 });
    expect(wuwei.total).toBe(13);
    expect(wuwei.totalCapped).toBe(false);
    expect(wuwei.pageCount).toBe(3);
    expect(wuwei.hasNextPage).toBe(true);
    const last = await findBoardDepartures(test.db, filters("origin=CN-WUW&page=3"), { now: NOW, pageSize: 5 });
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
