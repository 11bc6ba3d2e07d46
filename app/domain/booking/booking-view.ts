import type { Locale } from "~/i18n/config";
import { formatLocalDateTime } from "~/i18n/format";
import { placeName, type Catalog } from "~/domain/places/catalog.server";

/** The departure a booking is on, named and timed for the viewer. */
export function presentBookingDeparture(
  departure: {
    departureAt: Date;
    cargoCutoffAt: Date;
    docCutoffAt: Date;
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
    docCutoffLocal: formatLocalDateTime(departure.docCutoffAt, locale, zone),
  };
}
