import isoCountries from "i18n-iso-countries";
import { z } from "zod";
import { CONTAINER_TYPES } from "~/domain/scheduling/equipment";
import { DG_CLASSES, PACKING_GROUPS } from "~/domain/booking/cargo-rules";
import { BOOKING_STATUSES } from "~/domain/booking/statuses";
import { blankToUndefined as blank, multiLineText, optional, RECORD_ID, singleLine, text } from "./fields";

// The booking steps' forms. Messages are translation keys in the "booking" namespace. Rules
// that need the chosen equipment or the HS list are checked by validateCargo (cargo.server.ts).

const checkbox = z.preprocess((value) => value === "on" || value === "true" || value === true, z.boolean());
/** A positive, finite number up to `max` (no Infinity, no 1e300 kg of goji berries). */
const positive = (message: string, max = 10_000_000) =>
  z.preprocess(
    blank,
    z.coerce
      .number({ required_error: "errors.required", invalid_type_error: message })
      .finite(message)
      .positive(message)
      .max(max, message),
  );

/** The booking wizard's steps, in order (the route parameter `step`). */
export const WIZARD_STEPS = ["equipment", "cargo", "parties", "review"] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

export const INCOTERMS_2020 = ["EXW", "FCA", "FAS", "FOB", "CFR", "CIF", "CPT", "CIP", "DAP", "DPU", "DDP"] as const;
export type Incoterm = (typeof INCOTERMS_2020)[number];
/** The rules for sea and inland waterway transport only (Incoterms 2020). */
const SEA_ONLY_INCOTERMS: readonly Incoterm[] = ["FAS", "FOB", "CFR", "CIF"];

/** The Incoterms a route can use: the four sea rules only where one of its legs is at sea. */
export function incotermsFor(legModes: readonly string[]): Incoterm[] {
  const sea = legModes.includes("SEA");
  return INCOTERMS_2020.filter((term) => sea || !SEA_ONLY_INCOTERMS.includes(term));
}
export const PACKAGE_TYPES = ["PALLETS", "CARTONS", "CRATES", "BAGS", "DRUMS", "BALES", "ROLLS", "PIECES"] as const;

/** Step 1, trains: how many of each container type (form fields qty_<code>, soc_<code>). */
export function parseContainerLines(formData: FormData, offered: string[]) {
  const lines = CONTAINER_TYPES.filter((type) => offered.includes(type.code)).map((type) => ({
    equipmentCode: type.code,
    quantity: Number(formData.get(`qty_${type.code}`) || 0),
    shipperOwned: formData.get(`soc_${type.code}`) === "on",
  }));
  const errors: Record<string, string> = {};
  for (const line of lines) {
    if (!Number.isInteger(line.quantity) || line.quantity < 0 || line.quantity > 60)
      errors[`qty_${line.equipmentCode}`] = "errors.quantity";
  }
  if (Object.keys(errors).length === 0 && lines.every((line) => line.quantity === 0))
    errors.form = "errors.nothingToBook";
  return { lines: lines.filter((line) => line.quantity > 0), errors };
}

/** Step 1, charters: pieces with dimensions and weight (form rows piece_<n>_<field>). */
export const AIR_PIECE_ROWS = 5;
export const AirPieceSchema = z.object({
  quantity: z.coerce
    .number({ invalid_type_error: "errors.quantity" })
    .int("errors.quantity")
    .min(1, "errors.quantity")
    .max(9999, "errors.quantity"),
  lengthCm: positive("errors.dimension").pipe(z.number().max(1000, "errors.dimension")),
  widthCm: positive("errors.dimension").pipe(z.number().max(1000, "errors.dimension")),
  heightCm: positive("errors.dimension").pipe(z.number().max(300, "errors.dimension")),
  grossKg: positive("errors.weight").pipe(z.number().max(20_000, "errors.weight")),
});

export function parseAirPieces(formData: FormData) {
  const pieces: z.infer<typeof AirPieceSchema>[] = [];
  const errors: Record<string, string> = {};
  for (let row = 0; row < AIR_PIECE_ROWS; row += 1) {
    const raw = Object.fromEntries(
      ["quantity", "lengthCm", "widthCm", "heightCm", "grossKg"].map((field) => [
        field,
        String(formData.get(`piece_${row}_${field}`) ?? ""),
      ]),
    );
    if (Object.values(raw).every((value) => value.trim() === "")) continue;
    const parsed = AirPieceSchema.safeParse(raw);
    if (parsed.success) pieces.push(parsed.data);
    else for (const issue of parsed.error.issues) errors[`piece_${row}_${String(issue.path[0])}`] ??= issue.message;
  }
  if (Object.keys(errors).length === 0 && pieces.length === 0) errors.form = "errors.nothingToBook";
  return { pieces, errors };
}

