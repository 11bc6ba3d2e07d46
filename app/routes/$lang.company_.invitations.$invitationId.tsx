import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/domain/identity/actor.server";
import { revokeInvitation } from "~/domain/identity/invitations.server";
import { requestMeta } from "~/domain/identity/session.server";
import { db } from "~/utils/db.server";
import { throwAsResponse, domainRoute } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";
import { requireParam } from "~/utils/params.server";
import { RECORD_ID } from "~/schemas/fields";

export const loader = /* @__PURE__ */ domainRoute(async function loader({ params }: LoaderFunctionArgs) {
  throw redirect(`/${requireLocale(params)}/company`);
});

/** Revokes a pending invitation; another company's invitation is a 404. */
export const action = /* @__PURE__ */ domainRoute(async function action({
  params,
  request,
  context,
}: ActionFunctionArgs) {
  const locale = requireLocale(params);
  requireParam(params, "invitationId", RECORD_ID);
  const { actor } = await requireActor(db(), request, locale);
  await revokeInvitation(db(), actor, params.invitationId ?? "", requestMeta(context, request)).catch(throwAsResponse);
  return redirect(`/${locale}/company`);
});
