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

/** Step 2: the cargo, as customs and the carriers need it. */
export const CargoSchema = z
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
    reeferTemperatureC: z.preprocess(
      blank,
      z.coerce
        .number({ invalid_type_error: "errors.temperature" })
        .finite("errors.temperature")
        .min(-100, "errors.temperature")
        .max(100, "errors.temperature")
        .optional(),
    ),
  })
  .superRefine((cargo, ctx) => {
    if (cargo.dangerous && !cargo.unNumber)
      ctx.addIssue({ code: "custom", path: ["unNumber"], message: "errors.required" });
    if (cargo.dangerous && !cargo.dgClass)
      ctx.addIssue({ code: "custom", path: ["dgClass"], message: "errors.required" });
  });
export type Cargo = z.infer<typeof CargoSchema>;

const optionalText = (max: number) => optional(text(max));
const optionalLines = (max: number) => optional(multiLineText(max));

/** Step 3: parties, the door legs of the through journey, and the Incoterm. */
export const PartiesSchema = z
  .object({
    shipperName: text(200),
    shipperAddress: multiLineText(500),
    consigneeName: text(200),
    consigneeAddress: multiLineText(500),
    notifyName: optionalText(200),
    notifyAddress: optionalLines(500),
    doorPickup: checkbox,
    pickupAddress: optionalLines(500),
    doorDelivery: checkbox,
    deliveryAddress: optionalLines(500),
    incoterm: z.enum(INCOTERMS_2020, { message: "errors.required" }),
  })
  .superRefine((parties, ctx) => {
    if (parties.doorPickup && !parties.pickupAddress)
      ctx.addIssue({ code: "custom", path: ["pickupAddress"], message: "errors.required" });
    if (parties.doorDelivery && !parties.deliveryAddress) {
      ctx.addIssue({ code: "custom", path: ["deliveryAddress"], message: "errors.required" });
    }
  });
export type Parties = z.infer<typeof PartiesSchema>;

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
