import { z } from "zod";
import { calendarDate, recordId, singleLine, VALUE_DATE_WINDOW } from "./fields";

// Forms of the payment step. Messages are translation keys in the "payments" namespace.

/** How many decimals an amount in `currency` has (2 for CNY, USD, EUR; 0 for JPY). */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * An amount as people type it from a bank statement — "1250.00", "1,250.00", "1 250,00" —
 * in minor units of `currency`; null if it is not an amount.
 */
export function parseMajorAmount(text: string, currency: string): number | null {
  const digits = minorDigits(currency);
  const compact = text.replace(/[\s\u00a0\u202f']/g, "");
  const match = /^(\d{1,3}(?:[.,]\d{3})*|\d+)(?:[.,](\d+))?$/.exec(compact);
  if (!match) return null;
  const fraction = match[2] ?? "";
  // "1,250" is a thousand separator, not 1.25: a decimal part has at most the currency's digits.
  const [whole, decimals] =
    fraction.length === 3 && digits < 3 ? [`${match[1]}${fraction}`, ""] : [match[1]!, fraction];
  if (decimals.length > digits) return null;
  const units = Number(whole.replace(/[.,]/g, ""));
  const minor = units * 10 ** digits + Number(decimals.padEnd(digits, "0") || 0);
  // Amounts are 32-bit integers of minor units in the database (PostgreSQL's integer).
  return Number.isSafeInteger(minor) && minor > 0 && minor <= 2_000_000_000 ? minor : null;
}

export const ReceiptSchema = z.object({
  amount: singleLine("errors.amount").min(1, "errors.amount").max(30, "errors.amount"),
  /** The value date on the bank statement: a real day, not far from today. */
  receivedOn: calendarDate(VALUE_DATE_WINDOW, { invalid: "errors.receivedOn", outOfRange: "errors.receivedOnRange" }),
  bankReference: singleLine("errors.bankReference").min(3, "errors.bankReference").max(64, "errors.bankReference"),
});

/** Staff record a refund made by bank transfer, with the bank's reference of that transfer. */
export const RefundMadeSchema = z.object({
  refundId: recordId,
  refundReference: singleLine("errors.bankReference").min(3, "errors.bankReference").max(64, "errors.bankReference"),
});
