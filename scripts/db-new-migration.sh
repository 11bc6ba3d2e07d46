#!/usr/bin/env bash
# Creates the next migration for both engines from the change to prisma/schema.prisma since
# the last commit:  scripts/db-new-migration.sh <name>
# PostgreSQL's diff needs a server: set PG_URL (e.g. postgresql://postgres@127.0.0.1:55432/postgres).
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?migration name}
stamp=$(date -u +%Y%m%d%H%M%S)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

npm run -s db:variants
git show HEAD:prisma/schema.prisma > "$tmp/sqlite.prisma"
git show HEAD:prisma/postgresql/schema.prisma > "$tmp/postgresql.prisma"

mkdir -p "prisma/migrations/${stamp}_${name}" "prisma/postgresql/migrations/${stamp}_${name}"
node scripts/prisma.mjs migrate diff --from-schema-datamodel "$tmp/sqlite.prisma" \
  --to-schema-datamodel prisma/schema.prisma --script > "prisma/migrations/${stamp}_${name}/migration.sql"
DATABASE_URL=${PG_URL:?set PG_URL to a PostgreSQL server for the diff} node scripts/prisma.mjs migrate diff \
  --from-schema-datamodel "$tmp/postgresql.prisma" --to-schema-datamodel prisma/postgresql/schema.prisma \
  --script > "prisma/postgresql/migrations/${stamp}_${name}/migration.sql"
echo "Created ${stamp}_${name} for SQLite and PostgreSQL"
