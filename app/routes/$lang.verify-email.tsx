import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { verifyEmail } from "~/domain/identity/email-links.server";
import { requestMeta } from "~/domain/identity/session.server";
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

export async function action({ request, context }: ActionFunctionArgs) {
  const token = String((await request.formData()).get("token") ?? "");
  return { verified: token ? await verifyEmail(db(), token, requestMeta(context, request)) : false };
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
