import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import type { ReactElement } from "react";
import { renderToPipeableStream } from "react-dom/server";
import type { i18n } from "i18next";
import { I18nextProvider } from "react-i18next";
import { DEFAULT_LOCALE, isLocale, type Locale } from "~/i18n/config";
import { requestInstance } from "~/i18n/i18next.server";
import { startBookingNotifier } from "~/domain/booking/notifications.server";
import { startRefundRetries } from "~/domain/payments/refunds.server";
import { startHoldSweeper } from "~/domain/booking/holds.server";
import { startMoveSweeper } from "~/domain/operations/priced-move.server";
import { startSubscriptionWorker } from "~/domain/api/subscription-delivery.server";
import { startRateCounterPruning } from "~/domain/identity/rate-limit.server";
import { stopAll } from "~/domain/ops/jobs.server";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { NonceContext } from "~/utils/nonce";
import { withoutTrailingNul } from "~/utils/ssr-stream.server";
import { applySecurityHeaders, newNonce } from "~/utils/security-headers.server";
import { DocumentRequestContext, type DocumentRequest } from "~/utils/request-id";
import { errorField, logger } from "~/domain/ops/logger.server";
import {
  inlineScriptHashes,
  isPublicAnswer,
  matchesEtag,
  notModified,
  publicCachingFor,
  publicDataResponse,
  renderedPage,
  setPublicCacheHeaders,
  pageEtag,
  type PublicCaching,
} from "~/utils/public-cache.server";

// server.mjs reads the validated configuration, the request guards and the background jobs from here.
export { env } from "~/utils/env.server";
export { hardenResponse, isSameOriginMutation } from "~/utils/security-headers.server";
export { bodyLimitFor, checkRequest, lastResortBody, limitedBody, refusalBody } from "~/utils/request-guards.server";
export { beginDraining } from "~/domain/ops/health.server";
export { errorField, logger } from "~/domain/ops/logger.server";
export { requestIdFor, runInRequest } from "~/domain/ops/request-context.server";
export { observeRequest } from "~/domain/ops/metrics.server";
export { routeLabeller } from "~/domain/ops/route-label.server";

/**
 * Jobs the running server keeps going (unless BACKGROUND_JOBS=off): the sweep that gives expired
 * holds' capacity back, the booking e-mails (see notifications.server.ts), refunds that did not
 * reach Stripe, the partner API's event-subscription notifications (subscription-delivery.server.ts)
 * and the pruning of old rate counters. Every job claims its work, so any number of instances may
 * run them on one database (decision 027). The returned function stops new runs and resolves once
 * the runs in flight have finished (graceful shutdown awaits it).
 */
export function startBackgroundJobs(): () => Promise<void> {
  if (!env().BACKGROUND_JOBS) return async () => {};
  const stops = [
    startHoldSweeper(db()),
    startBookingNotifier(db()),
    startRefundRetries(db()),
    startMoveSweeper(db()),
    startSubscriptionWorker(db()),
    startRateCounterPruning(db()),
  ];
  return () => stopAll(stops);
}

const ABORT_DELAY = 5_000;

/**
 * What Remix reports as an error goes to the log, except a refused request (a 4xx the route
 * answered on purpose, such as another company's invoice PDF) or one the client gave up on:
 * those are the client's, and logging them would bury the server's own faults.
 */
