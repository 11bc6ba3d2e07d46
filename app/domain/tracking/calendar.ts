import ical, { ICalCalendarMethod } from "ical-generator";
import { inForce } from "~/domain/operations/events";
import { currentEstimate, type SweptEvent } from "./alerts";

/*
 * A consignment's iCalendar feed, the pure part (decision 024): two events, the departure and
 * the arrival (ETA), with UIDs stable while the booking stays on its train; each estimate or
 * actual record of a milestone raises its SEQUENCE and sets its DTSTAMP. Times in UTC.
 */

/** The time a milestone is at now, and how many times it was set (its SEQUENCE). */
export function milestoneTime(events: SweptEvent[], milestone: string, timetable: Date, timetableStamp: Date) {
  const actual = inForce(events.filter((event) => event.classifier === "ACT" && event.milestone === milestone));
  const latestActual = actual.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
  const chosen = latestActual ?? currentEstimate(events, milestone);
  // Every estimate or actual record of the milestone (corrections included) is one revision.
  const sequence = events.filter(
    (event) => event.milestone === milestone && (event.classifier === "EST" || event.classifier === "ACT"),
  ).length;
  return {
    at: chosen?.eventAt ?? timetable,
    stamp: chosen?.createdAt ?? timetableStamp,
    sequence,
    actual: latestActual !== undefined,
  };
}

export interface FeedInput {
  reference: string;
  departureId: string;
  departureAt: Date;
  etaAt: Date;
  /** When the timetable's times were set (DTSTAMP while nothing else is known). */
  scheduledAt: Date;
  /** The departure's estimated and actual transport events (DEPARTED / ARRIVED, whole train). */
  events: SweptEvent[];
  /** Texts in the subscriber's language. */
  text: {
    name: string;
    summary: (kind: "departure" | "arrival", actual: boolean) => string;
    origin: string;
    destination: string;
    description: string;
  };
  language: string;
}

const HOST = "silu-gateway";
const DURATION_MS = 30 * 60_000;

export function buildCalendar(input: FeedInput): string {
  const calendar = ical({
    name: input.text.name,
    prodId: { company: "Silu Gateway", product: "tracking", language: input.language.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
    ttl: 60 * 60,
  });
  const items = [
    { kind: "departure", milestone: "DEPARTED", timetable: input.departureAt, place: input.text.origin },
    { kind: "arrival", milestone: "ARRIVED", timetable: input.etaAt, place: input.text.destination },
  ] as const;
  for (const item of items) {
    const time = milestoneTime(input.events, item.milestone, item.timetable, input.scheduledAt);
    calendar.createEvent({
      // Stable while the booking is on this departure; moved to another train, it is a new event.
      id: `${input.reference}-${input.departureId}-${item.kind}@${HOST}`,
      start: time.at,
      end: new Date(time.at.getTime() + DURATION_MS),
      stamp: time.stamp,
      sequence: time.sequence,
      summary: input.text.summary(item.kind, time.actual),
      location: item.place,
      description: input.text.description,
    });
  }
  return calendar.toString();
}
