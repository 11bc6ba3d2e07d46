import { migrationsDirectory, readiness } from "~/domain/ops/health.server";
import { parseDatabaseUrl } from "~/utils/database-url";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";

/**
 * Readiness for the load balancer: 200 while the database answers and has every migration this
 * build ships, 503 otherwise and once the instance is shutting down. Names no more than that.
 */
export async function loader() {
  const report = await readiness(db(), migrationsDirectory(parseDatabaseUrl(env().DATABASE_URL).provider));
  return Response.json(report, { status: report.ready ? 200 : 503, headers: { "Cache-Control": "private, no-store" } });
}