/** Step 2: one line per kind of goods, as customs and the carriers need it (rows line_<n>_<field>). */
export const MAX_CARGO_LINES = 20;
export const CargoLineSchema = z
  .object({
    description: multiLineText(500),
    hsCode: text(20),
    grossWeightKg: positive("errors.weight"),
    packages: z.preprocess(
      blank,
      z.coerce
        .number({ required_error: "errors.required", invalid_type_error: "errors.quantity" })
        .int("errors.quantity")
        .min(1, "errors.quantity")
        .max(1_000_000, "errors.quantity"),
    ),
    packageType: z.enum(PACKAGE_TYPES, { message: "errors.required" }),
    volumeM3: positive("errors.volume", 100_000),
    dangerous: checkbox,
    unNumber: optional(singleLine().max(20, "errors.tooLong")),
    dgClass: z.preprocess(blank, z.enum(DG_CLASSES, { message: "errors.dgClass" }).optional()),
    packingGroup: z.preprocess(blank, z.enum(PACKING_GROUPS, { message: "errors.packingGroup" }).optional()),
  })
  .superRefine((line, ctx) => {
    if (line.dangerous && !line.unNumber)
      ctx.addIssue({ code: "custom", path: ["unNumber"], message: "errors.required" });
    if (line.dangerous && !line.dgClass)
      ctx.addIssue({ code: "custom", path: ["dgClass"], message: "errors.required" });
  });
export type CargoLine = z.infer<typeof CargoLineSchema>;

/** The reefer set point is the box's, one for the consignment: the units are set to it. */
const reeferTemperature = z.preprocess(
  blank,
  z.coerce
    .number({ invalid_type_error: "errors.temperature" })
    .finite("errors.temperature")
    .min(-100, "errors.temperature")
    .max(100, "errors.temperature")
    .optional(),
);

export const CargoSchema = z.object({
  lines: z.array(CargoLineSchema).min(1, "errors.noCargo").max(MAX_CARGO_LINES, "errors.tooManyLines"),
  reeferTemperatureC: reeferTemperature,
});
export type Cargo = z.infer<typeof CargoSchema>;
/** A cargo line as stored: its HS code in canonical form, with the subheading it names. */
export type StoredCargoLine = CargoLine & { hsSubheading: string };
export type StoredCargo = Omit<Cargo, "lines"> & { lines: StoredCargoLine[] };

const CARGO_LINE_FIELDS = [
  "description",
  "hsCode",
  "grossWeightKg",
  "packages",
  "packageType",
  "volumeM3",
  "dangerous",
  "unNumber",
  "dgClass",
  "packingGroup",
] as const;

/**
 * The cargo form's rows as lines: blank rows are dropped (the form always offers a spare), and
 * `rows` tells which form row each line came from, so a rule broken by line i is shown at row
 * rows[i] (see formFieldOfCargo).
 */
export function parseCargoForm(formData: FormData) {
  const lines: CargoLine[] = [];
  const rows: number[] = [];
  const errors: Record<string, string> = {};
  for (let row = 0; row < MAX_CARGO_LINES; row += 1) {
    const raw = Object.fromEntries(
      CARGO_LINE_FIELDS.map((field) => [field, formData.get(`line_${row}_${field}`) ?? undefined]),
    );
    // A row counts when something describing goods is typed in (a package type alone is the form's default).
    const typed = CARGO_LINE_FIELDS.some(
      (field) =>
        field !== "packageType" && field !== "dangerous" && typeof raw[field] === "string" && raw[field].trim() !== "",
    );
    if (!typed) continue;
    const parsed = CargoLineSchema.safeParse(raw);
    if (parsed.success) {
      lines.push(parsed.data);
      rows.push(row);
    } else for (const issue of parsed.error.issues) errors[`line_${row}_${String(issue.path[0])}`] ??= issue.message;
  }
  const reefer = reeferTemperature.safeParse(formData.get("reeferTemperatureC") ?? undefined);
  if (!reefer.success) errors.reeferTemperatureC = reefer.error.issues[0]?.message ?? "errors.temperature";
  if (Object.keys(errors).length === 0 && lines.length === 0) errors.line_0_description = "errors.noCargo";
  return { cargo: { lines, reeferTemperatureC: reefer.data } satisfies Cargo, rows, errors };
}

/** Where the cargo form shows a rule's message: "lines.2.hsCode" is at row rows[2]. */
export function formFieldOfCargo(path: string, rows: number[]): string {
  const match = /^lines\.(\d+)\.(\w+)$/.exec(path);
  return match ? `line_${rows[Number(match[1])] ?? 0}_${match[2]}` : path;
}

const optionalText = (max: number) => optional(text(max));

/** ISO 3166-1 alpha-2, as the waybill and customs declarations want it. */
export const COUNTRY_CODES = Object.keys(isoCountries.getAlpha2Codes()).sort();
const countryCode = z.preprocess(
  (value) => (typeof value === "string" ? value.trim().toUpperCase() : value),
  z.string({ required_error: "errors.country" }).refine((code) => COUNTRY_CODES.includes(code), "errors.country"),
);

/** Street lines of an address: up to four lines of up to 70 characters (what a waybill box holds). */
const addressLines = z.preprocess(
  (value) =>
    typeof value === "string"
      ? value
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter(Boolean)
      : value,
  z
    .array(singleLine().max(70, "errors.addressLines"), { required_error: "errors.required" })
    .min(1, "errors.required")
    .max(4, "errors.addressLines"),
);

