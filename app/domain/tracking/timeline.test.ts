import { describe, expect, it } from "vitest";
import { assembleTimeline, containerTimelines, currentPosition, type TimelineEvent } from "./timeline";
import { formatDelay } from "./consignment.server";

// Lanzhou → Alashankou (gauge change) → Brest – Małaszewicze (gauge change) → Duisburg.
const PLACES = [
  { code: "CNLAZ", gaugeChange: null },
  { code: "CNAKL", gaugeChange: "1435>1520" },
  { code: "BYBQT", gaugeChange: "1520>1435" },
  { code: "DEDUI", gaugeChange: null },
];
const LEG_HOURS = [60, 228, 72];
const at = (iso: string) => new Date(iso);
let serial = 0;

function event(
  classifier: string,
  milestone: string,
  placeCode: string,
  eventAt: string,
  extra: Partial<TimelineEvent> = {},
): TimelineEvent {
  serial += 1;
  const eventType = ["DEPARTED", "BORDER_CROSSED", "ARRIVED"].includes(milestone) ? "TRANSPORT" : "EQUIPMENT";
  return {
    id: `e${serial}`,
    eventType,
    classifier,
    milestone,
    eventAt: at(eventAt),
    createdAt: new Date(Date.UTC(2026, 11, 1) + serial * 1000),
    placeCode,
    equipmentReference: null,
    supersedesId: null,
    ...extra,
  };
}

const planned = [
  event("PLN", "DEPARTED", "CNLAZ", "2026-12-01T02:30:00Z"),
  event("PLN", "BORDER_CROSSED", "CNAKL", "2026-12-03T14:30:00Z"),
  event("PLN", "BORDER_CROSSED", "BYBQT", "2026-12-13T02:30:00Z"),
  event("PLN", "ARRIVED", "DEDUI", "2026-12-16T02:30:00Z"),
];

describe("assembleTimeline", () => {
  it("puts each route place's planned, estimated and actual times side by side, with its role and milestone", () => {
    const stops = assembleTimeline(PLACES, [
      ...planned,
      event("ACT", "DEPARTED", "CNLAZ", "2026-12-01T02:40:00Z"),
      event("EST", "ARRIVED", "DEDUI", "2026-12-16T08:00:00Z"),
    ]);
    expect(stops.map((stop) => [stop.code, stop.role, stop.milestone, stop.gaugeChange])).toEqual([
      ["CNLAZ", "origin", "DEPARTED", null],
      ["CNAKL", "via", "BORDER_CROSSED", "1435>1520"],
      ["BYBQT", "via", "BORDER_CROSSED", "1520>1435"],
      ["DEDUI", "destination", "ARRIVED", null],
    ]);
    expect(stops[0]).toMatchObject({ planned: at("2026-12-01T02:30:00Z"), actual: at("2026-12-01T02:40:00Z") });
    expect(stops[0]!.estimated).toBeNull();
    expect(stops[3]).toMatchObject({ estimated: at("2026-12-16T08:00:00Z"), actual: null });
  });

  it("marks a delay when the actual time (or, before it, the estimate) is later than planned, with the minutes", () => {
    const stops = assembleTimeline(PLACES, [
      ...planned,
      event("ACT", "DEPARTED", "CNLAZ", "2026-12-01T02:30:30Z"), // 30 s: on time
      event("ACT", "BORDER_CROSSED", "CNAKL", "2026-12-03T19:00:00Z"), // 4 h 30 min late
      event("ACT", "BORDER_CROSSED", "BYBQT", "2026-12-13T01:00:00Z"), // early: not a delay
      event("EST", "ARRIVED", "DEDUI", "2026-12-17T04:30:00Z"), // 1 day 2 h late by the estimate
    ]);
    expect(stops.map((stop) => stop.delayMinutes)).toEqual([null, 270, null, 26 * 60]);
  });

  it("lets the actual time win over a later estimate once it is known", () => {
    const stops = assembleTimeline(PLACES, [
      ...planned,
      event("EST", "ARRIVED", "DEDUI", "2026-12-17T02:30:00Z"),
      event("ACT", "ARRIVED", "DEDUI", "2026-12-16T02:00:00Z"),
    ]);
    expect(stops[3]!.delayMinutes).toBeNull();
  });

  it("uses only events in force: a correction replaces what it corrects, the newest estimate replaces the older", () => {
    const wrong = event("ACT", "BORDER_CROSSED", "BYBQT", "2026-12-20T00:00:00Z");
    const correction = event("ACT", "BORDER_CROSSED", "BYBQT", "2026-12-13T03:00:00Z", { supersedesId: wrong.id });
    const firstEstimate = event("EST", "ARRIVED", "DEDUI", "2026-12-18T00:00:00Z");
    const secondEstimate = event("EST", "ARRIVED", "DEDUI", "2026-12-16T12:00:00Z", {
      supersedesId: firstEstimate.id,
    });
    const stops = assembleTimeline(PLACES, [...planned, wrong, correction, firstEstimate, secondEstimate]);
    expect(stops[2]).toMatchObject({ actual: at("2026-12-13T03:00:00Z"), delayMinutes: 30 });
    expect(stops[3]).toMatchObject({ estimated: at("2026-12-16T12:00:00Z"), delayMinutes: 570 });
  });

  it("invents no planned time: without PLN events there is no plan and no delay", () => {
    const stops = assembleTimeline(PLACES, [event("ACT", "DEPARTED", "CNLAZ", "2026-12-09T00:00:00Z")]);
    expect(stops.map((stop) => stop.planned)).toEqual([null, null, null, null]);
    expect(stops[0]).toMatchObject({ actual: at("2026-12-09T00:00:00Z"), delayMinutes: null });
  });

  it("ignores a box's own equipment events and events at places off the route for the route stops", () => {
    const stops = assembleTimeline(PLACES, [
      event("ACT", "DISCHARGED", "DEDUI", "2026-12-16T05:00:00Z"),
      event("ACT", "ARRIVED", "DEHAM", "2026-12-16T05:00:00Z"),
    ]);
    expect(stops.every((stop) => stop.actual === null)).toBe(true);
  });
});

