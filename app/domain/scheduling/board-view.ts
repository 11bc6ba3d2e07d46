import type { Locale } from "~/i18n/config";
import { formatLocalDateTime, formatMoney, formatNumber, transitHours } from "~/i18n/format";
import { placeName, type Catalog } from "~/domain/places/catalog.server";
import { pickName } from "~/domain/places/names";
import { borderCrossings, priceFrom, type BoardPage } from "./board.server";
import { AIR_KG } from "./equipment";
import { bookingClosesAt, effectiveStatus } from "./departure-status";

/** What the board shows for one departure: codes for translation, strings already formatted. */
export interface BoardRowView {
  id: string;
  serviceNumber: string;
  mode: string;
  status: string;
  corridorCode: string;
  corridorName: string;
  originName: string;
  destinationName: string;
  borderCrossings: string[];
  departureLocal: string;
  cargoCutoffLocal: string;
  docCutoffLocal: string;
  etaLocal: string;
  /** Door-to-door planned hours; shown in days for trains, in hours for flights. */
  transitHours: number;
  soldOut: boolean;
  capacities: { equipmentCode: string; available: string; total: string; free: boolean }[];
  priceFrom: { amount: string; perKg: boolean } | null;
}

export function presentBoardRows(page: BoardPage, locale: Locale, now: Date): BoardRowView[] {
  const { catalog } = page;
  return page.departures.map((departure) => {
    const { service } = departure;
    const origin = catalog.places.get(service.originCode);
    const destination = catalog.places.get(service.destinationCode);
    const originZone = origin?.timeZone ?? "UTC";
    const cheapest = priceFrom(departure.capacities);
    return {
      id: departure.id,
      serviceNumber: service.serviceNumber,
      mode: service.mode,
      status: effectiveStatus(departure.status, bookingClosesAt(departure), now),
      corridorCode: service.corridorCode,
      corridorName: corridorName(catalog, service.corridorCode, locale),
      originName: placeName(catalog, service.originCode, locale),
      destinationName: placeName(catalog, service.destinationCode, locale),
      borderCrossings: borderCrossings(service.legs, catalog).map((code) => placeName(catalog, code, locale)),
      departureLocal: formatLocalDateTime(departure.departureAt, locale, originZone),
      cargoCutoffLocal: formatLocalDateTime(departure.cargoCutoffAt, locale, originZone),
      docCutoffLocal: formatLocalDateTime(departure.docCutoffAt, locale, originZone),
      etaLocal: formatLocalDateTime(departure.etaAt, locale, destination?.timeZone ?? "UTC"),
      transitHours: transitHours(departure.departureAt, departure.etaAt),
      soldOut: departure.capacities.every((capacity) => capacity.available <= 0),
      capacities: departure.capacities.map((capacity) => ({
        equipmentCode: capacity.equipmentCode,
        available: formatNumber(capacity.available, locale),
        total: formatNumber(capacity.total, locale),
        free: capacity.available > 0,
      })),
      priceFrom: cheapest
        ? {
            amount: formatMoney(cheapest.amountMinor, cheapest.currency, locale),
            perKg: departure.capacities.some((capacity) => capacity.equipmentCode === AIR_KG),
          }
        : null,
    };
  });
}

export function corridorName(catalog: Catalog, code: string, locale: Locale): string {
  const corridor = catalog.corridors.find((candidate) => candidate.code === code);
  return corridor ? pickName(corridor.names, locale) : code;
}

/** Choices for the board's filter form, named in the viewer's language. */
export function filterOptions(catalog: Catalog, locale: Locale) {
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, locale);
  return {
    corridors: catalog.corridors.map((corridor) => ({ value: corridor.code, name: pickName(corridor.names, locale) })),
    origins: catalog.originCodes.map((code) => ({ value: code, name: placeName(catalog, code, locale) })).sort(byName),
    destinations: catalog.destinationCodes
      .map((code) => ({ value: code, name: placeName(catalog, code, locale) }))
      .sort(byName),
  };
}
