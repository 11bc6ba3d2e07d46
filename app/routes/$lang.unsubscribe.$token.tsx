import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { describeUnsubscribe, UNSUBSCRIBE_TOKEN, unsubscribeWithToken } from "~/domain/tracking/unsubscribe.server";
import { fixedT } from "~/i18n/i18next.server";
import { db } from "~/utils/db.server";
import { domainRoute } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";
import { requireParam } from "~/utils/params.server";

export const handle = { i18n: ["common", "alerts"] };

/**
 * The unsubscribe page an alert e-mail links to (decision 024), reached in the subscriber's
 * language: it says what would end and asks for one click. Opening it ends nothing (mail
 * scanners follow links); the button does, without signing in.
 */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const token = requireParam(params, "token", UNSUBSCRIBE_TOKEN);
  const [what, t] = await Promise.all([describeUnsubscribe(db(), token), fixedT(locale, "alerts")]);
  return { title: t("unsubscribe.title"), all: what.all, references: what.references };
});

export const action = /* @__PURE__ */ domainRoute(async function action({ params }: ActionFunctionArgs) {
  requireLocale(params);
  const token = requireParam(params, "token", UNSUBSCRIBE_TOKEN);
  const { ended } = await unsubscribeWithToken(db(), token);
  return { done: true, ended };
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? "" },
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "no-referrer" },
];

export default function Unsubscribe() {
  const { t } = useTranslation("alerts");
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <article className="narrow">
      <h1>{page.title}</h1>
      {result?.done ? (
        <p className="notice" role="status" data-testid="unsubscribed">
          {t("unsubscribe.done")}
        </p>
      ) : page.references.length === 0 ? (
        <p data-testid="nothing-to-end">{t("unsubscribe.nothing")}</p>
      ) : (
        <Form method="post" className="stacked-form">
          <p>
            {page.all
              ? t("unsubscribe.askAll", { references: page.references.join(", ") })
              : t("unsubscribe.ask", { reference: page.references[0] })}
          </p>
          <button type="submit">{t("unsubscribe.confirm")}</button>
        </Form>
      )}
    </article>
  );
}
