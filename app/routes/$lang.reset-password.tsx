import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { NewPasswordFields } from "~/components/account/NewPasswordFields";
import { FormError } from "~/components/FormField";
import { resetPassword } from "~/domain/identity/email-links.server";
import { redirectWithNotice, requestMeta } from "~/domain/identity/session.server";
import { fixedT } from "~/i18n/i18next.server";
import { ResetPasswordSchema } from "~/schemas/identity";
import { db } from "~/utils/db.server";
import { failureFromError, parseForm, type FormFailure, domainRoute } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";

export const handle = { i18n: ["common", "account"] };

export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const t = await fixedT(requireLocale(params), "account");
  return { title: t("reset.title"), token: new URL(request.url).searchParams.get("token") ?? "" };
});

export const action = /* @__PURE__ */ domainRoute(async function action({
  params,
  request,
  context,
}: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const formData = await request.formData();
  const parsed = parseForm(formData, ResetPasswordSchema);
  if (!parsed.ok) return parsed.failure;
  try {
    await resetPassword(db(), parsed.data.token, parsed.data.password, requestMeta(context, request));
  } catch (error) {
    return failureFromError(error, formData);
  }
  return redirectWithNotice(`/${locale}/login`, { code: "passwordReset" });
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function ResetPassword() {
  const { t } = useTranslation("account");
  const { token } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as FormFailure | undefined;
  const errors = failure?.errors ?? {};
  return (
    <div className="narrow">
      <h1>{t("reset.title")}</h1>
      <FormError error={errors.form} />
      <Form method="post" className="stacked-form" noValidate>
        <input type="hidden" name="token" value={failure?.values.token ?? token} />
        <NewPasswordFields
          labels={{ password: t("reset.password"), confirm: t("reset.confirmPassword") }}
          errors={errors}
        />
        <button type="submit">{t("reset.submit")}</button>
      </Form>
    </div>
  );
}
