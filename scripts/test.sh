#!/usr/bin/env bash
# `npm test`: everything CI checks, on a fresh machine of this kind.
#   typecheck · lint · locale completeness · unit · integration on SQLite and on a throw-away
#   PostgreSQL cluster · Remix build · two app instances on that PostgreSQL cluster · Playwright e2e
#   in Debian's Chromium.
# Installs what it needs (postgresql, chromium, poppler-utils to read PDFs back) from apt when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }

work=$(mktemp -d "${TMPDIR:-/tmp}/silu-test.XXXXXX")
chmod 755 "$work"
pg_dir="$work/pg"
cleanup() {
  scripts/pg-cluster.sh stop "$pg_dir" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

step "generate Prisma clients"
npm run -s db:generate >/dev/null

step "typecheck"
npm run -s typecheck

step "lint"
npm run -s lint

step "locale completeness"
npm run -s check:i18n

step "unit tests"
if ! command -v pdftotext >/dev/null 2>&1; then
  echo "pdftotext not found: installing Debian's poppler-utils package (tests read generated PDFs back)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
fi
npx vitest run --project unit

step "integration tests on SQLite"
TEST_DATABASE=sqlite npx vitest run --project integration

step "integration tests on PostgreSQL"
pg_port=${TEST_PG_PORT:-55433}
pg_url=$(scripts/pg-cluster.sh start "$pg_dir" "$pg_port")
TEST_DATABASE=postgresql TEST_POSTGRES_URL="$pg_url" npx vitest run --project integration

step "build"
npm run -s build

step "two instances on one PostgreSQL database"
TEST_POSTGRES_URL="$pg_url" npx vitest run --project cluster

step "end-to-end tests (Playwright, Debian Chromium)"
if ! command -v chromium >/dev/null 2>&1; then
  echo "Chromium not found: installing Debian's chromium package"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
E2E_WORKDIR="$work" npx playwright test
