import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { verifyEmail } from "~/domain/identity/email-links.server";
import { rememberDevice } from "~/domain/identity/known-devices.server";
import { confirmRegistration } from "~/domain/identity/register-company.server";
import {
  createSession,
  endSession,
  findSession,
  redirectWithNotice,
  requestMeta,
  type RequestMeta,
} from "~/domain/identity/session.server";
import { LINK_TOKEN } from "~/schemas/fields";
import type { Notice } from "~/schemas/notices";
import { AppError } from "~/utils/app-error";
import { fixedT } from "~/i18n/i18next.server";
import { db } from "~/utils/db.server";
import { requireLocale } from "~/utils/locale.server";
import { domainRoute } from "~/utils/forms.server";

export const handle = { i18n: ["common", "account"] };

/**
 * Opening the link shows a button; confirming is a POST. Mail scanners that fetch every link
 * in a message would otherwise use the link up before the person clicks it.
 */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const t = await fixedT(locale, "account");
  return { title: t("verify.title"), token: new URL(request.url).searchParams.get("token") ?? "" };
});

/**
 * The link of a pending registration creates the company and signs its new admin in; the link
 * of an existing account confirms its address (and signs its owner in on this browser).
 */
export const action = /* @__PURE__ */ domainRoute(async function action({
  params,
  request,
  context,
}: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const token = String((await request.formData()).get("token") ?? "");
  const meta = requestMeta(context, request);
  if (!LINK_TOKEN.test(token)) return { verified: false as const };
  let registered: Awaited<ReturnType<typeof confirmRegistration>>;
  try {
    registered = await confirmRegistration(db(), token, meta);
  } catch (error) {
    if (error instanceof AppError) return { verified: false as const, error: `errors.${error.code}` };
    throw error;
  }
  if (registered) {
    // Back to where the registration started (the departure they wanted to book), else the account.
    const to = registered.returnTo ?? `/${locale}/account`;
    return signInHere(request, meta, registered.userId, to, { code: "welcome" });
  }
  const userId = await verifyEmail(db(), token, meta);
  const current = await findSession(db(), request);
  // A link used before, opened again by its confirmed owner: nothing is wrong.
  if (!userId) return { verified: Boolean(current?.user.emailVerifiedAt) };
  if (current?.user.id === userId) return { verified: true as const };
  return signInHere(request, meta, userId, `/${locale}/account`, { code: "emailConfirmed" });
});

async function signInHere(request: Request, meta: RequestMeta, userId: string, to: string, notice: Notice) {
  await endSession(db(), request);
  const headers = new Headers();
  headers.append("Set-Cookie", await createSession(db(), userId, meta));
  headers.append("Set-Cookie", await rememberDevice(db(), request, userId));
  return redirectWithNotice(to, notice, { headers });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function VerifyEmail() {
  const { t } = useTranslation("account");
  const { lang } = useParams();
  const { token } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="narrow">
      <h1>{t("verify.title")}</h1>
      {result ? (
        <p className={result.verified ? "notice" : "form-error"} role="status">
          {result.verified ? t("verify.success") : t(("error" in result && result.error) || "verify.failed")}
        </p>
      ) : (
        <Form method="post">
          <p>{t("verify.intro")}</p>
          <input type="hidden" name="token" value={token} />
          <button type="submit">{t("verify.confirm")}</button>
        </Form>
      )}
      <p>
        <Link to={`/${lang}/account`}>{t("account.title")}</Link>
      </p>
    </div>
  );
}
