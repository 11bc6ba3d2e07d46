import { OpenInvitations } from "~/components/company/OpenInvitations";
import { companyOverview } from "~/domain/identity/company-overview.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError, FormField } from "~/components/FormField";
import { NoticeMessage } from "~/components/NoticeMessage";
import { LANGUAGE_OPTIONS, SelectField } from "~/components/SelectField";
import { authorize, requireActor } from "~/domain/identity/actor.server";
import { invitePartner, inviteColleague } from "~/domain/identity/invitations.server";
import { can, COMPANY_ROLES } from "~/domain/identity/permissions";
import { requestMeta, takeNotice } from "~/domain/identity/session.server";
import { fixedT } from "~/i18n/i18next.server";
import { LANGUAGE_ENDONYMS } from "~/i18n/config";
import { formatLocalDate } from "~/i18n/format";
import { InviteColleagueSchema, InvitePartnerSchema } from "~/schemas/identity";
import { db } from "~/utils/db.server";
import { failureFromError, parseForm, type FormFailure, domainRoute } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";

export const handle = { i18n: ["common", "account"] };

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
  const [{ company, members, invitations, partners }, t, { notice, headers }] = await Promise.all([
    companyOverview(db(), companyId),
    fixedT(locale, "account"),
    takeNotice(request),
  ]);
  const page = {
    title: t("company.title"),
    notice,
    company: {
      name: company.legalNameZh,
      latinName: company.legalNameLatin,
      creditCode: company.creditCode,
      creditStatus: company.creditStatus,
    },
    canManageMembers: can(actor, "invite:member", { companyId }),
    canInvitePartners: can(actor, "invite:partner", { companyId }),
    members: members.map((member) => ({
      id: member.id,
      name: member.user.name,
      email: member.user.email,
      role: member.role,
      isMe: member.userId === user.id,
    })),
    invitations: invitations.map((invitation) => ({
      id: invitation.id,
      email: invitation.email,
      kind: invitation.kind,
      role: invitation.role,
      expires: formatLocalDate(invitation.expiresAt, locale, user.timeZone),
    })),
    partners: partners.map((link) => ({
      id: link.id,
      name: link.partner.name,
      email: link.partner.email,
      locale: link.partner.locale,
    })),
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
      <h1>{page.company.name}</h1>
      <p className="lead">
        {page.company.latinName} · {page.company.creditCode} · {t(`company.creditStatus.${page.company.creditStatus}`)}
      </p>
      <NoticeMessage notice={page.notice} />
      {result && "invited" in result ? (
        <p className="notice" role="status">
          {t("company.invitationSent", { email: result.invited })}
        </p>
      ) : null}

      <section aria-labelledby="members-heading">
        <h2 id="members-heading">{t("company.members")}</h2>
        <table className="capacity-table">
          <thead>
            <tr>
              <th scope="col">{t("account.name")}</th>
              <th scope="col">{t("account.email")}</th>
              <th scope="col">{t("company.role")}</th>
            </tr>
          </thead>
          <tbody>
            {page.members.map((member) => (
              <tr key={member.id}>
                <td>{member.name}</td>
                <td>{member.email}</td>
                <td>
                  {page.canManageMembers && !member.isMe ? (
                    <Form method="post" action={`/${lang}/company/members/${member.id}`} className="inline-form">
                      <label className="visually-hidden" htmlFor={`role-${member.id}`}>
                        {t("company.roleOf", { name: member.name })}
                      </label>
                      <select id={`role-${member.id}`} name="role" defaultValue={member.role}>
                        {COMPANY_ROLES.map((role) => (
                          <option key={role} value={role}>
                            {t(`account.role.${role}`)}
                          </option>
                        ))}
                      </select>
                      <button type="submit">{t("company.changeRole")}</button>
                    </Form>
                  ) : (
                    t(`account.role.${member.role}`)
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <OpenInvitations invitations={page.invitations} canRevoke={page.canManageMembers} />

      {page.canManageMembers ? (
        <section aria-labelledby="invite-heading">
          <h2 id="invite-heading">{t("company.inviteColleague")}</h2>
          <FormError error={errorsFor("inviteColleague").form} />
          <Form method="post" className="stacked-form" noValidate>
            <input type="hidden" name="intent" value="inviteColleague" />
            <FormField
              name="email"
              id="colleague-email"
              label={t("company.colleagueEmail")}
              type="email"
              required
              defaultValue={valuesFor("inviteColleague").email ?? ""}
              error={errorsFor("inviteColleague").email}
            />
            <div className="field">
              <label htmlFor="colleague-role">{t("company.role")}</label>
              <select id="colleague-role" name="role" defaultValue={valuesFor("inviteColleague").role ?? "BOOKER"}>
                {COMPANY_ROLES.map((role) => (
                  <option key={role} value={role}>
                    {t(`account.role.${role}`)}
                  </option>
                ))}
              </select>
            </div>
            <SelectField
              id="colleague-locale"
              name="locale"
              label={t("company.messageLanguage")}
              defaultValue={valuesFor("inviteColleague").locale ?? lang}
              options={LANGUAGE_OPTIONS}
            />
            <button type="submit">{t("company.sendInvitation")}</button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="partners-heading">
        <h2 id="partners-heading">{t("company.partners")}</h2>
        <p>{t("company.partnersIntro")}</p>
        {page.partners.length > 0 ? (
          <ul>
            {page.partners.map((partner) => (
              <li key={partner.id}>
                {partner.name} ({partner.email}) ·{" "}
                {LANGUAGE_ENDONYMS[partner.locale as keyof typeof LANGUAGE_ENDONYMS] ?? partner.locale}
              </li>
            ))}
          </ul>
        ) : null}
        {page.canInvitePartners ? (
          <>
            <h3>{t("company.invitePartner")}</h3>
            <FormError error={errorsFor("invitePartner").form} />
            <Form method="post" className="stacked-form" noValidate>
              <input type="hidden" name="intent" value="invitePartner" />
              <FormField
                name="email"
                id="partner-email"
                label={t("company.partnerEmail")}
                type="email"
                required
                defaultValue={valuesFor("invitePartner").email ?? ""}
                error={errorsFor("invitePartner").email}
              />
              <SelectField
                id="partner-locale"
                name="locale"
                label={t("company.partnerLanguage")}
                defaultValue={valuesFor("invitePartner").locale ?? "en"}
                options={LANGUAGE_OPTIONS}
              />
              <button type="submit">{t("company.sendInvitation")}</button>
            </Form>
          </>
        ) : null}
      </section>
    </>
  );
}
