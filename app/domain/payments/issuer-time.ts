/**
 * The operator issues invoices in China (UTC+8 all year, no daylight saving): invoice years,
 * dates and times are read on that calendar, whoever looks at them.
 */
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The issuer's time zone, for formatting invoice dates on that calendar. */
export const ISSUER_TIME_ZONE = "Asia/Shanghai";

/** ISO 8601 in China time: "2026-12-04", or "2026-12-18 10:30 (UTC+8)" with `time`. */
export function isoInChina(date: Date, time = false): string {
  const local = new Date(date.getTime() + CHINA_OFFSET_MS).toISOString();
  return time ? `${local.slice(0, 10)} ${local.slice(11, 16)} (UTC+8)` : local.slice(0, 10);
}

/** The calendar year in China at `date`. */
export const yearInChina = (date: Date): number => Number(isoInChina(date).slice(0, 4));
