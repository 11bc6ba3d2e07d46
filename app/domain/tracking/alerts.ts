import { DateTime } from "luxon";
import { inForce } from "~/domain/operations/events";

/**
 * Tracking alerts (decision 024), the pure part: which actual events are told, when an ETA
 * change is worth an e-mail, when a digest is due and how it is grouped.
 */

/** The actual events a subscriber is told of. */
export const ALERT_MILESTONES = ["DEPARTED", "BORDER_CROSSED", "ARRIVED", "DELIVERED"] as const;
export type AlertMilestone = (typeof ALERT_MILESTONES)[number];

/** The ETA thresholds a subscriber may choose, in hours; 0 means "no ETA alerts". */
export const ETA_THRESHOLDS = [0, 6, 12, 24, 48] as const;
export const DEFAULT_ETA_THRESHOLD = 12;

export const ETA_DELIVERIES = ["IMMEDIATE", "DIGEST"] as const;
export type EtaDelivery = (typeof ETA_DELIVERIES)[number];

/** The local hour (in the subscriber's zone) at which the daily digest is sent. */
export const DIGEST_HOUR = 8;

const HOUR_MS = 3_600_000;

/**
 * Whether the ETA moved by more than the threshold since the ETA last told to this subscriber
 * (earlier or later alike). Small moves are not told, but they add up: the comparison is always
 * with what the subscriber was last told, never with the previous estimate.
 */
export function etaChangeWorthTelling(toldEtaAt: Date, etaAt: Date, thresholdHours: number): boolean {
  if (thresholdHours <= 0) return false;
  return Math.abs(etaAt.getTime() - toldEtaAt.getTime()) > thresholdHours * HOUR_MS;
}

/** The next digest moment strictly after `at`: DIGEST_HOUR o'clock in the subscriber's zone. */
export function nextDigestAt(at: Date, timeZone: string, hour = DIGEST_HOUR): Date {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  const zoned = local.isValid ? local : DateTime.fromJSDate(at, { zone: "UTC" });
  let due = zoned.set({ hour, minute: 0, second: 0, millisecond: 0 });
  if (due.toMillis() <= at.getTime()) due = due.plus({ days: 1 }).set({ hour, minute: 0, second: 0, millisecond: 0 });
  return due.toJSDate();
}

/** An event as the alert sweep reads it. */
export interface SweptEvent {
  id: string;
  classifier: string;
  milestone: string;
  eventAt: Date;
  createdAt: Date;
  placeCode: string;
  bookingId: string | null;
  equipmentReference: string | null;
  supersedesId: string | null;
}

/** One fact to tell a subscriber once: the event in force and the key it is told under. */
export interface AlertFact {
  key: string;
  event: SweptEvent;
}

/**
 * The actual events of a booking's departure to tell a subscriber: in force (a correction
 * replaces what it corrects), of the alert milestones, concerning this booking (the whole train,
 * or one of its boxes), and first recorded after the subscriber subscribed. Each is keyed by
 * milestone, place and box — not by event id — so a correction of the time of an event already
 * told is not told again, while one naming another place is a new fact.
 */
export function actualEventFacts(
  events: SweptEvent[],
  booking: { id: string; containerNumbers: string[] },
  since: Date,
): AlertFact[] {
  const actual = events.filter((event) => event.classifier === "ACT");
  const byId = new Map(actual.map((event) => [event.id, event]));
  const boxes = new Set(booking.containerNumbers);
  const facts = new Map<string, AlertFact>();
  for (const event of inForce(actual)) {
    if (!(ALERT_MILESTONES as readonly string[]).includes(event.milestone)) continue;
    // Its own events, and the train's; a box's event is the booking's it was recorded for — a
    // number alone could be another company's box (review: numbers are declared by exporters).
    const concerns =
      event.bookingId === booking.id ||
      (event.bookingId === null && (event.equipmentReference === null || boxes.has(event.equipmentReference)));
    if (!concerns) continue;
    // When the fact was first recorded: the first event of its correction chain.
    let first = event;
    for (let seen = 0; first.supersedesId && seen < 100; seen += 1) {
      const earlier = byId.get(first.supersedesId);
      if (!earlier) break;
      first = earlier;
    }
    if (first.createdAt < since) continue;
    const key = `EVENT:${event.milestone}:${event.placeCode}:${event.equipmentReference ?? ""}`;
    if (!facts.has(key)) facts.set(key, { key, event });
  }
  return [...facts.values()].sort((a, b) => a.event.eventAt.getTime() - b.event.eventAt.getTime());
}

/** The estimate in force of a milestone: the head of its EST chain (decision 022), if any. */
export function currentEstimate(events: SweptEvent[], milestone: string): SweptEvent | null {
  const chain = events.filter((event) => event.classifier === "EST" && event.milestone === milestone);
  const heads = inForce(chain);
  return heads.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0] ?? null;
}

/** Whether the consignment has arrived (then its ETA no longer changes). */
export { hasActualArrival } from "~/domain/operations/events";

/** A claimed delivery of a digest, as the digest groups it. */
export interface DigestItem {
  bookingId: string;
  reference: string;
  createdAt: Date;
}

/**
 * The digest's sections: one per consignment (by reference), each with its changes in the order
 * they happened.
 */
export function groupDigest<T extends DigestItem>(items: T[]): { reference: string; items: T[] }[] {
  const sections = new Map<string, T[]>();
  for (const item of [...items].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())) {
    const list = sections.get(item.reference) ?? [];
    list.push(item);
    sections.set(item.reference, list);
  }
  return [...sections.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([reference, list]) => ({ reference, items: list }));
}
