import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import {
  CARRIAGE_TERMS_CLAUSES,
  CARRIAGE_TERMS_VERSION,
  carriageTermsEffectiveDate,
} from "~/domain/booking/carriage-terms";
import { fixedT } from "~/i18n/i18next.server";
import { domainRoute } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";

export const handle = { i18n: ["common", "terms"] };

/** The carriage terms in force, public: a booker reads them before accepting them at the hold. */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const t = await fixedT(locale, "terms");
  return {
    title: t("title"),
    version: CARRIAGE_TERMS_VERSION,
    effective: carriageTermsEffectiveDate(locale),
    clauses: [...CARRIAGE_TERMS_CLAUSES],
  };
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function CarriageTermsPage() {
  const { t } = useTranslation("terms");
  const page = useLoaderData<typeof loader>();
  return (
    <article className="narrow terms-page">
      <h1>{page.title}</h1>
      <p className="lead" data-testid="terms-version">
        {t("version", { version: page.version, date: page.effective })}
      </p>
      <p>{t("intro")}</p>
      <ol className="terms-clauses">
        {page.clauses.map((clause) => (
          <li key={clause}>
            <h2 id={`clause-${clause}`}>{t(`clauses.${clause}.title`)}</h2>
            <p>{t(`clauses.${clause}.text`)}</p>
          </li>
        ))}
      </ol>
    </article>
  );
}
