import { z } from "zod";

/**
 * The tax an invoice states (docs/decisions/012-document-versions.md, "Tax line"). Prices are
 * all-in: the amount the exporter accepted when holding is the amount payable, and the tax is
 * the part of it the operator owes, stated on the invoice with the legal note that applies.
 * The default is the PRC treatment of international transport services: zero-rated (0 %).
 */
export const TAX_NOTES = [
  /** International transport service, VAT zero-rated in the PRC (rate 0). */
  "ZERO_RATED_INTERNATIONAL_TRANSPORT",
  /** International transport service, exempt from VAT in the PRC (rate 0). */
  "EXEMPT_INTERNATIONAL_TRANSPORT",
  /** The price includes VAT at the configured rate (rate above 0). */
  "VAT_INCLUDED",
] as const;
export type TaxNote = (typeof TAX_NOTES)[number];

/** Notes that state no tax is charged, so their rate must be 0. */
const ZERO_RATE_NOTES: readonly TaxNote[] = ["ZERO_RATED_INTERNATIONAL_TRANSPORT", "EXEMPT_INTERNATIONAL_TRANSPORT"];

/**
 * A rate in per cent as configured ("0", "6", "9", "13", "6.5"), to basis points (1 % = 100),
 * read as text so that no binary fraction creeps in.
 */
export const TaxRatePercentSchema = z
  .string()
  .trim()
  .regex(
    /^\d{1,2}(\.\d{1,2})?$|^100(\.00?)?$/,
    "must be a percentage from 0 to 100 with at most 2 decimals, e.g. 6 or 6.5",
  )
  .transform((text) => {
    const [whole, fraction = ""] = text.split(".");
    return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  });

/** The configured tax: a rate and the note printed with it, checked against each other. */
export function checkTaxConfig(
  config: { rateBasisPoints: number; note: TaxNote },
  addIssue: (message: string) => void,
): void {
  if (ZERO_RATE_NOTES.includes(config.note) && config.rateBasisPoints !== 0)
    addIssue(`${config.note} states that no VAT is charged: set INVOICE_TAX_RATE_PERCENT to 0 or choose VAT_INCLUDED`);
  if (config.note === "VAT_INCLUDED" && config.rateBasisPoints === 0)
    addIssue("VAT_INCLUDED needs a rate above 0: for 0 % choose ZERO_RATED_INTERNATIONAL_TRANSPORT or EXEMPT_…");
}

/** The tax as an issued invoice states it; `netMinor + taxMinor` is the invoice's amount. */
export const InvoiceTaxSchema = z.object({
  rateBasisPoints: z.number().int().min(0).max(10_000),
  note: z.enum(TAX_NOTES),
  netMinor: z.number().int(),
  taxMinor: z.number().int(),
});
export type InvoiceTax = z.infer<typeof InvoiceTaxSchema>;

/**
 * The tax included in an all-in amount, in exact minor units: net = gross ÷ (1 + rate), rounded
 * half up to the minor unit, and tax = gross − net, so net and tax always add up to the amount.
 * Integer arithmetic throughout (BigInt), whatever the amount.
 */
export function includedTax(grossMinor: number, rateBasisPoints: number): { netMinor: number; taxMinor: number } {
  if (!Number.isSafeInteger(grossMinor)) throw new RangeError("An amount must be a whole number of minor units");
  if (!Number.isInteger(rateBasisPoints) || rateBasisPoints < 0 || rateBasisPoints > 10_000)
    throw new RangeError("A tax rate must be 0–10000 basis points");
  const gross = BigInt(grossMinor);
  const divisor = BigInt(10_000 + rateBasisPoints);
  const scaled = gross * 10_000n * 2n;
  // Half up (away from zero for a negative amount, e.g. a credit).
  const sign = gross < 0n ? -1n : 1n;
  const net = (sign * scaled + divisor) / (2n * divisor);
  const netMinor = Number(sign * net);
  return { netMinor, taxMinor: grossMinor - netMinor };
}

/** The invoice's tax from the configured rate and note. */
export function invoiceTax(grossMinor: number, config: { rateBasisPoints: number; note: TaxNote }): InvoiceTax {
  return {
    rateBasisPoints: config.rateBasisPoints,
    note: config.note,
    ...includedTax(grossMinor, config.rateBasisPoints),
  };
}

/** A rate for people: "0", "6", "6.5" in the reader's digits. */
export function formatTaxRate(rateBasisPoints: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(rateBasisPoints / 100);
}
