import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { POSTGRES_SCHEMA, SOURCE_SCHEMA, postgresVariant } from "./prisma-variants.ts";

const migrationNames = (folder: string) =>
  fs
    .readdirSync(path.resolve(import.meta.dirname, "..", folder), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

describe("PostgreSQL variant of the data model", () => {
  it("is exactly what prisma/schema.prisma generates (run npm run db:variants after a change)", () => {
    expect(fs.readFileSync(POSTGRES_SCHEMA, "utf8")).toBe(postgresVariant(fs.readFileSync(SOURCE_SCHEMA, "utf8")));
  });

  it("differs from the source only in provider and client output", () => {
    const variant = postgresVariant(fs.readFileSync(SOURCE_SCHEMA, "utf8"));
    expect(variant).toContain('provider = "postgresql"');
    expect(variant).not.toContain('"sqlite"');
  });

  it("has one migration for every SQLite migration, with the same names", () => {
    const sqlite = migrationNames("prisma/migrations");
    expect(sqlite.length).toBeGreaterThan(0);
    expect(migrationNames("prisma/postgresql/migrations")).toEqual(sqlite);
  });
});
