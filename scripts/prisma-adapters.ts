import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import type { DatabaseTarget } from "../app/utils/database-url.ts";

const TEXT_OID = 25;
/** PostgreSQL's internal `"char"` (oid 18) and `name` (oid 19) types. */
const CATALOG_TEXT_OIDS = new Set([18, 19]);

/**
 * The WASM schema engine's catalog queries return `name` and `"char"` columns, which the pg
 * adapter cannot map (prisma/orm#27403: "Column type 'name' could not be deserialized").
 * Their values are plain text, so the pool reports them as text.
 */
function relabel(result: pg.QueryResult | undefined): pg.QueryResult | undefined {
  for (const field of result?.fields ?? []) {
    if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
  }
  return result;
}

function catalogTolerantPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  pool.on("connect", (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const last = args.at(-1);
      if (typeof last === "function") {
        // pg.Pool#query calls the client in callback style.
        args[args.length - 1] = (error: unknown, result?: pg.QueryResult) => last(error, relabel(result));
        return query(...args);
      }
      return (query(...args) as Promise<pg.QueryResult>).then(relabel);
    };
  });
  return pool;
}

/**
 * PrismaPg's executeScript splits a migration on every ";" — inside comments and dollar-quoted
 * trigger bodies too — and so `migrate deploy` failed on ours (syntax error at "they", from a
 * comment). PostgreSQL runs a whole script as one simple query, in one implicit transaction;
 * the connections this factory opens do that instead.
 */
function runningWholeScripts(factory: PrismaPg): PrismaPg {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const queryable = adapter as unknown as {
      client: pg.Pool;
      executeScript(script: string): Promise<void>;
      onError(error: unknown): never;
    };
    queryable.executeScript = async (script: string) => {
      try {
        await queryable.client.query(script);
      } catch (error) {
        queryable.onError(error);
      }
    };
    return adapter;
  };
  return factory;
}

export async function createMigrationAdapter(target: DatabaseTarget) {
  if (target.provider === "sqlite") {
    fs.mkdirSync(path.dirname(target.filePath), { recursive: true });
    return new PrismaBetterSQLite3({ url: `file:${target.filePath}` });
  }
  const factory = new PrismaPg(
    catalogTolerantPool({
      host: target.host,
      port: target.port,
      user: target.user,
      password: target.password,
      database: target.database,
    }),
    target.schema ? { schema: target.schema } : undefined,
  );
  return runningWholeScripts(factory);
}
