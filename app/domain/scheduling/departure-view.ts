import type { Locale } from "~/i18n/config";
import { formatLocalDateTime, formatMoney, formatNumber, transitHours } from "~/i18n/format";
import { placeName, type Catalog } from "~/domain/places/catalog.server";
import { operatorName } from "~/domain/places/operator-names";
import { drawRouteMap, type MapLeg, type RouteMap } from "~/domain/geo/route-map.server";
import type { DepartureDetail, PlannedLeg } from "./departure.server";
import { corridorName } from "./board-view";
import { AIR_KG } from "./equipment";
import { bookingClosesAt, effectiveStatus } from "./departure-status";

export interface DepartureView {
  id: string;
  serviceNumber: string;
  operatorName: string;
  mode: string;
  status: string;
  corridorName: string;
  originName: string;
  destinationName: string;
  departureLocal: string;
  cargoCutoffLocal: string;
  docCutoffLocal: string;
  etaLocal: string;
  /** Door-to-door planned hours; shown in days for trains, in hours for flights. */
  transitHours: number;
  legs: {
    sequence: number;
    mode: string;
    fromName: string;
    toName: string;
    toIsBorder: boolean;
    gaugeChange: string | null;
    startLocal: string;
    endLocal: string;
  }[];
  capacities: {
    equipmentCode: string;
    perKg: boolean;
    available: string;
    total: string;
    free: boolean;
    tariff: string;
    minCharge: string | null;
  }[];
  map: RouteMap & { labels: Record<string, string> };
}

export function presentDeparture(
  detail: { departure: DepartureDetail; legs: PlannedLeg[]; catalog: Catalog },
  locale: Locale,
  now: Date,
): DepartureView {
  const { departure, legs, catalog } = detail;
  const { service } = departure;
  const zoneOf = (code: string) => catalog.places.get(code)?.timeZone ?? "UTC";
  const originZone = zoneOf(service.originCode);
  const mapLegs: MapLeg[] = legs.flatMap((leg) => {
    const from = catalog.places.get(leg.fromCode);
    const to = catalog.places.get(leg.toCode);
    return from && to ? [{ mode: leg.mode, from, to }] : [];
  });
  const map = drawRouteMap(mapLegs);
  return {
    id: departure.id,
    serviceNumber: service.serviceNumber,
    operatorName: operatorName(service.operatorName, locale),
    mode: service.mode,
    status: effectiveStatus(departure.status, bookingClosesAt(departure), now),
    corridorName: corridorName(catalog, service.corridorCode, locale),
    originName: placeName(catalog, service.originCode, locale),
    destinationName: placeName(catalog, service.destinationCode, locale),
    departureLocal: formatLocalDateTime(departure.departureAt, locale, originZone),
    cargoCutoffLocal: formatLocalDateTime(departure.cargoCutoffAt, locale, originZone),
    docCutoffLocal: formatLocalDateTime(departure.docCutoffAt, locale, originZone),
    etaLocal: formatLocalDateTime(departure.etaAt, locale, zoneOf(service.destinationCode)),
    transitHours: transitHours(departure.departureAt, departure.etaAt),
    legs: legs.map((leg) => ({
      sequence: leg.sequence,
      mode: leg.mode,
      fromName: placeName(catalog, leg.fromCode, locale),
      toName: placeName(catalog, leg.toCode, locale),
      toIsBorder: catalog.places.get(leg.toCode)?.kind === "BORDER",
      gaugeChange: leg.gaugeChange,
      startLocal: formatLocalDateTime(leg.startAt, locale, zoneOf(leg.fromCode)),
      endLocal: formatLocalDateTime(leg.endAt, locale, zoneOf(leg.toCode)),
    })),
    capacities: departure.capacities.map((capacity) => ({
      equipmentCode: capacity.equipmentCode,
      perKg: capacity.equipmentCode === AIR_KG,
      available: formatNumber(capacity.available, locale),
      total: formatNumber(capacity.total, locale),
      free: capacity.available > 0,
      tariff: formatMoney(capacity.tariffMinor, capacity.currency, locale),
      minCharge:
        capacity.minChargeMinor != null ? formatMoney(capacity.minChargeMinor, capacity.currency, locale) : null,
    })),
    map: {
      ...map,
      labels: Object.fromEntries(map.points.map((point) => [point.code, placeName(catalog, point.code, locale)])),
    },
  };
}
