import type { Readable } from "node:stream";
import { MAX_IMPORT_BYTES } from "~/domain/imports/limits";
import type { TFunction } from "i18next";
import { DEFAULT_LOCALE, isLocale, textDirection, type Locale } from "~/i18n/config";
import { fixedT } from "~/i18n/i18next.server";

/**
 * Checks server.mjs runs on every request before the Remix handler sees it (and so before any
 * body is read): the method, the form's media type, the declared body size; `limitedBody`
 * then counts what really arrives. A malformed request gets a 4xx here instead of a 500 from
 * `request.formData()` deep in an action.
 */

/** The one path other servers post to (signed by Stripe); it keeps its raw body. */
export const WEBHOOK_PATH = "/webhooks/stripe";
/** What page routes answer: reads, and form posts. */
const PAGE_METHODS = new Set(["GET", "HEAD", "POST"]);
/**
 * The partner API (DCSA Track & Trace 2.2 under /v2/): called by other companies' systems with a
 * bearer key, never with the portal's cookies; its bodies are JSON and it has PUT and DELETE.
 */
const API_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "DELETE"]);
const API_MEDIA_TYPES = new Set(["application/json"]);

/** Whether the path is the partner API's (exactly /v2/…, as the router will see it). */
export function isApiPath(path: string): boolean {
  return /^\/v2\/[A-Za-z0-9/_-]*$/.test(path);
}
/**
 * Forms on the portal are plain `application/x-www-form-urlencoded` posts; the routes that take
 * file uploads (multipart/form-data) are listed in UPLOAD_ROUTES, each with its own limit.
 */
const FORM_MEDIA_TYPES = new Set(["application/x-www-form-urlencoded"]);
const MULTIPART = "multipart/form-data";

/** RFC 8058 one-click unsubscribe (decision 024): a token of `newToken()`'s shape. */
export const UNSUBSCRIBE_PATH = /^\/unsubscribe\/[A-Za-z0-9_-]{43}$/;

/** Routes that take a file upload, and how large their body may be (the file and a little form). */
export const UPLOAD_ROUTES: readonly { path: RegExp; limitBytes: number }[] = [
  // The departures CSV import of port staff (issue 13); ".data" is how the page's script posts it.
  { path: /^\/[A-Za-z-]{2,5}\/staff\/imports(?:\.data)?$/, limitBytes: MAX_IMPORT_BYTES + 64 * 1024 },
  // RFC 8058 one-click unsubscribe: mail providers may post it as multipart/form-data (decision 024).
  { path: UNSUBSCRIBE_PATH, limitBytes: 4 * 1024 },
];

function uploadRoute(path: string) {
  return UPLOAD_ROUTES.find((route) => route.path.test(path));
}

export interface BodyLimits {
  BODY_LIMIT_BYTES: number;
  WEBHOOK_BODY_LIMIT_BYTES: number;
}

export type RefusalReason = "badRequest" | "methodNotAllowed" | "unsupportedMediaType" | "tooLarge";

export interface Refusal {
  status: 400 | 405 | 413 | 415;
  reason: RefusalReason;
  headers?: Record<string, string>;
}

export interface GuardedRequest {
  method: string;
  /** The path as it came (Express's req.path): no query string. */
  path: string;
  /** The path and query as it came (Express's req.originalUrl). */
  url: string;
  headers: {
    host?: string;
    "x-forwarded-host"?: string | string[];
    "content-type"?: string;
    "content-length"?: string;
    "transfer-encoding"?: string;
  };
}

