import crypto from "node:crypto";
import { hasSessionCookie } from "~/domain/identity/session.server";
import { translationResources } from "~/i18n/resources.server";
import { env } from "./env.server";

/*
 * HTTP caching of the public pages (docs/decisions/028-http-caching.md). The schedule board and
 * a departure's page, asked for by a visitor without a session cookie, are answered
 * `Cache-Control: public, max-age, stale-while-revalidate` with a weak ETag over what the page
 * is made of (the build, the translations, the URL and the loaders' data), `Vary: Cookie`, and
 * never a Set-Cookie; If-None-Match with that ETag gets 304 without the page being rendered.
 * Their HTML carries no nonce: its inline scripts are allowed by their SHA-256 hashes, so a copy
 * in a shared cache is the same bytes for everyone and shares no secret. Everything else stays
 * `private, no-store` (security-headers.server.ts).
 */

/** The board and one departure, and their single-fetch data (`.data`: client navigations). */
const PUBLIC_PAGE = /^\/[A-Za-z-]{2,5}\/(?:schedules|departures\/[^/.]+)(?:\.data)?$/;

export function isPublicPagePath(pathname: string): boolean {
  return PUBLIC_PAGE.test(pathname);
}

export interface PublicCaching {
  maxAgeSeconds: number;
  staleSeconds: number;
}

/**
 * The caching `request` may get, or null when its answer must stay private: only reads (GET,
 * HEAD) of a public page by a visitor without a session cookie (valid or not: no database read
 * decides this), and only with PUBLIC_CACHE_SECONDS above 0. The answer must also pass
 * `isPublicAnswer`.
 */
export function publicCachingFor(request: Request, settings = env()): PublicCaching | null {
  if (settings.PUBLIC_CACHE_SECONDS === 0) return null;
  if (request.method !== "GET" && request.method !== "HEAD") return null;
  if (!isPublicPagePath(new URL(request.url).pathname) || hasSessionCookie(request)) return null;
  return { maxAgeSeconds: settings.PUBLIC_CACHE_SECONDS, staleSeconds: settings.PUBLIC_STALE_SECONDS };
}

/** Only a 200 that sets no cookie (a cookie belongs to one browser) is the same for everyone. */
export function isPublicAnswer(status: number, headers: Headers): boolean {
  return status === 200 && !headers.has("Set-Cookie");
}

/** Sets the caching headers of a public answer (on a 200 and on its 304 alike). */
export function setPublicCacheHeaders(headers: Headers, etag: string, caching: PublicCaching): void {
  const stale = caching.staleSeconds > 0 ? `, stale-while-revalidate=${caching.staleSeconds}` : "";
  headers.set("Cache-Control", `public, max-age=${caching.maxAgeSeconds}${stale}`);
  headers.set("ETag", etag);
  // A signed-in visitor's request (another Cookie) is never answered from an anonymous copy.
  headers.set("Vary", "Cookie");
}

/**
 * A weak validator over `parts`: the same parts, the same tag. Weak, because two answers with
 * the same tag are the same page but not the same bytes (gzip or not; and a page's bytes are
 * only pinned once it is in the page cache).
 */
export function weakEtag(parts: ReadonlyArray<string | Uint8Array>): string {
  const hash = crypto.createHash("sha256");
  for (const part of parts) hash.update(part).update("\0");
  return `W/"${hash.digest("base64url").slice(0, 32)}"`;
}

/**
 * A public page's ETag: over what the page is made of — the build (its manifest version), the
 * translations, the URL and every loader's data (capacity, prices, what is open — computed at
 * the request's time). Known before the page is rendered.
 */
export function pageEtag(buildVersion: string, request: Request, loaderData: unknown): string {
  const url = new URL(request.url);
  return weakEtag([
    buildVersion,
    translationResources().version,
    `${url.pathname}${url.search}`,
    JSON.stringify(loaderData),
  ]);
}

/** If-None-Match against `etag` (RFC 9110 §13.1.2): weak comparison, a list of tags, or "*". */
export function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  const wanted = opaque(etag);
  return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || opaque(tag) === wanted);
}

/**
 * 304: the caching headers only. In particular no Content-Security-Policy: a cache updates the
 * stored headers from a 304, and the stored page's scripts are allowed by the stored policy.
 */
export function notModified(etag: string, caching: PublicCaching): Response {
  const headers = new Headers();
  setPublicCacheHeaders(headers, etag, caching);
  return new Response(null, { status: 304, headers });
}

const INLINE_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi;

/**
 * CSP hash sources (`'sha256-…'`) of the inline scripts of a page rendered by this app (whose
 * scripts never contain `</script`: React and Remix escape it). Scripts with `src` are
 * covered by 'self'.
 */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const [, attributes = "", body = ""] of html.matchAll(INLINE_SCRIPT)) {
    if (/\bsrc\s*=/i.test(attributes)) continue;
    hashes.add(`'sha256-${crypto.createHash("sha256").update(body, "utf8").digest("base64")}'`);
  }
  return [...hashes];
}

export interface RenderedPage {
  body: Uint8Array;
  scriptHashes: string[];
}

/** About 50 KB each: a few megabytes at most. */
const MAX_PAGES = 200;
const pages = new Map<string, Promise<RenderedPage>>();

/**
 * The page with this ETag, rendered once: the tag names everything the page is made of, so an
 * entry never goes stale (new data is a new tag). Concurrent requests for a page not yet
 * rendered share one render; the least recently used page is dropped past MAX_PAGES.
 */
export function renderedPage(etag: string, render: () => Promise<RenderedPage>): Promise<RenderedPage> {
  const hit = pages.get(etag);
  if (hit) {
    pages.delete(etag);
    pages.set(etag, hit);
    return hit;
  }
  const value = render();
  pages.set(etag, value);
  if (pages.size > MAX_PAGES) pages.delete(pages.keys().next().value!);
  value.catch(() => {
    if (pages.get(etag) === value) pages.delete(etag);
  });
  return value;
}

/**
 * A single-fetch data answer (`….data`, a client navigation) of a public page, made public:
 * its ETag is over the encoded data itself (no nonce in it), and a matching If-None-Match gets
 * 304. Anything else is returned as it came.
 */
export async function publicDataResponse(request: Request, response: Response, settings = env()): Promise<Response> {
  const caching = publicCachingFor(request, settings);
  if (!caching || !isPublicAnswer(response.status, response.headers)) return response;
  const body = new Uint8Array(await response.arrayBuffer());
  const etag = weakEtag([new URL(request.url).pathname, body]);
  if (matchesEtag(request.headers.get("If-None-Match"), etag)) return notModified(etag, caching);
  const headers = new Headers(response.headers);
  setPublicCacheHeaders(headers, etag, caching);
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}
