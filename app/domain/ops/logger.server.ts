import { currentRequestId } from "./request-context.server";

/**
 * The server's log (decision 029): one JSON object per line (errors on standard error, the rest
 * on standard output) — time, level, msg, the request id when the line belongs to a request,
 * and the caller's fields. An Error among the fields is written with its name, message and
 * stack. Callers pass what helps find a fault, never a secret, a cookie or a body.
 */
export const LOG_LEVELS = ["debug", "info", "warn", "error", "fatal", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
const RANK: Record<LogLevel, number> = { debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

export type LogFields = Record<string, unknown>;

/** LOG_LEVEL, or: info, and warn under the test runner (tests may set LOG_LEVEL themselves). */
export function logLevel(environment: Record<string, string | undefined> = process.env): LogLevel {
  const configured = environment.LOG_LEVEL?.toLowerCase();
  if ((LOG_LEVELS as readonly string[]).includes(configured ?? "")) return configured as LogLevel;
  return environment.NODE_ENV === "test" || environment.VITEST ? "warn" : "info";
}

function serializeError(error: Error): Record<string, unknown> {
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    message: error.message,
    ...(typeof code === "string" || typeof code === "number" ? { code } : {}),
    stack: error.stack,
    ...(error.cause instanceof Error ? { cause: serializeError(error.cause) } : {}),
  };
}

/** The JSON line for a message (exported for tests; `log` writes it). */
export function logLine(level: Exclude<LogLevel, "silent">, msg: string, fields: LogFields = {}, now = new Date()) {
  const line: Record<string, unknown> = { time: now.toISOString(), level, msg };
  const requestId = currentRequestId();
  if (requestId) line.requestId = requestId;
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || key === "time" || key === "level" || key === "msg") continue;
    line[key] = value instanceof Error ? serializeError(value) : value;
  }
  try {
    return JSON.stringify(line, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
  } catch {
    // A field that cannot be written (a cycle): the message still is.
    return JSON.stringify({ time: line.time, level, msg, requestId: line.requestId, unserializable: true });
  }
}

/** Where lines go: errors to standard error, the rest to standard output. Tests may swap it. */
export const logSink = {
  write(line: string, level: Exclude<LogLevel, "silent">): void {
    (RANK[level] >= RANK.error ? process.stderr : process.stdout).write(`${line}\n`);
  },
};

function log(level: Exclude<LogLevel, "silent">, msg: string, fields?: LogFields): void {
  if (RANK[level] < RANK[logLevel()]) return;
  logSink.write(logLine(level, msg, fields), level);
}

/** An unknown thrown value as a field: Errors keep their stack, anything else its text. */
export function errorField(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

export const logger = {
  debug: (msg: string, fields?: LogFields) => log("debug", msg, fields),
  info: (msg: string, fields?: LogFields) => log("info", msg, fields),
  warn: (msg: string, fields?: LogFields) => log("warn", msg, fields),
  error: (msg: string, fields?: LogFields) => log("error", msg, fields),
  fatal: (msg: string, fields?: LogFields) => log("fatal", msg, fields),
};

/** For a background job's `.catch`: the failure, with its stack, under the job's name. */
export function logJobFailure(job: string): (error: unknown) => void {
  return (error) => logger.error(`${job} failed`, { job, err: errorField(error) });
}
