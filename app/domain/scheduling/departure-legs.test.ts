import { describe, expect, it } from "vitest";
import { planLegs } from "./departure.server";

const leg = (sequence: number, plannedHours: number) => ({
  id: `leg-${sequence}`,
  serviceId: "service",
  sequence,
  mode: "RAIL",
  fromCode: `P${sequence}`,
  toCode: `P${sequence + 1}`,
  plannedHours,
  gaugeChange: null,
});

describe("planLegs", () => {
  const departureAt = new Date("2026-12-01T02:30:00Z");

  it("lays the legs end to end from the departure", () => {
    const legs = planLegs({ departureAt, etaAt: new Date("2026-12-04T02:30:00Z") }, [leg(1, 24), leg(2, 48)]);
    expect(legs.map((planned) => [planned.startAt.toISOString(), planned.endAt.toISOString()])).toEqual([
      ["2026-12-01T02:30:00.000Z", "2026-12-02T02:30:00.000Z"],
      ["2026-12-02T02:30:00.000Z", "2026-12-04T02:30:00.000Z"],
    ]);
  });

  it("stretches the plan so the last leg ends at a later ETA set by staff", () => {
    const legs = planLegs({ departureAt, etaAt: new Date("2026-12-07T02:30:00Z") }, [leg(1, 24), leg(2, 48)]);
    expect(legs[0]?.endAt.toISOString()).toBe("2026-12-03T02:30:00.000Z");
    expect(legs[1]?.endAt.toISOString()).toBe("2026-12-07T02:30:00.000Z");
  });
});
