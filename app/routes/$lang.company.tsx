import { InviteColleague, MembersTable } from "~/components/company/Members";
import { OpenInvitations } from "~/components/company/OpenInvitations";
import { Partners } from "~/components/company/Partners";
import { NoticeMessage } from "~/components/NoticeMessage";
import { companyOverview } from "~/domain/identity/company-overview.server";
import { presentCompany } from "~/domain/identity/company-view";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { authorize, requireActor } from "~/domain/identity/actor.server";
import { invitePartner, inviteColleague } from "~/domain/identity/invitations.server";
import { requestMeta, takeNotice } from "~/domain/identity/session.server";
import { fixedT } from "~/i18n/i18next.server";
import { InviteColleagueSchema, InvitePartnerSchema } from "~/schemas/identity";
import { db } from "~/utils/db.server";
import { failureFromError, parseForm, type FormFailure, domainRoute } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";

export const handle = { i18n: ["common", "account", "api"] };

/** The company the signed-in exporter works for (their first membership). */
async function companyOf(request: Request, locale: string) {
  const context = await requireActor(db(), request, locale);
  const membership = context.actor.memberships[0];
  if (!membership) throw data(null, { status: 404 });
  authorize(context.actor, "read:member", { companyId: membership.companyId });
  return { ...context, companyId: membership.companyId };
}

export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const { actor, user, companyId } = await companyOf(request, locale);
  const [overview, t, { notice, headers }] = await Promise.all([
    companyOverview(db(), companyId),
    fixedT(locale, "account"),
    takeNotice(request),
  ]);
  const page = {
    title: t("company.title"),
    notice,
    ...presentCompany(overview, { actor, locale, timeZone: user.timeZone }),
  };
  return data(page, { headers });
});

export const action = /* @__PURE__ */ domainRoute(async function action({
  params,
  request,
  context,
}: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const { actor, companyId } = await companyOf(request, locale);
  const formData = await request.formData();
  const intent = formData.get("intent");
  const meta = requestMeta(context, request);
  try {
    if (intent === "inviteColleague") {
      const parsed = parseForm(formData, InviteColleagueSchema);
      if (!parsed.ok) return parsed.failure;
      await inviteColleague(db(), actor, { companyId, ...parsed.data }, meta);
      return { invited: parsed.data.email };
    }
    if (intent === "invitePartner") {
      const parsed = parseForm(formData, InvitePartnerSchema);
      if (!parsed.ok) return parsed.failure;
      await invitePartner(db(), actor, { companyId, ...parsed.data }, meta);
      return { invited: parsed.data.email };
    }
  } catch (error) {
    return failureFromError(error, formData);
  }
  throw data(null, { status: 400 });
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function CompanyPage() {
  const { t } = useTranslation("account");
  const { lang } = useParams();
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ({ invited: string } | FormFailure) | undefined;
  const failure = result && "errors" in result ? result : undefined;
  const intent = failure?.values.intent;
  const errorsFor = (form: string) => (intent === form ? (failure?.errors ?? {}) : {});
  const valuesFor = (form: string) => (intent === form ? (failure?.values ?? {}) : {});

  return (
    <>
      <h1>
        <bdi>{page.company.name}</bdi>
      </h1>
      <p className="lead">
        <bdi>{page.company.latinName}</bdi> · <bdi>{page.company.creditCode}</bdi> ·{" "}
        {t(`company.creditStatus.${page.company.creditStatus}`)}
      </p>
      <NoticeMessage notice={page.notice} />
      {result && "invited" in result ? (
        <p className="notice" role="status">
          {t("company.invitationSent", { email: result.invited })}
        </p>
      ) : null}
      {page.canManageMembers ? (
        <p>
          <Link to={`/${lang}/company/api-keys`}>{t("api:keys.link")}</Link>
        </p>
      ) : null}
      <MembersTable members={page.members} canManage={page.canManageMembers} />
      <OpenInvitations invitations={page.invitations} canRevoke={page.canManageMembers} />
      {page.canManageMembers ? (
        <InviteColleague errors={errorsFor("inviteColleague")} values={valuesFor("inviteColleague")} />
      ) : null}
      <Partners
        partners={page.partners}
        canInvite={page.canInvitePartners}
        errors={errorsFor("invitePartner")}
        values={valuesFor("invitePartner")}
      />
    </>
  );
}
