import { z } from "zod";
import { PACKAGE_TYPES } from "~/schemas/booking";
import { DG_CLASSES, PACKING_GROUPS } from "~/domain/booking/cargo-rules";
import { CARRIAGE_TERMS_CLAUSES, CARRIAGE_TERMS_VERSION } from "~/domain/booking/carriage-terms";
import { TRANSPORT_MODES } from "~/domain/scheduling/equipment";
import { canonicalPayload } from "~/domain/documents/document-versions.server";
import { isoInChina } from "~/domain/payments/issuer-time";
import { isValidWaybillNumber } from "./number";
import { VGM_METHODS } from "~/domain/booking/cargo-rules";
import { FREIGHT_TERMS, MAX_ORIGINALS, type FreightTerms } from "~/domain/instructions/content";
import {
  CARRIER_CODE_LIST_PROVIDERS,
  CARRIER_CODE_PATTERN,
  isValidImoNumber,
  type CarrierCode,
  type SeaVoyage,
} from "./vessel";

/*
 * What a through waybill (一单制 multimodal transport document; decision 015) says, as one
 * typed, language-neutral object: the fields of JT/T 1244-2019 / GB/T 44430-2024 (container
 * multimodal waybill) and the FIATA FBL, for the whole door-to-door journey under one
 * multimodal transport operator. A version's content is stored as canonical JSON in
 * DocumentVersion (decision 012); its SHA-256 is the version's hash, and `fingerprint` its short
 * form printed on the PDF and shown on the verification page. Labels are not in it: they come
 * from the locale files. Place names are frozen in Chinese and in the version's language.
 *
 * The JSON form is described by public/schemas/waybill-v1.json (served at
 * /schemas/waybill-v1.json); `WaybillContentSchema` below is the same shape for reading
 * stored versions back (readDocumentPayload). A change of shape is a new schemaVersion.
 */

export const WAYBILL_SCHEMA_VERSION = 1;
export const WAYBILL_SCHEMA_ID = "/schemas/waybill-v1.json";
// The shipping instructions' terms (decision 014) are the document's: one list of each.
export { FREIGHT_TERMS, MAX_ORIGINALS, type FreightTerms } from "~/domain/instructions/content";

const text = (max: number) => z.string().min(1).max(max);
const nullableText = (max: number) => z.string().min(1).max(max).nullable();
const countryCode = z.string().regex(/^[A-Z]{2}$/);
/** A real calendar day or instant, as the builder writes them (UTC, milliseconds, "Z"). */
const isRealInstant = (iso: string) => !Number.isNaN(Date.parse(iso)) && new Date(iso).toISOString() === iso;
const isoDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
  .refine(isRealInstant);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((date) => isRealInstant(`${date}T00:00:00.000Z`));
const kg = z.number().finite().positive();

const AddressSchema = z
  .object({
    addressLines: z.array(text(70)).min(1).max(4),
    city: text(35),
    postcode: nullableText(12),
    countryCode,
  })
  .strict();

const PartySchema = z
  .object({
    name: text(140),
    addressLines: z.array(text(70)).min(1).max(4),
    city: text(35),
    postcode: nullableText(12),
    countryCode,
    contactName: nullableText(70),
    phone: nullableText(30),
    email: nullableText(254),
    taxId: nullableText(35),
  })
  .strict();

/** A place of the portal's catalog (UN/LOCODE, or an internal code such as CN-WUW). */
const PlaceSchema = z.object({ code: text(10), name: text(140), nameZh: text(140) }).strict();

const EndpointSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("DOOR"), address: AddressSchema }).strict(),
  z.object({ kind: z.literal("TERMINAL"), place: PlaceSchema }).strict(),
]);

/**
 * The vessel and export voyage of a sea leg (decision 016), copied from the departure at issue.
 * Optional in the schema: documents drawn before it existed have no such field.
 */
const VesselSchema = z
  .object({
    name: text(50),
    imoNumber: z.string().refine(isValidImoNumber).nullable(),
    voyageNumber: text(50),
  })
  .strict();

const LegSchema = z
  .object({
    sequence: z.number().int().min(1),
    mode: z.enum(TRANSPORT_MODES),
    from: PlaceSchema,
    to: PlaceSchema,
    plannedDeparture: isoDateTime,
    plannedArrival: isoDateTime,
    /** The leg ends at a border station (where the train crosses into the next country). */
    endsAtBorder: z.boolean(),
    /** Track gauge change at the end of the leg, e.g. "1435>1520". */
    gaugeChange: z
      .string()
      .regex(/^\d{3,4}>\d{3,4}$/)
      .nullable(),
    /** SEA legs: the vessel and voyage once known (null before); other legs: null. */
    vessel: VesselSchema.nullable().optional(),
  })
  .strict()
  .refine((leg) => leg.mode === "SEA" || !leg.vessel);

