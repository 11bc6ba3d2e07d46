import fs from "node:fs";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "~/generated/prisma/sqlite/client";
import { PrismaClient as PostgresClient } from "~/generated/prisma/postgresql/client";
import { parseDatabaseUrl } from "./database-url";
import { env } from "./env.server";

/**
 * Both generated clients come from the same data model (prisma/postgresql/schema.prisma is
 * generated from prisma/schema.prisma), so they share one shape; the SQLite one names the type.
 */
export type Db = SqliteClient;

export function createDb(databaseUrl: string, options: { sqliteSynchronous?: "NORMAL" | "FULL" } = {}): Db {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.provider === "sqlite") {
    enableWriteAheadLog(target.filePath);
    return new SqliteClient({ adapter: withPragmas(target.filePath, options.sqliteSynchronous ?? "NORMAL") });
  }
  const adapter = new PrismaPg(
    {
      host: target.host,
      port: target.port,
      user: target.user,
      password: target.password,
      database: target.database,
      max: 10,
    },
    target.schema ? { schema: target.schema } : undefined,
  );
  return new PostgresClient({ adapter }) as unknown as Db;
}

/**
 * Readers don't wait for a writer and a writer doesn't wait for readers in WAL mode; the
 * setting is stored in the database file, so it is made once per process and file.
 */
function enableWriteAheadLog(filePath: string): void {
  if (!fs.existsSync(filePath)) return;
  const connection = new Database(filePath);
  try {
    connection.pragma("journal_mode = WAL");
  } finally {
    connection.close();
  }
}

/**
 * The adapter's one connection, set up before its first query: in WAL mode `synchronous =
 * NORMAL` syncs the log at checkpoints instead of at every commit (a commit costs no disk wait,
 * and the write lock is released sooner); the file stays consistent after a power cut, which may
 * lose the last commits. FULL (SQLITE_SYNCHRONOUS) waits for the disk at every commit.
 */
function withPragmas(filePath: string, synchronous: "NORMAL" | "FULL") {
  const factory = new PrismaBetterSQLite3({ url: `file:${filePath}` });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    await adapter.executeScript(`PRAGMA synchronous = ${synchronous};`);
    return adapter;
  };
  return factory;
}

const globalForDb = globalThis as unknown as { __siluDb?: Db };

/** The process-wide client for DATABASE_URL (kept across dev rebuilds). */
export function db(): Db {
  globalForDb.__siluDb ??= createDb(env().DATABASE_URL, { sqliteSynchronous: env().SQLITE_SYNCHRONOUS });
  return globalForDb.__siluDb;
}
