import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError, FormField } from "~/components/FormField";
import { LANGUAGE_OPTIONS, SelectField, timeZoneOptions } from "~/components/SelectField";
import { acceptInvitation, findOpenInvitation } from "~/domain/identity/invitations.server";
import { requestMeta } from "~/domain/identity/session.server";
import { fixedT } from "~/i18n/i18next.server";
import { AcceptInvitationSchema } from "~/schemas/identity";
import { LINK_TOKEN } from "~/schemas/fields";
import { db } from "~/utils/db.server";
import { failureFromError, parseForm, type FormFailure, domainRoute } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";

export const handle = { i18n: ["common", "account"] };

/** A sensible first guess of a partner's time zone from their language. */
const ZONE_BY_LOCALE: Record<string, string> = {
  "zh-CN": "Asia/Shanghai",
  en: "Europe/London",
  ru: "Europe/Moscow",
  de: "Europe/Berlin",
  pl: "Europe/Warsaw",
  kk: "Asia/Almaty",
  uz: "Asia/Tashkent",
  tr: "Europe/Istanbul",
  vi: "Asia/Ho_Chi_Minh",
  ar: "Asia/Dubai",
};

export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const invitation = LINK_TOKEN.test(token) ? await findOpenInvitation(db(), token) : null;
  const t = await fixedT(locale, "account");
  if (!invitation) throw data({ title: t("invitation.invalidTitle") }, { status: 404 });
  return {
    title: t("invitation.title"),
    token,
    kind: invitation.kind,
    company: locale === "zh-CN" ? invitation.company.legalNameZh : invitation.company.legalNameLatin,
    email: invitation.email,
    hasAccount: invitation.hasAccount,
    role: invitation.role,
    defaultTimeZone: ZONE_BY_LOCALE[locale] ?? "UTC",
    timeZones: Intl.supportedValuesOf("timeZone"),
  };
});

export const action = /* @__PURE__ */ domainRoute(async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const parsed = parseForm(formData, AcceptInvitationSchema);
  if (!parsed.ok) return parsed.failure;
  try {
    const { cookie } = await acceptInvitation(db(), parsed.data.token, parsed.data, requestMeta(context, request));
    // The account opens in the language the invitee chose.
    return redirect(`/${parsed.data.locale}/account`, { headers: { "Set-Cookie": cookie } });
  } catch (error) {
    return failureFromError(error, formData);
  }
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function AcceptInvitation() {
  const { t } = useTranslation("account");
  const page = useLoaderData<typeof loader>();
  const { lang } = useParams();
  const failure = useActionData<typeof action>() as FormFailure | undefined;
  const errors = failure?.errors ?? {};
  const values = failure?.values ?? {};
  return (
    <div className="narrow">
      <h1>{t("invitation.title")}</h1>
      <p className="lead">
        {page.kind === "PARTNER"
          ? t("invitation.partnerIntro", { company: page.company })
          : t("invitation.colleagueIntro", { company: page.company, role: t(`account.role.${page.role ?? "VIEWER"}`) })}
      </p>
      <FormError error={errors.form} />
      <Form method="post" className="stacked-form" noValidate>
        <input type="hidden" name="token" value={page.token} />
        <FormField name="email" label={t("account.email")} defaultValue={page.email} readOnly />
        {page.hasAccount ? (
          <p>{t("invitation.existingAccount")}</p>
        ) : (
          <FormField
            name="name"
            label={t("register.name")}
            required
            defaultValue={values.name ?? ""}
            error={errors.name}
            autoComplete="name"
          />
        )}
        <FormField
          name="password"
          label={page.hasAccount ? t("signIn.password") : t("register.password")}
          hint={page.hasAccount ? undefined : t("register.passwordHint")}
          type="password"
          required
          autoComplete={page.hasAccount ? "current-password" : "new-password"}
          error={errors.password}
        />
        <SelectField
          id="accept-locale"
          name="locale"
          label={t("invitation.language")}
          defaultValue={values.locale ?? lang}
          options={LANGUAGE_OPTIONS}
        />
        <SelectField
          id="accept-timeZone"
          name="timeZone"
          label={t("invitation.timeZone")}
          defaultValue={values.timeZone ?? page.defaultTimeZone}
          error={errors.timeZone}
          options={timeZoneOptions(page.timeZones)}
        />
        <button type="submit">{t("invitation.accept")}</button>
      </Form>
    </div>
  );
}