const DangerousGoodsSchema = z
  .object({
    unNumber: z.string().regex(/^UN\d{4}$/),
    dgClass: z.enum(DG_CLASSES),
    packingGroup: z.enum(PACKING_GROUPS).nullable(),
  })
  .strict();

const GoodsSchema = z
  .object({
    description: text(500),
    hsCode: z.string().regex(/^\d{4,10}$/),
    packages: z.number().int().min(1),
    packageType: z.enum(PACKAGE_TYPES),
    grossWeightKg: kg,
    volumeM3: z.number().finite().positive(),
    /** Marks and numbers; null is printed "N/M". */
    marks: nullableText(350),
    dangerousGoods: DangerousGoodsSchema.nullable(),
  })
  .strict();

const ContainerSchema = z
  .object({
    sequence: z.number().int().min(1),
    isoSizeType: z.string().regex(/^[0-9A-Z]{4}$/),
    /** Filled in by staff at gate-in for the carrier's boxes; null until then. */
    containerNumber: z
      .string()
      .regex(/^[A-Z]{3}[UJZ]\d{7}$/)
      .nullable(),
    shipperOwned: z.boolean(),
    seals: z.array(z.string().regex(/^[A-Z0-9-]{1,20}$/)).max(3),
    vgm: z
      .object({ kg: z.number().int().positive(), method: z.enum(VGM_METHODS), responsiblePerson: text(70) })
      .strict()
      .nullable(),
    reeferSetpointC: z.number().finite().min(-100).max(100).nullable(),
    goods: z.array(GoodsSchema).min(1),
  })
  .strict();

const AirPieceSchema = z
  .object({
    quantity: z.number().int().min(1),
    lengthCm: z.number().positive(),
    widthCm: z.number().positive(),
    heightCm: z.number().positive(),
    grossKg: kg,
  })
  .strict();

export const WaybillContentSchema = z
  .object({
    schemaVersion: z.literal(WAYBILL_SCHEMA_VERSION),
    /** Null while a draft: the number and version 1 are given at issue. */
    number: z.string().refine(isValidWaybillNumber).nullable(),
    version: z.number().int().min(1).nullable(),
    /** Why this version replaced the one before (null for drafts and version 1). */
    amendmentReason: nullableText(500),
    issue: z.object({ place: PlaceSchema, date: isoDate }).strict().nullable(),
    /** Negotiable (to order, a bill) or not (a named consignee, a waybill). */
    negotiable: z.boolean(),
    multimodalTransportOperator: z
      .object({
        name: text(140),
        taxId: nullableText(35),
        addressLines: z.array(text(70)).min(1).max(4),
        city: text(35),
        postcode: nullableText(12),
        countryCode,
        /** The operator's SMDG or NMFTA carrier code (decision 016); null when none was configured. */
        carrierCode: z
          .object({ code: z.string().regex(CARRIER_CODE_PATTERN), listProvider: z.enum(CARRIER_CODE_LIST_PROVIDERS) })
          .strict()
          .nullable()
          .optional(),
      })
      .strict(),
    bookingReference: text(20),
    /** The booking revision (decision 011) the content was drawn from; null before the first. */
    bookingRevision: z.number().int().min(1).nullable(),
    shipper: PartySchema,
    consignee: z
      .object({
        toOrder: z.boolean(),
        /** To whose order (a bank, usually); null with toOrder: to the shipper's order. */
        orderOf: nullableText(140),
        party: PartySchema.nullable(),
      })
      .strict()
      // A straight consignee is named, and nobody's order is involved.
      .refine((consignee) => consignee.toOrder || (consignee.party !== null && consignee.orderOf === null)),
    notifyParty: PartySchema.nullable(),
    placeOfReceipt: EndpointSchema,
    placeOfDelivery: EndpointSchema,
    service: z.object({ number: text(40), mode: z.enum(["RAIL", "AIR"]) }).strict(),
    legs: z.array(LegSchema).min(1),
    containers: z.array(ContainerSchema),
    /** Air consignments: pieces and dimensions, and the goods (containers carry theirs). */
    air: z
      .object({ pieces: z.array(AirPieceSchema).min(1), goods: z.array(GoodsSchema).min(1) })
      .strict()
      .nullable(),
    totals: z
      .object({
        containers: z.number().int().min(0),
        packages: z.number().int().min(1),
        grossWeightKg: kg,
        volumeM3: z.number().finite().positive(),
      })
      .strict(),
    freightTerms: z.enum(FREIGHT_TERMS),
    /** The one all-in price, by reference only: amounts are on the invoice. */
    priceReference: z.object({ bookingReference: text(20), invoiceNumber: nullableText(30) }).strict(),
    originals: z.number().int().min(0).max(MAX_ORIGINALS),
    carriageTerms: z.object({ version: text(20), clauses: z.array(z.enum(CARRIAGE_TERMS_CLAUSES)).min(1) }).strict(),
  })
  .strict();

