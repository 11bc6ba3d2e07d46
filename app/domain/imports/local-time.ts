import { DateTime } from "luxon";
import { zonedToUtc } from "~/domain/scheduling/timetable";

/** YYYY-MM-DD moved by whole calendar days. */
export function addDays(localDate: string, days: number): string {
  const [year, month, day] = localDate.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/**
 * `zonedToUtc` for many rows: a day whose UTC offset is the same at its start and at its end
 * has no clock change, so its wall-clock times are that offset from UTC — worked out once per
 * zone and date; a day with a change is left to `zonedToUtc` (which moves a skipped time on as
 * clocks do). Luxon builds a DateTime per call, and a 10,000-row file needs 30,000 of them.
 */
export function localTimeConverter(): (localDate: string, localTime: string, timeZone: string) => Date {
  const offsets = new Map<string, number | null>();
  return (localDate, localTime, timeZone) => {
    const key = `${timeZone}|${localDate}`;
    let offset = offsets.get(key);
    if (offset === undefined) {
      const start = DateTime.fromISO(localDate, { zone: timeZone }).startOf("day");
      const end = start.plus({ days: 1 }).minus({ milliseconds: 1 });
      offset = start.isValid && start.offset === end.offset ? start.offset : null;
      offsets.set(key, offset);
    }
    if (offset === null) return zonedToUtc(localDate, localTime, timeZone);
    const [year, month, day] = localDate.split("-").map(Number) as [number, number, number];
    const [hour, minute] = localTime.split(":").map(Number) as [number, number];
    return new Date(Date.UTC(year, month - 1, day, hour, minute) - offset * 60_000);
  };
}