export function handleError(error: unknown, { request }: { request: Request }): void {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  logger.error("Request failed", { err: errorField(error) });
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const lang = remixContext.staticHandlerContext.matches.at(-1)?.params.lang;
  const locale = isLocale(lang) ? lang : DEFAULT_LOCALE;
  const https = env().APP_URL.startsWith("https://");
  const caching = publicCachingFor(request);
  if (caching && isPublicAnswer(responseStatusCode, responseHeaders) && !remixContext.staticHandlerContext.errors) {
    return publicDocument(request, responseHeaders, remixContext, locale, caching, https);
  }
  const instance = await requestInstance(locale);
  const nonce = newNonce();
  const url = new URL(request.url);
  const documentRequest = loadContext.requestId
    ? { requestId: loadContext.requestId, url: `${url.pathname}${url.search}` }
    : undefined;

  const readyEvent = isbot(request.headers.get("user-agent")) ? "onAllReady" : "onShellReady";
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(document(request, remixContext, instance, nonce, documentRequest), {
      nonce,
      [readyEvent]() {
        shellRendered = true;
        // React 18 pads some 2 KB chunks with zero bytes after a multi-byte character (see there).
        const body = withoutTrailingNul();
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        applySecurityHeaders(responseHeaders, { nonce, https });
        resolve(
          new Response(createReadableStreamFromReadable(body), {
            headers: responseHeaders,
            status: responseStatusCode,
          }),
        );
        pipe(body);
      },
      onShellError(error: unknown) {
        reject(error);
      },
      onError(error: unknown) {
        responseStatusCode = 500;
        if (shellRendered) logger.error("Rendering failed", { err: errorField(error) });
      },
    });
    setTimeout(abort, ABORT_DELAY);
  });
}

/** The document; `documentRequest` is for an error page to show the request's id (decision 029). */
function document(
  request: Request,
  remixContext: EntryContext,
  instance: i18n,
  nonce?: string,
  documentRequest?: DocumentRequest,
) {
  return (
    <NonceContext.Provider value={nonce ?? ""}>
      <I18nextProvider i18n={instance}>
        <DocumentRequestContext.Provider value={documentRequest}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </DocumentRequestContext.Provider>
      </I18nextProvider>
    </NonceContext.Provider>
  );
}

/**
 * A public page for a visitor without a session (decision 028). Its ETag is known before
 * rendering (`pageEtag`), so a revalidation of an unchanged page gets 304 without rendering,
 * and a page rendered once is served again from memory. It is rendered whole, without a nonce:
 * the CSP lists its inline scripts' hashes.
 */
async function publicDocument(
  request: Request,
  responseHeaders: Headers,
  remixContext: EntryContext,
  locale: Locale,
  caching: PublicCaching,
  https: boolean,
): Promise<Response> {
  const etag = pageEtag(remixContext.manifest.version, request, remixContext.staticHandlerContext.loaderData);
  if (matchesEtag(request.headers.get("If-None-Match"), etag)) return notModified(etag, caching);
  const page = await renderedPage(etag, async () => {
    const instance = await requestInstance(locale);
    const html = await renderWhole(document(request, remixContext, instance));
    return { body: html, scriptHashes: inlineScriptHashes(html.toString("utf8")) };
  });
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  applySecurityHeaders(responseHeaders, { scriptHashes: page.scriptHashes, https });
  setPublicCacheHeaders(responseHeaders, etag, caching);
  return new Response(new Uint8Array(page.body), { headers: responseHeaders, status: 200 });
}

/** The whole document, once every part is ready; a render error fails it (Remix renders the error page). */
function renderWhole(element: ReactElement): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    let failure: unknown;
    const { pipe, abort } = renderToPipeableStream(element, {
      onAllReady() {
        const body = withoutTrailingNul();
        const chunks: Buffer[] = [];
        body.on("data", (chunk: Buffer) => chunks.push(chunk));
        body.on("end", () => (failure ? reject(failure) : resolve(Buffer.concat(chunks))));
        body.on("error", reject);
        pipe(body);
      },
      onShellError: reject,
      onError(error: unknown) {
        failure ??= error;
      },
    });
    const timer = setTimeout(abort, ABORT_DELAY);
    timer.unref();
  });
}

/** Single-fetch data (client navigations): public pages' data is cached like the pages. */
export function handleDataRequest(response: Response, { request }: { request: Request }): Promise<Response> {
  return publicDataResponse(request, response);
}