export type WaybillContent = z.infer<typeof WaybillContentSchema>;
export type WaybillParty = z.infer<typeof PartySchema>;
export type WaybillGoods = z.infer<typeof GoodsSchema>;
export type WaybillVessel = z.infer<typeof VesselSchema>;

/* ---------------------------------------------------------------------------------------------
 * What the builder needs, shaped after what is at hand when a waybill is drawn:
 * - parties and door addresses: the booking's stored `Parties` (readDetails(booking.details));
 * - legs: `planLegs` (app/domain/scheduling/departure.server.ts) with the catalog's names;
 * - units: ShipmentEquipment rows joined with the shipping instructions' units (decision 014:
 *   `InstructionsContent.units[i]` ↔ the unit with id `unitId`): number, seals, VGM and its
 *   responsible person, cargo lines with marks;
 * - dangerous goods: from the booking's cargo lines (the SI's lines do not repeat them), matched
 *   by the caller to each SI line;
 * - freight terms, originals, to order / to whose order: the SI's `freightTerms`, `originals`,
 *   `consigneeToOrder`, `toOrderOf`;
 * - the invoice number (bank transfer or on account) and Booking.carriageTermsVersion.
 * Optional fields may be left out or undefined: the content writes null for them.
 * ------------------------------------------------------------------------------------------- */

export interface WaybillAddressInput {
  addressLines: string[];
  city: string;
  postcode?: string | null;
  countryCode: string;
}

export interface WaybillPartyInput extends WaybillAddressInput {
  name: string;
  contactName?: string | null;
  phone?: string | null;
  email?: string | null;
  taxId?: string | null;
}

export interface WaybillPlaceInput {
  code: string;
  /** In the version's language (DocumentVersion.locale). */
  name: string;
  /** In Chinese, the document's first language. */
  nameZh: string;
}

export interface WaybillGoodsInput {
  description: string;
  hsCode: string;
  packages: number;
  packageType: (typeof PACKAGE_TYPES)[number];
  grossWeightKg: number;
  volumeM3: number;
  marks?: string | null;
  dangerousGoods?: {
    unNumber: string;
    dgClass: (typeof DG_CLASSES)[number];
    packingGroup?: (typeof PACKING_GROUPS)[number] | null;
  } | null;
}

export interface WaybillInput {
  /** Set at issue (and kept by amendments); absent for a draft. */
  issue?: {
    number: string;
    version: number;
    /** Required from version 2 on. */
    amendmentReason?: string | null;
    /** The origin port, where the operator issues. */
    place: WaybillPlaceInput;
    issuedAt: Date;
  } | null;
  operator: WaybillPartyInput & { carrierCode?: CarrierCode | null };
  booking: {
    reference: string;
    revision?: number | null;
    carriageTermsVersion: string;
    invoiceNumber?: string | null;
  };
  service: { number: string; mode: "RAIL" | "AIR" };
  parties: {
    shipper: WaybillPartyInput;
    consignee: WaybillPartyInput | null;
    notify?: WaybillPartyInput | null;
    /** The booking's door legs: a pick-up address makes the place of receipt a door. */
    pickupAddress?: WaybillAddressInput | null;
    deliveryAddress?: WaybillAddressInput | null;
  };
  consigneeToOrder: boolean;
  toOrderOf?: string | null;
  /** Where the journey's first and last legs start and end (used when there is no door leg). */
  origin: WaybillPlaceInput;
  destination: WaybillPlaceInput;
  legs: {
    sequence: number;
    mode: (typeof TRANSPORT_MODES)[number];
    from: WaybillPlaceInput;
    to: WaybillPlaceInput;
    toIsBorder: boolean;
    gaugeChange: string | null;
    startAt: Date;
    endAt: Date;
    /** SEA legs: the departure's vessel and voyage, when staff know them. */
    vessel?: SeaVoyage | null;
  }[];
  units: {
    sequence: number;
    isoSizeType: string;
    shipperOwned: boolean;
    containerNumber?: string | null;
    seals: string[];
    vgm?: { kg: number; method: (typeof VGM_METHODS)[number]; responsiblePerson: string } | null;
    reeferSetpointC?: number | null;
    goods: WaybillGoodsInput[];
  }[];
  air?: {
    pieces: { quantity: number; lengthCm: number; widthCm: number; heightCm: number; grossKg: number }[];
    goods: WaybillGoodsInput[];
  } | null;
  freightTerms: FreightTerms;
  originals: number;
}

