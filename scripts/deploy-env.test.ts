import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv } from "~/utils/env.server";

/*
 * The reference deployment's settings per role (deploy/env, decision 030) are what the systemd
 * units hand each process: common.env, then the role's file. Each combination must start —
 * every value passes the server's own check — and give the role what it is for.
 */
const ENV_DIR = path.resolve(import.meta.dirname, "..", "deploy", "env");

/** systemd's EnvironmentFile: KEY=VALUE lines, `#` comments, the value taken as written. */
function envFile(name: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of fs.readFileSync(path.join(ENV_DIR, name), "utf8").split("\n")) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match) values[match[1]!] = match[2]!;
  }
  return values;
}

const role = (name: string, extra: Record<string, string> = {}) =>
  parseEnv({ ...envFile("common.env"), ...envFile(name), ...extra });

describe("deploy/env", () => {
  it("a web instance serves only, behind the proxy, on this machine's loopback", () => {
    // PORT comes from the unit's instance name (silu-gateway@3001).
    const web = role("web.env", { PORT: "3001" });
    expect(web).toMatchObject({ BACKGROUND_JOBS: false, TRUST_PROXY: true, HOST: "127.0.0.1", PORT: 3001 });
    expect(web.DATABASE_URL).toMatch(/^postgresql:/);
    expect(web.PUBLIC_CACHE_SECONDS).toBeGreaterThan(0);
  });

  it("the jobs instance runs the background jobs, not on the internet", () => {
    expect(role("jobs.env")).toMatchObject({ BACKGROUND_JOBS: true, HOST: "127.0.0.1", PORT: 3100 });
  });

  it("the migration step and the backups connect as their own database roles", () => {
    const users = ["web.env", "migrate.env", "backup.env"].map(
      (name) => new URL(role(name, { PORT: "3001" }).DATABASE_URL).username,
    );
    expect(new Set(users).size).toBe(3);
  });

  it("every instance agrees on what must be shared (one session secret, one database, one public URL)", () => {
    const web = role("web.env", { PORT: "3001" });
    const jobs = role("jobs.env");
    for (const key of ["SESSION_SECRET", "DATABASE_URL", "APP_URL", "HOLD_MINUTES", "SMTP_URL"] as const) {
      expect(jobs[key], key).toBe(web[key]);
    }
  });
});
