import { afterEach, describe, expect, it, vi } from "vitest";
import { logger, logLevel, logLine, logSink } from "./logger.server";
import { requestIdFor, runInRequest } from "./request-context.server";

const NOW = new Date("2026-12-01T08:00:00.000Z");

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("log lines", () => {
  it("are one JSON object: time, level, msg, and the caller's fields", () => {
    const line = logLine(
      "info",
      "request",
      { method: "GET", route: "routes/healthz", status: 200, durationMs: 1.5 },
      NOW,
    );
    expect(line).not.toContain("\n");
    expect(JSON.parse(line)).toEqual({
      time: "2026-12-01T08:00:00.000Z",
      level: "info",
      msg: "request",
      method: "GET",
      route: "routes/healthz",
      status: 200,
      durationMs: 1.5,
    });
  });

  it("carry the id of the request they are written for, also after an await", async () => {
    const line = await runInRequest({ requestId: "req-12345678" }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return logLine("warn", "slow", {}, NOW);
    });
    expect(JSON.parse(line)).toMatchObject({ level: "warn", msg: "slow", requestId: "req-12345678" });
    expect(JSON.parse(logLine("info", "outside", {}, NOW))).not.toHaveProperty("requestId");
  });

  it("write an error with its name, message, code, stack and cause", () => {
    const cause = new Error("connection refused");
    const error = Object.assign(new Error("query failed", { cause }), { code: "P1001" });
    const parsed = JSON.parse(logLine("error", "Request failed", { err: error }, NOW));
    expect(parsed.err).toMatchObject({ name: "Error", message: "query failed", code: "P1001" });
    expect(parsed.err.stack).toContain("logger.server.test.ts");
    expect(parsed.err.cause).toMatchObject({ message: "connection refused" });
  });

  it("cannot be forged by a field: time, level and msg stay the logger's; a line break stays escaped", () => {
    const parsed = JSON.parse(
      logLine("info", "a\nb", { level: "fatal", msg: "forged", time: "then", note: '"}\n{"level":"fatal"' }, NOW),
    );
    expect(parsed).toMatchObject({ level: "info", msg: "a\nb", time: "2026-12-01T08:00:00.000Z" });
  });

  it("still say something when a field cannot be written", () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(JSON.parse(logLine("error", "odd", { cycle }, NOW))).toMatchObject({ msg: "odd", unserializable: true });
  });
});

describe("log level", () => {
  it("is LOG_LEVEL, else info, and warn under the test runner", () => {
    expect(logLevel({ LOG_LEVEL: "debug" })).toBe("debug");
    expect(logLevel({ LOG_LEVEL: "ERROR" })).toBe("error");
    expect(logLevel({ NODE_ENV: "production" })).toBe("info");
    expect(logLevel({ NODE_ENV: "production", LOG_LEVEL: "nonsense" })).toBe("info");
    expect(logLevel({ NODE_ENV: "test" })).toBe("warn");
  });

  it("drops the lines below it", () => {
    const written: string[] = [];
    vi.spyOn(logSink, "write").mockImplementation((line) => void written.push(line));
    vi.stubEnv("LOG_LEVEL", "warn");
    logger.info("quiet");
    logger.warn("loud");
    logger.error("louder");
    vi.stubEnv("LOG_LEVEL", "silent");
    logger.fatal("muted");
    expect(written.map((line) => JSON.parse(line).msg)).toEqual(["loud", "louder"]);
  });
});

describe("request ids", () => {
  it("are new and unguessable unless a trusted proxy sent one", () => {
    const made = new Set(Array.from({ length: 100 }, () => requestIdFor(undefined, false)));
    expect(made.size).toBe(100);
    for (const id of made) expect(id).toMatch(/^[0-9a-f]{16}$/);
    // Without a trusted proxy, a client cannot choose the id it is logged under.
    expect(requestIdFor("0b5d7a3e-7a51-4c55-9b45-9f2f0f1e2d3c", false)).toMatch(/^[0-9a-f]{16}$/);
  });

  it("from a trusted proxy are kept only when well-formed: bounded length, safe characters", () => {
    for (const good of [
      "0b5d7a3e-7a51-4c55-9b45-9f2f0f1e2d3c",
      "f3a9c1d2e4b5a6c7d8e9f0a1b2c3d4e5",
      "lb1:abc.DEF_123",
    ]) {
      expect(requestIdFor(good, true)).toBe(good);
    }
    for (const bad of [
      "short",
      "x".repeat(129),
      "abc def ghi",
      'abc"}{"level":"fatal',
      "abcdefgh\nforged line",
      "<script>alert(1)</script>",
      "идентификатор",
      "",
    ]) {
      expect(requestIdFor(bad, true)).toMatch(/^[0-9a-f]{16}$/);
    }
    // The header twice: neither is believed.
    expect(requestIdFor(["0b5d7a3e-7a51", "0b5d7a3e-7a52"], true)).toMatch(/^[0-9a-f]{16}$/);
    expect(requestIdFor("x".repeat(128), true)).toBe("x".repeat(128));
  });
});

describe("log output", () => {
  it("writes errors to standard error and the rest to standard output", () => {
    const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    vi.stubEnv("LOG_LEVEL", "info");
    logger.info("fine");
    logger.error("broken", { err: new Error("boom") });
    expect(out.mock.calls.map(([line]) => JSON.parse(String(line)).msg)).toEqual(["fine"]);
    expect(err.mock.calls.map(([line]) => JSON.parse(String(line)).msg)).toEqual(["broken"]);
    expect(String(err.mock.calls[0]![0]).endsWith("}\n")).toBe(true);
  });
});
