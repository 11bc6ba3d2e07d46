import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { NewPasswordFields } from "~/components/account/NewPasswordFields";
import { FormError, FormField } from "~/components/FormField";
import { registerCompany } from "~/domain/identity/register-company.server";
import { findSession, redirectWithNotice, requestMeta } from "~/domain/identity/session.server";
import { fixedT } from "~/i18n/i18next.server";
import { RegisterCompanySchema } from "~/schemas/identity";
import { db } from "~/utils/db.server";
import { failureFromError, parseForm, type FormFailure, domainRoute } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";
import { safeRedirect } from "~/utils/safe-redirect";

export const handle = { i18n: ["common", "account"] };

export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  // Only a path of this site is ever kept (see the sign-in page).
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "") || null;
  if (await findSession(db(), request)) throw redirect(redirectTo ?? `/${locale}/account`);
  const t = await fixedT(locale, "account");
  return { title: t("register.title"), redirectTo };
});

export const action = /* @__PURE__ */ domainRoute(async function action({
  params,
  request,
  context,
}: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const formData = await request.formData();
  formData.set("locale", locale);
  const parsed = parseForm(formData, RegisterCompanySchema);
  if (!parsed.ok) return parsed.failure;
  try {
    // The same answer whether or not the address already had an account (registerCompany).
    await registerCompany(db(), parsed.data, requestMeta(context, request));
    const redirectTo = safeRedirect(parsed.data.redirectTo, "");
    return redirectWithNotice(`/${locale}/login${redirectTo ? `?redirectTo=${encodeURIComponent(redirectTo)}` : ""}`, {
      code: "registered",
    });
  } catch (error) {
    return failureFromError(error, formData);
  }
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function Register() {
  const { t } = useTranslation("account");
  const { lang } = useParams();
  const { redirectTo } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as FormFailure | undefined;
  const errors = failure?.errors ?? {};
  const values = failure?.values ?? {};
  const field = (name: string) => ({ name, defaultValue: values[name] ?? "", error: errors[name] });
  return (
    <div className="narrow">
      <h1>{t("register.title")}</h1>
      <p className="lead">{t("register.intro")}</p>
      {Object.keys(errors).length > 0 ? <FormError error={errors.form ?? "errors.form"} /> : null}
      <Form method="post" className="stacked-form" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo ?? ""} />
        <fieldset>
          <legend>{t("register.companySection")}</legend>
          <FormField {...field("companyNameZh")} label={t("register.companyNameZh")} required lang="zh-CN" />
          <FormField
            {...field("companyNameLatin")}
            label={t("register.companyNameLatin")}
            hint={t("register.companyNameLatinHint")}
            required
          />
          <FormField
            {...field("creditCode")}
            label={t("register.creditCode")}
            hint={t("register.creditCodeHint")}
            required
            autoCapitalize="characters"
            spellCheck={false}
          />
          <FormField {...field("address")} label={t("register.address")} required autoComplete="street-address" />
          <FormField
            {...field("contactPhone")}
            label={t("register.contactPhone")}
            type="tel"
            required
            autoComplete="tel"
          />
        </fieldset>
        <fieldset>
          <legend>{t("register.userSection")}</legend>
          <FormField {...field("name")} label={t("register.name")} required autoComplete="name" />
          <FormField {...field("email")} label={t("register.email")} type="email" required autoComplete="email" />
          <NewPasswordFields
            labels={{ password: t("register.password"), confirm: t("register.confirmPassword") }}
            errors={errors}
          />
        </fieldset>
        <button type="submit">{t("register.submit")}</button>
      </Form>
      <p>
        {t("register.haveAccount")}{" "}
        <Link to={`/${lang}/login${redirectTo ? `?redirectTo=${encodeURIComponent(redirectTo)}` : ""}`}>
          {t("register.signInLink")}
        </Link>
      </p>
    </div>
  );
}
