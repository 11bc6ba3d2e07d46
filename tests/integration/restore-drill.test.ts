import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CARRIAGE_TERMS_VERSION } from "~/domain/booking/carriage-terms";
import { cancelBooking } from "~/domain/booking/cancel-booking.server";
import { listCompanyBookings, readCompanyBooking } from "~/domain/booking/find-bookings.server";
import { holdBooking } from "~/domain/booking/hold-booking.server";
import { loadActor } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import { migrationsDirectory, readiness } from "~/domain/ops/health.server";
import { confirmOnAccount } from "~/domain/payments/confirm-on-account.server";
import { findBoardDepartures } from "~/domain/scheduling/board.server";
import { parseScheduleFilters } from "~/schemas/schedule-filters";
import { AppError } from "~/utils/app-error";
import { createDb, type Db } from "~/utils/db.server";
import { checkSqliteFile } from "../../scripts/backup-sqlite";
import { seedDemoAccounts } from "../../seeds/demo-accounts";
import { seedDatabase } from "../../seeds/seed";
import { capacityMismatches } from "../support/capacity";
import { createReviewedDrafts } from "../support/drafts";
import {
  createTestDatabase,
  emptyPostgresDatabase,
  testDatabaseProvider,
  type TestDatabase,
} from "../support/test-database";

/**
 * The restore drill (decision 030): bookings are held, confirmed and cancelled through the
 * domain functions, several at once, while the backup script of the engine in use copies the
 * database from another process; the copy is restored into a fresh database with the restore
 * script, and must pass its integrity check, keep the capacity ledger exact and serve reads.
 */
const ROOT = path.resolve(import.meta.dirname, "..", "..");
const NOW = new Date("2026-12-01T00:00:00Z");
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const meta = { ipAddress: "198.51.100.30", userAgent: "vitest" };
const engine = testDatabaseProvider();
const run = promisify(execFile);
const WRITERS = 6;

let test: TestDatabase;
let work: string;
let booker: Actor;
let ledger: string[];
let restored: { db: Db; drop(): Promise<void> } | undefined;

beforeAll(async () => {
  test = await createTestDatabase({ deploy: true });
  await seedDatabase(test.db, { now: NOW, weeks: 4 });
  await seedDemoAccounts(test.db);
  booker = await loadActor(
    test.db,
    (await test.db.user.findUniqueOrThrow({ where: { email: "admin@lanzhou-silkroad.example" } })).id,
  );
  // Four departures whose capacity only the drill's bookings take, so held and booked must be
  // exactly their lines; the seed's sold slots stay on every other departure.
  const open = await test.db.departure.findMany({
    where: {
      status: "OPEN",
      cargoCutoffAt: { gt: later(14 * 24 * 60) },
      capacities: { some: { equipmentCode: "45G1" } },
      service: { mode: "RAIL" },
    },
    orderBy: { departureAt: "asc" },
    take: 4,
  });
  ledger = open.map((departure) => departure.id);
  expect(ledger).toHaveLength(4);
  await test.db.booking.deleteMany({ where: { departureId: { in: ledger } } });
  await test.db.departureCapacity.updateMany({
    where: { departureId: { in: ledger }, equipmentCode: "45G1" },
    data: { total: 100_000, available: 100_000, held: 0, booked: 0 },
  });
  for (const row of await test.db.departureCapacity.findMany({ where: { departureId: { in: ledger } } }))
    await test.db.departureCapacity.update({
      where: { id: row.id },
      data: { available: row.total, held: 0, booked: 0 },
    });
  // The worst case for a copy of the file: every write of the drill stays in the write-ahead
  // log (no automatic checkpoint into the main file), so only a backup that reads through SQLite
  // sees them.
  if (engine === "sqlite") await test.db.$queryRawUnsafe("PRAGMA wal_autocheckpoint = 0");
  work = fs.mkdtempSync(path.join(os.tmpdir(), "silu-drill-"));
}, 180_000);

