/**
 * Writes prisma/postgresql/schema.prisma from prisma/schema.prisma (the one source of the data
 * model). `--check` fails instead of writing when the checked-in variant is stale.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SOURCE_SCHEMA = path.join(root, "prisma", "schema.prisma");
export const POSTGRES_SCHEMA = path.join(root, "prisma", "postgresql", "schema.prisma");

export function postgresVariant(source: string): string {
  const replaced = source
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(
      'output       = "../app/generated/prisma/sqlite"',
      'output       = "../../app/generated/prisma/postgresql"',
    );
  if (!replaced.includes('"postgresql"') || !replaced.includes("generated/prisma/postgresql")) {
    throw new Error("prisma/schema.prisma no longer has the provider/output lines this script rewrites");
  }
  return `// GENERATED from prisma/schema.prisma by scripts/prisma-variants.ts — do not edit.\n${replaced}`;
}

function main() {
  const expected = postgresVariant(fs.readFileSync(SOURCE_SCHEMA, "utf8"));
  if (process.argv.includes("--check")) {
    const actual = fs.existsSync(POSTGRES_SCHEMA) ? fs.readFileSync(POSTGRES_SCHEMA, "utf8") : "";
    if (actual !== expected) {
      console.error("prisma/postgresql/schema.prisma is stale: run npm run db:variants");
      process.exit(1);
    }
    return;
  }
  fs.mkdirSync(path.dirname(POSTGRES_SCHEMA), { recursive: true });
  fs.writeFileSync(POSTGRES_SCHEMA, expected);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
