import { SignedInSessions } from "~/components/account/SignedInSessions";
import { accountOverview } from "~/domain/identity/profile.server";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Fact } from "~/components/DepartureCard";
import { resendVerificationEmail } from "~/domain/identity/email-links.server";
import { changePassword, updateProfile } from "~/domain/identity/profile.server";
import {
  endOtherSessions,
  redirectWithNotice,
  requestMeta,
  requireUser,
  takeNotice,
} from "~/domain/identity/session.server";
import { FormError, FormField } from "~/components/FormField";
import { NoticeMessage } from "~/components/NoticeMessage";
import { LANGUAGE_OPTIONS, SelectField, timeZoneOptions } from "~/components/SelectField";
import { ChangePasswordSchema, ProfileSchema } from "~/schemas/identity";
import { failureFromError, parseForm, type FormFailure, domainRoute } from "~/utils/forms.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { fixedT } from "~/i18n/i18next.server";
import { formatLocalDateTime } from "~/i18n/format";
import { db } from "~/utils/db.server";
import { requireLocale } from "~/utils/locale.server";

export const handle = { i18n: ["common", "account"] };

export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const session = await requireUser(db(), request, locale);
  const { user } = session;
  const [{ memberships, sessions }, t, { notice, headers }] = await Promise.all([
    accountOverview(db(), user.id),
    fixedT(locale, "account"),
    takeNotice(request),
  ]);
  const when = (date: Date) => formatLocalDateTime(date, locale, user.timeZone);
  const page = {
    title: t("account.title"),
    notice,
    user: {
      name: user.name,
      email: user.email,
      verified: Boolean(user.emailVerifiedAt),
      locale: user.locale,
      timeZone: user.timeZone,
    },
    timeZones: Intl.supportedValuesOf("timeZone"),
    companies: memberships.map((membership) => ({
      id: membership.companyId,
      name: membership.company.legalNameZh,
      latinName: membership.company.legalNameLatin,
      role: membership.role,
    })),
    sessions: sessions.map((other) => ({
      id: other.id,
      current: other.id === session.id,
      device: other.userAgent,
      signedInAt: when(other.createdAt),
      lastSeen: when(other.lastSeenAt),
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
  const session = await requireUser(db(), request, locale);
  const formData = await request.formData();
  const intent = formData.get("intent");
  const meta = requestMeta(context, request);
  if (intent === "updateProfile") {
    const parsed = parseForm(formData, ProfileSchema);
    if (!parsed.ok) return parsed.failure;
    await updateProfile(db(), session.userId, parsed.data, meta);
    // The account now speaks the chosen language.
    return redirectWithNotice(`/${parsed.data.locale}/account`, { code: "profileSaved" });
  }
  if (intent === "changePassword") {
    const parsed = parseForm(formData, ChangePasswordSchema);
    if (!parsed.ok) return parsed.failure;
    try {
      await changePassword(db(), session, parsed.data, meta);
    } catch (error) {
      return failureFromError(error, formData);
    }
    return redirectWithNotice(`/${locale}/account`, { code: "passwordChanged" });
  }
  if (intent === "resendVerification") {
    try {
      await resendVerificationEmail(db(), session.userId, meta);
    } catch (error) {
      return failureFromError(error, formData);
    }
    return { resent: true as const };
  }
  if (intent === "signOutOthers") {
    const count = await endOtherSessions(db(), session.userId, session.id);
    await recordAudit(db(), {
      actorId: session.userId,
      action: "auth.signed_out_elsewhere",
      entity: "User",
      entityId: session.userId,
      ipAddress: meta.ipAddress,
      after: { sessionsEnded: count },
    });
    return { signedOut: count };
  }
  throw data(null, { status: 400 });
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function Account() {
  const { t } = useTranslation("account");
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { resent: true } | { signedOut: number } | FormFailure | undefined;
  const failure = result && "errors" in result ? result : undefined;
  const errorsFor = (form: string) => (failure?.values.intent === form ? failure.errors : {});
  const valuesFor = (form: string) => (failure?.values.intent === form ? failure.values : {});
  return (
    <div className="narrow">
      <h1>{t("account.title")}</h1>
      <NoticeMessage notice={data.notice} />
      {result && "resent" in result ? (
        <p className="notice" role="status">
          {t("verify.sent")}
        </p>
      ) : null}
      {result && "signedOut" in result ? (
        <p className="notice" role="status">
          {t("account.othersSignedOut", { count: result.signedOut })}
        </p>
      ) : null}
      <dl className="facts summary">
        <Fact label={t("account.name")}>{data.user.name}</Fact>
        <Fact label={t("account.email")}>{data.user.email}</Fact>
        {data.companies.map((company) => (
          <Fact key={company.id} label={t("account.company")}>
            {company.name} ({company.latinName}) — {t(`account.role.${company.role}`)}
          </Fact>
        ))}
      </dl>
      {data.user.verified ? null : (
        <Form method="post" className="inline-form">
          <p>{t("verify.notVerified")}</p>
          <FormError error={errorsFor("resendVerification").form} />
          <button type="submit" name="intent" value="resendVerification">
            {t("verify.resend")}
          </button>
        </Form>
      )}
      <section aria-labelledby="profile-heading">
        <h2 id="profile-heading">{t("profile.title")}</h2>
        <Form method="post" className="stacked-form" noValidate>
          <input type="hidden" name="intent" value="updateProfile" />
          <FormField
            name="name"
            id="profile-name"
            label={t("account.name")}
            required
            defaultValue={valuesFor("updateProfile").name ?? data.user.name}
            error={errorsFor("updateProfile").name}
          />
          <SelectField
            id="profile-locale"
            name="locale"
            label={t("profile.language")}
            defaultValue={data.user.locale}
            options={LANGUAGE_OPTIONS}
          />
          <SelectField
            id="profile-timeZone"
            name="timeZone"
            label={t("profile.timeZone")}
            defaultValue={data.user.timeZone}
            error={errorsFor("updateProfile").timeZone}
            options={timeZoneOptions(data.timeZones)}
          />
          <button type="submit">{t("profile.save")}</button>
        </Form>
      </section>

      <section aria-labelledby="password-heading">
        <h2 id="password-heading">{t("changePassword.title")}</h2>
        <FormError error={errorsFor("changePassword").form} />
        <Form method="post" className="stacked-form" noValidate>
          <input type="hidden" name="intent" value="changePassword" />
          <FormField
            name="currentPassword"
            label={t("changePassword.current")}
            type="password"
            required
            autoComplete="current-password"
            error={errorsFor("changePassword").currentPassword}
          />
          <FormField
            name="password"
            id="new-password"
            label={t("changePassword.new")}
            hint={t("register.passwordHint")}
            type="password"
            required
            autoComplete="new-password"
            error={errorsFor("changePassword").password}
          />
          <FormField
            name="confirmPassword"
            id="confirm-new-password"
            label={t("changePassword.confirm")}
            type="password"
            required
            autoComplete="new-password"
            error={errorsFor("changePassword").confirmPassword}
          />
          <button type="submit">{t("changePassword.submit")}</button>
        </Form>
      </section>

      <SignedInSessions sessions={data.sessions} />
    </div>
  );
}
