import crypto from "node:crypto";

/** A fresh nonce per HTML response: only scripts carrying it may run. */
export function newNonce(): string {
  return crypto.randomBytes(16).toString("base64");
}

/** Headers every HTML response carries. */
export function applySecurityHeaders(headers: Headers, options: { nonce: string; https: boolean }): void {
  headers.set(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${options.nonce}'`,
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
  headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  headers.set("X-Frame-Options", "DENY");
  headers.set("Cross-Origin-Opener-Policy", "same-origin");
  if (options.https) headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Called by other servers, authenticated by their own signatures instead. */
const ORIGIN_EXEMPT_PATHS = [/^\/webhooks\//];

/**
 * Cross-site request forgery guard for every mutation: a POST (or other unsafe method) must
 * come from a page of this portal, as its Origin header (or, failing that, Referer) shows.
 */
export function isSameOriginMutation(
  method: string,
  path: string,
  headers: { origin?: string | null; referer?: string | null; host?: string | null },
  appUrl: string,
): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  if (ORIGIN_EXEMPT_PATHS.some((pattern) => pattern.test(path))) return true;
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
