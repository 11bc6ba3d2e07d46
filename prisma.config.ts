import path from "node:path";
import { defineConfig } from "prisma/config";
import { parseDatabaseUrl } from "./app/utils/database-url.ts";
import { createMigrationAdapter } from "./scripts/prisma-adapters.ts";

// One data model, two engines: SQLite (embedded default) and PostgreSQL (production).
// The CLI picks the schema, migrations and driver adapter from DATABASE_URL.
const target = parseDatabaseUrl(process.env.DATABASE_URL);
const folder = target.provider === "postgresql" ? path.join("prisma", "postgresql") : "prisma";

export default defineConfig({
  experimental: { adapter: true },
  schema: path.join(folder, "schema.prisma"),
  migrations: { path: path.join(folder, "migrations") },
  engine: "js",
  adapter: () => createMigrationAdapter(target),
});
