import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { verifyEmail } from "~/domain/identity/email-links.server";
import { createSession, endSession, findSession, requestMeta } from "~/domain/identity/session.server";
import { fixedT } from "~/i18n/i18next.server";
import { db } from "~/utils/db.server";
import { requireLocale } from "~/utils/locale.server";

export const handle = { i18n: ["common", "account"] };

/**
 * Opening the link shows a button; confirming is a POST. Mail scanners that fetch every link
 * in a message would otherwise use the link up before the person clicks it.
 */
export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const t = await fixedT(locale, "account");
  return { title: t("verify.title"), token: new URL(request.url).searchParams.get("token") ?? "" };
}

/** A confirmed address signs its owner in (registration does not: see registerCompany). */
export async function action({ params, request, context }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const token = String((await request.formData()).get("token") ?? "");
  const meta = requestMeta(context, request);
  const userId = token ? await verifyEmail(db(), token, meta) : null;
  if (!userId) return { verified: false };
  const current = await findSession(db(), request);
  if (current?.user.id === userId) return { verified: true };
  await endSession(db(), request);
  const cookie = await createSession(db(), userId, meta);
  return redirect(`/${locale}/account?welcome=1`, { headers: { "Set-Cookie": cookie } });
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
          {result.verified ? t("verify.success") : t("verify.failed")}
        </p>
      ) : (
        <Form method="post">
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