/** Something to read: a name made only of invisible or filler characters is no name. */
const readable = (schema: z.ZodString) => schema.regex(/[\p{L}\p{N}]/u, "errors.required");

/** A door address: street lines, city, postcode where the country has them, country. */
export const AddressSchema = z.object({
  addressLines,
  city: readable(text(35)),
  postcode: optional(singleLine().max(12, "errors.tooLong")),
  countryCode,
});
export type Address = z.infer<typeof AddressSchema>;

/** A telephone number as people write it, with its country code: +86 931 123 4567. */
const phone = optional(
  singleLine()
    .max(30, "errors.phone")
    .regex(/^\+[1-9][0-9 ()./-]{5,28}$/, "errors.phone"),
);

/** Shipper, consignee or notify party, as the waybill and customs name them. */
export const PartySchema = AddressSchema.extend({
  name: readable(text(140)),
  contactName: optionalText(70),
  phone,
  email: optional(
    singleLine()
      .max(254, "errors.tooLong")
      .email("errors.email")
      .transform((value) => value.toLowerCase()),
  ),
  /** USCI for a Chinese company, EORI in the EU, VAT or TIN elsewhere. */
  taxId: optional(
    singleLine()
      .max(35, "errors.tooLong")
      .regex(/^[A-Za-z0-9 ./-]+$/, "errors.taxId"),
  ),
});
export type Party = z.infer<typeof PartySchema>;

/** Step 3: parties, the door legs of the through journey, and the Incoterm. */
export const PartiesSchema = z
  .object({
    shipper: PartySchema,
    consignee: PartySchema,
    notify: PartySchema.optional(),
    doorPickup: checkbox,
    pickupAddress: AddressSchema.optional(),
    doorDelivery: checkbox,
    deliveryAddress: AddressSchema.optional(),
    incoterm: z.enum(INCOTERMS_2020, { message: "errors.required" }),
  })
  .superRefine((parties, ctx) => {
    if (parties.doorPickup && !parties.pickupAddress)
      ctx.addIssue({ code: "custom", path: ["pickupAddress"], message: "errors.required" });
    if (parties.doorDelivery && !parties.deliveryAddress)
      ctx.addIssue({ code: "custom", path: ["deliveryAddress"], message: "errors.required" });
  });
export type Parties = z.infer<typeof PartiesSchema>;

export const PARTY_FIELDS = [
  "name",
  "addressLines",
  "city",
  "postcode",
  "countryCode",
  "contactName",
  "phone",
  "email",
  "taxId",
] as const;
export const ADDRESS_FIELDS = ["addressLines", "city", "postcode", "countryCode"] as const;

/**
 * The parties form (fields <role>_<field>, pickup_<field>, delivery_<field>) as one document:
 * a notify party left blank is none; a door address is read only for a door leg that is asked for.
 */
export function parsePartiesForm(formData: FormData) {
  const errors: Record<string, string> = {};
  const group = <S extends z.ZodTypeAny>(prefix: string, fields: readonly string[], schema: S, needed: boolean) => {
    const raw = Object.fromEntries(fields.map((field) => [field, formData.get(`${prefix}_${field}`) ?? undefined]));
    const typed = fields.some(
      (field) => field !== "countryCode" && typeof raw[field] === "string" && raw[field].trim() !== "",
    );
    if (!needed && !typed) return undefined;
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data as z.output<S>;
    for (const issue of parsed.error.issues) errors[`${prefix}_${String(issue.path[0])}`] ??= issue.message;
    return undefined;
  };
  const doorPickup = checkbox.parse(formData.get("doorPickup"));
  const doorDelivery = checkbox.parse(formData.get("doorDelivery"));
  const parties = {
    shipper: group("shipper", PARTY_FIELDS, PartySchema, true),
    consignee: group("consignee", PARTY_FIELDS, PartySchema, true),
    notify: group("notify", PARTY_FIELDS, PartySchema, false),
    doorPickup,
    pickupAddress: doorPickup ? group("pickup", ADDRESS_FIELDS, AddressSchema, true) : undefined,
    doorDelivery,
    deliveryAddress: doorDelivery ? group("delivery", ADDRESS_FIELDS, AddressSchema, true) : undefined,
    incoterm: formData.get("incoterm"),
  };
  const incoterm = z.enum(INCOTERMS_2020).safeParse(parties.incoterm);
  if (!incoterm.success) errors.incoterm = "errors.required";
  if (Object.keys(errors).length > 0) return { parties: null, errors };
  return { parties: PartiesSchema.parse(parties), errors };
}

/**
 * The bookings list's GET filters: a value that is not a status, a piece of a reference or a
 * departure id is ignored (the list shows everything), never sent to the database.
 */
export const BookingListFiltersSchema = z.object({
  status: z.enum(BOOKING_STATUSES).optional().catch(undefined),
  reference: optional(
    z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9-]{1,12}$/),
  ).catch(undefined),
  departure: optional(z.string().regex(RECORD_ID)).catch(undefined),
});
