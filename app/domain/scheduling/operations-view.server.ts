import { DateTime } from "luxon";
import type { Db } from "~/utils/db.server";
import type { Locale } from "~/i18n/config";
import { formatLocalDate, formatLocalDateTime, formatMoney } from "~/i18n/format";
import { loadCatalog, placeName } from "~/domain/places/catalog.server";
import { pickName } from "~/domain/places/names";
import type { Actor } from "~/domain/identity/permissions";
import { findService, listServices, readWeekdays, upcomingDepartures } from "./services.server";
import { findStaffDeparture } from "./departure-admin.server";

/** What the service form chooses from: corridors, places (ports, border crossings, terminals). */
export async function serviceFormOptions(db: Db, locale: Locale) {
  const catalog = await loadCatalog(db);
  return {
    corridors: catalog.corridors.map((corridor) => ({ value: corridor.code, label: pickName(corridor.names, locale) })),
    places: [...catalog.places.values()]
      .map((place) => ({ value: place.code, label: `${pickName(place.names, locale)} (${place.code})` }))
      .sort((a, b) => a.label.localeCompare(b.label, locale)),
  };
}

/** The services list page: each service of the actor's ports, and whether they may add one. */
export async function servicesPage(db: Db, actor: Actor, locale: Locale) {
  const [{ services, managedPorts }, catalog, options] = await Promise.all([
    listServices(db, actor),
    loadCatalog(db),
    serviceFormOptions(db, locale),
  ]);
  return {
    services: services.map((service) => ({
      code: service.code,
      serviceNumber: service.serviceNumber,
      origin: placeName(catalog, service.originCode, locale),
      destination: placeName(catalog, service.destinationCode, locale),
      weekdays: readWeekdays(service.weekdays),
      departureLocalTime: service.departureLocalTime,
      departures: service._count.departures,
      active: service.active,
    })),
    origins: managedPorts.map((code) => ({ value: code, label: placeName(catalog, code, locale) })),
    ...options,
  };
}

/** A service's edit page: its fields as the form shows them, exceptions, offers, next departures. */
export async function servicePage(db: Db, actor: Actor, code: string, locale: Locale, now: Date) {
  const { service, canManage } = await findService(db, actor, code);
  const [catalog, options, departures] = await Promise.all([
    loadCatalog(db),
    serviceFormOptions(db, locale),
    upcomingDepartures(db, service.id, now),
  ]);
  const zone = service.origin.timeZone;
  const saved: Record<string, string> = {
    corridorCode: service.corridorCode,
    destinationCode: service.destinationCode,
    mode: service.mode,
    serviceNumber: service.serviceNumber,
    operatorName: service.operatorName,
    departureLocalTime: service.departureLocalTime,
    cargoCutoffDays: String(service.cargoCutoffDays),
    cargoCutoffLocalTime: service.cargoCutoffLocalTime,
    docCutoffDays: String(service.docCutoffDays),
    docCutoffLocalTime: service.docCutoffLocalTime,
    validFrom: service.validFrom ?? "",
    validUntil: service.validUntil ?? "",
  };
  for (const leg of service.legs) {
    saved[`leg${leg.sequence}Mode`] = leg.mode;
    saved[`leg${leg.sequence}To`] = leg.toCode;
    saved[`leg${leg.sequence}Hours`] = String(leg.plannedHours);
    saved[`leg${leg.sequence}Gauge`] = leg.gaugeChange ?? "";
  }
  return {
    code: service.code,
    serviceNumber: service.serviceNumber,
    canManage,
    origin: placeName(catalog, service.originCode, locale),
    originZone: zone,
    saved,
    weekdays: readWeekdays(service.weekdays),
    exceptions: service.exceptions.map((exception) => ({ localDate: exception.localDate, note: exception.note })),
    offers: service.offers.map((offer) => ({
      ...offer,
      tariff: formatMoney(offer.tariffMinor, offer.currency, locale),
      minCharge: offer.minChargeMinor === null ? null : formatMoney(offer.minChargeMinor, offer.currency, locale),
    })),
    departures: departures.map((departure) => ({
      id: departure.id,
      departureLocal: formatLocalDateTime(departure.departureAt, locale, zone),
      cargoCutoffLocal: formatLocalDateTime(departure.cargoCutoffAt, locale, zone),
      localDate: formatLocalDate(departure.departureAt, locale, zone),
      status: departure.status,
    })),
    ...options,
  };
}

const inputValue = (at: Date, zone: string) => DateTime.fromJSDate(at, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");

/** A departure's staff page: its times in the form's format (origin zone; ETA at the destination), each equipment row. */
export async function departurePage(db: Db, actor: Actor, id: string, locale: Locale) {
  const { departure, canManage } = await findStaffDeparture(db, actor, id);
  const { service } = departure;
  const originZone = service.origin.timeZone;
  const destinationZone = service.destination.timeZone;
  const catalog = await loadCatalog(db);
  return {
    id: departure.id,
    canManage,
    serviceCode: service.code,
    serviceNumber: service.serviceNumber,
    mode: service.mode,
    status: departure.status,
    origin: placeName(catalog, service.originCode, locale),
    destination: placeName(catalog, service.destinationCode, locale),
    originZone,
    destinationZone,
    departureLocal: formatLocalDateTime(departure.departureAt, locale, originZone),
    times: {
      departureAt: inputValue(departure.departureAt, originZone),
      cargoCutoffAt: inputValue(departure.cargoCutoffAt, originZone),
      docCutoffAt: inputValue(departure.docCutoffAt, originZone),
      etaAt: inputValue(departure.etaAt, destinationZone),
    },
    capacities: departure.capacities.map((capacity) => ({
      equipmentCode: capacity.equipmentCode,
      total: capacity.total,
      available: capacity.available,
      held: capacity.held,
      booked: capacity.booked,
      currency: capacity.currency,
      tariff: (capacity.tariffMinor / 100).toFixed(2),
      minCharge: capacity.minChargeMinor === null ? "" : (capacity.minChargeMinor / 100).toFixed(2),
    })),
  };
}
