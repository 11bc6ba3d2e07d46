import { DateTime } from "luxon";

/** "HH:MM" on a 24-hour clock. */
export type WallClock = `${number}:${number}` | string;

export interface CutoffRule {
  /** Whole calendar days before the departure's local date (0 = the same day). */
  daysBefore: number;
  /** Wall-clock time at the origin, "HH:MM". */
  localTime: WallClock;
}

export interface WeeklyPattern {
  /** The origin's IANA time zone: the pattern is read on its clocks. */
  timeZone: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  weekdays: number[];
  departureLocalTime: WallClock;
  cargoCutoff: CutoffRule;
  docCutoff: CutoffRule;
  /** Planned door-to-door duration of the service's legs. */
  transitHours: number;
}

export interface PlannedDeparture {
  departureAt: Date;
  cargoCutoffAt: Date;
  docCutoffAt: Date;
  etaAt: Date;
}

function parseWallClock(value: WallClock): { hour: number; minute: number } {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (!match) throw new Error(`"${value}" is not a HH:MM time`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

/**
 * The instant when clocks at `timeZone` show `localDate` (YYYY-MM-DD) at `localTime`.
 * A wall-clock time skipped by a DST change moves forward by the gap, as clocks do.
 */
export function zonedToUtc(localDate: string, localTime: WallClock, timeZone: string): Date {
  const { hour, minute } = parseWallClock(localTime);
  const day = DateTime.fromISO(localDate, { zone: timeZone });
  if (!day.isValid) throw new Error(`Invalid date "${localDate}" or time zone "${timeZone}"`);
  return day.set({ hour, minute, second: 0, millisecond: 0 }).toJSDate();
}

/** The calendar date (YYYY-MM-DD) that clocks at `timeZone` show at `instant`. */
export function localDateOf(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toISODate() ?? "";
}

/** A cut-off: `rule.daysBefore` calendar days before the departure's local date, at `rule.localTime`. */
export function cutoffFor(departureAt: Date, timeZone: string, rule: CutoffRule): Date {
  const { hour, minute } = parseWallClock(rule.localTime);
  return DateTime.fromJSDate(departureAt, { zone: timeZone })
    .minus({ days: rule.daysBefore })
    .set({ hour, minute, second: 0, millisecond: 0 })
    .toJSDate();
}

/** The start of a local calendar day and the start of the next one, as instants. */
export function localDayBounds(localDate: string, timeZone: string): { start: Date; end: Date } {
  const start = DateTime.fromISO(localDate, { zone: timeZone }).startOf("day");
  if (!start.isValid) throw new Error(`Invalid date "${localDate}"`);
  return { start: start.toJSDate(), end: start.plus({ days: 1 }).toJSDate() };
}

/** When a weekly pattern runs: its validity (local dates at the origin, inclusive) and the dates it does not. */
export interface PatternCalendar {
  validFrom?: string | null;
  validUntil?: string | null;
  /** Local dates (YYYY-MM-DD) with no departure, e.g. the Spring Festival week. */
  exceptions?: Iterable<string>;
}

/** Whether the pattern runs on a local date (YYYY-MM-DD compare as strings). */
export function runsOn(localDate: string, calendar: PatternCalendar, exceptions: ReadonlySet<string>): boolean {
  if (calendar.validFrom && localDate < calendar.validFrom) return false;
  if (calendar.validUntil && localDate > calendar.validUntil) return false;
  return !exceptions.has(localDate);
}

/**
 * Every departure of a weekly pattern whose local departure date falls in
 * [fromLocalDate, fromLocalDate + weeks × 7 days), within the calendar's validity and not on
 * one of its exception dates, in departure order.
 */
export function planDepartures(
  pattern: WeeklyPattern,
  fromLocalDate: string,
  weeks: number,
  calendar: PatternCalendar = {},
): PlannedDeparture[] {
  const first = DateTime.fromISO(fromLocalDate, { zone: pattern.timeZone }).startOf("day");
  if (!first.isValid) throw new Error(`Invalid date "${fromLocalDate}"`);
  const weekdays = new Set(pattern.weekdays);
  const exceptions = new Set(calendar.exceptions ?? []);
  const planned: PlannedDeparture[] = [];
  for (let offset = 0; offset < weeks * 7; offset += 1) {
    const day = first.plus({ days: offset });
    if (!weekdays.has(day.weekday)) continue;
    const localDate = day.toISODate() ?? "";
    if (!runsOn(localDate, calendar, exceptions)) continue;
    const departureAt = zonedToUtc(localDate, pattern.departureLocalTime, pattern.timeZone);
    planned.push({
      departureAt,
      cargoCutoffAt: cutoffFor(departureAt, pattern.timeZone, pattern.cargoCutoff),
      docCutoffAt: cutoffFor(departureAt, pattern.timeZone, pattern.docCutoff),
      etaAt: new Date(departureAt.getTime() + pattern.transitHours * 3_600_000),
    });
  }
  return planned;
}
