import { inForce } from "~/domain/operations/events";

/*
 * A consignment's timeline (issue 14, decision 023), assembled from the event log: per place of
 * the route the planned time (PLN, written when the booking is confirmed), the latest estimate
 * (EST, from a delay) and what happened (ACT, port staff), corrections applied (only events in
 * force count); per container its own equipment events; and where the train is now. Pure: the
 * loaders read the rows and format the times.
 */

/** An event as the timeline reads it (a subset of OperationalEvent). */
export interface TimelineEvent {
  id: string;
  eventType: string;
  classifier: string;
  milestone: string;
  eventAt: Date;
  createdAt: Date;
  placeCode: string;
  equipmentReference: string | null;
  supersedesId: string | null;
}

/** A place of the route, in order: the origin, then each leg's end. */
export interface RoutePlace {
  code: string;
  /** The gauge change at this place ("1435>1520"), if any. */
  gaugeChange: string | null;
  /** A border crossing (Place.kind BORDER). */
  border?: boolean;
}

export type StopRole = "origin" | "via" | "destination";

export interface TimelineStop {
  code: string;
  role: StopRole;
  /** What happens there: the train leaves the origin, crosses the border, arrives. */
  milestone: "DEPARTED" | "BORDER_CROSSED" | "ARRIVED";
  gaugeChange: string | null;
  planned: Date | null;
  estimated: Date | null;
  actual: Date | null;
  /** Minutes the actual time (or, before it, the estimate) is later than planned; null when not late. */
  delayMinutes: number | null;
}

/** Below a minute late is on time: events are recorded to the minute. */
const LATE_MS = 60_000;

function roleOf(index: number, count: number): StopRole {
  if (index === 0) return "origin";
  return index === count - 1 ? "destination" : "via";
}

/**
 * What a stop is about: leaving the origin, arriving at the destination; between them crossing
 * the border (a border or a gauge change, as the plan writes it), or else the train's call there
 * (its arrival planned; either its arrival or its departure recorded says it got there).
 */
function milestoneOf(role: StopRole, place: RoutePlace): TimelineStop["milestone"] {
  if (role === "origin") return "DEPARTED";
  if (role === "destination") return "ARRIVED";
  return place.border || place.gaugeChange ? "BORDER_CROSSED" : "ARRIVED";
}

/** The newest event in force of one kind at one place (a later recording of the same thing wins). */
function latest(events: TimelineEvent[], classifier: string, placeCode: string, milestones: string[]): Date | null {
  let found: TimelineEvent | null = null;
  for (const event of events) {
    if (event.classifier !== classifier || event.placeCode !== placeCode) continue;
    if (!milestones.includes(event.milestone)) continue;
    if (event.eventType !== "TRANSPORT") continue;
    if (!found || event.createdAt > found.createdAt) found = event;
  }
  return found?.eventAt ?? null;
}

/**
 * One stop per route place with its planned, estimated and actual times. Events that a later
 * correction superseded are left out first, so a corrected time replaces the wrong one and an
 * estimate is the newest in force. No planned time is invented: without a PLN event it is null.
 */
export function assembleTimeline(places: RoutePlace[], events: TimelineEvent[]): TimelineStop[] {
  const current = inForce(events);
  return places.map((place, index) => {
    const role = roleOf(index, places.length);
    const milestone = milestoneOf(role, place);
    const call = role === "via" && milestone === "ARRIVED";
    const planned = latest(current, "PLN", place.code, [milestone]);
    const estimated = latest(current, "EST", place.code, [milestone]);
    const actual = latest(current, "ACT", place.code, call ? ["ARRIVED", "DEPARTED"] : [milestone]);
    const compared = actual ?? estimated;
    const lateBy = planned && compared ? compared.getTime() - planned.getTime() : 0;
    return {
      code: place.code,
      role,
      milestone,
      gaugeChange: place.gaugeChange,
      planned,
      estimated,
      actual,
      delayMinutes: lateBy >= LATE_MS ? Math.round(lateBy / 60_000) : null,
    };
  });
}

export type Position =
  | { state: "notDeparted" }
  | { state: "arrived" }
  /** Between stop `from` and the next one, `fraction` (0…1) of the way by the time elapsed. */
  | { state: "enRoute"; from: number; fraction: number };

/**
 * Where the consignment is: the last place with an actual event, and how far along the line to
 * the next place by the time elapsed since, against the leg's planned duration (the planned
 * times of the two places when both are known, else the timetable's hours for the leg). Capped
 * below the next place: only its actual event says the train is there.
 */
export function currentPosition(stops: TimelineStop[], legHours: number[], now: Date): Position {
  let last = -1;
  stops.forEach((stop, index) => {
    if (stop.actual) last = index;
  });
  if (last < 0) return { state: "notDeparted" };
  if (last === stops.length - 1) return { state: "arrived" };
  const from = stops[last]!;
  const to = stops[last + 1]!;
  const plannedSpan = from.planned && to.planned ? to.planned.getTime() - from.planned.getTime() : 0;
  const span = plannedSpan > 0 ? plannedSpan : (legHours[last] ?? 0) * 3_600_000;
  const elapsed = now.getTime() - from.actual!.getTime();
  const fraction = span > 0 ? Math.min(Math.max(elapsed / span, 0), 0.99) : 0;
  return { state: "enRoute", from: last, fraction: Math.round(fraction * 100) / 100 };
}

export interface ContainerEvent {
  milestone: string;
  placeCode: string;
  at: Date;
}

/** Equipment milestones a box has of its own (and customs release, recorded per box or for all). */
const BOX_MILESTONES = new Set(["GATE_IN", "DISCHARGED", "CUSTOMS_RELEASED", "OUT_FOR_DELIVERY", "DELIVERED"]);

/**
 * Follow the box, not the train: each container's actual events in force, in the order they
 * happened — its own, and those recorded for every container of the departure.
 */
export function containerTimelines<C extends { containerNumber: string }>(
  containers: C[],
  events: TimelineEvent[],
): (C & { events: ContainerEvent[] })[] {
  const boxEvents = inForce(events)
    .filter((event) => event.classifier === "ACT" && BOX_MILESTONES.has(event.milestone))
    .sort((a, b) => a.eventAt.getTime() - b.eventAt.getTime() || a.createdAt.getTime() - b.createdAt.getTime());
  return containers.map((container) => ({
    ...container,
    events: boxEvents
      .filter((event) => event.equipmentReference === null || event.equipmentReference === container.containerNumber)
      .map((event) => ({ milestone: event.milestone, placeCode: event.placeCode, at: event.eventAt })),
  }));
}
