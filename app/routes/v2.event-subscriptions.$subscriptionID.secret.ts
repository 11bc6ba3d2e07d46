import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiCall, ApiProblem, dcsaError, dcsaJson } from "~/domain/api/dcsa-http.server";
import { isSubscriptionId, jsonBody, resetSubscriptionSecret } from "~/domain/api/event-subscriptions.server";
import { db } from "~/utils/db.server";
import { domainRoute } from "~/utils/forms.server";

/** The secret is never read back: GET is not allowed. */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ request, params }: LoaderFunctionArgs) {
  if (!isSubscriptionId(params.subscriptionID)) return dcsaError(request, new ApiProblem(404, "notFound"));
  return apiCall(request, "subscriptions:write", async () => {
    throw new ApiProblem(405, "methodNotAllowed");
  });
});

/** PUT /v2/event-subscriptions/{subscriptionID}/secret: a new secret for the notifications' signatures (204). */
export const action = /* @__PURE__ */ domainRoute(async function action({ request, params }: ActionFunctionArgs) {
  const id = params.subscriptionID;
  if (!isSubscriptionId(id)) return dcsaError(request, new ApiProblem(404, "notFound"));
  return apiCall(request, "subscriptions:write", async (caller) => {
    if (request.method !== "PUT") throw new ApiProblem(405, "methodNotAllowed");
    await resetSubscriptionSecret(db(), caller, id, await jsonBody(request));
    return dcsaJson(null, { status: 204 });
  });
});
