import { z } from "zod";
import { PACKAGE_TYPES } from "~/schemas/booking";
import { isPlainText } from "~/schemas/fields";
import { VGM_METHODS } from "~/domain/booking/cargo-rules";
import { isValidContainerNumber, normalizeContainerNumber } from "~/domain/booking/iso6346";

/*
 * Shipping instructions as stored (ShippingInstructions.draft / .submitted, JSON; decision 014)
 * and as the domain takes them: one zod schema for both, so that a saved draft is always
 * well-formed (a container number with a wrong check digit is refused even in a draft), and
 * what the waybill reads is parsed, never cast. Completeness and the rules that need the
 * booking are checked on submission (rules.ts). Messages are translation keys of the
 * "instructions" namespace (errors.*), or the shared ones (errors.required, errors.tooLong …).
 */

export const FREIGHT_TERMS = ["PREPAID", "COLLECT"] as const;
export type FreightTerms = (typeof FREIGHT_TERMS)[number];
export const INSTRUCTIONS_STATUSES = ["DRAFT", "SUBMITTED"] as const;
export type InstructionsStatus = (typeof INSTRUCTIONS_STATUSES)[number];
/** Paper originals of the waybill: 0 means an electronic one only. */
export const MAX_ORIGINALS = 3;
export const MAX_SEALS = 3;
/** Cargo lines per container (or per air consignment). */
export const MAX_UNIT_LINES = 10;

const plain = (max: number, lines = false) =>
  z
    .string()
    .trim()
    .max(max, "errors.tooLong")
    .refine((value) => isPlainText(value, { lines }), "errors.controlCharacters");
const required = (max: number, lines = false) => plain(max, lines).pipe(z.string().min(1, "errors.required"));
const positive = (message: string, max: number) =>
  z.number({ invalid_type_error: message }).finite(message).positive(message).max(max, message);
const wholeKg = (message: string) =>
  z.number({ invalid_type_error: message }).int(message).min(1, message).max(60_000, message);

export const InstructionsLineSchema = z.object({
  description: required(500, true),
  hsCode: required(20),
  packages: z
    .number({ invalid_type_error: "errors.quantity" })
    .int("errors.quantity")
    .min(1, "errors.quantity")
    .max(1_000_000, "errors.quantity"),
  packageType: z.enum(PACKAGE_TYPES, { message: "errors.required" }),
  grossWeightKg: positive("errors.weight", 60_000),
  volumeM3: positive("errors.volume", 100),
  /** Marks and numbers on the packages; blank is printed "N/M" (no marks). */
  marks: plain(350, true).optional(),
});
export type InstructionsLine = z.infer<typeof InstructionsLineSchema>;

const containerNumber = z
  .string()
  .transform(normalizeContainerNumber)
  .refine(isValidContainerNumber, "errors.containerNumberInvalid");

export const InstructionsUnitSchema = z.object({
  /** The ShipmentEquipment row this is about. */
  unitId: z.string().min(1).max(40),
  containerNumber: containerNumber.optional(),
  seals: z
    .array(
      z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^[A-Z0-9-]{1,20}$/, "errors.sealsInvalid"),
    )
    .max(MAX_SEALS, "errors.sealsInvalid"),
  tareKg: wholeKg("errors.weight").optional(),
  vgmKg: wholeKg("errors.weight").optional(),
  vgmMethod: z.enum(VGM_METHODS, { message: "errors.required" }).optional(),
  /** SOLAS: the person who signs for the verified gross mass. */
  vgmResponsible: plain(70).pipe(z.string().min(1)).optional(),
  cargo: z.array(InstructionsLineSchema).max(MAX_UNIT_LINES, "errors.tooManyUnitLines"),
});
export type InstructionsUnit = z.infer<typeof InstructionsUnitSchema>;

export const InstructionsContentSchema = z.object({
  freightTerms: z.enum(FREIGHT_TERMS, { message: "errors.required" }).optional(),
  originals: z
    .number({ invalid_type_error: "errors.originals" })
    .int("errors.originals")
    .min(0, "errors.originals")
    .max(MAX_ORIGINALS, "errors.originals")
    .optional(),
  /** A to-order consignee ("to the order of …", a negotiable document) rather than a named one. */
  consigneeToOrder: z.boolean(),
  /** To order of whom (a bank, usually); blank: to the shipper's order. */
  toOrderOf: plain(140).pipe(z.string().min(1)).optional(),
  /** Container bookings: one entry per unit, in the booking's order. */
  units: z.array(InstructionsUnitSchema).max(200),
  /** Air bookings: the pieces and dimensions as booked are confirmed. */
  piecesConfirmed: z.boolean().optional(),
  /** Air bookings: the consignment's lines (containers carry theirs in `units`). */
  cargo: z.array(InstructionsLineSchema).max(MAX_UNIT_LINES, "errors.tooManyUnitLines"),
});
export type InstructionsContent = z.infer<typeof InstructionsContentSchema>;

/** An empty set of instructions (nothing saved yet). */
export const EMPTY_CONTENT: InstructionsContent = { consigneeToOrder: false, units: [], cargo: [] };

/** Messages by path ("units.0.containerNumber") for content that is not well-formed. */
export function contentErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) errors[issue.path.join(".") || "form"] ??= issue.message;
  return errors;
}

/** Stored instructions (draft or submitted) as the domain reads them. */
export function readContent(json: string): InstructionsContent {
  return InstructionsContentSchema.parse(JSON.parse(json));
}
