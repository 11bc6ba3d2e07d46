import { ChangePasswordForm, ProfileForm } from "~/components/account/AccountForms";
import { SignedInSessions } from "~/components/account/SignedInSessions";
import { presentAccount } from "~/domain/identity/account-view";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Fact } from "~/components/DepartureCard";
import { resendVerificationEmail } from "~/domain/identity/email-links.server";
import { accountOverview, changePassword, signOutElsewhere, updateProfile } from "~/domain/identity/profile.server";
import { redirectWithNotice, requestMeta, requireUser, takeNotice } from "~/domain/identity/session.server";
import { FormError } from "~/components/FormField";
import { NoticeMessage } from "~/components/NoticeMessage";
import { ChangePasswordSchema, ProfileSchema } from "~/schemas/identity";
import { failureFromError, parseForm, type FormFailure, domainRoute } from "~/utils/forms.server";
import { fixedT } from "~/i18n/i18next.server";
import { db } from "~/utils/db.server";
import { requireLocale } from "~/utils/locale.server";

export const handle = { i18n: ["common", "account"] };

export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const session = await requireUser(db(), request, locale);
  const { user } = session;
  const [overview, t, { notice, headers }] = await Promise.all([
    accountOverview(db(), user.id),
    fixedT(locale, "account"),
    takeNotice(request),
  ]);
  const page = {
    title: t("account.title"),
    notice,
    ...presentAccount(overview, { user, sessionId: session.id, locale }),
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
    return { signedOut: await signOutElsewhere(db(), session, meta) };
  }
  throw data(null, { status: 400 });
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function Account() {
  const { t } = useTranslation("account");
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { resent: true } | { signedOut: number } | FormFailure | undefined;
  const failure = result && "errors" in result ? result : undefined;
  const errorsFor = (form: string) => (failure?.values.intent === form ? failure.errors : {});
  const valuesFor = (form: string) => (failure?.values.intent === form ? failure.values : {});
  return (
    <div className="narrow">
      <h1>{t("account.title")}</h1>
      <NoticeMessage notice={page.notice} />
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
        <Fact label={t("account.name")}>
          <bdi>{page.user.name}</bdi>
        </Fact>
        <Fact label={t("account.email")}>
          <bdi>{page.user.email}</bdi>
        </Fact>
        {page.companies.map((company) => (
          <Fact key={company.id} label={t("account.company")}>
            <bdi>{company.name}</bdi> (<bdi>{company.latinName}</bdi>) — {t(`account.role.${company.role}`)}
          </Fact>
        ))}
      </dl>
      {page.user.verified ? null : (
        <Form method="post" className="inline-form">
          <p>{t("verify.notVerified")}</p>
          <FormError error={errorsFor("resendVerification").form} />
          <button type="submit" name="intent" value="resendVerification">
            {t("verify.resend")}
          </button>
        </Form>
      )}
      <ProfileForm
        user={page.user}
        timeZones={page.timeZones}
        errors={errorsFor("updateProfile")}
        values={valuesFor("updateProfile")}
      />
      <ChangePasswordForm errors={errorsFor("changePassword")} />
      <SignedInSessions sessions={page.sessions} />
    </div>
  );
}
