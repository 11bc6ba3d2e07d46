import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  inlineScriptHashes,
  isPublicAnswer,
  isPublicPagePath,
  matchesEtag,
  notModified,
  publicCachingFor,
  publicDataResponse,
  renderedPage,
  weakEtag,
} from "./public-cache.server";
import { parseEnv } from "./env.server";

const settings = parseEnv({ SESSION_SECRET: "s".repeat(32) });
const get = (path: string, headers: Record<string, string> = {}, method = "GET") =>
  new Request(`http://localhost${path}`, { method, headers });

describe("which requests may get a public answer", () => {
  it("the board and a departure page (and their .data), nothing else", () => {
    for (const path of ["/en/schedules", "/zh-CN/schedules.data", "/ar/departures/c123abc", "/de/departures/x.data"]) {
      expect(isPublicPagePath(path), path).toBe(true);
    }
    for (const path of [
      "/en/departures/x/book",
      "/en/departures/x.pdf.data",
      "/en/account",
      "/en/bookings",
      "/en/schedules/x",
      "/healthz",
      "/",
      "/en/track",
    ]) {
      expect(isPublicPagePath(path), path).toBe(false);
    }
  });

  it("reads by a visitor without a session cookie, with caching on", () => {
    expect(publicCachingFor(get("/en/schedules?origin=CNLAZ"), settings)).toEqual({
      maxAgeSeconds: 10,
      staleSeconds: 30,
    });
    expect(publicCachingFor(get("/en/schedules", {}, "HEAD"), settings)).not.toBeNull();
    // Other cookies (the language, the known-device cookie) do not make a visitor signed in.
    expect(
      publicCachingFor(get("/en/schedules", { Cookie: "lng=ImVuIg%3D%3D; silu_known=x" }), settings),
    ).not.toBeNull();
  });

  it("never for a session cookie (valid or not), another method, another page, or caching off", () => {
    expect(publicCachingFor(get("/en/schedules", { Cookie: "silu_session=anything" }), settings)).toBeNull();
    expect(publicCachingFor(get("/en/schedules", { Cookie: "lng=x; silu_session=anything" }), settings)).toBeNull();
    expect(publicCachingFor(get("/en/schedules", {}, "POST"), settings)).toBeNull();
    expect(publicCachingFor(get("/en/account"), settings)).toBeNull();
    expect(publicCachingFor(get("/en/schedules"), { ...settings, PUBLIC_CACHE_SECONDS: 0 })).toBeNull();
  });

  it("only a 200 that sets no cookie is public", () => {
    expect(isPublicAnswer(200, new Headers())).toBe(true);
    expect(isPublicAnswer(200, new Headers({ "Set-Cookie": "lng=en" }))).toBe(false);
    expect(isPublicAnswer(404, new Headers())).toBe(false);
    expect(isPublicAnswer(500, new Headers())).toBe(false);
  });
});

describe("ETags", () => {
  it("are weak, the same for the same parts and different for any other", () => {
    const tag = weakEtag(["build", "en", "/en/schedules", '{"rows":[1]}']);
    expect(tag).toMatch(/^W\/"[A-Za-z0-9_-]{32}"$/);
    expect(weakEtag(["build", "en", "/en/schedules", '{"rows":[1]}'])).toBe(tag);
    expect(weakEtag(["build", "en", "/en/schedules", '{"rows":[2]}'])).not.toBe(tag);
    // Parts are delimited: moving text from one part to the next is another tag.
    expect(weakEtag(["ab", "c"])).not.toBe(weakEtag(["a", "bc"]));
  });

  it("match If-None-Match by weak comparison, in a list, or *", () => {
    const tag = 'W/"abc"';
    expect(matchesEtag('W/"abc"', tag)).toBe(true);
    expect(matchesEtag('"abc"', tag)).toBe(true);
    expect(matchesEtag('"x", W/"abc"', tag)).toBe(true);
    expect(matchesEtag("*", tag)).toBe(true);
    expect(matchesEtag('W/"abd"', tag)).toBe(false);
    expect(matchesEtag("", tag)).toBe(false);
    expect(matchesEtag(null, tag)).toBe(false);
  });

  it("a 304 carries the caching headers and nothing a cache would put on its stored page", async () => {
    const response = notModified('W/"abc"', { maxAgeSeconds: 10, staleSeconds: 30 });
    expect(response.status).toBe(304);
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=10, stale-while-revalidate=30");
    expect(response.headers.get("ETag")).toBe('W/"abc"');
    expect(response.headers.get("Vary")).toBe("Cookie");
    expect(response.headers.get("Content-Security-Policy")).toBeNull();
    expect(await response.text()).toBe("");
  });
});

