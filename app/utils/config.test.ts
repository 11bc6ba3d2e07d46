import { describe, expect, it } from "vitest";
import { parseDatabaseUrl, redactDatabaseUrl } from "./database-url";
import { InvalidEnvironmentError, parseEnv } from "./env.server";

describe("parseDatabaseUrl", () => {
  it("resolves a SQLite file relative to the working directory", () => {
    expect(parseDatabaseUrl("file:./data/silu.db", "/srv/app")).toEqual({
      provider: "sqlite",
      url: "file:./data/silu.db",
      filePath: "/srv/app/data/silu.db",
    });
  });

  it("splits a PostgreSQL URL into driver options", () => {
    expect(parseDatabaseUrl("postgresql://silu:p%40ss@db.example:6543/portal?schema=app")).toMatchObject({
      provider: "postgresql",
      host: "db.example",
      port: 6543,
      user: "silu",
      password: "p@ss",
      database: "portal",
      schema: "app",
    });
  });

  it("refuses other engines without echoing a password", () => {
    expect(() => parseDatabaseUrl("mysql://root:secret@localhost/db")).toThrow(/file: or postgresql/);
    expect(() => parseDatabaseUrl("mysql://root:secret@localhost/db")).not.toThrow(/secret/);
    expect(redactDatabaseUrl("postgresql://u:secret@h/db")).toBe("postgresql://u:***@h/db");
  });
});

describe("parseEnv", () => {
  const base = { DATABASE_URL: "file:./.tmp/config-test.db", SESSION_SECRET: "x".repeat(32) };

  it("fills defaults", () => {
    const env = parseEnv({ ...base });
    expect(env.PORT).toBe(3000);
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(env.NODE_ENV).toBe("development");
  });

  it("stops with a message that names every bad setting", () => {
    try {
      parseEnv({ ...base, PORT: "eighty", APP_URL: "not a url", DATABASE_URL: "mysql://x/y", SESSION_SECRET: "short" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidEnvironmentError);
      const message = (error as Error).message;
      for (const name of ["PORT", "APP_URL", "DATABASE_URL", "SESSION_SECRET"]) expect(message).toContain(name);
    }
  });

  it("generates and keeps a local session secret when none is set", () => {
    const first = parseEnv({ DATABASE_URL: "file:./.tmp/config-test.db" }).SESSION_SECRET;
    const second = parseEnv({ DATABASE_URL: "file:./.tmp/config-test.db" }).SESSION_SECRET;
    expect(first).toHaveLength(64);
    expect(second).toBe(first);
  });

  it("takes Stripe's two keys together, and a stand-in API only on this machine", () => {
    const stripe = { STRIPE_SECRET_KEY: "sk_test_abc", STRIPE_WEBHOOK_SECRET: "whsec_abc" };
    expect(parseEnv({ ...base, ...stripe }).STRIPE_SECRET_KEY).toBe("sk_test_abc");
    expect(() => parseEnv({ ...base, STRIPE_SECRET_KEY: "sk_test_abc" })).toThrow(/STRIPE_WEBHOOK_SECRET/);
    expect(parseEnv({ ...base, ...stripe, STRIPE_API_URL: "http://127.0.0.1:12111" }).STRIPE_API_URL).toBe(
      "http://127.0.0.1:12111",
    );
    expect(() => parseEnv({ ...base, ...stripe, STRIPE_API_URL: "https://stripe.evil.example:443" })).toThrow(
      /STRIPE_API_URL/,
    );
    // The secret key never appears in the message about it.
    expect(() =>
      parseEnv({ ...base, STRIPE_SECRET_KEY: "pk_live_wrongkind", STRIPE_WEBHOOK_SECRET: "whsec_x" }),
    ).toThrow(/^(?![\s\S]*pk_live_wrongkind)[\s\S]*STRIPE_SECRET_KEY/);
  });

  it("reads the background jobs' settings: on by default, each job's own period, a 120 s lease", () => {
    const defaults = parseEnv({ ...base });
    expect(defaults.BACKGROUND_JOBS).toBe(true);
    expect(defaults.JOB_INTERVAL_SECONDS).toBeUndefined();
    expect(defaults.JOB_LEASE_SECONDS).toBe(120);
    const set = parseEnv({ ...base, BACKGROUND_JOBS: "off", JOB_INTERVAL_SECONDS: "2", JOB_LEASE_SECONDS: "30" });
    expect(set).toMatchObject({ BACKGROUND_JOBS: false, JOB_INTERVAL_SECONDS: 2, JOB_LEASE_SECONDS: 30 });
    expect(() => parseEnv({ ...base, BACKGROUND_JOBS: "yes" })).toThrow(/BACKGROUND_JOBS/);
    expect(() => parseEnv({ ...base, JOB_INTERVAL_SECONDS: "0" })).toThrow(/JOB_INTERVAL_SECONDS/);
    expect(() => parseEnv({ ...base, JOB_LEASE_SECONDS: "1" })).toThrow(/JOB_LEASE_SECONDS/);
  });
});
