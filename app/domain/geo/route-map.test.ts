import { describe, expect, it } from "vitest";
import { drawRouteMap, pointAlong } from "./route-map.server";

const lanzhou = { code: "CNLAZ", kind: "RAIL_PORT", latitude: 36.06, longitude: 103.95 };
const khorgos = { code: "CNHRS", kind: "BORDER", latitude: 44.21, longitude: 80.41 };
const duisburg = { code: "DEDUI", kind: "TERMINAL", latitude: 51.45, longitude: 6.74 };

describe("drawRouteMap", () => {
  const map = drawRouteMap([
    { mode: "RAIL", from: lanzhou, to: khorgos },
    { mode: "RAIL", from: khorgos, to: duisburg },
  ]);

  it("draws country outlines and one path per leg", () => {
    expect(map.land.length).toBeGreaterThan(1000);
    expect(map.legs).toHaveLength(2);
    for (const leg of map.legs) expect(leg.d).toMatch(/^M[\d.]+,[\d.]+/);
  });

  it("fits every place inside the picture, west to the left", () => {
    expect(map.points.map((point) => point.code)).toEqual(["CNLAZ", "CNHRS", "DEDUI"]);
    for (const point of map.points) {
      expect(point.x).toBeGreaterThanOrEqual(0);
      expect(point.x).toBeLessThanOrEqual(map.width);
      expect(point.y).toBeGreaterThanOrEqual(0);
      expect(point.y).toBeLessThanOrEqual(map.height);
    }
    const x = Object.fromEntries(map.points.map((point) => [point.code, point.x]));
    expect(x.DEDUI!).toBeLessThan(x.CNHRS!);
    expect(x.CNHRS!).toBeLessThan(x.CNLAZ!);
  });

  it("marks the origin and the destination as ends, the places between as via (labelled only on wide screens)", () => {
    expect(map.points.map((point) => [point.code, point.role])).toEqual([
      ["CNLAZ", "end"],
      ["CNHRS", "via"],
      ["DEDUI", "end"],
    ]);
  });

  it("stays small enough for a slow connection", () => {
    expect(JSON.stringify(map).length).toBeLessThan(60_000);
  });
});

describe("pointAlong", () => {
  const legs = [
    { mode: "RAIL", from: lanzhou, to: khorgos },
    { mode: "RAIL", from: khorgos, to: duisburg },
  ];
  const map = drawRouteMap(legs);
  const placed = Object.fromEntries(map.points.map((point) => [point.code, point]));

  it("is at the leg's places at 0 and 1, in the map's own coordinates", () => {
    expect(pointAlong(legs, 0, 0)).toEqual({ x: placed.CNLAZ!.x, y: placed.CNLAZ!.y });
    expect(pointAlong(legs, 0, 1)).toEqual({ x: placed.CNHRS!.x, y: placed.CNHRS!.y });
    expect(pointAlong(legs, 1, 1)).toEqual({ x: placed.DEDUI!.x, y: placed.DEDUI!.y });
  });

  it("moves westwards along the line as the fraction grows, on the drawn leg", () => {
    const quarter = pointAlong(legs, 1, 0.25)!;
    const half = pointAlong(legs, 1, 0.5)!;
    const threeQuarters = pointAlong(legs, 1, 0.75)!;
    expect(quarter.x).toBeLessThan(placed.CNHRS!.x);
    expect(half.x).toBeLessThan(quarter.x);
    expect(threeQuarters.x).toBeLessThan(half.x);
    expect(threeQuarters.x).toBeGreaterThan(placed.DEDUI!.x);
    // On the great circle the map draws: the point lies on the leg's path, not on a straight chord only by chance.
    const numbers = (map.legs[1]!.d.match(/-?[\d.]+/g) ?? []).map(Number);
    const xs = numbers.filter((_, index) => index % 2 === 0);
    expect(Math.min(...xs)).toBeLessThanOrEqual(half.x);
    expect(Math.max(...xs)).toBeGreaterThanOrEqual(half.x);
  });

  it("clamps the fraction and answers null for a leg the route does not have", () => {
    expect(pointAlong(legs, 0, -1)).toEqual(pointAlong(legs, 0, 0));
    expect(pointAlong(legs, 0, 2)).toEqual(pointAlong(legs, 0, 1));
    expect(pointAlong(legs, 5, 0.5)).toBeNull();
  });
});
