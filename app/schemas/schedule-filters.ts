import { z } from "zod";
import { EQUIPMENT_CODES, SERVICE_MODES } from "~/domain/scheduling/equipment";
import { DISPLAY_CURRENCIES } from "~/domain/pricing/currencies";
import { BOARD_SORTS } from "~/domain/scheduling/board-sorts";
import { BOARD_DATE_WINDOW, blankToUndefined, calendarDate } from "./fields";

const code = z.preprocess(
  blankToUndefined,
  z
    .string()
    .trim()
    .regex(/^[A-Z0-9_-]{2,24}$/, "errors.invalidChoice")
    .optional(),
);
const isoDate = z.preprocess(
  blankToUndefined,
  calendarDate(BOARD_DATE_WINDOW, { invalid: "errors.invalidDate", outOfRange: "errors.dateOutOfRange" }).optional(),
);

/** The schedule board's GET parameters: shareable URLs, no JavaScript needed. */
export const ScheduleFiltersSchema = z
  .object({
    corridor: code,
    origin: code,
    destination: code,
    from: isoDate,
    to: isoDate,
    mode: z.preprocess(blankToUndefined, z.enum(SERVICE_MODES, { message: "errors.invalidChoice" }).optional()),
    equipment: z.preprocess(blankToUndefined, z.enum(EQUIPMENT_CODES, { message: "errors.invalidChoice" }).optional()),
    sort: z.preprocess(blankToUndefined, z.enum(BOARD_SORTS, { message: "errors.invalidChoice" }).default("departure")),
    /** Prices in this currency; none: each tariff's own currency. */
    currency: z.preprocess(
      blankToUndefined,
      z.enum(DISPLAY_CURRENCIES, { message: "errors.invalidChoice" }).optional(),
    ),
    /** The checkbox "show closed departures" (past the booking cut-off, or full). */
    closed: z.preprocess(blankToUndefined, z.enum(["1"], { message: "errors.invalidChoice" }).optional()),
    page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(10_000).default(1)).catch(1),
  })
  .superRefine((filters, ctx) => {
    if (filters.from && filters.to && filters.to < filters.from) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["to"], message: "errors.dateRangeReversed" });
    }
  });

export type ScheduleFilters = z.infer<typeof ScheduleFiltersSchema>;
export type ScheduleFilterField = keyof ScheduleFilters;
export type ScheduleFilterErrors = Partial<Record<ScheduleFilterField, string>>;

/**
 * Reads the filters; an invalid field is reported (as a translation key) and left out, so
 * the rest of the search still runs and the visitor's other choices are kept.
 */
export function parseScheduleFilters(params: URLSearchParams): {
  filters: ScheduleFilters;
  errors: ScheduleFilterErrors;
} {
  const raw = Object.fromEntries(params.entries());
  const result = ScheduleFiltersSchema.safeParse(raw);
  if (result.success) return { filters: result.data, errors: {} };
  const errors: ScheduleFilterErrors = {};
  const cleaned: Record<string, unknown> = { ...raw };
  for (const issue of result.error.issues) {
    const field = issue.path[0] as ScheduleFilterField | undefined;
    if (!field || errors[field]) continue;
    errors[field] = issue.message;
    delete cleaned[field];
  }
  const retry = ScheduleFiltersSchema.safeParse(cleaned);
  return { filters: retry.success ? retry.data : { page: 1, sort: "departure" }, errors };
}
