import { RemixI18Next } from "remix-i18next/server";
import { SUPPORTED_LOCALES, isLocale, type Locale } from "~/i18n/config";
import { fixedT } from "~/i18n/i18next.server";
import { AppError } from "~/utils/app-error";
import { db } from "~/utils/db.server";
import { authenticateApiKey } from "./api-keys.server";
import type { ApiScope } from "./scopes";
import { errorField, logger } from "~/domain/ops/logger.server";

/**
 * The HTTP side of the partner API (DCSA Track & Trace 2.2, decision 019): every answer carries
 * `API-Version` and is never cached; every refusal is DCSA's error body. Machines read `reason`;
 * `message` is for the person reading the logs, in the caller's Accept-Language among the
 * portal's languages (English when none matches).
 */
export const TNT_API_VERSION = "2.2.0";
const MAJOR = TNT_API_VERSION.split(".")[0];

export type ApiReason =
  | "apiKeyInvalid"
  | "apiKeyScope"
  | "tooManyRequests"
  | "notFound"
  | "invalidQuery"
  | "invalidBody"
  | "invalidCursor"
  | "unsupportedApiVersion"
  | "methodNotAllowed"
  | "limitReached"
  | "internalError";

/** A refusal of an API call: its status, DCSA reason, and the offending parameter if any. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly reason: ApiReason,
    /** `messageKey`: a more precise message (a key of the `api` namespace) than the reason's own. */
    readonly params: { name?: string; messageKey?: string } = {},
  ) {
    super(reason);
    this.name = "ApiProblem";
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  429: "Too Many Requests",
  500: "Internal Server Error",
};

/** A DCSA JSON answer. */
export function dcsaJson(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new Response(body === null ? null : JSON.stringify(body), {
    status: init.status ?? 200,
    headers: {
      ...(body === null ? {} : { "Content-Type": "application/json; charset=utf-8" }),
      "API-Version": TNT_API_VERSION,
      "Cache-Control": "no-store",
      ...init.headers,
    },
  });
}

const headerLocale = new RemixI18Next({
  detection: { supportedLanguages: [...SUPPORTED_LOCALES], fallbackLanguage: "en", order: ["header"] },
});

async function callerLocale(request: Request): Promise<Locale> {
  const locale = await headerLocale.getLocale(request);
  return isLocale(locale) ? locale : "en";
}

/** DCSA's error body for a refusal, with the headers the status calls for. */
export async function dcsaError(request: Request, problem: ApiProblem, now = new Date()): Promise<Response> {
  const t = await fixedT(await callerLocale(request), "api");
  const headers: Record<string, string> = {};
  if (problem.status === 401) headers["WWW-Authenticate"] = 'Bearer realm="silu-gateway"';
  if (problem.status === 429) headers["Retry-After"] = "60";
  return dcsaJson(
    {
      httpMethod: request.method,
      requestUri: new URL(request.url).pathname + new URL(request.url).search,
      statusCode: problem.status,
      statusCodeText: STATUS_TEXT[problem.status] ?? "Error",
      errorDateTime: now.toISOString(),
      errors: [
        {
          reason: problem.reason,
          message: t(problem.params.messageKey ?? `errors.${problem.reason}`, { name: problem.params.name ?? "" }),
        },
      ],
    },
    { status: problem.status, headers },
  );
}

const KEY_REFUSALS: Partial<Record<string, ApiProblem>> = {
  apiKeyInvalid: new ApiProblem(401, "apiKeyInvalid"),
  apiKeyScope: new ApiProblem(403, "apiKeyScope"),
  tooManyAttempts: new ApiProblem(429, "tooManyRequests"),
  notFound: new ApiProblem(404, "notFound"),
};

/**
 * One API call: checks the API-Version the caller asked for (major only, per DCSA), the key and
 * its scope, then runs `handle` for the key's company. Refusals become DCSA error bodies; an
 * unexpected failure is logged and answered 500 without details.
 */
export async function apiCall(
  request: Request,
  scope: ApiScope,
  handle: (caller: { companyId: string; keyId: string }) => Promise<Response>,
): Promise<Response> {
  try {
    const asked = request.headers.get("API-Version");
    if (asked !== null && asked.trim().split(".")[0] !== MAJOR) {
      throw new ApiProblem(400, "unsupportedApiVersion", { name: asked.slice(0, 20) });
    }
    const caller = await authenticateApiKey(db(), { authorization: request.headers.get("Authorization"), scope });
    return await handle(caller);
  } catch (error) {
    if (error instanceof ApiProblem) return dcsaError(request, error);
    if (error instanceof AppError && KEY_REFUSALS[error.code]) return dcsaError(request, KEY_REFUSALS[error.code]!);
    logger.error("Partner API call failed", { err: errorField(error) });
    return dcsaError(request, new ApiProblem(500, "internalError"));
  }
}
