import { describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { cutoffFor, localDateOf, localDayBounds, planDepartures, zonedToUtc } from "./timetable";

describe("zonedToUtc", () => {
  it("reads a wall-clock time in China Standard Time (UTC+8, no DST)", () => {
    expect(zonedToUtc("2026-12-01", "10:30", "Asia/Shanghai").toISOString()).toBe("2026-12-01T02:30:00.000Z");
  });

  it("handles Kathmandu's +05:45 offset", () => {
    expect(zonedToUtc("2026-12-01", "09:00", "Asia/Kathmandu").toISOString()).toBe("2026-12-01T03:15:00.000Z");
  });

  it("uses summer time in Berlin after the March change and winter time before it", () => {
    expect(zonedToUtc("2027-03-27", "16:00", "Europe/Berlin").toISOString()).toBe("2027-03-27T15:00:00.000Z");
    expect(zonedToUtc("2027-03-30", "10:00", "Europe/Berlin").toISOString()).toBe("2027-03-30T08:00:00.000Z");
  });

  it("moves a time skipped by the spring-forward gap forward, as clocks do", () => {
    expect(zonedToUtc("2027-03-28", "02:30", "Europe/Berlin").toISOString()).toBe("2027-03-28T01:30:00.000Z");
  });

  it("rejects malformed times and zones", () => {
    expect(() => zonedToUtc("2026-12-01", "25:00", "Asia/Shanghai")).toThrow(/HH:MM/);
    expect(() => zonedToUtc("2026-12-01", "10:00", "Mars/Olympus")).toThrow(/Invalid/);
  });
});

describe("cutoffFor", () => {
  it("counts calendar days at the origin, not 24-hour blocks, across a DST change", () => {
    const departure = zonedToUtc("2027-03-30", "10:00", "Europe/Berlin");
    const cutoff = cutoffFor(departure, "Europe/Berlin", { daysBefore: 3, localTime: "16:00" });
    expect(cutoff.toISOString()).toBe("2027-03-27T15:00:00.000Z");
    // 65 real hours, because clocks went forward on the night of 27/28 March.
    expect((departure.getTime() - cutoff.getTime()) / 3_600_000).toBe(65);
  });

  it("works across the autumn change too", () => {
    const departure = zonedToUtc("2027-11-02", "10:00", "Europe/Berlin");
    const cutoff = cutoffFor(departure, "Europe/Berlin", { daysBefore: 3, localTime: "16:00" });
    expect(cutoff.toISOString()).toBe("2027-10-30T14:00:00.000Z");
    expect((departure.getTime() - cutoff.getTime()) / 3_600_000).toBe(67);
  });

  it("allows a same-day cut-off", () => {
    const departure = zonedToUtc("2026-12-02", "23:40", "Asia/Shanghai");
    expect(cutoffFor(departure, "Asia/Shanghai", { daysBefore: 0, localTime: "06:00" }).toISOString()).toBe(
      "2026-12-01T22:00:00.000Z",
    );
  });
});

describe("localDateOf and localDayBounds", () => {
  it("gives the date on the local calendar", () => {
    const instant = new Date("2026-12-01T20:00:00Z");
    expect(localDateOf(instant, "Asia/Shanghai")).toBe("2026-12-02");
    expect(localDateOf(instant, "Europe/Berlin")).toBe("2026-12-01");
  });

  it("spans 23 hours on the spring-forward day", () => {
    const { start, end } = localDayBounds("2027-03-28", "Europe/Berlin");
    expect(start.toISOString()).toBe("2027-03-27T23:00:00.000Z");
    expect((end.getTime() - start.getTime()) / 3_600_000).toBe(23);
  });
});

describe("planDepartures", () => {
  const pattern = {
    timeZone: "Asia/Shanghai",
    weekdays: [2, 5],
    departureLocalTime: "10:30",
    cargoCutoff: { daysBefore: 2, localTime: "17:00" },
    docCutoff: { daysBefore: 3, localTime: "12:00" },
    transitHours: 360,
  };

  it("plans every matching weekday in the window, in order", () => {
    // 2026-12-01 is a Tuesday.
    const planned = planDepartures(pattern, "2026-12-01", 2);
    expect(planned.map((departure) => departure.departureAt.toISOString())).toEqual([
      "2026-12-01T02:30:00.000Z",
      "2026-12-04T02:30:00.000Z",
      "2026-12-08T02:30:00.000Z",
      "2026-12-11T02:30:00.000Z",
    ]);
  });

  it("derives cut-offs and ETA from the pattern", () => {
    const [first] = planDepartures(pattern, "2026-12-01", 1);
    expect(first?.cargoCutoffAt.toISOString()).toBe("2026-11-29T09:00:00.000Z");
    expect(first?.docCutoffAt.toISOString()).toBe("2026-11-28T04:00:00.000Z");
    expect(first?.etaAt.toISOString()).toBe("2026-12-16T02:30:00.000Z");
  });

  it("plans 13 weeks of a twice-weekly service as 26 departures", () => {
    expect(planDepartures(pattern, "2026-11-28", 13)).toHaveLength(26);
  });
});

describe("planDepartures with a validity period and exceptions", () => {
  const pattern = {
    timeZone: "Asia/Shanghai",
    weekdays: [2, 5],
    departureLocalTime: "10:30",
    cargoCutoff: { daysBefore: 2, localTime: "17:00" },
    docCutoff: { daysBefore: 3, localTime: "12:00" },
    transitHours: 360,
  };
  const localDates = (planned: { departureAt: Date }[]) =>
    planned.map((departure) => localDateOf(departure.departureAt, "Asia/Shanghai"));

  it("skips the Spring Festival week and keeps the weeks around it", () => {
    // Spring Festival 2027: 6–12 February (Saturday to Friday).
    const festival = ["2027-02-09", "2027-02-12"];
    const planned = planDepartures(pattern, "2027-02-01", 3, { exceptions: festival });
    expect(localDates(planned)).toEqual(["2027-02-02", "2027-02-05", "2027-02-16", "2027-02-19"]);
  });

  it("runs only inside the validity period, both ends included", () => {
    const planned = planDepartures(pattern, "2027-02-01", 4, { validFrom: "2027-02-05", validUntil: "2027-02-16" });
    expect(localDates(planned)).toEqual(["2027-02-05", "2027-02-09", "2027-02-12", "2027-02-16"]);
    expect(planDepartures(pattern, "2027-02-01", 4, { validUntil: "2027-01-31" })).toEqual([]);
  });

  it("keeps the origin's wall clock while the destination's clocks change (ETA at Duisburg)", () => {
    // Tuesdays around Europe's spring change (28 March 2027): the ETA is the same 360 hours
    // later in real time, so Duisburg's clocks show it one hour later after the change.
    const planned = planDepartures(pattern, "2027-03-01", 4, { exceptions: [] }).filter(
      (departure) => DateTime.fromJSDate(departure.departureAt).setZone("Asia/Shanghai").weekday === 2,
    );
    const etaLocal = planned.map((departure) =>
      DateTime.fromJSDate(departure.etaAt, { zone: "Europe/Berlin" }).toFormat("yyyy-MM-dd HH:mm"),
    );
    expect(etaLocal).toEqual(["2027-03-17 03:30", "2027-03-24 03:30", "2027-03-31 04:30", "2027-04-07 04:30"]);
    expect(
      planned.every((departure) => departure.etaAt.getTime() - departure.departureAt.getTime() === 360 * 3_600_000),
    ).toBe(true);
  });

  it("keeps a European origin's local departure time across its own DST change, with exceptions", () => {
    const berlin = { ...pattern, timeZone: "Europe/Berlin", weekdays: [6], departureLocalTime: "08:00" };
    const planned = planDepartures(berlin, "2027-03-20", 3, { exceptions: ["2027-03-27"] });
    expect(planned.map((departure) => departure.departureAt.toISOString())).toEqual([
      "2027-03-20T07:00:00.000Z",
      "2027-04-03T06:00:00.000Z",
    ]);
  });
});