const orNull = <T>(value: T | null | undefined): T | null => (value === undefined ? null : value);
/** Optional text as the forms leave it (undefined, or blank) is null on the document. */
const textOrNull = (value: string | null | undefined): string | null => (value?.trim() ? value : null);
/** Sums of decimals without binary noise: 0.1 + 0.2 is 0.3 on the document. */
const round3 = (value: number) => Math.round(value * 1000) / 1000;

function address(input: WaybillAddressInput) {
  return {
    addressLines: [...input.addressLines],
    city: input.city,
    postcode: textOrNull(input.postcode),
    countryCode: input.countryCode,
  };
}

function party(input: WaybillPartyInput): WaybillParty {
  return {
    name: input.name,
    ...address(input),
    contactName: textOrNull(input.contactName),
    phone: textOrNull(input.phone),
    email: textOrNull(input.email),
    taxId: textOrNull(input.taxId),
  };
}

function vessel(input: SeaVoyage | null | undefined): WaybillVessel | null {
  return input ? { name: input.vesselName, imoNumber: input.imoNumber, voyageNumber: input.voyageNumber } : null;
}

const place = (input: WaybillPlaceInput) => ({ code: input.code, name: input.name, nameZh: input.nameZh });

function goods(input: WaybillGoodsInput): WaybillGoods {
  const dg = input.dangerousGoods;
  return {
    description: input.description,
    hsCode: input.hsCode.replace(/[\s.]/g, ""),
    packages: input.packages,
    packageType: input.packageType,
    grossWeightKg: input.grossWeightKg,
    volumeM3: input.volumeM3,
    marks: input.marks?.trim() ? input.marks : null,
    dangerousGoods: dg
      ? {
          unNumber: dg.unNumber,
          dgClass: dg.dgClass,
          packingGroup: dg.packingGroup ?? null,
        }
      : null,
  };
}

/**
 * The content of a waybill (draft or issued version) from its input: deterministic — the same
 * input gives the same content, whatever order the units were read in — and checked against
 * WaybillContentSchema, so nothing malformed is ever hashed or issued.
 */
