/** Anything that parses against this base and keeps its origin is a path of our own site. */
const BASE = "http://silu.invalid";

/**
 * Where to send the browser when the target comes from input (`?redirectTo=`, a hidden field):
 * only a path of this site, otherwise `fallback`. An open redirect would let a phishing link
 * borrow our domain, so the rules are strict rather than clever:
 *
 * - printable ASCII only (no control characters, spaces or Unicode look-alikes such as the
 *   fullwidth solidus; browsers send every real path percent-encoded anyway);
 * - exactly one leading `/`, and no `\` anywhere — also not once percent-decoded (`/%2F…`,
 *   `/%5C…`), since some servers and proxies decode before they route;
 * - parsed with `new URL` against a fixed origin, it must keep that origin.
 *
 * The answer is the parsed, normalised path + query + fragment, never the raw input.
 */
export function safeRedirect(target: unknown, fallback: string): string {
  if (typeof target !== "string" || target.length === 0 || target.length > 2_000) return fallback;
  if (!/^[\x21-\x7e]+$/.test(target)) return fallback;
  if (!target.startsWith("/") || target.startsWith("//") || target.includes("\\")) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    return fallback;
  }
  // eslint-disable-next-line no-control-regex
  if (/^\/[/\\]|\\|[\u0000-\u001f\u007f]/.test(decoded)) return fallback;
  let url: URL;
  try {
    url = new URL(target, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith("/") && !path.startsWith("//") ? path : fallback;
}
