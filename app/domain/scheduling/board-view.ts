import type { Locale } from "~/i18n/config";
import { formatLocalDateTime, formatMoney, formatNumber, transitHours } from "~/i18n/format";
import { placeName, type Catalog } from "~/domain/places/catalog.server";
import { pickName } from "~/domain/places/names";
import { conversionFactor, convertMinor, type DisplayCurrency } from "~/domain/pricing/exchange-rates";
import { borderCrossings, isOpenForBooking, priceFrom, type BoardPage } from "./board.server";
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
  /** Bookable now; closed ones are shown dimmed, after the open ones. */
  open: boolean;
  capacities: { equipmentCode: string; available: string; total: string; free: boolean }[];
  /** `tariff` is the tariff as priced, when `amount` is converted to the viewer's currency. */
  priceFrom: { amount: string; tariff: string | null; perKg: boolean } | null;
}

export interface BoardPricing {
  /** The filtered equipment type: its tariff is the "from" price, its capacity decides "open". */
  equipment?: string;
  /** Show prices in this currency (one the rates convert to), or null for the tariff currency. */
  currency: DisplayCurrency | null;
}

/** A price as the board shows it: converted with the tariff in brackets, or as priced. */
export function presentPrice(
  price: { amountMinor: number; currency: string },
  rates: BoardPage["rates"],
  currency: DisplayCurrency | null,
  locale: Locale,
): { amount: string; tariff: string | null } {
  const factor = currency && currency !== price.currency ? conversionFactor(rates, price.currency, currency) : null;
  if (!currency || !factor) return { amount: formatMoney(price.amountMinor, price.currency, locale), tariff: null };
  return {
    amount: formatMoney(convertMinor(price.amountMinor, factor, price.currency, currency), currency, locale),
    tariff: formatMoneyWithCode(price.amountMinor, price.currency, locale),
  };
}

/** "CNY 9,650.00": the tariff beside a converted price names its currency by code. */
function formatMoneyWithCode(amountMinor: number, currency: string, locale: Locale): string {
  const formatter = new Intl.NumberFormat(locale, { style: "currency", currency, currencyDisplay: "code" });
  return formatter.format(amountMinor / 10 ** (formatter.resolvedOptions().maximumFractionDigits ?? 2));
}

export function presentBoardRows(
  page: BoardPage,
  locale: Locale,
  now: Date,
  pricing: BoardPricing = { currency: null },
): BoardRowView[] {
  const { catalog } = page;
  return page.departures.map((departure) => {
    const { service } = departure;
    const origin = catalog.places.get(service.originCode);
    const destination = catalog.places.get(service.destinationCode);
    const originZone = origin?.timeZone ?? "UTC";
    const cheapest = priceFrom(departure.capacities, pricing.equipment);
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
      soldOut: !departure.capacities.some(
        (capacity) => capacity.available > 0 && (!pricing.equipment || capacity.equipmentCode === pricing.equipment),
      ),
      open: isOpenForBooking(departure, now, pricing.equipment),
      capacities: departure.capacities.map((capacity) => ({
        equipmentCode: capacity.equipmentCode,
        available: formatNumber(capacity.available, locale),
        total: formatNumber(capacity.total, locale),
        free: capacity.available > 0,
      })),
      priceFrom: cheapest
        ? {
            ...presentPrice(cheapest, page.rates, pricing.currency, locale),
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

/** The currencies the board offers, named in the viewer's language ("EUR – Euro"). */
export function currencyOptions(currencies: readonly string[], locale: Locale) {
  const names = new Intl.DisplayNames(locale, { type: "currency" });
  return currencies.map((code) => ({ value: code, name: `${code} – ${names.of(code) ?? code}` }));
}
