import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/domain/identity/actor.server";
import { startDraft } from "~/domain/booking/start-draft.server";
import { db } from "~/utils/db.server";
import { throwAsResponse, domainRoute } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";
import { requireParam } from "~/utils/params.server";
import { RECORD_ID } from "~/schemas/fields";

export const loader = /* @__PURE__ */ domainRoute(async function loader({ params }: LoaderFunctionArgs) {
  throw redirect(`/${requireLocale(params)}/departures/${requireParam(params, "id", RECORD_ID)}`);
});

/** "Book this departure": a draft for the exporter's company, then the first step. */
export const action = /* @__PURE__ */ domainRoute(async function action({ params, request }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  requireParam(params, "id", RECORD_ID);
  const { actor } = await requireActor(db(), request, locale);
  const draft = await startDraft(db(), actor, params.id ?? "").catch(throwAsResponse);
  return redirect(`/${locale}/bookings/${draft.reference}/edit/equipment`);
});
