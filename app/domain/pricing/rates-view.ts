import type { Locale } from "~/i18n/config";
import { formatLocalDateTime } from "~/i18n/format";
import { RATE_SCALE, ratesValidAt, type ExchangeRateRow } from "./exchange-rates";

interface RateRecord extends ExchangeRateRow {
  id: string;
  createdAt: Date;
  createdByName: string | null;
}

/** A rate as the staff page lists it: in force now, taking over later, or replaced. */
export type RateState = "current" | "scheduled" | "superseded";

export function presentRates(rates: RateRecord[], locale: Locale, timeZone: string, now: Date) {
  const current = new Set(ratesValidAt(rates, now).map((rate) => (rate as RateRecord).id));
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 6 });
  return rates.map((rate) => ({
    id: rate.id,
    baseCurrency: rate.baseCurrency,
    currency: rate.currency,
    rate: number.format(rate.rateMicros / RATE_SCALE),
    validFrom: formatLocalDateTime(rate.validFrom, locale, timeZone),
    createdAt: formatLocalDateTime(rate.createdAt, locale, timeZone),
    createdBy: rate.createdByName,
    state: (current.has(rate.id) ? "current" : rate.validFrom > now ? "scheduled" : "superseded") as RateState,
  }));
}
