import { AppError } from "~/utils/app-error";
import { isoInChina } from "~/domain/payments/issuer-time";
import type { WaybillContent, WaybillGoods, WaybillParty } from "./content";
import { dcsaTransportDocumentStatus, versionState, type WaybillStatus } from "./status";

/*
 * An issued through-waybill version as a DCSA eBL 3.0 `TransportDocument` (decision 016), for
 * journeys with a sea leg (the Western Land-Sea corridor via Qinzhou): rail legs before the
 * ship are pre-carriage, legs after it on-carriage. Pure: the content (a stored version), the
 * waybill's status and a few settings in, the document out. A rail-only or air document has no
 * vessel, so it cannot be a DCSA transport document: refused, never padded with a made-up ship.
 * Validated against ../shared/reference/dcsa/ebl/EBL_v3.0.3.yaml in the tests.
 */

/** The DCSA eBL release the export follows (sent as `API-Version`). */
export const DCSA_EBL_VERSION = "3.0.3";
/** The official schema, pinned to the DCSA-OpenAPI commit the reference copy was taken from. */
export const DCSA_EBL_SCHEMA_URL =
  "https://github.com/dcsaorg/DCSA-OpenAPI/blob/5d0f8337a994e25d4605754339e14eb6bf2d1d08/ebl/v3/EBL_v3.0.3.yaml";

/** Why a part of the document cannot be exported (AppError.fields: path → reason). */
export type EblGap = "missing" | "tooLong" | "unsupported" | "notUnLocode";

/** The UN/LOCODE shape DCSA accepts (the portal's internal codes, e.g. CN-WUW, are not). */
const UN_LOCODE = /^[A-Z]{2}[A-Z2-9]{3}$/;

/** The packages of the booking forms as UN/ECE Recommendation 21 codes, with their names. */
const PACKAGE_CODES: Record<WaybillGoods["packageType"], { code: string; name: string }> = {
  PALLETS: { code: "PX", name: "Pallets" },
  CARTONS: { code: "CT", name: "Cartons" },
  CRATES: { code: "CR", name: "Crates" },
  BAGS: { code: "BG", name: "Bags" },
  DRUMS: { code: "DR", name: "Drums" },
  BALES: { code: "BL", name: "Bales" },
  ROLLS: { code: "RO", name: "Rolls" },
  PIECES: { code: "PP", name: "Pieces" },
};

const CARRIAGE_MODE = { RAIL: "RAIL", ROAD: "TRUCK", SEA: "VESSEL" } as const;

export interface EblSettings {
  /** The waybill's status now (a superseded version is SURRENDERED_FOR_AMENDMENT). */
  status: WaybillStatus;
  latestVersion: number;
  /** The carriage terms' text in English, for `termsAndConditions`. */
  termsAndConditions: string;
  /** Whom to contact about the document at the operator. */
  contact: { name: string; email: string };
}

type Json = Record<string, unknown>;
type Leg = WaybillContent["legs"][number];
type Place = { code: string; name: string };
type AddressLike = Pick<WaybillParty, "addressLines" | "city" | "postcode" | "countryCode">;

