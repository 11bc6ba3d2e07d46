import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormField } from "~/components/FormField";
import { requestPasswordResetInBackground } from "~/domain/identity/email-links.server";
import { requestMeta } from "~/domain/identity/session.server";
import { fixedT } from "~/i18n/i18next.server";
import { ForgotPasswordSchema } from "~/schemas/identity";
import { db } from "~/utils/db.server";
import { parseForm, type FormFailure, domainRoute } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";

export const handle = { i18n: ["common", "account"] };

export const loader = /* @__PURE__ */ domainRoute(async function loader({ params }: LoaderFunctionArgs) {
  const t = await fixedT(requireLocale(params), "account");
  return { title: t("forgot.title") };
});

/** The same answer whether or not the address has an account. */
export const action = /* @__PURE__ */ domainRoute(async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const parsed = parseForm(formData, ForgotPasswordSchema);
  if (!parsed.ok) return parsed.failure;
  requestPasswordResetInBackground(db(), parsed.data.email, requestMeta(context, request));
  return { sent: true as const };
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function ForgotPassword() {
  const { t } = useTranslation("account");
  const result = useActionData<typeof action>() as ({ sent: true } & Partial<FormFailure>) | FormFailure | undefined;
  const failure = result && "errors" in result ? (result as FormFailure) : undefined;
  return (
    <div className="narrow">
      <h1>{t("forgot.title")}</h1>
      {result && "sent" in result ? (
        <p className="notice" role="status">
          {t("forgot.sent")}
        </p>
      ) : (
        <>
          <p>{t("forgot.intro")}</p>
          <Form method="post" className="stacked-form" noValidate>
            <FormField
              name="email"
              label={t("forgot.email")}
              type="email"
              required
              autoComplete="email"
              defaultValue={failure?.values.email ?? ""}
              error={failure?.errors.email}
            />
            <button type="submit">{t("forgot.submit")}</button>
          </Form>
        </>
      )}
    </div>
  );
}