afterAll(async () => {
  await restored?.drop();
  await test?.drop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/**
 * One writer: a draft and its hold, then by turn it stays held (ten of them: the company's
 * open-hold limit is 20), or is confirmed on account, and every third confirmed booking is
 * cancelled (its booked slots go back). Refusals the domain gives (AppError) are allowed;
 * anything else fails the drill.
 */
interface Drill {
  stop: boolean;
  turns: number;
  leftHeld: number;
  refused: Record<string, number>;
}

async function writer(id: number, state: Drill) {
  const companyId = booker.memberships[0]!.companyId;
  for (let turn = id; !state.stop; turn += WRITERS) {
    // Through the event loop between turns, as requests arrive: the SQLite driver answers
    // synchronously, and promise chains alone would starve the timers (and the drill's checks).
    await new Promise((resolve) => setImmediate(resolve));
    try {
      const [reference] = await createReviewedDrafts(test.db, {
        companyId,
        userId: booker.userId,
        departureId: ledger[turn % ledger.length]!,
        count: 1,
        containers: [{ equipmentCode: "45G1", quantity: 1 + (turn % 3) }],
      });
      await holdBooking(test.db, {
        acceptedTerms: CARRIAGE_TERMS_VERSION,
        actor: booker,
        reference: reference!,
        now: NOW,
      });
      if (turn % 4 === 0 && state.leftHeld < 10) state.leftHeld += 1;
      else {
        await confirmOnAccount(test.db, booker, reference!, "en", later(1));
        if (turn % 3 === 0) await cancelBooking(test.db, { actor: booker, reference: reference!, meta, now: later(2) });
      }
      state.turns += 1;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      state.refused[error.code] = (state.refused[error.code] ?? 0) + 1;
    }
  }
}

/** Waits until the writers have made `turns` turns (a writer's crash or 60 s without them fail the drill). */
async function untilTurns(state: Drill, turns: number, writers: Promise<void>[]) {
  const deadline = Date.now() + 60_000;
  const crashed = Promise.race(writers).then(() => undefined);
  while (state.turns < turns) {
    if (Date.now() > deadline)
      throw new Error(`The writers made ${state.turns} turns: ${JSON.stringify(state.refused)}`);
    await Promise.race([crashed, new Promise((resolve) => setTimeout(resolve, 20))]);
  }
}

/** Writes recorded so far: every hold, confirmation and cancellation adds a booking event. */
const events = (db: Db) => db.bookingEvent.count();

async function backUp(): Promise<string> {
  const env = { ...process.env, DATABASE_URL: test.url };
  const backups = path.join(work, "backups");
  const { stdout } =
    engine === "sqlite"
      ? await run(path.join(ROOT, "node_modules", ".bin", "tsx"), ["scripts/backup-sqlite.ts", "backup", backups], {
          cwd: ROOT,
          env,
        })
      : await run("bash", ["scripts/backup-postgres.sh", "backup", backups, "--keep", "3"], { cwd: ROOT, env });
  return stdout.trim();
}

/** A fresh database holding the backup, put there by the restore script. */
async function restore(backup: string): Promise<{ db: Db; drop(): Promise<void> }> {
  if (engine === "sqlite") {
    const file = path.join(work, "restored", "silu.db");
    await run(path.join(ROOT, "node_modules", ".bin", "tsx"), ["scripts/backup-sqlite.ts", "restore", backup], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: `file:${file}` },
    });
    expect(checkSqliteFile(file)).toEqual([]);
    const db = createDb(`file:${file}`);
    return { db, drop: () => db.$disconnect() };
  }
  const target = await emptyPostgresDatabase(`silu_restored_${crypto.randomBytes(6).toString("hex")}`);
  await run("bash", ["scripts/backup-postgres.sh", "restore", backup, target.url], { cwd: ROOT });
  const db = createDb(target.url);
  return {
    db,
    async drop() {
      await db.$disconnect();
      await target.drop();
    },
  };
}

describe(`restore drill (${engine})`, () => {
  it("backs up while bookings are written, and the restored copy is sound, exact and readable", async () => {
    const state: Drill = { stop: false, turns: 0, leftHeld: 0, refused: {} };
    const writers = Array.from({ length: WRITERS }, (_, id) => writer(id, state));
    try {
      await untilTurns(state, 30, writers);
      const before = await events(test.db);
      const backup = await backUp();
      const after = await events(test.db);
      // Some more writes after the backup ended, so the copy is provably a moment in between.
      const turns = state.turns;
      await untilTurns(state, turns + 20, writers);
      state.stop = true;
      await Promise.all(writers);

      expect(fs.existsSync(backup)).toBe(true);
      restored = await restore(backup);
      const copied = await events(restored.db);
      // Bookings were written while the backup ran; the copy has everything committed before
      // it began, nothing from after it ended, and not what came later.
      expect(after).toBeGreaterThan(before);
      expect(copied).toBeGreaterThanOrEqual(before);
      expect(copied).toBeLessThanOrEqual(after);
      expect(copied).toBeLessThan(await events(test.db));

      // The ledger: the arithmetic on every row, and the drill's departures match their bookings.
      expect(await capacityMismatches(restored.db, ledger)).toEqual([]);
      expect(await capacityMismatches(test.db, ledger)).toEqual([]);
      const statuses = await restored.db.booking.groupBy({
        by: ["status"],
        where: { departureId: { in: ledger } },
        _count: true,
      });
      const count = (status: string) => statuses.find((row) => row.status === status)?._count ?? 0;
      expect(count("HELD")).toBeGreaterThan(0);
      expect(count("CONFIRMED")).toBeGreaterThan(0);
      expect(count("CANCELLED")).toBeGreaterThan(0);

      // Reads the portal makes: readiness (every migration recorded), the company's bookings,
      // one booking's page, the schedule board.
      expect(await readiness(restored.db, migrationsDirectory(engine, ROOT))).toMatchObject({
        ready: true,
        pendingMigrations: [],
      });
      const { bookings } = await listCompanyBookings(restored.db, booker, { status: "CONFIRMED" });
      expect(bookings.length).toBeGreaterThan(0);
      const page = await readCompanyBooking(restored.db, booker, bookings[0]!.reference, later(3));
      expect(page.status).toBe("CONFIRMED");
      expect(page.lines.length).toBeGreaterThan(0);
      const board = await findBoardDepartures(restored.db, parseScheduleFilters(new URLSearchParams("")).filters, {
        now: NOW,
      });
      expect(board.departures.length).toBeGreaterThan(0);
    } finally {
      state.stop = true;
      await Promise.allSettled(writers);
    }
  }, 180_000);
});
