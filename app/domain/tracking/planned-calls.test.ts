import { describe, expect, it } from "vitest";
import { plannedCalls } from "./planned-calls";

const departure = {
  originCode: "CNLAZ",
  departureAt: new Date("2026-12-10T02:00:00Z"),
  etaAt: new Date("2026-12-25T02:00:00Z"),
};

describe("a departure's planned calls", () => {
  it("leave the origin, cross each border and arrive, sharing the span by the legs' planned hours", () => {
    const calls = plannedCalls(
      departure,
      [
        { fromCode: "CNLAZ", toCode: "CNAKL", plannedHours: 60, gaugeChange: "1435>1520" },
        { fromCode: "CNAKL", toCode: "BYBQT", plannedHours: 228, gaugeChange: "1520>1435" },
        { fromCode: "BYBQT", toCode: "DEDUI", plannedHours: 72, gaugeChange: null },
      ],
      () => false,
    );
    expect(calls.map((call) => [call.milestone, call.typeCode, call.facilityType, call.placeCode])).toEqual([
      ["DEPARTED", "DEPA", "RAMP", "CNLAZ"],
      ["BORDER_CROSSED", "DEPA", "BOCR", "CNAKL"],
      ["BORDER_CROSSED", "DEPA", "BOCR", "BYBQT"],
      ["ARRIVED", "ARRI", "RAMP", "DEDUI"],
    ]);
    // 360 planned hours over a 360-hour span: the calls fall where the legs end.
    expect(calls.map((call) => call.eventAt.toISOString())).toEqual([
      "2026-12-10T02:00:00.000Z",
      "2026-12-12T14:00:00.000Z",
      "2026-12-22T02:00:00.000Z",
      "2026-12-25T02:00:00.000Z",
    ]);
    expect(calls[1]!.gaugeChange).toBe("1435>1520");
  });

  it("stretch the legs to the departure's ETA, arrive at and leave a transfer point, and know borders by place", () => {
    const calls = plannedCalls(
      { ...departure, etaAt: new Date("2026-12-20T02:00:00Z") },
      [
        { fromCode: "CNLAZ", toCode: "CNQZH", plannedHours: 30, gaugeChange: null },
        { fromCode: "CNQZH", toCode: "VNHPH", plannedHours: 60, gaugeChange: null },
        { fromCode: "VNHPH", toCode: "SGSIN", plannedHours: 30, gaugeChange: null },
      ],
      (code) => code === "VNHPH",
    );
    expect(calls.map((call) => [call.milestone, call.placeCode])).toEqual([
      ["DEPARTED", "CNLAZ"],
      ["ARRIVED", "CNQZH"],
      ["DEPARTED", "CNQZH"],
      ["BORDER_CROSSED", "VNHPH"],
      ["ARRIVED", "SGSIN"],
    ]);
    // 120 planned hours over a 240-hour span: each leg takes twice as long.
    expect(calls[1]!.eventAt.toISOString()).toBe("2026-12-12T14:00:00.000Z");
    expect(calls[3]!.eventAt.toISOString()).toBe("2026-12-17T14:00:00.000Z");
    expect(calls[4]!.eventAt).toEqual(new Date("2026-12-20T02:00:00Z"));
  });

  it("share the span evenly when the legs have no planned hours", () => {
    const calls = plannedCalls(
      departure,
      [
        { fromCode: "CNLAZ", toCode: "KZNUR", plannedHours: 0, gaugeChange: "1435>1520" },
        { fromCode: "KZNUR", toCode: "UZTAS", plannedHours: 0, gaugeChange: null },
      ],
      () => false,
    );
    expect(calls.map((call) => call.eventAt.toISOString())).toEqual([
      "2026-12-10T02:00:00.000Z",
      "2026-12-17T14:00:00.000Z",
      "2026-12-25T02:00:00.000Z",
    ]);
  });
});
