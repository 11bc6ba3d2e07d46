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

export function createDb(databaseUrl: string): Db {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.provider === "sqlite") {
    enableWriteAheadLog(target.filePath);
    return new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: `file:${target.filePath}` }) });
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

const globalForDb = globalThis as unknown as { __siluDb?: Db };

/** The process-wide client for DATABASE_URL (kept across dev rebuilds). */
export function db(): Db {
  globalForDb.__siluDb ??= createDb(env().DATABASE_URL);
  return globalForDb.__siluDb;
}