/** Text as DCSA's lines of at most `width` characters, broken between words where it can. */
export function textLines(text: string, width = 35): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    for (let rest = word; rest; ) {
      const room = line ? width - line.length - 1 : width;
      if (rest.length <= room) {
        line = line ? `${line} ${rest}` : rest;
        rest = "";
      } else if (line) {
        lines.push(line);
        line = "";
      } else {
        lines.push(rest.slice(0, width));
        rest = rest.slice(width);
      }
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The DCSA eBL 3.0 TransportDocument of an issued version. Throws AppError (409):
 * `waybillState` for a draft, `waybillNoSeaLeg` for a journey without a vessel,
 * `waybillVesselUnknown` while a sea leg's vessel and voyage are not recorded, and
 * `waybillEblIncomplete` with each missing or unfitting part (`fields`: path → EblGap).
 */
export function toDcsaTransportDocument(content: WaybillContent, settings: EblSettings): Json {
  if (!content.number || !content.version || !content.issue) throw new AppError("waybillState", 409);
  const seaLegs = content.legs.filter((leg) => leg.mode === "SEA");
  if (seaLegs.length === 0) throw new AppError("waybillNoSeaLeg", 409);
  if (seaLegs.some((leg) => !leg.vessel)) throw new AppError("waybillVesselUnknown", 409);

  const gaps: Record<string, EblGap> = {};
  const gap = (path: string, reason: EblGap) => void (gaps[path] ??= reason);
  /** A text DCSA limits to `max` characters; too long is a gap (never cut: it is a legal document). */
  const fit = (path: string, value: string, max: number) => {
    if (value.length > max) gap(path, "tooLong");
    return value;
  };

  const first = content.legs.indexOf(seaLegs[0]!);
  const last = content.legs.indexOf(seaLegs.at(-1)!);
  const before = content.legs.slice(0, first);
  const after = content.legs.slice(last + 1);
  // One vessel passage (with transhipments): the ship may not leave the sea for a train and back.
  if (content.legs.slice(first, last + 1).some((leg) => leg.mode !== "SEA")) gap("legs", "unsupported");
  const receipt = content.placeOfReceipt;
  const delivery = content.placeOfDelivery;
  const preCarriageBy = carriageBy(before, receipt.kind === "DOOR", gap);
  const onCarriageBy = carriageBy(after, delivery.kind === "DOOR", gap);
  const port = (path: string, place: Place) => {
    if (!UN_LOCODE.test(place.code)) gap(path, "notUnLocode");
    return { locationName: fit(`${path}.name`, place.name, 100), UNLocationCode: place.code };
  };
  const endpoint = (path: string, end: WaybillContent["placeOfReceipt"]) =>
    end.kind === "DOOR" ? placeAddress(end.address) : location(`${path}.place`, end.place, fit);

  const carrierCode = content.multimodalTransportOperator.carrierCode;
  if (!carrierCode) gap("multimodalTransportOperator.carrierCode", "missing");
  const toOrder = content.consignee.toOrder;
  const typeCode = toOrder || content.originals > 0 ? "BOL" : "SWB";
  const isElectronic = content.originals === 0;
  const issueDate = content.issue.date;
  const current = versionState(content.version, settings.latestVersion) === "CURRENT";
  const collectAt = delivery.kind === "TERMINAL" ? delivery.place : content.legs.at(-1)!.to;

  const document: Json = {
    transportDocumentReference: content.number,
    transportDocumentSubReference: String(content.version),
    transportDocumentStatus: current ? dcsaTransportDocumentStatus(settings.status) : "SURRENDERED_FOR_AMENDMENT",
    transportDocumentTypeCode: typeCode,
    // Taken in charge at the place of receipt, not yet on board at Qinzhou: a received-for-shipment document.
    isShippedOnBoardType: false,
    freightPaymentTermCode: content.freightTerms === "PREPAID" ? "PRE" : "COL",
    isElectronic,
    isToOrder: toOrder,
    ...(typeCode === "BOL" && !isElectronic
      ? { numberOfOriginalsWithCharges: 0, numberOfOriginalsWithoutCharges: content.originals }
      : {}),
    receivedForShipmentDate: issueDate,
    termsAndConditions: settings.termsAndConditions,
    receiptTypeAtOrigin: receipt.kind === "DOOR" ? "SD" : "CY",
    deliveryTypeAtDestination: delivery.kind === "DOOR" ? "SD" : "CY",
    cargoMovementTypeAtOrigin: "FCL",
    cargoMovementTypeAtDestination: "FCL",
    issueDate,
    ...(carrierCode ? { carrierCode: carrierCode.code, carrierCodeListProvider: carrierCode.listProvider } : {}),
    transports: {
      plannedDepartureDate: isoInChina(new Date(seaLegs[0]!.plannedDeparture)),
      plannedArrivalDate: isoInChina(new Date(seaLegs.at(-1)!.plannedArrival)),
      ...(preCarriageBy ? { preCarriageBy, placeOfReceipt: endpoint("placeOfReceipt", receipt) } : {}),
      portOfLoading: port("legs.portOfLoading", seaLegs[0]!.from),
      portOfDischarge: port("legs.portOfDischarge", seaLegs.at(-1)!.to),
      ...(onCarriageBy ? { onCarriageBy, placeOfDelivery: endpoint("placeOfDelivery", delivery) } : {}),
      vesselVoyages: seaLegs.map((leg) => ({
        vesselName: leg.vessel!.name,
        carrierExportVoyageNumber: leg.vessel!.voyageNumber,
      })),
    },
    placeOfIssue: issuePlace(content.issue.place, fit),
    // Prepaid at the origin, where the operator invoices; collect where the goods are handed over.
    invoicePayableAt: payableAt(content.freightTerms === "PREPAID" ? content.issue.place : collectAt),
    partyContactDetails: [settings.contact],
    documentParties: documentParties(content, fit),
    consignmentItems: consignmentItems(content, gap, fit),
    utilizedTransportEquipments: content.containers.map((unit, index) => {
      const path = `containers[${index}]`;
      if (!unit.containerNumber) gap(`${path}.containerNumber`, "missing");
      if (unit.seals.length === 0) gap(`${path}.seals`, "missing");
      return {
        equipment: { equipmentReference: unit.containerNumber ?? "", ISOEquipmentCode: unit.isoSizeType },
        isShipperOwned: unit.shipperOwned,
        ...(unit.reeferSetpointC === null
          ? {}
          : { activeReeferSettings: { temperatureSetpoint: unit.reeferSetpointC, temperatureUnit: "CEL" } }),
        seals: unit.seals.map((number, seal) => ({ number: fit(`${path}.seals[${seal}]`, number, 15), source: "SHI" })),
      };
    }),
  };
  if (content.containers.length === 0) gap("containers", "missing");
  if (Object.keys(gaps).length > 0) throw new AppError("waybillEblIncomplete", 409, undefined, gaps);
  return document;
}

/** How the operator carries before or after the ship: one mode, or MULTIMODAL; a door adds the truck. */
function carriageBy(legs: Leg[], door: boolean, gap: (path: string, reason: EblGap) => void) {
  const modes = new Set<string>(door ? ["TRUCK"] : []);
  for (const leg of legs) {
    if (leg.mode === "AIR") gap(`legs[${leg.sequence - 1}].mode`, "unsupported");
    else modes.add(CARRIAGE_MODE[leg.mode]);
  }
  if (modes.size === 0) return undefined;
  return modes.size === 1 ? [...modes][0] : "MULTIMODAL";
}

type Fit = (path: string, value: string, max: number) => string;

function location(path: string, place: Place, fit: Fit) {
  return {
    locationName: fit(`${path}.name`, place.name, 100),
    ...(UN_LOCODE.test(place.code) ? { UNLocationCode: place.code } : {}),
  };
}

/** Where the document was issued: its UN/LOCODE, or the country of an internal code (CN-WUW). */
function issuePlace(place: Place, fit: Fit) {
  const name = fit("issue.place.name", place.name, 100);
  return UN_LOCODE.test(place.code)
    ? { locationName: name, UNLocationCode: place.code }
    : { locationName: name, countryCode: place.code.slice(0, 2) };
}

function payableAt(place: Place) {
  return UN_LOCODE.test(place.code) ? { UNLocationCode: place.code } : { freeText: place.name.slice(0, 35) };
}

/** A structured address (street = the lines, when they fit DCSA's 70 characters) and the lines themselves. */
function structured(address: AddressLike) {
  const joined = address.addressLines.join(", ");
  return {
    street: joined.length <= 70 ? joined : address.addressLines[0]!,
    ...(address.postcode && address.postcode.length <= 10 ? { postCode: address.postcode } : {}),
    city: address.city,
    countryCode: address.countryCode,
  };
}

function placeAddress(address: AddressLike) {
  return { address: structured(address), addressLines: [...address.addressLines] };
}

function partyOf(party: WaybillParty, path: string, fit: Fit) {
  const contact =
    party.contactName && party.contactName.length <= 35 && (party.phone || party.email)
      ? {
          name: party.contactName,
          ...(party.phone ? { phone: party.phone } : {}),
          ...(party.email && party.email.length <= 100 ? { email: party.email } : {}),
        }
      : null;
  return {
    partyName: fit(`${path}.name`, party.name, 70),
    address: structured(party),
    addressLines: [...party.addressLines],
    ...(party.taxId ? { taxLegalReferences: [taxReference(party.taxId, party.countryCode)] } : {}),
    ...(contact && ("phone" in contact || "email" in contact) ? { partyContactDetails: [contact] } : {}),
  };
}

/** A tax number: China's unified social credit identifier, elsewhere the generic tax identification number. */
function taxReference(value: string, countryCode: string) {
  return { type: countryCode === "CN" ? "USCI" : "TIN", countryCode, value };
}

/**
 * DCSA wants an identifying code for a consignee (eBL platforms use theirs). Without a platform,
 * a mutually defined code (`ZZZ`) names the party in the portal: booking reference and role.
 */
function portalCode(bookingReference: string, role: string) {
  return [
    { codeListProvider: "ZZZ", codeListName: "SILU_GATEWAY_BOOKING_PARTY", partyCode: `${bookingReference}/${role}` },
  ];
}

function documentParties(content: WaybillContent, fit: Fit): Json {
  const operator = content.multimodalTransportOperator;
  const { toOrder, orderOf, party } = content.consignee;
  const consignee = !toOrder
    ? {
        ...partyOf(party!, "consignee.party", fit),
        identifyingCodes: portalCode(content.bookingReference, "CONSIGNEE"),
      }
    : orderOf
      ? {
          partyName: fit("consignee.orderOf", orderOf, 70),
          identifyingCodes: portalCode(content.bookingReference, "ORDER_OF"),
        }
      : null;
  return {
    shipper: partyOf(content.shipper, "shipper", fit),
    ...(consignee ? { consignee } : {}),
    issuingParty: {
      partyName: fit("multimodalTransportOperator.name", operator.name, 70),
      address: structured(operator),
      ...(operator.taxId ? { taxLegalReferences: [taxReference(operator.taxId, operator.countryCode)] } : {}),
    },
    ...(content.notifyParty ? { notifyParties: [partyOf(content.notifyParty, "notifyParty", fit)] } : {}),
  };
}

/**
 * The goods as DCSA consignment items: one per description and HS code, with a cargo item per
 * container it is packed in (weight, volume, outer packaging) and the marks of its lines.
 */
function consignmentItems(content: WaybillContent, gap: (path: string, reason: EblGap) => void, fit: Fit): Json[] {
  const items = new Map<string, { description: string; hsCode: string; marks: string[]; cargoItems: Json[] }>();
  content.containers.forEach((unit, index) =>
    unit.goods.forEach((line, lineIndex) => {
      const path = `containers[${index}].goods[${lineIndex}]`;
      // DCSA needs the proper shipping name and more, which the portal does not record yet.
      if (line.dangerousGoods) gap(`${path}.dangerousGoods`, "unsupported");
      if (line.hsCode.length < 6) gap(`${path}.hsCode`, "missing");
      if (line.packages > 99_999_999) gap(`${path}.packages`, "tooLong");
      const key = `${line.hsCode}\u0000${line.description}`;
      const item = items.get(key) ?? { description: line.description, hsCode: line.hsCode, marks: [], cargoItems: [] };
      items.set(key, item);
      if (line.marks && !item.marks.includes(line.marks)) item.marks.push(line.marks);
      const packaging = PACKAGE_CODES[line.packageType];
      item.cargoItems.push({
        equipmentReference: unit.containerNumber ?? "",
        cargoGrossWeight: { value: line.grossWeightKg, unit: "KGM" },
        cargoGrossVolume: { value: line.volumeM3, unit: "MTQ" },
        outerPackaging: { packageCode: packaging.code, numberOfPackages: line.packages, description: packaging.name },
      });
    }),
  );
  return [...items.values()].map((item, index) => {
    const description = textLines(item.description);
    const marks = item.marks.flatMap((mark) => textLines(mark));
    if (description.length > 150) gap(`consignmentItems[${index}].descriptionOfGoods`, "tooLong");
    if (marks.length > 50) gap(`consignmentItems[${index}].shippingMarks`, "tooLong");
    return {
      carrierBookingReference: fit("bookingReference", content.bookingReference, 35),
      descriptionOfGoods: description,
      HSCodes: [item.hsCode],
      ...(marks.length > 0 ? { shippingMarks: marks } : {}),
      cargoItems: item.cargoItems,
    };
  });
}
