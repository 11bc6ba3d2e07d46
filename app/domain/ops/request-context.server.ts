import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";

/**
 * The request id (decision 029): every request gets one, sent back as `X-Request-Id`, written on
 * each log line of the request and shown on error pages so a user can quote it. It travels with
 * the request's async work (AsyncLocalStorage), so domain code and the logger need no parameter.
 */
export interface RequestContext {
  requestId: string;
}

/** What an incoming `X-Request-Id` may look like to be kept: a proxy's UUID or hex id, nothing that could forge a log line. */
const WELL_FORMED = /^[A-Za-z0-9._:-]{8,128}$/;

export function newRequestId(): string {
  return randomBytes(8).toString("hex");
}

/**
 * The id of a request: the one the reverse proxy sent, when a proxy is trusted (TRUST_PROXY) and
 * the value is well-formed; otherwise a new one. A client without a proxy cannot choose its id.
 */
export function requestIdFor(incoming: string | string[] | undefined, trustProxy: boolean): string {
  if (trustProxy && typeof incoming === "string" && WELL_FORMED.test(incoming)) return incoming;
  return newRequestId();
}

// On globalThis, so that server.mjs and the build share one store however they are loaded.
const holder = globalThis as unknown as { __siluRequestContext?: AsyncLocalStorage<RequestContext> };
const storage = (holder.__siluRequestContext ??= new AsyncLocalStorage<RequestContext>());

/** Runs `fn` (and everything it starts) as part of the request `context`. */
export function runInRequest<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The id of the request this code runs for, if any (background jobs have none). */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
