import { readdir } from "node:fs/promises";
import path from "node:path";
import type { Db } from "~/utils/db.server";

/**
 * Liveness and readiness (issue 15): a load balancer sends traffic to an instance only while it
 * is ready — its database answers and carries every migration this build ships — and stops
 * before the instance shuts down (`beginDraining`), so requests in flight finish and no new
 * ones arrive.
 */
export interface Readiness {
  ready: boolean;
  draining: boolean;
  database: "ok" | "unreachable";
  /** Migrations this build ships that the database has not applied. */
  pendingMigrations: string[];
}

const state = globalThis as unknown as { __siluDraining?: boolean };

/** From now on the instance reports not ready (SIGTERM: the balancer takes it out first). */
export function beginDraining(): void {
  state.__siluDraining = true;
}

export function isDraining(): boolean {
  return state.__siluDraining === true;
}

/** The migrations directory of the engine in use, in the project the server runs from. */
export function migrationsDirectory(provider: "sqlite" | "postgresql", root = process.cwd()): string {
  return provider === "sqlite"
    ? path.join(root, "prisma", "migrations")
    : path.join(root, "prisma", "postgresql", "migrations");
}

async function shippedMigrations(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export async function readiness(db: Db, migrations: string): Promise<Readiness> {
  const draining = isDraining();
  try {
    await db.$queryRawUnsafe("SELECT 1");
  } catch {
    return { ready: false, draining, database: "unreachable", pendingMigrations: [] };
  }
  // A database Prisma never migrated has no history table: every migration is pending.
  const applied = new Set(
    (
      await db
        .$queryRawUnsafe<
          { migration_name: string }[]
        >('SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL')
        .catch(() => [])
    ).map((row) => row.migration_name),
  );
  const pendingMigrations = (await shippedMigrations(migrations)).filter((name) => !applied.has(name));
  return { ready: !draining && pendingMigrations.length === 0, draining, database: "ok", pendingMigrations };
}
