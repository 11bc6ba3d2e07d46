import { DateTime } from "luxon";
import { z } from "zod";
import { DISPLAY_CURRENCIES } from "~/domain/pricing/currencies";
import { EQUIPMENT_CODES, SERVICE_MODES, TRANSPORT_MODES } from "~/domain/scheduling/equipment";
import { blankToUndefined, optional, PLACE_CODE, text } from "./fields";

/*
 * The port staff's forms for services, timetables and departures (messages are keys in the
 * "operations" namespace). Times are wall-clock "HH:MM" at the origin; dates YYYY-MM-DD.
 */

/** A service's business key, e.g. "LAZ-DUI-AKL". */
export const SERVICE_CODE = /^[A-Z0-9][A-Z0-9-]{2,23}$/;
/** The most weeks published at once: a quarter ahead is what the ports plan, a year the ceiling. */
export const MAX_PUBLISH_WEEKS = 52;
/** How many legs the form offers (a through journey has two to four). */
export const MAX_LEGS = 5;

const wallClock = z
  .string({ required_error: "errors.time" })
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "errors.time");
const localDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "errors.date")
  .refine((value) => DateTime.fromISO(value).isValid, "errors.date");
const count = (max: number, message: string) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ required_error: message, invalid_type_error: message })
      .int(message)
      .min(0, message)
      .max(max, message),
  );
const place = z.string({ required_error: "errors.required" }).trim().regex(PLACE_CODE, "errors.required");
const gauge = z
  .string()
  .trim()
  .regex(/^\d{3,4}>\d{3,4}$/, "errors.gauge");

const legFields = Object.fromEntries(
  Array.from({ length: MAX_LEGS }, (_, index) => index + 1).flatMap((n) => [
    [`leg${n}Mode`, optional(z.enum(TRANSPORT_MODES, { message: "errors.required" }))],
    [`leg${n}To`, optional(place)],
    [
      `leg${n}Hours`,
      optional(
        z.coerce
          .number({ message: "errors.hours" })
          .int("errors.hours")
          .min(1, "errors.hours")
          .max(2000, "errors.hours"),
      ),
    ],
    [`leg${n}Gauge`, optional(gauge)],
  ]),
) as Record<string, z.ZodTypeAny>;

const serviceFields = {
  corridorCode: z
    .string({ required_error: "errors.required" })
    .trim()
    .min(1, "errors.required")
    .max(40, "errors.required"),
  destinationCode: place,
  mode: z.enum(SERVICE_MODES, { message: "errors.required" }),
  serviceNumber: text(20),
  operatorName: text(120),
  weekdays: z.array(z.coerce.number().int().min(1).max(7), { message: "errors.weekdays" }).min(1, "errors.weekdays"),
  departureLocalTime: wallClock,
  cargoCutoffDays: count(14, "errors.cutoffDays"),
  cargoCutoffLocalTime: wallClock,
  docCutoffDays: count(14, "errors.cutoffDays"),
  docCutoffLocalTime: wallClock,
  validFrom: optional(localDate),
  validUntil: optional(localDate),
  ...legFields,
};

type Legs = {
  mode: (typeof TRANSPORT_MODES)[number];
  toCode: string;
  plannedHours: number;
  gaugeChange: string | null;
}[];

/** The filled leg rows in order, each complete (a mode, where to, hours); a gap is a mistake. */
function readLegs(values: Record<string, unknown>, ctx: z.RefinementCtx): Legs {
  const legs: Legs = [];
  let ended = false;
  for (let n = 1; n <= MAX_LEGS; n += 1) {
    const to = values[`leg${n}To`] as string | undefined;
    const mode = values[`leg${n}Mode`] as Legs[number]["mode"] | undefined;
    const hours = values[`leg${n}Hours`] as number | undefined;
    if (to === undefined && hours === undefined) {
      ended = true;
      continue;
    }
    if (ended) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [`leg${n}To`], message: "errors.legGap" });
    if (to === undefined)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [`leg${n}To`], message: "errors.required" });
    if (hours === undefined)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [`leg${n}Hours`], message: "errors.hours" });
    if (mode === undefined)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [`leg${n}Mode`], message: "errors.required" });
    if (to && hours && mode)
      legs.push({
        mode,
        toCode: to,
        plannedHours: hours,
        gaugeChange: (values[`leg${n}Gauge`] as string | undefined) ?? null,
      });
  }
  if (legs.length === 0)
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["leg1To"], message: "errors.legsRequired" });
  return legs;
}

