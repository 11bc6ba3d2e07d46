import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiCall, ApiProblem, dcsaError, dcsaJson } from "~/domain/api/dcsa-http.server";
import { eventsPage } from "~/domain/api/event-feed.server";
import { db } from "~/utils/db.server";
import { domainRoute } from "~/utils/forms.server";

/**
 * DCSA Track & Trace 2.2 `GET /v2/events` (decision 025): the calling company's events — its
 * own consignments and those shared with it — filtered and paged by a signed cursor.
 */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ request }: LoaderFunctionArgs) {
  return apiCall(request, "events:read", async ({ companyId }) => {
    const page = await eventsPage(db(), companyId, new URL(request.url).searchParams);
    return dcsaJson(page.events, { headers: page.headers });
  });
});

export const action = /* @__PURE__ */ domainRoute(async function action({ request }: LoaderFunctionArgs) {
  return dcsaError(request, new ApiProblem(405, "methodNotAllowed"));
});
