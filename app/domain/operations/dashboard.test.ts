import { describe, expect, it } from "vitest";
import { portWindows, utilisationChart, utilisationPercent, type BarFacts } from "./dashboard";

const describeBar = (bar: BarFacts) =>
  `${bar.equipmentCode} ${bar.booked}+${bar.held}/${bar.total} ${bar.percent}%${bar.over ? " over" : ""}`;

describe("utilisationChart", () => {
  it("draws booked then held in proportion and tells every number in its label", () => {
    const chart = utilisationChart(
      [
        { equipmentCode: "45G1", total: 40, booked: 10, held: 10 },
        { equipmentCode: "22G1", total: 20, booked: 5, held: 0 },
      ],
      describeBar,
    );
    expect(chart.bars.map((bar) => [bar.equipmentCode, bar.bookedWidth, bar.heldWidth, bar.percent])).toEqual([
      ["45G1", chart.trackWidth / 4, chart.trackWidth / 4, 50],
      ["22G1", chart.trackWidth / 4, 0, 25],
    ]);
    expect(chart.bars[1]!.y).toBeGreaterThan(chart.bars[0]!.y + chart.barHeight - 1);
    expect(chart.label).toBe("45G1 10+10/40 50%; 22G1 5+0/20 25%");
    expect(chart.bars[0]!.text).toBe("20/40 · 50%");
  });

  it("never draws beyond the track, flags over capacity and tells its real percentage", () => {
    const chart = utilisationChart([{ equipmentCode: "45R1", total: 10, booked: 9, held: 3 }], describeBar);
    const bar = chart.bars[0]!;
    expect(bar.bookedWidth + bar.heldWidth).toBe(chart.trackWidth);
    expect(bar.over).toBe(true);
    expect(bar.percent).toBe(120);
    expect(chart.label).toBe("45R1 9+3/10 120% over");
  });

  it("handles no capacity at all: an empty bar, 0 %; anything held of nothing is full and over", () => {
    const chart = utilisationChart(
      [
        { equipmentCode: "KG", total: 0, booked: 0, held: 0 },
        { equipmentCode: "45G1", total: 0, booked: 1, held: 1 },
      ],
      describeBar,
    );
    expect(chart.bars.map((bar) => [bar.bookedWidth, bar.heldWidth, bar.percent, bar.over])).toEqual([
      [0, 0, 0, false],
      [chart.trackWidth, 0, 100, true],
    ]);
    expect(chart.label).toContain("KG 0+0/0 0%");
  });

  it("keeps every bar within 100 % whatever the numbers (rounding included)", () => {
    for (let total = 0; total <= 37; total++) {
      for (let booked = 0; booked <= total + 3; booked++) {
        for (const held of [0, 1, 2, total - booked, total]) {
          const chart = utilisationChart([{ equipmentCode: "45G1", total, booked, held }], describeBar);
          const bar = chart.bars[0]!;
          expect(bar.bookedWidth).toBeGreaterThanOrEqual(0);
          expect(bar.heldWidth).toBeGreaterThanOrEqual(0);
          expect(bar.bookedWidth + bar.heldWidth).toBeLessThanOrEqual(chart.trackWidth);
          expect(bar.over).toBe(booked + Math.max(0, held) > total);
        }
      }
    }
  });

  it("rounds the percentage to whole numbers", () => {
    expect(utilisationPercent({ total: 3, booked: 1, held: 0 })).toBe(33);
    expect(utilisationPercent({ total: 3, booked: 2, held: 0 })).toBe(67);
  });
});

describe("portWindows", () => {
  it("takes today and the next six days as the port's clocks show them", () => {
    // 23:30 UTC on 30 November is 07:30 on 1 December in Lanzhou (UTC+8).
    const windows = portWindows(new Date("2026-11-30T23:30:00Z"), "Asia/Shanghai");
    expect(windows.today.start.toISOString()).toBe("2026-11-30T16:00:00.000Z");
    expect(windows.today.end.toISOString()).toBe("2026-12-01T16:00:00.000Z");
    expect(windows.week.start).toEqual(windows.today.end);
    expect(windows.week.end.toISOString()).toBe("2026-12-07T16:00:00.000Z");
  });

  it("puts a late-evening instant on the port's next day, not UTC's", () => {
    // 17:00 UTC is already 01:00 the next day in Shanghai, but still the same day in UTC.
    const windows = portWindows(new Date("2026-12-01T17:00:00Z"), "Asia/Shanghai");
    expect(windows.today.start.toISOString()).toBe("2026-12-01T16:00:00.000Z");
    const utc = portWindows(new Date("2026-12-01T17:00:00Z"), "UTC");
    expect(utc.today.start.toISOString()).toBe("2026-12-01T00:00:00.000Z");
  });

  it("keeps local midnights across a DST change (a 23-hour day in the week)", () => {
    // Berlin springs forward on 29 March 2026.
    const windows = portWindows(new Date("2026-03-27T10:00:00Z"), "Europe/Berlin");
    expect(windows.today.start.toISOString()).toBe("2026-03-26T23:00:00.000Z");
    expect(windows.week.end.toISOString()).toBe("2026-04-02T22:00:00.000Z");
  });
});
