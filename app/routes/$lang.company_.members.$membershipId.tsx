import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/domain/identity/actor.server";
import { changeMemberRole } from "~/domain/identity/invitations.server";
import { redirectWithNotice, requestMeta } from "~/domain/identity/session.server";
import { ChangeRoleSchema } from "~/schemas/identity";
import { db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { parseForm, throwAsResponse, domainRoute } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";
import { requireParam } from "~/utils/params.server";
import { RECORD_ID } from "~/schemas/fields";

export const loader = /* @__PURE__ */ domainRoute(async function loader({ params }: LoaderFunctionArgs) {
  throw redirect(`/${requireLocale(params)}/company`);
});

/** Changes a colleague's role; another company's membership is a 404. */
export const action = /* @__PURE__ */ domainRoute(async function action({
  params,
  request,
  context,
}: ActionFunctionArgs) {
  const locale = requireLocale(params);
  requireParam(params, "membershipId", RECORD_ID);
  const { actor } = await requireActor(db(), request, locale);
  const formData = await request.formData();
  const parsed = parseForm(formData, ChangeRoleSchema);
  if (!parsed.ok) throw data(null, { status: 400 });
  try {
    await changeMemberRole(db(), actor, params.membershipId ?? "", parsed.data.role, requestMeta(context, request));
  } catch (error) {
    // A membership that is not there (or not ours) is a 404; a refused change is told on the page.
    if (error instanceof AppError && error.code === "lastAdmin") {
      return redirectWithNotice(`/${locale}/company`, { code: "lastAdmin" });
    }
    if (error instanceof AppError && error.status !== 404) return redirect(`/${locale}/company`);
    throwAsResponse(error);
  }
  return redirect(`/${locale}/company`);
});
