import { describe, expect, it } from "vitest";
import { exchangeRateSchema } from "~/schemas/exchange-rates";
import {
  conversionFactor,
  convertMinor,
  offeredCurrencies,
  parseRateMicros,
  rateText,
  ratesValidAt,
  type ExchangeRateRow,
} from "./exchange-rates";

const rate = (baseCurrency: string, currency: string, text: string, validFrom = "2026-11-01T00:00:00Z") => ({
  baseCurrency,
  currency,
  rateMicros: parseRateMicros(text)!,
  validFrom: new Date(validFrom),
});

describe("exchange rates", () => {
  const rates: ExchangeRateRow[] = [rate("EUR", "CNY", "7.82"), rate("USD", "CNY", "7.1")];

  it("reads rates exactly as integer millionths and writes them back", () => {
    expect(parseRateMicros("7.8125")).toBe(7_812_500);
    expect(parseRateMicros("7,8125")).toBe(7_812_500);
    expect(parseRateMicros("0.000001")).toBe(1);
    expect(parseRateMicros("1.0000001")).toBeNull();
    expect(parseRateMicros("-1")).toBeNull();
    expect(parseRateMicros("1e3")).toBeNull();
    expect(rateText(7_812_500)).toBe("7.8125");
    expect(rateText(7_000_000)).toBe("7");
    expect(rateText(1)).toBe("0.000001");
  });

  it("uses the newest rate of each pair valid at the moment, ignoring later-dated ones", () => {
    const history = [
      rate("EUR", "CNY", "7.5", "2026-10-01T00:00:00Z"),
      rate("EUR", "CNY", "7.8", "2026-11-01T00:00:00Z"),
      rate("EUR", "CNY", "9.9", "2026-12-24T00:00:00Z"),
    ];
    const [valid] = ratesValidAt(history, new Date("2026-12-01T00:00:00Z"));
    expect(valid?.rateMicros).toBe(7_800_000);
    expect(ratesValidAt(history, new Date("2026-12-24T00:00:00Z"))[0]?.rateMicros).toBe(9_900_000);
    expect(ratesValidAt(history, new Date("2026-09-01T00:00:00Z"))).toEqual([]);
  });

  it("converts directly, inverted and across a shared currency, rounding once to minor units", () => {
    const eurToCny = conversionFactor(rates, "EUR", "CNY")!;
    // €1,234.00 × 7.82 = ¥9,649.88 exactly
    expect(convertMinor(123_400, eurToCny, "EUR", "CNY")).toBe(964_988);
    const cnyToEur = conversionFactor(rates, "CNY", "EUR")!;
    // ¥9,650.00 / 7.82 = €1,234.0153… → €1,234.02
    expect(convertMinor(965_000, cnyToEur, "CNY", "EUR")).toBe(123_402);
    // ¥0.39 / 7.82 = €0.0498… → €0.05 (rounded once, not truncated)
    expect(convertMinor(39, cnyToEur, "CNY", "EUR")).toBe(5);
    const eurToUsd = conversionFactor(rates, "EUR", "USD")!;
    // $ = € × 7.82 / 7.1: €4,600.00 → $5,066.4788… → $5,066.48
    expect(convertMinor(460_000, eurToUsd, "EUR", "USD")).toBe(506_648);
    expect(conversionFactor(rates, "USD", "USD")).toEqual({ num: 1n, den: 1n });
  });

  it("rounds half away from zero at exactly half a minor unit", () => {
    // 1 × 0.5 = 0.5 cent → 1 cent; 3 × 0.5 = 1.5 → 2
    const half = { num: 1n, den: 2n };
    expect(convertMinor(1, half, "USD", "EUR")).toBe(1);
    expect(convertMinor(3, half, "USD", "EUR")).toBe(2);
    expect(convertMinor(-3, half, "USD", "EUR")).toBe(-2);
  });

  it("offers a currency only when every display currency converts to it", () => {
    expect(offeredCurrencies(rates)).toEqual(["CNY", "EUR", "USD"]);
    expect(offeredCurrencies([rate("EUR", "CNY", "7.82")])).toEqual([]);
    expect(offeredCurrencies([])).toEqual([]);
    expect(conversionFactor([rate("EUR", "CNY", "7.82")], "USD", "CNY")).toBeNull();
  });
});

describe("the staff form for a new rate", () => {
  const now = new Date("2026-12-01T04:00:00Z");
  const parse = (input: Record<string, string>) =>
    exchangeRateSchema("Asia/Shanghai", now).safeParse({ baseCurrency: "EUR", currency: "CNY", ...input });
  const messages = (input: Record<string, string>) => {
    const result = parse(input);
    return result.success ? {} : Object.fromEntries(result.error.issues.map((i) => [i.path[0], i.message]));
  };

  it("takes a rate with a decimal comma and a local time in the staff member's zone", () => {
    const result = parse({ rate: "7,8125", validFrom: "2026-12-02T08:00" });
    expect(result.success && result.data).toEqual({
      baseCurrency: "EUR",
      currency: "CNY",
      rate: 7_812_500,
      validFrom: new Date("2026-12-02T00:00:00Z"),
    });
    const now_ = parse({ rate: "7.8", validFrom: "" });
    expect(now_.success && now_.data.validFrom).toEqual(now);
  });

  it("refuses what is not a sensible rate or date, each at its field", () => {
    expect(messages({ rate: "abc" })).toEqual({ rate: "errors.rateInvalid" });
    expect(messages({ rate: "0" })).toEqual({ rate: "errors.rateOutOfRange" });
    expect(messages({ rate: "-7" })).toEqual({ rate: "errors.rateInvalid" });
    expect(messages({ rate: "1000.5" })).toEqual({ rate: "errors.rateOutOfRange" });
    expect(messages({ rate: "7.12345678" })).toEqual({ rate: "errors.rateInvalid" });
    expect(messages({ rate: "7", validFrom: "tomorrow" })).toEqual({ validFrom: "errors.rateDateInvalid" });
    expect(messages({ rate: "7", validFrom: "2028-01-01T00:00" })).toEqual({ validFrom: "errors.rateDateOutOfRange" });
    expect(messages({ rate: "7", validFrom: "2026-10-01T00:00" })).toEqual({ validFrom: "errors.rateDateOutOfRange" });
    expect(messages({ rate: "7", currency: "EUR" })).toEqual({ currency: "errors.rateSameCurrency" });
    expect(messages({ rate: "7", currency: "JPY" })).toEqual({ currency: "errors.required" });
  });
});