describe("CSP hashes of a cached page's inline scripts", () => {
  const sha = (text: string) => `'sha256-${crypto.createHash("sha256").update(text, "utf8").digest("base64")}'`;

  it("lists each inline script once, by the SHA-256 of its exact text, and skips scripts with src", () => {
    const first = 'window.__remixContext = {"a":"\\u003c/script>"};';
    const second = 'import "/build/entry.client-X.js";\nconsole.log("兰州")';
    const html =
      `<html><head><script src="/build/a.js" type="module"></script></head><body>` +
      `<script>${first}</script><script type="module" async="">${second}</script><script>${first}</script></body></html>`;
    expect(inlineScriptHashes(html)).toEqual([sha(first), sha(second)]);
  });

  it("is empty for a page without inline scripts", () => {
    expect(inlineScriptHashes("<p>script</p>")).toEqual([]);
  });
});

describe("the page cache", () => {
  it("renders a page once per ETag, shares a render in progress, and forgets a failed one", async () => {
    let renders = 0;
    const render = async () => {
      renders += 1;
      return { body: new TextEncoder().encode(`page ${renders}`), scriptHashes: [] };
    };
    const tag = `W/"${crypto.randomUUID()}"`;
    const [a, b] = await Promise.all([renderedPage(tag, render), renderedPage(tag, render)]);
    expect(renders).toBe(1);
    expect(a).toBe(b);
    expect(await renderedPage(tag, render)).toBe(a);
    expect(renders).toBe(1);

    const failing = `W/"${crypto.randomUUID()}"`;
    await expect(renderedPage(failing, () => Promise.reject(new Error("render failed")))).rejects.toThrow();
    expect(new TextDecoder().decode((await renderedPage(failing, render)).body)).toBe("page 2");
  });
});

describe("single-fetch data of a public page", () => {
  const data = (body: string, headers: Record<string, string> = {}, status = 200) =>
    new Response(body, { status, headers: { "Content-Type": "text/x-script", ...headers } });

  it("is public with an ETag over its body, and 304 for a matching If-None-Match", async () => {
    const first = await publicDataResponse(get("/en/schedules.data?origin=CNLAZ"), data("[1]"), settings);
    expect(first.headers.get("Cache-Control")).toMatch(/^public, max-age=\d+/);
    expect(first.headers.get("Vary")).toBe("Cookie");
    expect(first.headers.get("Content-Type")).toBe("text/x-script");
    expect(await first.text()).toBe("[1]");
    const etag = first.headers.get("ETag")!;
    const again = await publicDataResponse(get("/en/schedules.data?origin=CNLAZ"), data("[1]"), settings);
    expect(again.headers.get("ETag")).toBe(etag);
    const changed = await publicDataResponse(get("/en/schedules.data?origin=CNLAZ"), data("[2]"), settings);
    expect(changed.headers.get("ETag")).not.toBe(etag);

    const revalidated = await publicDataResponse(
      get("/en/schedules.data?origin=CNLAZ", { "If-None-Match": etag }),
      data("[1]"),
      settings,
    );
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe("");
  });

  it("stays as it came for a session cookie, a cookie set, an error, or another page", async () => {
    const cases: [Request, Response][] = [
      [get("/en/schedules.data", { Cookie: "silu_session=x" }), data("[1]")],
      [get("/en/schedules.data"), data("[1]", { "Set-Cookie": "lng=en" })],
      [get("/en/departures/x.data"), data("[1]", {}, 404)],
      [get("/en/account.data"), data("[1]")],
    ];
    for (const [request, response] of cases) {
      expect(await publicDataResponse(request, response, settings)).toBe(response);
    }
  });
});
