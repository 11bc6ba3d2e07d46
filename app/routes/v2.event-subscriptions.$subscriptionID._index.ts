import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiCall, ApiProblem, dcsaError, dcsaJson } from "~/domain/api/dcsa-http.server";
import {
  deleteSubscription,
  getSubscription,
  isSubscriptionId,
  jsonBody,
  updateSubscription,
} from "~/domain/api/event-subscriptions.server";
import { db } from "~/utils/db.server";
import { domainRoute } from "~/utils/forms.server";

/** GET /v2/event-subscriptions/{subscriptionID}: one of the key's company's subscriptions (404 otherwise). */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ request, params }: LoaderFunctionArgs) {
  const id = params.subscriptionID;
  // A parameter that cannot be a subscription's id names nothing, whoever asks.
  if (!isSubscriptionId(id)) return dcsaError(request, new ApiProblem(404, "notFound"));
  return apiCall(request, "subscriptions:write", async (caller) => dcsaJson(await getSubscription(db(), caller, id)));
});

/** PUT changes the callback and filters (never the secret); DELETE stops the subscription (204). */
export const action = /* @__PURE__ */ domainRoute(async function action({ request, params }: ActionFunctionArgs) {
  const id = params.subscriptionID;
  if (!isSubscriptionId(id)) return dcsaError(request, new ApiProblem(404, "notFound"));
  return apiCall(request, "subscriptions:write", async (caller) => {
    if (request.method === "PUT") return dcsaJson(await updateSubscription(db(), caller, id, await jsonBody(request)));
    if (request.method === "DELETE") {
      await deleteSubscription(db(), caller, id);
      return dcsaJson(null, { status: 204 });
    }
    throw new ApiProblem(405, "methodNotAllowed");
  });
});
