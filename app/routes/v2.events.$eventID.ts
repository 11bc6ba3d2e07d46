import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiCall, ApiProblem, dcsaError, dcsaJson } from "~/domain/api/dcsa-http.server";
import { companyEvent } from "~/domain/api/event-feed.server";
import { db } from "~/utils/db.server";
import { domainRoute } from "~/utils/forms.server";

/**
 * DCSA Track & Trace 2.2 `GET /v2/events/{eventID}` (decision 025): one event the calling
 * company may see; anything else — unknown, malformed, another company's — is the same 404.
 */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ request, params }: LoaderFunctionArgs) {
  return apiCall(request, "events:read", async ({ companyId }) => {
    const event = await companyEvent(db(), companyId, params.eventID ?? "");
    if (!event) throw new ApiProblem(404, "notFound");
    return dcsaJson(event);
  });
});

export const action = /* @__PURE__ */ domainRoute(async function action({ request }: LoaderFunctionArgs) {
  return dcsaError(request, new ApiProblem(405, "methodNotAllowed"));
});
