import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiCall, ApiProblem, dcsaJson } from "~/domain/api/dcsa-http.server";
import { createSubscription, jsonBody, listSubscriptions } from "~/domain/api/event-subscriptions.server";
import { db } from "~/utils/db.server";
import { domainRoute } from "~/utils/forms.server";

/** A link to a page of the list: this path with the page's limit and cursor. */
function pageLink(url: URL, cursor: string | null) {
  const query = new URLSearchParams();
  if (url.searchParams.has("limit")) query.set("limit", url.searchParams.get("limit")!);
  if (cursor) query.set("cursor", cursor);
  const search = query.toString();
  return `${url.pathname}${search ? `?${search}` : ""}`;
}

/** GET /v2/event-subscriptions: the key's company's subscriptions, paged (DCSA T&T 2.2, decision 026). */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ request }: LoaderFunctionArgs) {
  return apiCall(request, "subscriptions:write", async (caller) => {
    const url = new URL(request.url);
    const page = await listSubscriptions(db(), caller, url.searchParams);
    const current = url.searchParams.get("cursor");
    const headers: Record<string, string> = { "Current-Page": pageLink(url, current) };
    if (page.nextCursor) headers["Next-Page"] = pageLink(url, page.nextCursor);
    if (current) headers["First-Page"] = pageLink(url, null);
    return dcsaJson(page.subscriptions, { headers });
  });
});

/** POST /v2/event-subscriptions: a new subscription (callbackUrl, secret, filters); 201 without the secret. */
export const action = /* @__PURE__ */ domainRoute(async function action({ request }: ActionFunctionArgs) {
  return apiCall(request, "subscriptions:write", async (caller) => {
    if (request.method !== "POST") throw new ApiProblem(405, "methodNotAllowed");
    const created = await createSubscription(db(), caller, await jsonBody(request));
    return dcsaJson(created, { status: 201 });
  });
});
