/**
 * Backups of the embedded SQLite database while the portal runs (decision 030).
 *
 *   npm run backup:sqlite -- <backup-dir> [--keep 14]
 *       copies DATABASE_URL's file (default file:./data/silu.db) into <backup-dir>/silu-<UTC time>.db
 *       with SQLite's online backup API, checks the copy, keeps the newest 14 copies; prints its path.
 *   npm run restore:sqlite -- <backup-file> [--force]
 *       checks the backup and puts it in place of DATABASE_URL's file. Stop every instance first:
 *       without --force an existing database is never replaced.
 *
 * Safe while instances write: the whole database is copied in one backup step, which reads one
 * consistent snapshot (in WAL mode writers go on meanwhile and do not restart the copy). The copy
 * is written beside its final name, switched to a self-contained rollback journal, checked with
 * `PRAGMA integrity_check` and `PRAGMA foreign_key_check`, flushed to disk and only then renamed:
 * a failed or interrupted backup never counts as one of the kept copies.
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from "../app/utils/database-url";

/** The kept copies: silu-2026-12-01T07-15-00-123Z.db (UTC, sorts by time). */
const BACKUP_NAME = /^silu-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.db$/;
/** Returned from the progress callback: copy every remaining page in the next step. */
const ALL_PAGES = 0x7fffffff;

export interface SqliteBackup {
  file: string;
  pages: number;
  removed: string[];
}

/** Problems `integrity_check` and `foreign_key_check` find in a database file; empty when sound. */
export function checkSqliteFile(file: string): string[] {
  const connection = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = connection.pragma("integrity_check") as { integrity_check: string }[];
    const problems = integrity.map((row) => row.integrity_check).filter((message) => message !== "ok");
    const orphans = connection.pragma("foreign_key_check") as { table: string; rowid: number; parent: string }[];
    for (const orphan of orphans)
      problems.push(`${orphan.table} row ${orphan.rowid} refers to a missing ${orphan.parent}`);
    return problems;
  } finally {
    connection.close();
  }
}

function flushToDisk(file: string): void {
  const fd = fs.openSync(file, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Copies `sourceFile` into `backupDir` while it may be written, checks the copy, keeps the newest `keep`. */
export async function backupSqlite(
  sourceFile: string,
  backupDir: string,
  { keep = 14, now = new Date() }: { keep?: number; now?: Date } = {},
): Promise<SqliteBackup> {
  if (!Number.isInteger(keep) || keep < 1) throw new Error(`--keep must be a whole number of at least 1 (got ${keep})`);
  fs.mkdirSync(backupDir, { recursive: true });
  const file = path.join(path.resolve(backupDir), `silu-${now.toISOString().replace(/[:.]/g, "-")}.db`);
  const partial = `${file}.partial`;
  fs.rmSync(partial, { force: true });
  const source = new Database(sourceFile, { fileMustExist: true, timeout: 10_000 });
  let pages: number;
  try {
    ({ totalPages: pages } = await source.backup(partial, { progress: () => ALL_PAGES }));
  } finally {
    source.close();
  }
  try {
    const copy = new Database(partial, { fileMustExist: true });
    try {
      copy.pragma("journal_mode = DELETE");
    } finally {
      copy.close();
    }
    const problems = checkSqliteFile(partial);
    if (problems.length > 0) throw new Error(`The copy of ${sourceFile} fails its check:\n  ${problems.join("\n  ")}`);
    flushToDisk(partial);
    fs.renameSync(partial, file);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  const copies = fs
    .readdirSync(path.dirname(file))
    .filter((name) => BACKUP_NAME.test(name))
    .sort()
    .reverse();
  const removed = copies.slice(keep).map((name) => path.join(path.dirname(file), name));
  for (const old of removed) fs.rmSync(old);
  return { file, pages, removed };
}

/**
 * Puts a checked backup in place of `targetFile` (no instance may have it open). The old
 * database's -wal and -shm files go with it, so no stale log is replayed onto the restored file.
 */
export function restoreSqlite(backupFile: string, targetFile: string, { force = false } = {}): void {
  const problems = checkSqliteFile(backupFile);
  if (problems.length > 0) throw new Error(`${backupFile} fails its check:\n  ${problems.join("\n  ")}`);
  if (fs.existsSync(targetFile) && !force)
    throw new Error(`${targetFile} exists: stop every instance, then run again with --force to replace it`);
  fs.mkdirSync(path.dirname(targetFile), { recursive: true });
  const incoming = `${targetFile}.restoring`;
  fs.copyFileSync(backupFile, incoming);
  flushToDisk(incoming);
  for (const suffix of ["-wal", "-shm", "-journal"]) fs.rmSync(`${targetFile}${suffix}`, { force: true });
  fs.renameSync(incoming, targetFile);
}

function sqliteFileOf(databaseUrl: string): string {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.provider !== "sqlite")
    throw new Error("DATABASE_URL is PostgreSQL: use scripts/backup-postgres.sh (deploy/postgresql/README.md)");
  return target.filePath;
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const flags = new Set(rest.filter((arg) => arg.startsWith("--")));
  const keepAt = rest.indexOf("--keep");
  const positional = rest.filter((arg, index) => !arg.startsWith("--") && (keepAt === -1 || index !== keepAt + 1));
  const databaseFile = sqliteFileOf(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
  if (command === "backup" && positional.length === 1) {
    const keep = keepAt === -1 ? 14 : Number(rest[keepAt + 1]);
    const backup = await backupSqlite(databaseFile, positional[0]!, { keep });
    console.error(
      `Backed up ${databaseFile} (${backup.pages} pages, integrity ok)` +
        (backup.removed.length
          ? `; removed ${backup.removed.length} older cop${backup.removed.length === 1 ? "y" : "ies"}`
          : ""),
    );
    console.log(backup.file);
    return;
  }
  if (command === "restore" && positional.length === 1) {
    restoreSqlite(positional[0]!, databaseFile, { force: flags.has("--force") });
    console.error(`Restored ${positional[0]} to ${databaseFile}; start the instances again`);
    return;
  }
  throw new Error(
    "usage: npm run backup:sqlite -- <backup-dir> [--keep N]\n       npm run restore:sqlite -- <backup-file> [--force]",
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
