import { describe, expect, it } from "vitest";
import { drawRouteMap } from "./route-map.server";

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
