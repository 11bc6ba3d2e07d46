import { describe, expect, it } from "vitest";
import { InvalidEnvironmentError, parseEnv } from "~/utils/env.server";
import { formatTaxRate, includedTax, invoiceTax, TaxRatePercentSchema } from "./invoice-tax";

describe("includedTax", () => {
  it("states no tax at 0 %: the whole amount is net", () => {
    expect(includedTax(1_444_500, 0)).toEqual({ netMinor: 1_444_500, taxMinor: 0 });
  });

  it("takes the tax out of an all-in amount in whole minor units that add up to it", () => {
    expect(includedTax(10_600, 600)).toEqual({ netMinor: 10_000, taxMinor: 600 });
    expect(includedTax(11_300, 1_300)).toEqual({ netMinor: 10_000, taxMinor: 1_300 });
    // 100.00 at 6 %: net 94.3396… → 94.34, tax 5.66.
    expect(includedTax(10_000, 600)).toEqual({ netMinor: 9_434, taxMinor: 566 });
    // Exactly half a minor unit rounds up: 0.21 at 5 % → net 0.2 exactly; 0.105 → 0.11.
    expect(includedTax(21, 500)).toEqual({ netMinor: 20, taxMinor: 1 });
    expect(includedTax(10_605, 10_000)).toEqual({ netMinor: 5_303, taxMinor: 5_302 });
    for (const [amount, rate] of [
      [1, 650],
      [999_999, 900],
      [123_457, 1_300],
    ] as const) {
      const { netMinor, taxMinor } = includedTax(amount, rate);
      expect(netMinor + taxMinor).toBe(amount);
      expect(Number.isInteger(netMinor) && Number.isInteger(taxMinor)).toBe(true);
    }
  });

  it("is exact beyond what floating point could multiply", () => {
    // 9 007 199 254 740 991 × 10 000 is far past 2^53; BigInt keeps every unit.
    const { netMinor, taxMinor } = includedTax(Number.MAX_SAFE_INTEGER, 600);
    expect(netMinor + taxMinor).toBe(Number.MAX_SAFE_INTEGER);
    expect(BigInt(netMinor)).toBe((BigInt(Number.MAX_SAFE_INTEGER) * 20_000n + 10_600n) / 21_200n);
  });

  it("rounds a credit the same way as a charge", () => {
    expect(includedTax(-10_000, 600)).toEqual({ netMinor: -9_434, taxMinor: -566 });
  });

  it("refuses fractions of a minor unit and rates out of range", () => {
    expect(() => includedTax(10.5, 600)).toThrow(RangeError);
    expect(() => includedTax(100, -1)).toThrow(RangeError);
    expect(() => includedTax(100, 10_001)).toThrow(RangeError);
  });

  it("keeps the rate and note with the amounts", () => {
    expect(invoiceTax(10_600, { rateBasisPoints: 600, note: "VAT_INCLUDED" })).toEqual({
      rateBasisPoints: 600,
      note: "VAT_INCLUDED",
      netMinor: 10_000,
      taxMinor: 600,
    });
  });

  it("writes the rate in the reader's digits", () => {
    expect(formatTaxRate(650, "de")).toBe("6,5");
    expect(formatTaxRate(600, "en")).toBe("6");
    expect(formatTaxRate(0, "zh-CN")).toBe("0");
  });
});

describe("the tax configuration", () => {
  const base = { DATABASE_URL: "file:./.tmp/config-test.db", SESSION_SECRET: "x".repeat(32) };
  const problems = (settings: Record<string, string>) => {
    try {
      parseEnv({ ...base, ...settings });
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidEnvironmentError);
      return (error as Error).message;
    }
    throw new Error("expected the configuration to be refused");
  };

  it("reads a percentage as basis points, without binary fractions", () => {
    expect(TaxRatePercentSchema.parse("6.5")).toBe(650);
    expect(TaxRatePercentSchema.parse("13")).toBe(1_300);
    expect(TaxRatePercentSchema.parse("0.07")).toBe(7);
    expect(TaxRatePercentSchema.parse("100")).toBe(10_000);
    for (const bad of ["6,5", "-1", "101", "6.125", "six", ""])
      expect(TaxRatePercentSchema.safeParse(bad).success).toBe(false);
  });

  it("defaults to international transport, zero-rated, and the operator's own tax number", () => {
    const env = parseEnv({ ...base });
    expect(env.INVOICE_TAX_RATE_PERCENT).toBe(0);
    expect(env.INVOICE_TAX_NOTE).toBe("ZERO_RATED_INTERNATIONAL_TRANSPORT");
    expect(env.OPERATOR_TAX_NUMBER).toBe("91620100MA7UNQ8D5F");
  });

  it("takes a VAT rate with its note, and a tax number as people type it", () => {
    const env = parseEnv({
      ...base,
      INVOICE_TAX_RATE_PERCENT: "9",
      INVOICE_TAX_NOTE: "VAT_INCLUDED",
      OPERATOR_TAX_NUMBER: "9162 0100 MA72 X4K3 qk",
    });
    expect(env.INVOICE_TAX_RATE_PERCENT).toBe(900);
    expect(env.INVOICE_TAX_NOTE).toBe("VAT_INCLUDED");
    expect(env.OPERATOR_TAX_NUMBER).toBe("91620100MA72X4K3QK");
  });

  it("stops start-up with a message naming the setting when rate and note disagree or a value is bad", () => {
    expect(problems({ INVOICE_TAX_RATE_PERCENT: "6" })).toMatch(
      /INVOICE_TAX_NOTE: ZERO_RATED_INTERNATIONAL_TRANSPORT states/,
    );
    expect(problems({ INVOICE_TAX_RATE_PERCENT: "6", INVOICE_TAX_NOTE: "EXEMPT_INTERNATIONAL_TRANSPORT" })).toMatch(
      /INVOICE_TAX_NOTE: EXEMPT_INTERNATIONAL_TRANSPORT states/,
    );
    expect(problems({ INVOICE_TAX_NOTE: "VAT_INCLUDED" })).toMatch(
      /INVOICE_TAX_NOTE: VAT_INCLUDED needs a rate above 0/,
    );
    expect(problems({ INVOICE_TAX_RATE_PERCENT: "6,5" })).toMatch(/INVOICE_TAX_RATE_PERCENT: must be a percentage/);
    expect(problems({ INVOICE_TAX_NOTE: "REVERSE_CHARGE" })).toContain("INVOICE_TAX_NOTE");
    expect(problems({ OPERATOR_TAX_NUMBER: "91620100MA7UNQ8D5A" })).toMatch(
      /OPERATOR_TAX_NUMBER: must be an 18-character/,
    );
  });
});