function toServiceInput(values: Record<string, unknown>, ctx: z.RefinementCtx) {
  const legs = readLegs(values, ctx);
  const v = values as z.infer<z.ZodObject<typeof serviceFields>>;
  return {
    corridorCode: v.corridorCode,
    destinationCode: v.destinationCode,
    mode: v.mode,
    serviceNumber: v.serviceNumber,
    operatorName: v.operatorName,
    weekdays: v.weekdays,
    departureLocalTime: v.departureLocalTime,
    cargoCutoffDays: v.cargoCutoffDays as number,
    cargoCutoffLocalTime: v.cargoCutoffLocalTime,
    docCutoffDays: v.docCutoffDays as number,
    docCutoffLocalTime: v.docCutoffLocalTime,
    validFrom: (v.validFrom as string | undefined) ?? null,
    validUntil: (v.validUntil as string | undefined) ?? null,
    legs,
  };
}

/** A new service: its key and origin port, then what an edit can change. */
export const CreateServiceSchema = z
  .object({
    code: z
      .string({ required_error: "errors.serviceCode" })
      .trim()
      .toUpperCase()
      .regex(SERVICE_CODE, "errors.serviceCode"),
    originCode: place,
    ...serviceFields,
  })
  .transform((values, ctx) => ({ ...toServiceInput(values, ctx), code: values.code, originCode: values.originCode }));

export const EditServiceSchema = z.object(serviceFields).transform((values, ctx) => toServiceInput(values, ctx));

export const ExceptionSchema = z.object({
  localDate,
  note: optional(text(120)),
});

const money = (message: string) =>
  z
    .preprocess(
      blankToUndefined,
      z.coerce
        .number({ required_error: message, invalid_type_error: message })
        .min(0, message)
        .max(100_000_000, message),
    )
    .transform((value) => Math.round(value * 100));

export const OfferSchema = z.object({
  equipmentCode: z.enum(EQUIPMENT_CODES, { message: "errors.required" }),
  total: count(100_000, "errors.capacityInvalid"),
  tariff: money("errors.tariff"),
  currency: z.enum(DISPLAY_CURRENCIES, { message: "errors.required" }),
  minCharge: z.preprocess(blankToUndefined, money("errors.tariff").optional()),
});

export const PublishSchema = z.object({
  weeks: count(MAX_PUBLISH_WEEKS, "errors.weeks").pipe(z.number().min(1, "errors.weeks")),
});

/** A local date and time ("2027-01-05T10:30") at `timeZone`, as an instant. */
export const zonedDateTime = (timeZone: string) =>
  z
    .string({ required_error: "errors.dateTime" })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "errors.dateTime")
    .transform((value, ctx) => {
      const at = DateTime.fromISO(value, { zone: timeZone });
      if (!at.isValid) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "errors.dateTime" });
        return z.NEVER;
      }
      return at.toJSDate();
    });

/** Times and cut-offs in the origin's zone; the ETA in the destination's. */
export function departureTimesSchema(originZone: string, destinationZone: string) {
  return z.object({
    departureAt: zonedDateTime(originZone),
    cargoCutoffAt: zonedDateTime(originZone),
    docCutoffAt: zonedDateTime(originZone),
    etaAt: zonedDateTime(destinationZone),
  });
}

export const CapacitySchema = z.object({
  equipmentCode: z.enum(EQUIPMENT_CODES, { message: "errors.required" }),
  total: count(100_000, "errors.capacityInvalid"),
  tariff: money("errors.tariff"),
  minCharge: z.preprocess(blankToUndefined, money("errors.tariff").optional()),
});
