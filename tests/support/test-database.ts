import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { createDb, type Db } from "~/utils/db.server";

/**
 * A fresh, migrated database for one test file, on the engine the run asks for:
 * TEST_DATABASE=sqlite (default) or TEST_DATABASE=postgresql with TEST_POSTGRES_URL pointing
 * at a throw-away cluster (scripts/test.sh starts one). The checked-in migrations are applied
 * as they are, so the tests run against exactly what `prisma migrate deploy` creates.
 */
export interface TestDatabase {
  db: Db;
  url: string;
  provider: "sqlite" | "postgresql";
  drop(): Promise<void>;
  /** Applies the migrations from `name` on (for a database created `before` it): a data migration's test. */
  migrateFrom(name: string): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, "..", "..");

/** The migration scripts of an engine, in order; `before`/`from` pick those older or not older than a name. */
function migrationScripts(folder: string, range: { before?: string; from?: string } = {}): string[] {
  const dir = path.join(ROOT, folder);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter(
      (name) => (range.before === undefined || name < range.before) && (range.from === undefined || name >= range.from),
    )
    .sort()
    .map((name) => fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8"));
}

export function testDatabaseProvider(): "sqlite" | "postgresql" {
  return process.env.TEST_DATABASE === "postgresql" ? "postgresql" : "sqlite";
}

/** Migrates a database the way deployments do (`npm run db:deploy`), with Prisma's migration history. */
function deployMigrations(url: string): void {
  execFileSync(process.execPath, ["scripts/prisma.mjs", "migrate", "deploy"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url },
    stdio: "pipe",
  });
}

/**
 * `before`: only the migrations older than that name. `deploy`: migrated by `prisma migrate
 * deploy` rather than by running the scripts, so it has the history readiness checks.
 */
export async function createTestDatabase(options: { before?: string; deploy?: boolean } = {}): Promise<TestDatabase> {
  const name = `silu_test_${crypto.randomBytes(6).toString("hex")}`;
  if (testDatabaseProvider() === "sqlite") {
    const file = path.join(os.tmpdir(), `${name}.db`);
    if (options.deploy) deployMigrations(`file:${file}`);
    else {
      const raw = new Database(file);
      for (const script of migrationScripts("prisma/migrations", { before: options.before })) raw.exec(script);
      raw.close();
    }
    const url = `file:${file}`;
    const db = createDb(url);
    return {
      db,
      url,
      provider: "sqlite",
      async drop() {
        await db.$disconnect();
        for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(`${file}${suffix}`, { force: true });
      },
      async migrateFrom(name: string) {
        const connection = new Database(file);
        try {
          for (const script of migrationScripts("prisma/migrations", { from: name })) connection.exec(script);
        } finally {
          connection.close();
        }
      },
    };
  }

  const { url, drop } = await emptyPostgresDatabase(name);
  if (options.deploy) deployMigrations(url);
  else {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    for (const script of migrationScripts("prisma/postgresql/migrations", { before: options.before })) {
      await client.query(script);
    }
    await client.end();
  }
  const db = createDb(url);
  return {
    db,
    url,
    provider: "postgresql",
    async migrateFrom(name: string) {
      const migrator = new pg.Client({ connectionString: url });
      await migrator.connect();
      try {
        for (const script of migrationScripts("prisma/postgresql/migrations", { from: name }))
          await migrator.query(script);
      } finally {
        await migrator.end();
      }
    },
    async drop() {
      await db.$disconnect();
      await drop();
    },
  };
}

/** A new, empty database on the test cluster (TEST_POSTGRES_URL), and how to drop it again. */
export async function emptyPostgresDatabase(name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.TEST_POSTGRES_URL;
  if (!base) throw new Error("TEST_DATABASE=postgresql needs TEST_POSTGRES_URL (scripts/test.sh sets it)");
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return {
    url: `${base}/${name}`,
    async drop() {
      const cleanup = new pg.Client({ connectionString: `${base}/postgres` });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
