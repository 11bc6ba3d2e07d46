import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROUTES = path.resolve(import.meta.dirname, "..", "app", "routes");
const routeFiles = fs.readdirSync(ROUTES).filter((name) => /\.tsx?$/.test(name));

/** House rules for route modules (ARCHITECTURE.md, decision 009): thin, and one error path. */
describe("route modules", () => {
  it.each(routeFiles)("%s runs no Prisma query itself (domain modules do)", (name) => {
    const source = fs.readFileSync(path.join(ROUTES, name), "utf8");
    expect(source.match(/db\(\)\.[a-z]\w*/g) ?? []).toEqual([]);
  });

  it.each(routeFiles)("%s is thin: at most 200 lines (sections in components/, view models in *-view.ts)", (name) => {
    const source = fs.readFileSync(path.join(ROUTES, name), "utf8");
    expect(source.split("\n").length).toBeLessThanOrEqual(201);
  });

  it.each(routeFiles)("%s carries notices as a flash, never in the URL (decision 009)", (name) => {
    const source = fs.readFileSync(path.join(ROUTES, name), "utf8");
    expect(source.match(/[?&](notice|saved|welcome|error)=/g) ?? []).toEqual([]);
    expect(source.match(/searchParams\.get\("(notice|saved|welcome|error)"\)/g) ?? []).toEqual([]);
  });

  it.each(routeFiles)("%s answers uncaught domain refusals through domainRoute", (name) => {
    const source = fs.readFileSync(path.join(ROUTES, name), "utf8");
    expect(source).not.toMatch(/export async function (loader|action)\b/);
    for (const [, kind] of source.matchAll(/export const (loader|action) = (?!\/\* @__PURE__ \*\/ domainRoute\()/g)) {
      throw new Error(`${name}: the ${kind} is not wrapped in /* @__PURE__ */ domainRoute(…)`);
    }
  });
});
