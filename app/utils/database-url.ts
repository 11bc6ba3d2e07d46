import path from "node:path";

/** Where the embedded default database lives when DATABASE_URL is not set. */
export const DEFAULT_DATABASE_URL = "file:./data/silu.db";

export type DatabaseTarget =
  | { provider: "sqlite"; url: string; filePath: string }
  | {
      provider: "postgresql";
      url: string;
      host: string;
      port: number;
      user: string;
      password: string | undefined;
      database: string;
      schema: string | undefined;
    };

/**
 * Reads a DATABASE_URL (`file:…` for SQLite, `postgresql://…` for PostgreSQL) into the pieces
 * the drivers want. PostgreSQL gets separate options rather than a connection string because a
 * connection string would override the shadow database name during `prisma migrate dev`.
 */
export function parseDatabaseUrl(url: string = DEFAULT_DATABASE_URL, cwd = process.cwd()): DatabaseTarget {
  if (url.startsWith("file:")) {
    const raw = url.slice("file:".length).split("?")[0] ?? "";
    if (!raw) throw new Error(`DATABASE_URL "${url}" names no file`);
    return { provider: "sqlite", url, filePath: path.resolve(cwd, raw) };
  }
  if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
    const parsed = new URL(url);
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
    if (!database) throw new Error(`DATABASE_URL "${redactDatabaseUrl(url)}" names no database`);
    return {
      provider: "postgresql",
      url,
      host: decodeURIComponent(parsed.hostname) || "localhost",
      port: parsed.port ? Number(parsed.port) : 5432,
      user: decodeURIComponent(parsed.username) || "postgres",
      password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
      database,
      schema: parsed.searchParams.get("schema") ?? undefined,
    };
  }
  throw new Error(`DATABASE_URL must start with file: or postgresql:// (got "${redactDatabaseUrl(url)}")`);
}

/** The URL with any password replaced, safe for logs and error messages. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, "$1***@");
}
