import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError, FormField } from "~/components/FormField";
import { NoticeMessage } from "~/components/NoticeMessage";
import { endSession, findSession, homePath, requestMeta, takeNotice } from "~/domain/identity/session.server";
import { signIn } from "~/domain/identity/sign-in.server";
import { deviceTokens, rememberDevice } from "~/domain/identity/known-devices.server";
import { fixedT } from "~/i18n/i18next.server";
import { SignInSchema } from "~/schemas/identity";
import { db } from "~/utils/db.server";
import { failureFromError, parseForm, type FormFailure, domainRoute } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";
import { safeRedirect } from "~/utils/safe-redirect";

export const handle = { i18n: ["common", "account"] };

export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const url = new URL(request.url);
  // Only a path of this site is ever kept, shown in the form or followed.
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"), "") || null;
  const session = await findSession(db(), request);
  if (session) throw redirect(redirectTo ?? homePath(session.user, locale));
  const [t, { notice, headers }] = await Promise.all([fixedT(locale, "account"), takeNotice(request)]);
  return data({ title: t("signIn.title"), redirectTo, notice }, { headers });
});

export const action = /* @__PURE__ */ domainRoute(async function action({
  params,
  request,
  context,
}: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const formData = await request.formData();
  const parsed = parseForm(formData, SignInSchema);
  if (!parsed.ok) return parsed.failure;
  try {
    const { cookie, user } = await signIn(db(), parsed.data, requestMeta(context, request), new Date(), {
      deviceTokens: await deviceTokens(request),
    });
    // A session the browser brought along is ended, not reused (session fixation).
    await endSession(db(), request);
    const headers = new Headers();
    headers.append("Set-Cookie", cookie);
    headers.append("Set-Cookie", await rememberDevice(db(), request, user.id));
    return redirect(safeRedirect(parsed.data.redirectTo, homePath(user, locale)), { headers });
  } catch (error) {
    return failureFromError(error, formData);
  }
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function SignIn() {
  const { t } = useTranslation("account");
  const { lang } = useParams();
  const { redirectTo, notice } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as FormFailure | undefined;
  const errors = failure?.errors ?? {};
  return (
    <div className="narrow">
      <h1>{t("signIn.title")}</h1>
      {failure ? null : <NoticeMessage notice={notice} />}
      <FormError error={errors.form} />
      <Form method="post" className="stacked-form" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo ?? ""} />
        <FormField
          name="email"
          label={t("signIn.email")}
          type="email"
          required
          autoComplete="username"
          defaultValue={failure?.values.email ?? ""}
          error={errors.email}
        />
        <FormField
          name="password"
          label={t("signIn.password")}
          type="password"
          required
          autoComplete="current-password"
          error={errors.password}
        />
        <button type="submit">{t("signIn.submit")}</button>
      </Form>
      <p>
        <Link to={`/${lang}/forgot-password`}>{t("signIn.forgot")}</Link>
      </p>
      <p>
        {t("signIn.noAccount")}{" "}
        <Link to={`/${lang}/register${redirectTo ? `?redirectTo=${encodeURIComponent(redirectTo)}` : ""}`}>
          {t("signIn.registerLink")}
        </Link>
      </p>
    </div>
  );
}