export function buildWaybillContent(input: WaybillInput): WaybillContent {
  const issue = input.issue ?? null;
  if (issue && issue.version > 1 && !issue.amendmentReason?.trim()) {
    throw new Error("An amended version needs its reason");
  }
  if (input.booking.carriageTermsVersion !== CARRIAGE_TERMS_VERSION) {
    throw new Error(`Carriage terms version ${input.booking.carriageTermsVersion} is not known`);
  }
  if (!input.consigneeToOrder && !input.parties.consignee) throw new Error("A straight waybill names its consignee");

  const containers = [...input.units]
    .sort((a, b) => a.isoSizeType.localeCompare(b.isoSizeType, "en") || a.sequence - b.sequence)
    .map((unit) => ({
      sequence: unit.sequence,
      isoSizeType: unit.isoSizeType,
      containerNumber: orNull(unit.containerNumber),
      shipperOwned: unit.shipperOwned,
      seals: [...unit.seals],
      vgm: unit.vgm ? { ...unit.vgm } : null,
      reeferSetpointC: orNull(unit.reeferSetpointC),
      goods: unit.goods.map(goods),
    }));
  const air = input.air
    ? { pieces: input.air.pieces.map((piece) => ({ ...piece })), goods: input.air.goods.map(goods) }
    : null;
  const allGoods = [...containers.flatMap((unit) => unit.goods), ...(air?.goods ?? [])];

  const content: WaybillContent = {
    schemaVersion: WAYBILL_SCHEMA_VERSION,
    number: issue?.number ?? null,
    version: issue?.version ?? null,
    amendmentReason: issue && issue.version > 1 ? issue.amendmentReason!.trim() : null,
    issue: issue ? { place: place(issue.place), date: isoInChina(issue.issuedAt) } : null,
    negotiable: input.consigneeToOrder,
    multimodalTransportOperator: {
      name: input.operator.name,
      taxId: textOrNull(input.operator.taxId),
      ...address(input.operator),
      carrierCode: input.operator.carrierCode ? { ...input.operator.carrierCode } : null,
    },
    bookingReference: input.booking.reference,
    bookingRevision: orNull(input.booking.revision),
    shipper: party(input.parties.shipper),
    consignee: {
      toOrder: input.consigneeToOrder,
      orderOf: input.consigneeToOrder && input.toOrderOf?.trim() ? input.toOrderOf.trim() : null,
      party: input.parties.consignee ? party(input.parties.consignee) : null,
    },
    notifyParty: input.parties.notify ? party(input.parties.notify) : null,
    placeOfReceipt: input.parties.pickupAddress
      ? { kind: "DOOR", address: address(input.parties.pickupAddress) }
      : { kind: "TERMINAL", place: place(input.origin) },
    placeOfDelivery: input.parties.deliveryAddress
      ? { kind: "DOOR", address: address(input.parties.deliveryAddress) }
      : { kind: "TERMINAL", place: place(input.destination) },
    service: { number: input.service.number, mode: input.service.mode },
    legs: [...input.legs]
      .sort((a, b) => a.sequence - b.sequence)
      .map((leg) => ({
        sequence: leg.sequence,
        mode: leg.mode,
        from: place(leg.from),
        to: place(leg.to),
        plannedDeparture: leg.startAt.toISOString(),
        plannedArrival: leg.endAt.toISOString(),
        endsAtBorder: leg.toIsBorder,
        gaugeChange: leg.gaugeChange,
        vessel: leg.mode === "SEA" ? vessel(leg.vessel) : null,
      })),
    containers,
    air,
    totals: {
      containers: containers.length,
      packages: allGoods.reduce((sum, line) => sum + line.packages, 0),
      grossWeightKg: round3(allGoods.reduce((sum, line) => sum + line.grossWeightKg, 0)),
      volumeM3: round3(allGoods.reduce((sum, line) => sum + line.volumeM3, 0)),
    },
    freightTerms: input.freightTerms,
    priceReference: { bookingReference: input.booking.reference, invoiceNumber: orNull(input.booking.invoiceNumber) },
    originals: input.originals,
    carriageTerms: { version: input.booking.carriageTermsVersion, clauses: [...CARRIAGE_TERMS_CLAUSES] },
  };
  return WaybillContentSchema.parse(content);
}

/** The content's canonical JSON (RFC 8785) and SHA-256: what DocumentVersion stores. */
/**
 * A draft's content as an issued version: its number, version (with the reason from version 2
 * on), and the place and date of issue — an amendment keeps the first issue's place and date.
 */
export function issuedContent(draft: WaybillContent, issue: NonNullable<WaybillInput["issue"]>): WaybillContent {
  if (issue.version > 1 && !issue.amendmentReason?.trim()) throw new Error("An amended version needs its reason");
  return WaybillContentSchema.parse({
    ...draft,
    number: issue.number,
    version: issue.version,
    amendmentReason: issue.version > 1 ? issue.amendmentReason!.trim() : null,
    issue: { place: place(issue.place), date: isoInChina(issue.issuedAt) },
  });
}

/**
 * The content with the departure's sea voyages (by leg sequence) and the operator's carrier
 * code as they are now: what is copied at issue, and what an amendment adds once staff know the
 * vessel (decision 016). The departure's record is what counts: a sea leg whose voyage staff
 * no longer know (the vessel was changed, say) has no vessel. Other legs have none.
 */
export function withSeaVoyages(
  content: WaybillContent,
  voyages: ReadonlyMap<number, SeaVoyage>,
  carrierCode: CarrierCode | null,
): WaybillContent {
  return WaybillContentSchema.parse({
    ...content,
    multimodalTransportOperator: {
      ...content.multimodalTransportOperator,
      carrierCode: carrierCode ? { ...carrierCode } : null,
    },
    legs: content.legs.map((leg) => ({
      ...leg,
      vessel: leg.mode === "SEA" ? vessel(voyages.get(leg.sequence)) : null,
    })),
  });
}

export function waybillHash(content: WaybillContent): { json: string; sha256: string } {
  return canonicalPayload(content);
}

/** The short form of a SHA-256 printed and shown for comparison: "3f2a 9c01 77be 0d4e". */
export function fingerprintOfSha256(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error("Not a SHA-256 in hex");
  return sha256.slice(0, 16).match(/.{4}/g)!.join(" ");
}

/** The short fingerprint of a content: equal content (in any key order), equal fingerprint. */
export function fingerprint(content: WaybillContent): string {
  return fingerprintOfSha256(waybillHash(content).sha256);
}
