import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { createDb } from "./db.server";

const files: string[] = [];

/** A fresh SQLite file, as `prisma migrate deploy` leaves one (it exists before the app opens it). */
function sqliteFile(): string {
  const file = path.join(os.tmpdir(), `silu-pragmas-${process.pid}-${files.length}.db`);
  new Database(file).close();
  files.push(file);
  return file;
}

afterEach(() => {
  for (const file of files.splice(0)) {
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${file}${suffix}`, { force: true });
  }
});

describe("the SQLite connection", () => {
  it("writes ahead and syncs at checkpoints (synchronous NORMAL) unless told to sync every commit", async () => {
    const normal = createDb(`file:${sqliteFile()}`);
    expect(await normal.$queryRawUnsafe("PRAGMA journal_mode")).toEqual([{ journal_mode: "wal" }]);
    // 1 = NORMAL, 2 = FULL (SQLite's default).
    expect(await normal.$queryRawUnsafe("PRAGMA synchronous")).toEqual([{ synchronous: 1n }]);
    await normal.$disconnect();
    const full = createDb(`file:${sqliteFile()}`, { sqliteSynchronous: "FULL" });
    expect(await full.$queryRawUnsafe("PRAGMA synchronous")).toEqual([{ synchronous: 2n }]);
    await full.$disconnect();
  });
});
