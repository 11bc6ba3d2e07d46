import { z } from "zod";
import { AirPieceSchema, INCOTERMS_2020, PACKAGE_TYPES, type Parties } from "~/schemas/booking";
import { DG_CLASSES, PACKING_GROUPS } from "./cargo-rules";
import type { DraftDetails } from "./quote";

/*
 * A booking's consignment as stored (`Booking.details`, JSON; decision 010): read through this
 * one parser, so a row that does not hold one fails here, loudly, instead of printing NaN on a
 * waybill. The wizard's forms check what people type (app/schemas/booking.ts); this checks
 * what was stored, and reads the first shape (one cargo description, parties as a name and a
 * block of address text) as the current one.
 */

const optionalText = z.string().optional();

const StoredAddress = z.object({
  addressLines: z.array(z.string()),
  /** Empty on parties carried over from free-text addresses, until someone completes them. */
  city: z.string(),
  postcode: optionalText,
  countryCode: z.string(),
});

const StoredParty = StoredAddress.extend({
  name: z.string().min(1),
  contactName: optionalText,
  phone: optionalText,
  email: optionalText,
  taxId: optionalText,
});

/** Free address text as street lines: at most four, the rest joined into the fourth. */
function addressFromText(text: string): z.infer<typeof StoredAddress> {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const addressLines = lines.length > 4 ? [...lines.slice(0, 3), lines.slice(3).join(", ")] : lines;
  return { addressLines, city: "", countryCode: "" };
}

const FirstShapeParties = z
  .object({
    shipperName: z.string(),
    shipperAddress: z.string(),
    consigneeName: z.string(),
    consigneeAddress: z.string(),
    notifyName: optionalText,
    notifyAddress: optionalText,
    doorPickup: z.boolean(),
    pickupAddress: optionalText,
    doorDelivery: z.boolean(),
    deliveryAddress: optionalText,
    incoterm: z.enum(INCOTERMS_2020),
  })
  .transform(
    (first): Parties => ({
      shipper: { name: first.shipperName, ...addressFromText(first.shipperAddress) },
      consignee: { name: first.consigneeName, ...addressFromText(first.consigneeAddress) },
      notify: first.notifyName ? { name: first.notifyName, ...addressFromText(first.notifyAddress ?? "") } : undefined,
      doorPickup: first.doorPickup,
      pickupAddress: first.pickupAddress ? addressFromText(first.pickupAddress) : undefined,
      doorDelivery: first.doorDelivery,
      deliveryAddress: first.deliveryAddress ? addressFromText(first.deliveryAddress) : undefined,
      incoterm: first.incoterm,
    }),
  );

const StoredParties = z.union([
  z.object({
    shipper: StoredParty,
    consignee: StoredParty,
    notify: StoredParty.optional(),
    doorPickup: z.boolean(),
    pickupAddress: StoredAddress.optional(),
    doorDelivery: z.boolean(),
    deliveryAddress: StoredAddress.optional(),
    incoterm: z.enum(INCOTERMS_2020),
  }),
  FirstShapeParties,
]);

const StoredCargoLine = z.object({
  description: z.string(),
  hsCode: z.string(),
  hsSubheading: z.string(),
  grossWeightKg: z.number().positive(),
  packages: z.number().int().positive(),
  packageType: z.enum(PACKAGE_TYPES),
  volumeM3: z.number().positive(),
  dangerous: z.boolean(),
  unNumber: optionalText,
  dgClass: z.enum(DG_CLASSES).optional(),
  packingGroup: z.enum(PACKING_GROUPS).optional(),
});

const reeferTemperatureC = z.number().finite().optional();

const StoredCargo = z.union([
  z.object({ lines: z.array(StoredCargoLine).min(1), reeferTemperatureC }),
  // The first shape: one description of the goods, with the reefer set point beside it.
  StoredCargoLine.extend({ reeferTemperatureC }).transform(({ reeferTemperatureC: setPoint, ...line }) => ({
    lines: [line],
    reeferTemperatureC: setPoint,
  })),
]);

const StoredDetails = z.object({
  containers: z
    .array(z.object({ equipmentCode: z.string(), quantity: z.number().int().nonnegative(), shipperOwned: z.boolean() }))
    .optional(),
  pieces: z.array(AirPieceSchema).optional(),
  cargo: StoredCargo.optional(),
  parties: StoredParties.optional(),
});

export function readDetails(json: string): DraftDetails {
  return StoredDetails.parse(JSON.parse(json));
}
