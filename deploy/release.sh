#!/usr/bin/env bash
# A release without downtime (decision 030): build beside the running one, migrate once, then
# restart the instances one at a time, each back in Caddy's pool (/readyz 200) before the next.
#   deploy/release.sh <release-directory>      e.g. /opt/silu-gateway/releases/2026-12-01-1
# Migrations must suit the code still running until the last instance restarts (add columns and
# tables first; remove what the old code reads only in a later release).
set -euo pipefail
release=$(cd "${1:?usage: $0 <release-directory>}" && pwd)
web_ports=${WEB_PORTS:-"3001 3002 3003"}

(cd "$release" && npm ci && npm run build)
ln -sfn "$release" /opt/silu-gateway/current
systemctl start silu-gateway-migrate.service   # npm run db:deploy && npm run db:seed, once

ready() { curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$1/readyz"; }
for port in $web_ports; do
  systemctl restart "silu-gateway@$port.service"   # SIGTERM: drains, finishes, exits
  for _ in $(seq 1 60); do ready "$port" && break; sleep 1; done
  ready "$port" || { echo "instance $port is not ready after 60 s: stopping the release here" >&2; exit 1; }
done
systemctl restart silu-gateway-jobs.service
echo "Released $release"
