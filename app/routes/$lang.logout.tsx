import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { endSession, redirectWithNotice } from "~/domain/identity/session.server";
import { db } from "~/utils/db.server";
import { requireLocale } from "~/utils/locale.server";
import { domainRoute } from "~/utils/forms.server";

/** Signing out is a POST (a link could be triggered by another site); GET just goes home. */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params }: LoaderFunctionArgs) {
  throw redirect(`/${requireLocale(params)}/schedules`);
});

export const action = /* @__PURE__ */ domainRoute(async function action({ params, request }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const cookie = await endSession(db(), request);
  return redirectWithNotice(`/${locale}/login`, { code: "signedOut" }, { headers: { "Set-Cookie": cookie } });
});
