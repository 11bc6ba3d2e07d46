import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { beginDraining, migrationsDirectory, readiness } from "~/domain/ops/health.server";
import { createDb, type Db } from "~/utils/db.server";
import { testDatabaseProvider } from "../support/test-database";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const provider = testDatabaseProvider();
let db: Db;
let url: string;
let dropDatabase: () => Promise<void>;

/** A database migrated the way deployments migrate it: `prisma migrate deploy` (npm run db:deploy). */
beforeAll(async () => {
  const name = `silu_health_${crypto.randomBytes(6).toString("hex")}`;
  if (provider === "sqlite") {
    const file = path.join(os.tmpdir(), `${name}.db`);
    url = `file:${file}`;
    dropDatabase = async () => {
      for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(`${file}${suffix}`, { force: true });
    };
  } else {
    const base = process.env.TEST_POSTGRES_URL!;
    const admin = new pg.Client({ connectionString: `${base}/postgres` });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    url = `${base}/${name}`;
    dropDatabase = async () => {
      const cleanup = new pg.Client({ connectionString: `${base}/postgres` });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await cleanup.end();
    };
  }
  execFileSync(process.execPath, ["scripts/prisma.mjs", "migrate", "deploy"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url },
    stdio: "pipe",
  });
  db = createDb(url);
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await dropDatabase?.();
  (globalThis as { __siluDraining?: boolean }).__siluDraining = false;
});

describe(`readiness (${provider})`, () => {
  it("is ready when the database answers and has applied every migration the build ships", async () => {
    expect(await readiness(db, migrationsDirectory(provider, ROOT))).toEqual({
      ready: true,
      draining: false,
      database: "ok",
      pendingMigrations: [],
    });
  });

  it("is not ready while a migration of the build is not applied", async () => {
    const shipped = fs.mkdtempSync(path.join(os.tmpdir(), "silu-migrations-"));
    fs.cpSync(migrationsDirectory(provider, ROOT), shipped, { recursive: true });
    fs.mkdirSync(path.join(shipped, "20991231000000_next_release"));
    try {
      expect(await readiness(db, shipped)).toMatchObject({
        ready: false,
        database: "ok",
        pendingMigrations: ["20991231000000_next_release"],
      });
    } finally {
      fs.rmSync(shipped, { recursive: true, force: true });
    }
  });

  it("is not ready when the database does not answer", async () => {
    const gone =
      provider === "sqlite"
        ? createDb(`file:${path.join(os.tmpdir(), "no-such-dir-silu", "x", "silu.db")}`)
        : createDb("postgresql://postgres@127.0.0.1:1/silu");
    try {
      expect(await readiness(gone, migrationsDirectory(provider, ROOT))).toMatchObject({
        ready: false,
        database: "unreachable",
      });
    } finally {
      await gone.$disconnect();
    }
  });

  it("is not ready once the instance is draining for shutdown", async () => {
    beginDraining();
    expect(await readiness(db, migrationsDirectory(provider, ROOT))).toMatchObject({
      ready: false,
      draining: true,
      pendingMigrations: [],
    });
  });
});
