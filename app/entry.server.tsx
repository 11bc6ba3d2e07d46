import type { EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { DEFAULT_LOCALE, isLocale } from "~/i18n/config";
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

// server.mjs reads the validated configuration, the request guards and the background jobs from here.
export { env } from "~/utils/env.server";
export { hardenResponse, isSameOriginMutation } from "~/utils/security-headers.server";
export { bodyLimitFor, checkRequest, limitedBody, refusalBody } from "~/utils/request-guards.server";
export { beginDraining } from "~/domain/ops/health.server";

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
  console.error(error);
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  const lang = remixContext.staticHandlerContext.matches.at(-1)?.params.lang;
  const locale = isLocale(lang) ? lang : DEFAULT_LOCALE;
  const instance = await requestInstance(locale);
  const nonce = newNonce();

  const readyEvent = isbot(request.headers.get("user-agent")) ? "onAllReady" : "onShellReady";
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <I18nextProvider i18n={instance}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nextProvider>
      </NonceContext.Provider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          // React 18 pads some 2 KB chunks with zero bytes after a multi-byte character (see there).
          const body = withoutTrailingNul();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          applySecurityHeaders(responseHeaders, { nonce, https: env().APP_URL.startsWith("https://") });
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
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
