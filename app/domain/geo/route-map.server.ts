import fs from "node:fs";
import { createRequire } from "node:module";
import { geoInterpolate, geoMercator, geoPath, type GeoPermissibleObjects, type GeoProjection } from "d3-geo";
import { feature } from "topojson-client";
import type { FeatureCollection, Geometry } from "geojson";
import type { Topology, GeometryCollection } from "topojson-specification";

export interface MapPoint {
  code: string;
  kind: string;
  latitude: number;
  longitude: number;
}

export interface MapLeg {
  mode: string;
  from: MapPoint;
  to: MapPoint;
}

export interface RouteMap {
  width: number;
  height: number;
  /** All country outlines in view, as one SVG path. */
  land: string;
  legs: { mode: string; d: string }[];
  /** Each place once; `end` for the origin and the destination, `via` for the places between. */
  points: { code: string; kind: string; x: number; y: number; role: "end" | "via" }[];
}

const WIDTH = 800;
const HEIGHT = 420;
const PADDING = 36;

let countries: FeatureCollection<Geometry> | undefined;

/** Natural Earth 1:110m country outlines (world-atlas), parsed once per process. */
function countryOutlines(): FeatureCollection<Geometry> {
  if (!countries) {
    const require = createRequire(import.meta.url);
    const file = require.resolve("world-atlas/countries-110m.json");
    const topology = JSON.parse(fs.readFileSync(file, "utf8")) as Topology<{ countries: GeometryCollection }>;
    countries = feature(topology, topology.objects.countries) as FeatureCollection<Geometry>;
  }
  return countries;
}

const cache = new Map<string, RouteMap>();
const projections = new Map<string, GeoProjection>();

function routeKey(legs: MapLeg[]): string {
  return legs.map((leg) => `${leg.mode}:${leg.from.code}>${leg.to.code}`).join("|");
}

function legLines(legs: MapLeg[]): GeoPermissibleObjects[] {
  return legs.map((leg) => ({
    type: "LineString",
    coordinates: [
      [leg.from.longitude, leg.from.latitude],
      [leg.to.longitude, leg.to.latitude],
    ],
  }));
}

/** The projection that fits the route into the picture (one per route, kept like the maps). */
function projectionFor(legs: MapLeg[]): GeoProjection {
  const key = routeKey(legs);
  let projection = projections.get(key);
  if (!projection) {
    projection = geoMercator().fitExtent(
      [
        [PADDING, PADDING],
        [WIDTH - PADDING, HEIGHT - PADDING],
      ],
      { type: "GeometryCollection", geometries: legLines(legs) } as GeoPermissibleObjects,
    );
    projection.clipExtent([
      [0, 0],
      [WIDTH, HEIGHT],
    ]);
    projections.set(key, projection);
  }
  return projection;
}

/**
 * A point `fraction` (0…1) of the way along leg `legIndex`, on the great circle the map draws
 * for it, in the picture's coordinates (the same as `drawRouteMap(legs)`): where a train between
 * two places is shown.
 */
export function pointAlong(legs: MapLeg[], legIndex: number, fraction: number): { x: number; y: number } | null {
  const leg = legs[legIndex];
  if (!leg) return null;
  const t = Math.min(Math.max(fraction, 0), 1);
  const at = geoInterpolate([leg.from.longitude, leg.from.latitude], [leg.to.longitude, leg.to.latitude])(t);
  const xy = projectionFor(legs)(at);
  return xy ? { x: Math.round(xy[0] * 10) / 10, y: Math.round(xy[1] * 10) / 10 } : null;
}

/**
 * A route map drawn on the server: country outlines, each leg as a great-circle line, each
 * place as a point. No tiles and no client script, so it works offline and on slow links.
 */
export function drawRouteMap(legs: MapLeg[]): RouteMap {
  const key = routeKey(legs);
  const hit = cache.get(key);
  if (hit) return hit;

  const lines = legLines(legs);
  const projection = projectionFor(legs);
  const path = geoPath(projection).digits(1);

  const points = new Map<string, MapPoint>();
  for (const leg of legs) {
    points.set(leg.from.code, leg.from);
    points.set(leg.to.code, leg.to);
  }
  const ends = new Set([legs[0]?.from.code, legs.at(-1)?.to.code]);
  const map: RouteMap = {
    width: WIDTH,
    height: HEIGHT,
    land: path(countryOutlines()) ?? "",
    legs: legs.map((leg, index) => ({ mode: leg.mode, d: path(lines[index]!) ?? "" })),
    points: [...points.values()].flatMap((point) => {
      const xy = projection([point.longitude, point.latitude]);
      return xy
        ? [
            {
              code: point.code,
              kind: point.kind,
              x: Math.round(xy[0] * 10) / 10,
              y: Math.round(xy[1] * 10) / 10,
              role: ends.has(point.code) ? ("end" as const) : ("via" as const),
            },
          ]
        : [];
    }),
  };
  cache.set(key, map);
  return map;
}
