import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { describeUnsubscribe, UNSUBSCRIBE_TOKEN, unsubscribeWithToken } from "~/domain/tracking/unsubscribe.server";
import { db } from "~/utils/db.server";
import { domainRoute } from "~/utils/forms.server";
import { requireParam } from "~/utils/params.server";

const PRIVATE = { "X-Robots-Tag": "noindex", "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };

/**
 * The List-Unsubscribe address of the alert e-mails (RFC 8058, decision 024). A GET — a person,
 * or a mail scanner following links — only leads to the page in the subscriber's language, which
 * asks for a click; the mail client's one-click POST (`List-Unsubscribe=One-Click`) ends the
 * alerts at once, without sign-in or CSRF token: the unguessable token is the credential.
 */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params }: LoaderFunctionArgs) {
  const token = requireParam(params, "token", UNSUBSCRIBE_TOKEN);
  const { locale } = await describeUnsubscribe(db(), token);
  throw redirect(`/${locale}/unsubscribe/${token}`, { headers: PRIVATE });
});

export const action = /* @__PURE__ */ domainRoute(async function action({ params, request }: ActionFunctionArgs) {
  const token = requireParam(params, "token", UNSUBSCRIBE_TOKEN);
  // RFC 8058: form-urlencoded or multipart/form-data, with exactly this field.
  const form = await request.formData().catch(() => null);
  if (form?.get("List-Unsubscribe") !== "One-Click") throw data(null, { status: 400, headers: PRIVATE });
  await unsubscribeWithToken(db(), token);
  return new Response("Unsubscribed.\n", {
    status: 200,
    headers: { ...PRIVATE, "Content-Type": "text/plain; charset=utf-8" },
  });
});
