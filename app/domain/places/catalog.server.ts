import type { Db } from "~/utils/db.server";
import type { Locale } from "~/i18n/config";
import { parseLocalizedNames, pickName, type LocalizedNames } from "./names";

export interface CatalogPlace {
  code: string;
  iataCode: string | null;
  kind: string;
  countryCode: string;
  timeZone: string;
  latitude: number;
  longitude: number;
  names: LocalizedNames;
}

export interface CatalogCorridor {
  code: string;
  names: LocalizedNames;
  sortOrder: number;
}

export interface CatalogService {
  id: string;
  code: string;
  serviceNumber: string;
  corridorCode: string;
  originCode: string;
  destinationCode: string;
  mode: string;
  legs: { mode: string; fromCode: string; toCode: string; gaugeChange: string | null }[];
}

/** What the board shows of a departure's service (its route and legs): read with the catalog. */
export const CATALOG_SERVICE_SELECT = {
  id: true,
  code: true,
  serviceNumber: true,
  corridorCode: true,
  originCode: true,
  destinationCode: true,
  mode: true,
  legs: { orderBy: { sequence: "asc" }, select: { mode: true, fromCode: true, toCode: true, gaugeChange: true } },
} as const;

export interface Catalog {
  places: Map<string, CatalogPlace>;
  corridors: CatalogCorridor[];
  /** Active services, for estimating how selective a board filter is, and the board's rows. */
  services: CatalogService[];
  servicesById: Map<string, CatalogService>;
  /** Places where some active service starts, and where some ends. */
  originCodes: string[];
  destinationCodes: string[];
}

/**
 * Places, corridors and services are reference data that every board row names or filters
 * on; they are read once and kept for a short while instead of joined into every query.
 */
const TTL_MS = 60_000;
const cache = new WeakMap<Db, { at: number; catalog: Promise<Catalog> }>();

export function loadCatalog(db: Db, now = Date.now()): Promise<Catalog> {
  const hit = cache.get(db);
  if (hit && now - hit.at < TTL_MS) return hit.catalog;
  const catalog = readCatalog(db);
  cache.set(db, { at: now, catalog });
  catalog.catch(() => cache.delete(db));
  return catalog;
}

export function forgetCatalog(db: Db): void {
  cache.delete(db);
}

async function readCatalog(db: Db): Promise<Catalog> {
  const [places, corridors, services] = await Promise.all([
    db.place.findMany({ orderBy: { code: "asc" } }),
    db.corridor.findMany({ orderBy: { sortOrder: "asc" } }),
    db.service.findMany({ where: { active: true }, select: CATALOG_SERVICE_SELECT }),
  ]);
  return {
    places: new Map(places.map((place) => [place.code, { ...place, names: parseLocalizedNames(place.names) }])),
    corridors: corridors.map((corridor) => ({ ...corridor, names: parseLocalizedNames(corridor.names) })),
    services,
    servicesById: new Map(services.map((service) => [service.id, service])),
    originCodes: [...new Set(services.map((service) => service.originCode))].sort(),
    destinationCodes: [...new Set(services.map((service) => service.destinationCode))].sort(),
  };
}

export function placeName(catalog: Catalog, code: string, locale: Locale): string {
  const place = catalog.places.get(code);
  return place ? pickName(place.names, locale) : code;
}
