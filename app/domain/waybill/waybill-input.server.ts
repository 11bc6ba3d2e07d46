import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { env } from "~/utils/env.server";
import type { Locale } from "~/i18n/config";
import type { Address, Party } from "~/schemas/booking";
import { readDetails } from "~/domain/booking/consignment";
import { readInstructions, type InstructedLine } from "~/domain/instructions/read.server";
import { findDeparture } from "~/domain/scheduling/departure.server";
import { placeName, type Catalog } from "~/domain/places/catalog.server";
import { operatorCarrierCode, seaVoyagesOf } from "./sea-voyages.server";
import type { WaybillAddressInput, WaybillGoodsInput, WaybillInput, WaybillPartyInput } from "./content";

/** Where the operator is registered (the waybill names the MTO with its address). */
const OPERATOR_ADDRESS = {
  addressLines: ["兰州国际陆港 Lanzhou International Land Port"],
  city: "Lanzhou",
  countryCode: "CN",
};

const address = (value: Address): WaybillAddressInput => ({
  addressLines: value.addressLines,
  city: value.city,
  postcode: value.postcode ?? null,
  countryCode: value.countryCode,
});

const party = (value: Party): WaybillPartyInput => ({
  ...address(value),
  name: value.name,
  contactName: value.contactName ?? null,
  phone: value.phone ?? null,
  email: value.email ?? null,
  taxId: value.taxId ?? null,
});

/** A line of the instructions as the document's goods (DG data only when complete). */
function goods(line: InstructedLine): WaybillGoodsInput {
  const dg = line.dangerous;
  return {
    description: line.description,
    hsCode: line.hsCode,
    packages: line.packages,
    packageType: line.packageType as WaybillGoodsInput["packageType"],
    grossWeightKg: line.grossWeightKg,
    volumeM3: line.volumeM3,
    marks: line.marks,
    dangerousGoods:
      dg?.unNumber && dg.dgClass
        ? {
            unNumber: dg.unNumber,
            dgClass: dg.dgClass as NonNullable<WaybillGoodsInput["dangerousGoods"]>["dgClass"],
            packingGroup: (dg.packingGroup ?? null) as NonNullable<WaybillGoodsInput["dangerousGoods"]>["packingGroup"],
          }
        : null,
  };
}

/**
 * Everything the through waybill says, drawn from the confirmed booking (parties, door legs,
 * departure and its legs, invoice, carriage terms, revision) and its submitted shipping
 * instructions (containers, seals, VGM, goods, freight terms, originals, to order). Place names
 * are in Chinese and in the consignee's language. Refused until the instructions are submitted.
 */
export async function waybillInputFor(
  db: Db,
  bookingId: string,
  consigneeLocale: Locale,
  /** Drawn for another departure than the booking's (a move being amended, decision 022). */
  onDeparture?: string,
): Promise<Omit<WaybillInput, "issue">> {
  const [booking, instructions] = await Promise.all([
    db.booking.findUniqueOrThrow({
      where: { id: bookingId },
      select: {
        reference: true,
        departureId: true,
        details: true,
        carriageTermsVersion: true,
        revisions: { select: { number: true }, orderBy: { number: "desc" }, take: 1 },
        payments: { select: { invoice: { select: { number: true } } }, orderBy: { createdAt: "desc" } },
      },
    }),
    readInstructions(db, bookingId),
  ]);
  const parties = readDetails(booking.details).parties;
  if (!instructions || !parties || !booking.carriageTermsVersion) throw new AppError("waybillState", 409);
  const departureId = onDeparture ?? booking.departureId;
  const [found, voyages] = await Promise.all([findDeparture(db, departureId), seaVoyagesOf(db, departureId)]);
  const { departure, legs, catalog } = found!;
  const place = (code: string) => placeInput(catalog, code, consigneeLocale);
  return {
    operator: {
      name: env().OPERATOR_ACCOUNT_NAME,
      taxId: env().OPERATOR_TAX_NUMBER,
      ...OPERATOR_ADDRESS,
      carrierCode: operatorCarrierCode(),
    },
    booking: {
      reference: booking.reference,
      revision: booking.revisions[0]?.number ?? null,
      carriageTermsVersion: booking.carriageTermsVersion,
      invoiceNumber: booking.payments.find((payment) => payment.invoice)?.invoice?.number ?? null,
    },
    service: { number: departure.service.serviceNumber, mode: departure.service.mode === "AIR" ? "AIR" : "RAIL" },
    parties: {
      shipper: party(parties.shipper),
      consignee: party(parties.consignee),
      notify: parties.notify ? party(parties.notify) : null,
      pickupAddress: parties.doorPickup && parties.pickupAddress ? address(parties.pickupAddress) : null,
      deliveryAddress: parties.doorDelivery && parties.deliveryAddress ? address(parties.deliveryAddress) : null,
    },
    consigneeToOrder: instructions.consignee.toOrder,
    toOrderOf: instructions.consignee.toOrder ? instructions.consignee.toOrderOf : null,
    origin: place(departure.service.originCode),
    destination: place(departure.service.destinationCode),
    legs: legs.map((leg) => ({
      sequence: leg.sequence,
      mode: leg.mode as WaybillInput["legs"][number]["mode"],
      from: place(leg.fromCode),
      to: place(leg.toCode),
      toIsBorder: catalog.places.get(leg.toCode)?.kind === "BORDER",
      gaugeChange: leg.gaugeChange,
      startAt: leg.startAt,
      endAt: leg.endAt,
      vessel: leg.mode === "SEA" ? (voyages.get(leg.sequence) ?? null) : null,
    })),
    units: instructions.units.map((unit) => ({
      sequence: unit.sequence,
      isoSizeType: unit.isoSizeType,
      shipperOwned: unit.shipperOwned,
      containerNumber: unit.containerNumber,
      seals: unit.seals,
      vgm:
        unit.vgm && unit.vgm.responsible
          ? { kg: unit.vgm.kg, method: unit.vgm.method, responsiblePerson: unit.vgm.responsible }
          : null,
      reeferSetpointC: unit.reeferSetpointC,
      goods: unit.cargo.map(goods),
    })),
    air: instructions.air
      ? { pieces: readDetails(booking.details).pieces ?? [], goods: instructions.air.cargo.map(goods) }
      : null,
    freightTerms: instructions.freightTerms,
    originals: instructions.originals,
  };
}

function placeInput(catalog: Catalog, code: string, locale: Locale) {
  return { code, name: placeName(catalog, code, locale), nameZh: placeName(catalog, code, "zh-CN") };
}
