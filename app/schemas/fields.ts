import { DateTime } from "luxon";
import { z } from "zod";

/**
 * The building blocks of every form and query schema. Messages are translation keys relative
 * to the schema's namespace ("errors.required", "errors.controlCharacters" …): each namespace
 * that uses a block has those keys.
 *
 * Control characters (NUL, ESC, DEL, the C1 range …) are refused in every text: PostgreSQL
 * cannot store NUL at all, and none of them belongs in a name, an address or a reference. So
 * are the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which
 * can make a name read backwards in an e-mail or on a waybill, the Unicode line separators and
 * the noncharacters U+FFFE/U+FFFF. Multi-line fields keep tab and line breaks; the direction
 * marks U+200E/U+200F that Arabic text may carry are kept.
 */
/* eslint-disable no-control-regex -- matching control characters is the point */
const SINGLE_LINE = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]*$/;
const MULTI_LINE =
  /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]*$/;
/* eslint-enable no-control-regex */

/** True when `value` holds no control character (tab and line breaks allowed with `lines`). */
export function isPlainText(value: string, options: { lines?: boolean } = {}): boolean {
  return (options.lines ? MULTI_LINE : SINGLE_LINE).test(value);
}

/** A trimmed one-line string without control characters; `required` is the message when absent. */
export function singleLine(required = "errors.required") {
  return z
    .string({ required_error: required, invalid_type_error: required })
    .trim()
    .regex(SINGLE_LINE, "errors.controlCharacters");
}

/** A trimmed string that may span lines (addresses, descriptions), without other control characters. */
export function multiLine(required = "errors.required") {
  return z
    .string({ required_error: required, invalid_type_error: required })
    .trim()
    .regex(MULTI_LINE, "errors.controlCharacters");
}

/** A required one-line text of at most `max` characters. */
export const text = (max: number) => singleLine().min(1, "errors.required").max(max, "errors.tooLong");

/** A required text of at most `max` characters that may span lines. */
export const multiLineText = (max: number) => multiLine().min(1, "errors.required").max(max, "errors.tooLong");

/** Blank form fields are "not given". */
export const blankToUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

/** An optional field: blank is undefined, anything else must pass `schema`. */
export const optional = <S extends z.ZodTypeAny>(schema: S) => z.preprocess(blankToUndefined, schema.optional());

// --- Identifiers, as the portal makes them. Used for route parameters and hidden form fields. ---

/** Prisma's cuid() ids (c + 24 base-36 characters); UUIDs where rows are bulk-made (bench). */
export const RECORD_ID = /^(?:c[a-z0-9]{20,31}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
/**
 * "SG-7K3M-9QX2": see newBookingReference. New references use Crockford's base 32; any upper-case
 * letter is accepted so that references made by hand (tests, imports) still resolve.
 */
export const BOOKING_REFERENCE = /^SG-[0-9A-Z]{4}-[0-9A-Z]{4}$/;
/** "SGI-2026-000123": see nextInvoiceNumber. */
export const INVOICE_NUMBER = /^SGI-\d{4}-\d{6,9}$/;
/** A through waybill's number as issued (decision 015): SGW-LAZ-26-000123-Q. */
export const WAYBILL_NUMBER = /^SGW-[A-Z0-9]{3}-\d{2}-\d{6}-[0-9A-Z*]$/;
/** UN/LOCODE (CNLAZ) or the portal's own code (CN-WUW). */
export const PLACE_CODE = /^[A-Z0-9-]{3,8}$/;
/** E-mailed link and invitation tokens: 32 random bytes, base64url. */
export const LINK_TOKEN = /^[A-Za-z0-9_-]{20,128}$/;

/** A hidden field naming a record: anything else is a tampered form. */
export const recordId = z.string().regex(RECORD_ID, "errors.required");

// --- Calendar dates ---

export interface DateWindow {
  /** How many days before today the earliest accepted date is. */
  pastDays: number;
  /** How many days after today the latest accepted date is. */
  futureDays: number;
  /** The clock (tests pin it). */
  now?: () => Date;
}

/**
 * A calendar day written as YYYY-MM-DD that exists (no 30 February) and lies within the window
 * around today (UTC): `invalid` for a date that is not one, `outOfRange` for one too far away.
 */
export function calendarDate(window: DateWindow, messages: { invalid: string; outOfRange: string }) {
  return z
    .string({ required_error: messages.invalid, invalid_type_error: messages.invalid })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, messages.invalid)
    .refine((value) => DateTime.fromISO(value, { zone: "utc" }).isValid, messages.invalid)
    .refine((value) => {
      const day = DateTime.fromISO(value, { zone: "utc" });
      if (!day.isValid) return true; // reported above
      const today = DateTime.fromJSDate((window.now ?? (() => new Date()))(), { zone: "utc" }).startOf("day");
      return day >= today.minus({ days: window.pastDays }) && day <= today.plus({ days: window.futureDays });
    }, messages.outOfRange);
}

/** Bank value dates: a receipt is recorded within a year of the money arriving, at most a week ahead. */
export const VALUE_DATE_WINDOW: DateWindow = { pastDays: 366, futureDays: 7 };
/** Schedule board date filters: a year back, two years ahead (the timetable is published for months). */
export const BOARD_DATE_WINDOW: DateWindow = { pastDays: 366, futureDays: 731 };