describe("a call between origin and destination that is no border", () => {
  // Lanzhou → Qinzhou (rail, sea port: no border) → Singapore.
  const route = [
    { code: "CNLAZ", gaugeChange: null },
    { code: "CNQZH", gaugeChange: null, border: false },
    { code: "SGSIN", gaugeChange: null },
  ];

  it("is the train's arrival there, planned as an arrival; its arrival or departure recorded says it got there", () => {
    const stops = assembleTimeline(route, [
      event("PLN", "ARRIVED", "CNQZH", "2026-12-03T00:00:00Z"),
      event("PLN", "DEPARTED", "CNQZH", "2026-12-04T00:00:00Z"),
      event("ACT", "DEPARTED", "CNQZH", "2026-12-04T06:00:00Z"),
    ]);
    expect(stops[1]).toMatchObject({
      milestone: "ARRIVED",
      planned: at("2026-12-03T00:00:00Z"),
      actual: at("2026-12-04T06:00:00Z"),
    });
  });

  it("is a border crossing when the place is a border", () => {
    const stops = assembleTimeline([route[0]!, { code: "CNPIN", gaugeChange: null, border: true }, route[2]!], []);
    expect(stops[1]!.milestone).toBe("BORDER_CROSSED");
  });
});

describe("currentPosition", () => {
  const now = at("2026-12-08T08:30:00Z");

  it("is at the origin before the departure is recorded, and at the destination once the arrival is", () => {
    expect(currentPosition(assembleTimeline(PLACES, planned), LEG_HOURS, now)).toEqual({ state: "notDeparted" });
    const arrived = assembleTimeline(PLACES, [...planned, event("ACT", "ARRIVED", "DEDUI", "2026-12-16T03:00:00Z")]);
    expect(currentPosition(arrived, LEG_HOURS, now)).toEqual({ state: "arrived" });
  });

  it("is between the last place with an actual event and the next, by the time elapsed against the planned span", () => {
    // Crossed at Alashankou on 3 Dec 14:30 UTC; 114 of the 228 planned hours to Brest later: halfway.
    const stops = assembleTimeline(PLACES, [
      ...planned,
      event("ACT", "BORDER_CROSSED", "CNAKL", "2026-12-03T14:30:00Z"),
    ]);
    expect(currentPosition(stops, LEG_HOURS, at("2026-12-08T08:30:00Z"))).toEqual({
      state: "enRoute",
      from: 1,
      fraction: 0.5,
    });
  });

  it("uses the timetable's leg hours when no planned times are known, and never reaches the next place without its event", () => {
    const stops = assembleTimeline(PLACES, [event("ACT", "DEPARTED", "CNLAZ", "2026-12-01T00:00:00Z")]);
    expect(currentPosition(stops, LEG_HOURS, at("2026-12-01T15:00:00Z"))).toEqual({
      state: "enRoute",
      from: 0,
      fraction: 0.25,
    });
    expect(currentPosition(stops, LEG_HOURS, at("2026-12-30T00:00:00Z"))).toMatchObject({ fraction: 0.99 });
  });
});

describe("containerTimelines", () => {
  it("follows each box: its own events and the departure-wide ones in force, in the order they happened", () => {
    const boxA = "MSKU1234565";
    const boxB = "TGHU7654321";
    const wrongDischarge = event("ACT", "DISCHARGED", "DEDUI", "2026-12-16T09:00:00Z", { equipmentReference: boxA });
    const events = [
      event("ACT", "GATE_IN", "CNLAZ", "2026-11-29T08:00:00Z", { equipmentReference: boxA }),
      event("ACT", "GATE_IN", "CNLAZ", "2026-11-29T09:00:00Z", { equipmentReference: boxB }),
      event("ACT", "DEPARTED", "CNLAZ", "2026-12-01T02:40:00Z"),
      wrongDischarge,
      event("ACT", "DISCHARGED", "DEDUI", "2026-12-16T07:00:00Z", {
        equipmentReference: boxA,
        supersedesId: wrongDischarge.id,
      }),
      event("ACT", "OUT_FOR_DELIVERY", "DEDUI", "2026-12-17T06:00:00Z"),
      event("EST", "DELIVERED", "DEDUI", "2026-12-18T06:00:00Z", { equipmentReference: boxA }),
    ];
    const [a, b] = containerTimelines(
      [
        { containerNumber: boxA, isoSizeType: "45G1" },
        { containerNumber: boxB, isoSizeType: "45G1" },
      ],
      events,
    );
    expect(a!.events.map((row) => [row.milestone, row.at.toISOString()])).toEqual([
      ["GATE_IN", "2026-11-29T08:00:00.000Z"],
      ["DISCHARGED", "2026-12-16T07:00:00.000Z"],
      ["OUT_FOR_DELIVERY", "2026-12-17T06:00:00.000Z"],
    ]);
    expect(b!.events.map((row) => row.milestone)).toEqual(["GATE_IN", "OUT_FOR_DELIVERY"]);
  });
});

describe("formatDelay", () => {
  it("says the delay in days, hours and minutes in the viewer's language", () => {
    expect(formatDelay(270, "en")).toBe("4 hours, 30 minutes");
    expect(formatDelay(26 * 60, "de")).toBe("1 Tag, 2 Stunden");
    expect(formatDelay(45, "ru")).toBe("45 минут");
  });
});
