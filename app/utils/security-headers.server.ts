import crypto from "node:crypto";
import { isApiPath, UNSUBSCRIBE_PATH } from "./request-guards.server";

/** A fresh nonce per HTML response: only scripts carrying it may run. */
export function newNonce(): string {
  return crypto.randomBytes(16).toString("base64");
}

/**
 * Headers every HTML response carries. Inline scripts run only with this response's nonce, or —
 * on a public page cached for everyone (decision 028), which has no nonce — only if their
 * SHA-256 hash is listed.
 */
export function applySecurityHeaders(
  headers: Headers,
  options: { https: boolean } & ({ nonce: string } | { scriptHashes: readonly string[] }),
): void {
  const inline = "nonce" in options ? [`'nonce-${options.nonce}'`] : options.scriptHashes;
  headers.set(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      ["script-src 'self'", ...inline].join(" "),
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join("; "),
  );
  headers.set("X-Content-Type-Options", "nosniff");
  // A page that sends no referrer at all (a share link's page: its token is in the URL) keeps that.
  if (headers.get("Referrer-Policy") !== "no-referrer")
    headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  headers.set("X-Frame-Options", "DENY");
  headers.set("Cross-Origin-Opener-Policy", "same-origin");
  if (options.https) headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
}

/**
 * For every response that did not set its own (everything but the HTML pages): no content of
 * any kind may load, and nothing may frame it.
 */
export const NON_HTML_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

interface OutgoingHeaders {
  getHeader(name: string): number | string | string[] | undefined;
  setHeader(name: string, value: number | string | readonly string[]): unknown;
}

/**
 * The last word on every response's headers, whoever made it (Remix pages, `.data`, resource
 * routes, static files, Express's own 404/400 pages, the guards' 403/405/413/415):
 * - `X-Content-Type-Options: nosniff` and a CSP (the HTML pages bring their own; a 304 has none);
 * - `Cache-Control: private, no-store` unless the response chose its caching (fingerprinted
 *   bundles, public files, `/locales`); and always when it sets a cookie, since a response
 *   that sets a cookie belongs to one browser.
 * Every page reads the session (the `$lang` layout shows who is signed in), so "not chosen"
 * means private.
 */
export function finalizeResponseHeaders(headers: OutgoingHeaders, statusCode = 200): void {
  if (!headers.getHeader("X-Content-Type-Options")) headers.setHeader("X-Content-Type-Options", "nosniff");
  // A 304 carries no policy: a cache would put it on the page it keeps, whose scripts the
  // page's own policy allows (decision 028).
  if (!headers.getHeader("Content-Security-Policy") && statusCode !== 304) {
    headers.setHeader("Content-Security-Policy", NON_HTML_CSP);
  }
  const cacheControl = String(headers.getHeader("Cache-Control") ?? "");
  const setsCookie = Boolean(headers.getHeader("Set-Cookie"));
  if (!cacheControl || (setsCookie && !/\bno-store\b/i.test(cacheControl))) {
    headers.setHeader("Cache-Control", "private, no-store");
  }
}

type WriteHead = (statusCode: number, ...rest: unknown[]) => unknown;

/**
 * Runs `finalizeResponseHeaders` on `res` just before its status line is written (Node calls
 * writeHead for implicit headers too). Headers handed to writeHead itself are folded in first,
 * so they are seen and never doubled.
 */
export function hardenResponse(res: OutgoingHeaders & { writeHead: unknown }): void {
  const writeHead = res.writeHead as WriteHead;
  const hardened: WriteHead = function (this: OutgoingHeaders, statusCode, ...rest) {
    const reason = typeof rest[0] === "string" ? (rest.shift() as string) : undefined;
    const passed = rest[0];
    if (Array.isArray(passed)) {
      for (let index = 0; index + 1 < passed.length; index += 2) {
        this.setHeader(String(passed[index]), passed[index + 1] as string);
      }
    } else if (passed && typeof passed === "object") {
      for (const [name, value] of Object.entries(passed)) {
        if (value !== undefined) this.setHeader(name, value as string);
      }
    }
    finalizeResponseHeaders(this, statusCode);
    return reason === undefined ? writeHead.call(this, statusCode) : writeHead.call(this, statusCode, reason);
  };
  res.writeHead = hardened;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Called by Stripe, authenticated by its signature instead: only this exact route is exempt. */
const ORIGIN_EXEMPT_ROUTES = new Set(["/webhooks/stripe"]);
/**
 * Posted to by mail providers (RFC 8058 one-click unsubscribe), with no Origin or Referer; the
 * token in the path is the credential (decision 024). Only this exact shape is exempt.
 */
const ORIGIN_EXEMPT_PATTERNS = [UNSUBSCRIBE_PATH];

/**
 * A path that means something else once a URL parser or router has normalised it: `.`/`..`
 * segments (also percent-encoded), encoded slashes or backslashes, backslashes, or an encoding
 * that does not decode. Express's req.path is the raw path, Remix routes the normalised one.
 */
export function isAmbiguousPath(path: string): boolean {
  if (/%2e|%2f|%5c|\\/i.test(path)) return true;
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return true;
  }
  return decoded.split("/").some((segment) => segment === "." || segment === "..");
}

/**
 * Cross-site request forgery guard for every mutation: a POST (or other unsafe method) must
 * come from a page of this portal, as its Origin header (or, failing that, Referer) shows.
 * `path` is the raw request path (Express's req.path).
 */
export function isSameOriginMutation(
  method: string,
  path: string,
  headers: {
    origin?: string | null;
    referer?: string | null;
    host?: string | null;
    /** X-Forwarded-Host, only when the proxy is trusted (server.mjs drops it otherwise). */
    forwardedHost?: string | null;
  },
  appUrl: string,
): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  // Decided on the route Remix will run, not the raw text: `/webhooks/../en/login` is the
  // sign-in page. Mutations on such paths are refused outright.
  if (isAmbiguousPath(path)) return false;
  // Exactly as Stripe calls it: an encoded spelling (/webhooks/%73tripe) is a page route to the
  // other guards, so it is not exempt here either.
  if (ORIGIN_EXEMPT_ROUTES.has(path)) return true;
  if (ORIGIN_EXEMPT_PATTERNS.some((pattern) => pattern.test(path))) return true;
  // The partner API authenticates each call with a bearer key and never reads the portal's
  // cookies: a forged cross-site request carries no credential it would accept.
  if (isApiPath(path)) return true;
  if (headers.origin) {
    // Remix 2 compares Origin with (X-Forwarded-)Host before every action and throws — a 500 —
    // when they differ or Origin is "null": such a request is refused here, with a 403.
    const seenHost = headers.forwardedHost?.split(",")[0]?.trim() || headers.host;
    let originHost: string;
    try {
      originHost = new URL(headers.origin).host;
    } catch {
      return false;
    }
    if (!seenHost || originHost !== seenHost) return false;
  }
  const source = headers.origin && headers.origin !== "null" ? headers.origin : headers.referer;
  if (!source) return false;
  let origin: string;
  try {
    origin = new URL(source).origin;
  } catch {
    return false;
  }
  const allowed = new Set([new URL(appUrl).origin]);
  if (headers.host) {
    allowed.add(`http://${headers.host}`);
    allowed.add(`https://${headers.host}`);
  }
  return allowed.has(origin);
}
