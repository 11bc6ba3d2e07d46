import type { Locale } from "~/i18n/config";
import { formatLocalDateTime, formatNumber } from "~/i18n/format";
import type { WaybillContent, WaybillGoods, WaybillParty } from "./content";

type Place = { code: string; name: string; nameZh: string };
type Address = { addressLines: string[]; city: string; postcode: string | null; countryCode: string };

/**
 * A waybill's content (a draft or an issued version) as the portal's pages show it, in the
 * reader's language and time zone: the same fields as the PDF, formatted on the server so the
 * page reads the same before and after hydration. Labels stay keys (the waybill namespace).
 */
export function presentWaybillContent(content: WaybillContent, reader: { locale: Locale; timeZone: string }) {
  const { locale, timeZone } = reader;
  const number = (value: number) => formatNumber(value, locale);
  // Place names are frozen in Chinese and in the document's second language.
  const place = (value: Place) => `${locale === "zh-CN" ? value.nameZh : value.name} (${value.code})`;
  const address = (value: Address) => [
    ...value.addressLines,
    [value.postcode, value.city, value.countryCode].filter(Boolean).join(" "),
  ];
  const party = (value: WaybillParty | null) =>
    value
      ? {
          name: value.name,
          lines: [
            ...address(value),
            ...[value.taxId, value.contactName, value.phone, value.email].filter((part): part is string => !!part),
          ],
        }
      : null;
  const endpoint = (value: WaybillContent["placeOfReceipt"]) =>
    value.kind === "DOOR"
      ? { kind: "door" as const, lines: address(value.address) }
      : { kind: "terminal" as const, lines: [place(value.place)] };
  const goods = (line: WaybillGoods) => ({
    description: line.description,
    hsCode: line.hsCode,
    packages: number(line.packages),
    packageType: line.packageType,
    grossKg: number(line.grossWeightKg),
    volumeM3: number(line.volumeM3),
    marks: line.marks,
    dangerousGoods: line.dangerousGoods
      ? [line.dangerousGoods.unNumber, line.dangerousGoods.dgClass, line.dangerousGoods.packingGroup]
          .filter(Boolean)
          .join(" · ")
      : null,
  });
  return {
    number: content.number,
    version: content.version,
    amendmentReason: content.amendmentReason,
    issue: content.issue ? { place: place(content.issue.place), date: content.issue.date } : null,
    negotiable: content.negotiable,
    operator: content.multimodalTransportOperator.name,
    shipper: party(content.shipper),
    consignee: {
      toOrder: content.consignee.toOrder,
      orderOf: content.consignee.orderOf,
      party: party(content.consignee.party),
    },
    notifyParty: party(content.notifyParty),
    placeOfReceipt: endpoint(content.placeOfReceipt),
    placeOfDelivery: endpoint(content.placeOfDelivery),
    service: content.service.number,
    legs: content.legs.map((leg) => ({
      sequence: leg.sequence,
      mode: leg.mode,
      from: place(leg.from),
      to: place(leg.to),
      departure: formatLocalDateTime(new Date(leg.plannedDeparture), locale, timeZone),
      arrival: formatLocalDateTime(new Date(leg.plannedArrival), locale, timeZone),
      endsAtBorder: leg.endsAtBorder,
      gaugeChange: leg.gaugeChange,
    })),
    containers: content.containers.map((container) => ({
      sequence: container.sequence,
      isoSizeType: container.isoSizeType,
      containerNumber: container.containerNumber,
      seals: container.seals.join(" "),
      vgm: container.vgm
        ? { kg: number(container.vgm.kg), method: container.vgm.method, responsible: container.vgm.responsiblePerson }
        : null,
      reeferSetpointC: container.reeferSetpointC === null ? null : number(container.reeferSetpointC),
      goods: container.goods.map(goods),
    })),
    air: content.air
      ? {
          pieces: content.air.pieces.map((piece) => ({
            quantity: number(piece.quantity),
            dimensions: [piece.lengthCm, piece.widthCm, piece.heightCm].map(number).join(" × "),
            grossKg: number(piece.grossKg),
          })),
          goods: content.air.goods.map(goods),
        }
      : null,
    totals: {
      containers: number(content.totals.containers),
      packages: number(content.totals.packages),
      grossKg: number(content.totals.grossWeightKg),
      volumeM3: number(content.totals.volumeM3),
    },
    freightTerms: content.freightTerms,
    bookingReference: content.priceReference.bookingReference,
    invoiceNumber: content.priceReference.invoiceNumber,
    originals: content.originals,
  };
}
export type WaybillContentView = ReturnType<typeof presentWaybillContent>;
