#!/usr/bin/env bash
# Backups of the portal's PostgreSQL database (decision 030; deploy/postgresql/README.md).
#
#   npm run backup:postgres -- <backup-dir> [--keep 14]
#     A logical backup, safe while instances write (pg_dump reads one consistent snapshot) of
#     DATABASE_URL (a ?schema=… parameter is dropped for libpq) into
#     <backup-dir>/silu-<UTC time>.dump in pg_dump's custom format (compressed; pg_restore restores
#     it table by table). pg_restore must read its table of contents before it is renamed into
#     place; the newest N dumps are kept. Prints the dump's path on stdout.
#
#   npm run restore:postgres -- <dump-file> <postgresql://…/empty-database>
#     Restores into an EMPTY database in one transaction, stopping at the first error: the whole
#     database (tables, rows, then indexes and foreign keys, which checks every reference again)
#     or nothing. Then point DATABASE_URL at it and run `npm run db:deploy` before the instances.
#
# The binaries come from PG_BIN, PATH or the newest /usr/lib/postgresql/*/bin; pg_dump must be
# at least as new as the server.
set -euo pipefail
usage="usage: $0 backup <backup-dir> [--keep N] | restore <dump-file> <postgresql://…/empty-database>"

pg_tool() {
  if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN/$1"; return; fi
  if command -v "$1" >/dev/null 2>&1; then command -v "$1"; return; fi
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$found" ] || { echo "$1 not found: install the postgresql-client package or set PG_BIN" >&2; exit 1; }
  echo "$found/$1"
}
libpq_url() {
  case "$1" in postgres://* | postgresql://*) echo "${1%%\?*}" ;; *) echo "not a postgresql:// URL" >&2; exit 2 ;; esac
}

backup() {
  local dir="" keep=14
  while [ $# -gt 0 ]; do
    case "$1" in
      --keep) keep=${2:?--keep needs a number}; shift 2 ;;
      -*) echo "$usage" >&2; exit 2 ;;
      *) [ -z "$dir" ] || { echo "$usage" >&2; exit 2; }; dir=$1; shift ;;
    esac
  done
  [ -n "$dir" ] || { echo "$usage" >&2; exit 2; }
  [[ "$keep" =~ ^[1-9][0-9]*$ ]] || { echo "--keep must be a whole number of at least 1" >&2; exit 2; }
  local url
  url=$(libpq_url "${DATABASE_URL:?set DATABASE_URL to the database to back up}")
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  local file
  file="$dir/silu-$(date -u +%Y-%m-%dT%H-%M-%S-%3NZ).dump"
  trap 'rm -f "$file.partial"' EXIT
  "$(pg_tool pg_dump)" --dbname="$url" --format=custom --compress=6 --no-owner --no-privileges --file="$file.partial"
  "$(pg_tool pg_restore)" --list "$file.partial" >/dev/null
  sync "$file.partial"
  mv "$file.partial" "$file"
  trap - EXIT
  # Retention: the newest $keep dumps stay (the names sort by time).
  find "$dir" -maxdepth 1 -type f -regextype posix-extended -regex '.*/silu-[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9-]{12}Z\.dump' |
    sort -r | tail -n +"$((keep + 1))" | while read -r old; do rm -f "$old"; done
  echo "Backed up $(echo "$url" | sed -E 's#(//[^:/@]+:)[^@]*@#\1***@#') ($(du -h "$file" | cut -f1))" >&2
  echo "$file"
}

restore() {
  [ $# -eq 2 ] || { echo "$usage" >&2; exit 2; }
  local dump=$1 target
  target=$(libpq_url "$2")
  [ -f "$dump" ] || { echo "$dump: no such file" >&2; exit 2; }
  local tables
  tables=$("$(pg_tool psql)" --dbname="$target" --tuples-only --no-align --command \
    "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
  [ "$tables" = "0" ] || { echo "the target database is not empty ($tables tables): restore into a new one" >&2; exit 2; }
  "$(pg_tool pg_restore)" --dbname="$target" --exit-on-error --single-transaction --no-owner --no-privileges "$dump"
  echo "Restored $dump; run npm run db:deploy with DATABASE_URL pointing at it, then start the instances" >&2
}

command=${1:-}
shift || true
case "$command" in
  backup) backup "$@" ;;
  restore) restore "$@" ;;
  *) echo "$usage" >&2; exit 2 ;;
esac
