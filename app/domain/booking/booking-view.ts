import type { Locale } from "~/i18n/config";
import { formatLocalDateTime, formatMoney, formatNumber } from "~/i18n/format";
import { placeName, type Catalog } from "~/domain/places/catalog.server";
import type { PriceLine } from "./pricing";

/** A price breakdown as the page shows it, in the viewer's locale. */
export function presentPrice(lines: PriceLine[], currency: string, totalMinor: number, locale: Locale) {
  return {
    lines: lines.map((line) => ({
      kind: line.kind,
      equipmentCode: line.equipmentCode ?? null,
      quantity: formatNumber(line.quantity, locale),
      unit: formatMoney(line.unitMinor, currency, locale),
      amount: formatMoney(line.amountMinor, currency, locale),
    })),
    total: formatMoney(totalMinor, currency, locale),
  };
}

/** The departure a booking is on, named and timed for the viewer. */
export function presentBookingDeparture(
  departure: {
    departureAt: Date;
    cargoCutoffAt: Date;
    service: { originCode: string; destinationCode: string; serviceNumber: string; mode: string };
  },
  catalog: Catalog,
  locale: Locale,
) {
  const zone = catalog.places.get(departure.service.originCode)?.timeZone ?? "UTC";
  return {
    origin: placeName(catalog, departure.service.originCode, locale),
    destination: placeName(catalog, departure.service.destinationCode, locale),
    serviceNumber: departure.service.serviceNumber,
    mode: departure.service.mode,
    departureLocal: formatLocalDateTime(departure.departureAt, locale, zone),
    cargoCutoffLocal: formatLocalDateTime(departure.cargoCutoffAt, locale, zone),
  };
}
