import type { Locale } from "./config";

/**
 * Intl formatting for the viewer's locale. Formatters are cached: constructing Intl objects
 * costs far more than using them, and a board page formats hundreds of values.
 */
const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let formatter = cache.get(key);
  if (!formatter) {
    formatter = make();
    cache.set(key, formatter);
  }
  return formatter as T;
}

/** A date and time as the clock on the wall at `timeZone` shows it, with the zone's offset. */
export function formatLocalDateTime(date: Date, locale: Locale, timeZone: string): string {
  return cached(
    `dt|${locale}|${timeZone}`,
    () =>
      new Intl.DateTimeFormat(locale, {
        timeZone,
        year: "numeric",
        month: "short",
        day: "numeric",
        weekday: "short",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
        timeZoneName: "shortOffset",
      }),
  ).format(date);
}

export function formatLocalDate(date: Date, locale: Locale, timeZone: string): string {
  return cached(
    `d|${locale}|${timeZone}`,
    () =>
      new Intl.DateTimeFormat(locale, { timeZone, year: "numeric", month: "short", day: "numeric", weekday: "short" }),
  ).format(date);
}

export function formatNumber(value: number, locale: Locale): string {
  return cached(`n|${locale}`, () => new Intl.NumberFormat(locale)).format(value);
}

/** Money is stored as integer minor units of an ISO 4217 currency. */
export function formatMoney(amountMinor: number, currency: string, locale: Locale): string {
  const formatter = cached(
    `m|${locale}|${currency}`,
    () => new Intl.NumberFormat(locale, { style: "currency", currency }),
  );
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  return formatter.format(amountMinor / 10 ** digits);
}

/** Whole hours between two instants, rounded to the nearest hour. */
export function transitHours(departureAt: Date, etaAt: Date): number {
  return Math.round((etaAt.getTime() - departureAt.getTime()) / 3_600_000);
}
