import { DateTime } from "luxon";
import { z } from "zod";
import { DISPLAY_CURRENCIES, parseRateMicros, RATE_SCALE } from "~/domain/pricing/exchange-rates";
import { blankToUndefined } from "./fields";

/** Sensible bounds for a rate between CNY, EUR and USD (all trade within 0.01–100 of each other). */
export const RATE_MIN_MICROS = 0.0001 * RATE_SCALE;
export const RATE_MAX_MICROS = 1000 * RATE_SCALE;
/** A new rate may apply from a month back (a correction) up to a year ahead. */
export const RATE_BACKDATE_DAYS = 31;
export const RATE_AHEAD_DAYS = 366;

const currency = z.enum(DISPLAY_CURRENCIES, { message: "errors.required" });

/**
 * The staff form for a new exchange rate (messages are keys in the "account" namespace).
 * `validFrom` is a local date and time ("2026-12-01T08:00") in the staff member's time zone;
 * blank means now.
 */
export function exchangeRateSchema(timeZone: string, now: Date) {
  return z
    .object({
      baseCurrency: currency,
      currency,
      rate: z
        .string({ required_error: "errors.rateInvalid" })
        .trim()
        .transform((text, ctx) => {
          const micros = parseRateMicros(text);
          if (micros === null) {
            ctx.addIssue({ code: z.ZodIssueCode.custom, message: "errors.rateInvalid" });
            return z.NEVER;
          }
          if (micros < RATE_MIN_MICROS || micros > RATE_MAX_MICROS) {
            ctx.addIssue({ code: z.ZodIssueCode.custom, message: "errors.rateOutOfRange" });
            return z.NEVER;
          }
          return micros;
        }),
      validFrom: z.preprocess(
        blankToUndefined,
        z
          .string()
          .optional()
          .transform((text, ctx) => {
            if (text === undefined) return now;
            const local = DateTime.fromISO(text, { zone: timeZone });
            if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(text) || !local.isValid) {
              ctx.addIssue({ code: z.ZodIssueCode.custom, message: "errors.rateDateInvalid" });
              return z.NEVER;
            }
            const at = local.toJSDate();
            const earliest = now.getTime() - RATE_BACKDATE_DAYS * 86_400_000;
            const latest = now.getTime() + RATE_AHEAD_DAYS * 86_400_000;
            if (at.getTime() < earliest || at.getTime() > latest) {
              ctx.addIssue({ code: z.ZodIssueCode.custom, message: "errors.rateDateOutOfRange" });
              return z.NEVER;
            }
            return at;
          }),
      ),
    })
    .superRefine((input, ctx) => {
      if (input.baseCurrency === input.currency) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["currency"], message: "errors.rateSameCurrency" });
      }
    });
}

export type ExchangeRateInput = z.infer<ReturnType<typeof exchangeRateSchema>>;
