import type { LoaderFunctionArgs } from "@remix-run/node";
import { metricsResponse } from "~/domain/ops/metrics.server";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { domainRoute } from "~/utils/forms.server";

/**
 * Prometheus metrics of this instance (decision 029), for a scraper holding METRICS_TOKEN as a
 * bearer token; 404 while no token is configured, 401 without it.
 */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ request }: LoaderFunctionArgs) {
  return metricsResponse(db(), env().METRICS_TOKEN, request.headers.get("authorization"));
});