/** A host name or bracketed IPv6 address, with an optional port: nothing that could carry a path. */
const HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** Whether the Host (and a proxy's X-Forwarded-Host) name a host, as the request URL is built from them. */
function hostsWellFormed(headers: GuardedRequest["headers"]): boolean {
  const forwarded = headers["x-forwarded-host"];
  const forwardedHosts = forwarded === undefined ? [] : Array.isArray(forwarded) ? forwarded : [forwarded];
  return (
    headers.host !== undefined &&
    HOST.test(headers.host) &&
    forwardedHosts.every((value) => value.split(",").every((part) => HOST.test(part.trim())))
  );
}

/** How many bytes this request's body may have. */
export function bodyLimitFor(path: string, limits: BodyLimits): number {
  if (path === WEBHOOK_PATH) return limits.WEBHOOK_BODY_LIMIT_BYTES;
  return Math.max(limits.BODY_LIMIT_BYTES, uploadRoute(path)?.limitBytes ?? 0);
}

/** The request's fault, if it has one that shows before its body is read; otherwise null. */
export function checkRequest(request: GuardedRequest, limits: BodyLimits): Refusal | null {
  // The URL Remix routes on is made from the Host: one that carries a path ("x/en/login?")
  // would make Remix run another route than the one these checks looked at.
  if (!hostsWellFormed(request.headers)) return { status: 400, reason: "badRequest" };
  const method = request.method.toUpperCase();
  const webhook = request.path === WEBHOOK_PATH;
  const api = isApiPath(request.path);
  const allowed = webhook ? new Set(["POST"]) : api ? API_METHODS : PAGE_METHODS;
  if (!allowed.has(method)) {
    return { status: 405, reason: "methodNotAllowed", headers: { Allow: [...allowed].join(", ") } };
  }
  // Remix v1's data requests (`?_data=routeId`) still reach the old data path in Remix 2, which
  // bypasses the document's headers and runs any route's loader or action: the browser never
  // sends them with single fetch on, so they are refused outright.
  const query = request.url.indexOf("?");
  if (query >= 0 && new URLSearchParams(request.url.slice(query + 1)).has("_data")) {
    return { status: 400, reason: "badRequest" };
  }
  if (method !== "POST" && method !== "PUT") {
    // Reads carry no body: one sent anyway would be read and thrown away, at any size.
    const declaresBody = Number(request.headers["content-length"] ?? 0) > 0 || request.headers["transfer-encoding"];
    return declaresBody ? { status: 400, reason: "badRequest" } : null;
  }

  const declared = request.headers["content-length"];
  if (declared !== undefined) {
    if (!/^\d{1,15}$/.test(declared.trim())) return { status: 400, reason: "badRequest" };
    if (Number(declared) > bodyLimitFor(request.path, limits)) return { status: 413, reason: "tooLarge" };
  }
  if (!webhook) {
    const contentType = request.headers["content-type"] ?? "";
    const mediaType = contentType.split(";")[0]!.trim().toLowerCase();
    // An upload needs its boundary: without one no part of the body can be read.
    const upload = mediaType === MULTIPART && uploadRoute(request.path) && /;\s*boundary=/i.test(contentType);
    const accepted = api ? API_MEDIA_TYPES : FORM_MEDIA_TYPES;
    if (!accepted.has(mediaType) && !upload) return { status: 415, reason: "unsupportedMediaType" };
  }
  return null;
}

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request body larger than ${limit} bytes`);
    this.name = "BodyTooLargeError";
  }
}

/**
 * The request body as a web stream that fails once more than `limit` bytes have arrived —
 * for chunked bodies, or a Content-Length that lies. `onTooLarge` runs once, at that moment
 * (server.mjs answers 413 there); the source is paused, not buffered.
 */
export function limitedBody(source: Readable, limit: number, onTooLarge: () => void): ReadableStream<Uint8Array> {
  let seen = 0;
  let finished = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const fail = (error: Error) => {
        if (finished) return;
        finished = true;
        controller.error(error);
      };
      source.on("data", (chunk: Buffer | string) => {
        if (finished) return;
        const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
        seen += bytes.byteLength;
        if (seen > limit) {
          source.pause();
          onTooLarge();
          fail(new BodyTooLargeError(limit));
          return;
        }
        controller.enqueue(new Uint8Array(bytes));
        if ((controller.desiredSize ?? 1) <= 0) source.pause();
      });
      source.once("end", () => {
        if (finished) return;
        finished = true;
        controller.close();
      });
      source.once("error", fail);
      source.once("close", () => fail(new Error("Request body ended early")));
    },
    pull() {
      if (!finished) source.resume();
    },
    cancel() {
      finished = true;
      source.pause();
    },
  });
}

/**
 * The answer to a refused request, in the language of the page it was sent to: a minimal HTML
 * page for a browser, plain text for anything else.
 */
export async function refusalBody(
  refusal: Refusal,
  path: string,
  accept: string | undefined,
  requestId?: string,
): Promise<{ contentType: string; body: string }> {
  const first = path.split("/")[1];
  const locale = isLocale(first) ? first : DEFAULT_LOCALE;
  const t = await fixedT(locale, "common");
  const title = t(`requestErrors.${refusal.reason}.title`);
  const text = t(`requestErrors.${refusal.reason}.text`);
  return errorBody(locale, t, { title, text, requestId }, accept);
}

/**
 * server.mjs's last resort (an error nothing else answered): a short page in the language of the
 * path, with the request id to quote (decision 029); the details are only in the log.
 */
export async function lastResortBody(
  status: number,
  path: string,
  accept: string | undefined,
  requestId: string,
): Promise<{ contentType: string; body: string }> {
  const first = path.split("/")[1];
  const locale = isLocale(first) ? first : DEFAULT_LOCALE;
  const t = await fixedT(locale, "common");
  const [title, text] =
    status >= 500
      ? [t("errors.serverTitle"), t("errors.serverText")]
      : [t("requestErrors.badRequest.title"), t("requestErrors.badRequest.text")];
  return errorBody(locale, t, { title, text, requestId }, accept);
}

function errorBody(
  locale: Locale,
  t: TFunction,
  page: { title: string; text: string; requestId?: string },
  accept: string | undefined,
): { contentType: string; body: string } {
  const { title, text, requestId } = page;
  const reference = requestId ? t("errors.requestId", { id: requestId }) : "";
  if (!accept?.includes("text/html")) {
    return {
      contentType: "text/plain; charset=utf-8",
      body: `${title}\n${text}\n${reference ? `${reference}\n` : ""}`,
    };
  }
  const escape = (value: string) => value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
  const body = [
    "<!DOCTYPE html>",
    `<html lang="${locale}" dir="${textDirection(locale)}">`,
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title></head>`,
    `<body><main><h1>${escape(title)}</h1><p>${escape(text)}</p>`,
    ...(requestId ? [`<p data-request-id="${escape(requestId)}">${escape(reference)}</p>`] : []),
    `<p><a href="/${locale}/schedules">${escape(t("errors.backHome"))}</a></p></main></body>`,
    "</html>",
  ].join("\n");
  return { contentType: "text/html; charset=utf-8", body };
}
