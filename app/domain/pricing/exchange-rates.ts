import { minorDigits } from "~/schemas/payments";
import { DISPLAY_CURRENCIES, type DisplayCurrency } from "./currencies";

export { DISPLAY_CURRENCIES, type DisplayCurrency };

/** A rate is stored as millionths: 1 base unit = rateMicros / RATE_SCALE quote units. */
export const RATE_SCALE = 1_000_000;

export interface ExchangeRateRow {
  baseCurrency: string;
  currency: string;
  rateMicros: number;
  validFrom: Date;
}

/** An exact conversion factor: multiply by `num`, divide by `den`. */
export interface Factor {
  num: bigint;
  den: bigint;
}

const ONE: Factor = { num: 1n, den: 1n };

/** The newest rate of each currency pair that is valid at `at` (rates dated later are ignored). */
export function ratesValidAt(rates: readonly ExchangeRateRow[], at: Date): ExchangeRateRow[] {
  const newest = new Map<string, ExchangeRateRow>();
  for (const rate of rates) {
    if (rate.validFrom > at) continue;
    const key = `${rate.baseCurrency}/${rate.currency}`;
    const known = newest.get(key);
    if (!known || rate.validFrom > known.validFrom) newest.set(key, rate);
  }
  return [...newest.values()];
}

function directFactor(rates: readonly ExchangeRateRow[], from: string, to: string): Factor | null {
  if (from === to) return ONE;
  const direct = rates.find((rate) => rate.baseCurrency === from && rate.currency === to);
  if (direct) return { num: BigInt(direct.rateMicros), den: BigInt(RATE_SCALE) };
  const inverse = rates.find((rate) => rate.baseCurrency === to && rate.currency === from);
  if (inverse) return { num: BigInt(RATE_SCALE), den: BigInt(inverse.rateMicros) };
  return null;
}

/**
 * How to turn an amount in `from` into `to` with the given (current) rates: a rate of the pair
 * either way round, or else through one currency both have a rate with (EUR → CNY → USD).
 * Null when no such path exists.
 */
export function conversionFactor(rates: readonly ExchangeRateRow[], from: string, to: string): Factor | null {
  const direct = directFactor(rates, from, to);
  if (direct) return direct;
  const via = new Set(rates.flatMap((rate) => [rate.baseCurrency, rate.currency]));
  for (const middle of via) {
    if (middle === from || middle === to) continue;
    const first = directFactor(rates, from, middle);
    const second = first && directFactor(rates, middle, to);
    if (first && second) return { num: first.num * second.num, den: first.den * second.den };
  }
  return null;
}

/**
 * An amount in minor units of `from` converted to minor units of `to`, computed exactly and
 * rounded once, half away from zero (so 0.5 cent becomes 1 cent).
 */
export function convertMinor(amountMinor: number, factor: Factor, from: string, to: string): number {
  const scale = BigInt(10 ** minorDigits(to));
  const unscale = BigInt(10 ** minorDigits(from));
  const numerator = BigInt(amountMinor) * factor.num * scale;
  const denominator = factor.den * unscale;
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const rounded = (magnitude * 2n + denominator) / (denominator * 2n);
  return Number(negative ? -rounded : rounded);
}

/** The factor as a decimal literal for ordering in SQL (ordering only; amounts use convertMinor). */
export function factorLiteral(factor: Factor, from: string, to: string): string {
  const value = (Number(factor.num) / Number(factor.den)) * 10 ** (minorDigits(to) - minorDigits(from));
  return value.toFixed(12);
}

/** The display currencies every other display currency converts to with these rates. */
export function offeredCurrencies(rates: readonly ExchangeRateRow[]): DisplayCurrency[] {
  return DISPLAY_CURRENCIES.filter((target) =>
    DISPLAY_CURRENCIES.every((source) => conversionFactor(rates, source, target) !== null),
  );
}

/** "7.8125" → 7812500; null when it is not a plain decimal with at most six decimals. */
export function parseRateMicros(text: string): number | null {
  const match = /^(\d{1,6})(?:[.,](\d{1,6}))?$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * RATE_SCALE + Number((match[2] ?? "").padEnd(6, "0"));
}

/** 7812500 → "7.8125" (no locale: shown in forms and stored in the audit log). */
export function rateText(rateMicros: number): string {
  const whole = Math.floor(rateMicros / RATE_SCALE);
  const fraction = String(rateMicros % RATE_SCALE)
    .padStart(6, "0")
    .replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : String(whole);
}
