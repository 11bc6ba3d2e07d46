import fs from "node:fs";
import path from "node:path";
import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { SUPPORTED_LOCALES } from "../app/i18n/config";
import { expect, sessionCookie, test } from "./support/fixtures";

/**
 * A bounded fuzz over every route file in app/routes (read from the file system, so a new
 * route is covered without touching this file): random methods, content types, bodies and path
 * parameters, half of them signed in as an exporter of a company the test creates. Nothing may
 * answer 5xx or show a stack trace. The same seed gives the same requests; FUZZ_SEED=<n> tries
 * others (the seed is printed and named in a failure).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
const REQUESTS_PER_ROUTE = 10;

/** mulberry32: small, seedable, good enough to pick cases. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}

/** Remix flat-route file names → URL patterns with :params (`$lang.bookings.$reference_.edit.$step.tsx`). */
function routePatterns(dir: string): { file: string; segments: string[] }[] {
  return fs
    .readdirSync(dir)
    .filter((file) => /\.(tsx?|jsx?)$/.test(file) && !/\.test\./.test(file))
    .map((file) => {
      const segments = file
        .replace(/\.(tsx?|jsx?)$/, "")
        .split(".")
        .filter((segment) => segment !== "_index" && !segment.startsWith("_"))
        .map((segment) => segment.replace(/_$/, ""))
        .map((segment) => (segment.startsWith("$") ? `:${segment.slice(1)}` : segment));
      return { file, segments };
    });
}

const HOSTILE_PARAMS = [
  "SG-AAAA-BBBB",
  "SGI-2026-000001",
  "LHW",
  "1",
  "0",
  "-1",
  "99999999999999999999999",
  "..",
  ".",
  "%2e%2e",
  "%2F",
  "%5C",
  "%00",
  "%",
  "%E0%A4%A",
  "%F0%9F%9A%82",
  "%E5%85%B0%E5%B7%9E",
  "<script>alert(1)<%2Fscript>",
  "'%20OR%201=1--",
  "a".repeat(3_000),
  "null",
  "undefined",
  "__proto__",
  "constructor",
  "%20",
  "x.data",
  "pdf",
];
const METHODS = ["GET", "GET", "GET", "HEAD", "POST", "POST", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
const CONTENT_TYPES = [
  undefined,
  "application/x-www-form-urlencoded",
  "application/x-www-form-urlencoded",
  "application/x-www-form-urlencoded; charset=ISO-8859-1",
  "application/json",
  "text/plain",
  "multipart/form-data",
  "multipart/form-data; boundary=----x",
  "application/xml",
  "application/octet-stream",
];
const BODIES = [
  "",
  "a=b",
  "intent=&x=1",
  "intent=cancel",
  "intent=amend&45G1=-5",
  "intent=profile&name=&locale=xx&timeZone=Mars%2FOlympus",
  "step=review&quantity=1e309",
  "%ZZ=%",
  "a".repeat(20_000),
  '{"intent":"cancel","__proto__":{"admin":true}}',
  '------x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n------x--\r\n',
  "\u0000\u0001\u0002\uFFFF",
  "=&=&&==",
  "intent=bankTransfer",
];
const QUERIES = [
  "",
  "",
  "?page=-1",
  "?page=abc&status=NOPE",
  "?notice=%3Cb%3E",
  "?redirectTo=%2F%2Fevil.example",
  "?v=x&lng=..",
  "?index",
];

function buildPath(segments: string[], pick: <T>(items: readonly T[]) => T, next: () => number): string {
  const parts = segments.map((segment) => {
    if (segment === ":lang" || segment === ":lng") return next() < 0.7 ? pick(SUPPORTED_LOCALES) : pick(HOSTILE_PARAMS);
    if (segment === ":ns") return pick(["common.json", "booking.json", "nope.json", ...HOSTILE_PARAMS]);
    if (segment.startsWith(":")) return pick(HOSTILE_PARAMS);
    return segment;
  });
  const suffix = next() < 0.25 ? ".data" : "";
  return `/${parts.join("/")}${suffix}${pick(QUERIES)}`;
}

test("fuzz: no route answers 5xx or shows a stack trace", async ({ request, server, newExporter }) => {
  test.setTimeout(90_000);
  const routes = routePatterns(path.resolve("app/routes"));
  expect(routes.length).toBeGreaterThan(20);
  // Whatever a random request might change, it changes on a company of its own.
  const booker = await newExporter({ role: "BOOKER", creditStatus: "ON_ACCOUNT" });
  const signedIn: APIRequestContext = await playwrightRequest.newContext({
    baseURL: server.baseURL,
    storageState: { cookies: [await sessionCookie(server, booker.email)], origins: [] },
  });
  const { next, pick } = random(SEED);

  const cases = routes.flatMap(({ file, segments }) =>
    Array.from({ length: REQUESTS_PER_ROUTE }, (_, index) => {
      const method = pick(METHODS);
      const withBody = method !== "GET" && method !== "HEAD";
      const contentType = withBody ? pick(CONTENT_TYPES) : undefined;
      return {
        file,
        // Signed-in requests never sign out (that would end the session for the rest).
        signed: index % 2 === 0 && !file.includes("logout"),
        method,
        url: buildPath(segments, pick, next),
        headers: {
          ...(contentType ? { "Content-Type": contentType } : {}),
          ...(next() < 0.85 ? { Origin: server.baseURL } : {}),
          ...(next() < 0.5 ? { Accept: "text/html" } : {}),
        },
        body: withBody ? pick(BODIES) : undefined,
      };
    }),
  );

  const failures: string[] = [];
  const started = Date.now();
  const run = async (item: (typeof cases)[number]) => {
    const context = item.signed ? signedIn : request;
    try {
      const response = await context.fetch(item.url, {
        method: item.method,
        headers: item.headers,
        data: item.body === undefined ? undefined : Buffer.from(item.body),
        maxRedirects: 0,
        failOnStatusCode: false,
        timeout: 20_000,
      });
      const body = item.method === "HEAD" ? "" : await response.text();
      const describe = `${item.file}: ${item.method} ${item.url.slice(0, 120)} ${JSON.stringify(item.headers)} body=${JSON.stringify(item.body?.slice(0, 60))} signed=${item.signed}`;
      if (response.status() >= 500) failures.push(`${response.status()} ← ${describe}`);
      if (/\bat .+\.(?:m?js|tsx?):\d+:\d+|node_modules\//.test(body)) failures.push(`stack trace ← ${describe}`);
    } catch (error) {
      failures.push(`${(error as Error).message.split("\n")[0]} ← ${item.method} ${item.url.slice(0, 120)}`);
    }
  };
  // A few at a time: bounded load on a shared 2-core machine.
  const queue = [...cases];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let item = queue.shift(); item; item = queue.shift()) await run(item);
    }),
  );
  await signedIn.dispose();
  console.log(
    `fuzz: ${cases.length} requests over ${routes.length} routes in ${Date.now() - started} ms, seed ${SEED}`,
  );
  expect(failures, `seed ${SEED}`).toEqual([]);
});
