import { data, type HeadersFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LanguageSwitcher } from "~/components/LanguageSwitcher";
import { localeCookie } from "~/i18n/i18next.server";
import { requireLocale } from "~/utils/locale.server";

/** Every page lives under /{lang}/; an unknown language is a 404. Remembers the choice. */
export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const saved = await localeCookie.parse(request.headers.get("Cookie"));
  const headers = new Headers();
  if (saved !== locale) headers.append("Set-Cookie", await localeCookie.serialize(locale));
  return data(null, { headers });
}

export const headers: HeadersFunction = ({ loaderHeaders }) => {
  const headers = new Headers();
  const cookie = loaderHeaders.get("Set-Cookie");
  if (cookie) headers.set("Set-Cookie", cookie);
  return headers;
};

export default function LocalizedLayout() {
  const { t } = useTranslation("common");
  const { lang } = useParams();
  return (
    <>
      <a className="skip-link" href="#main">
        {t("nav.skipToContent")}
      </a>
      <header className="site-header">
        <Link to={`/${lang}/schedules`} className="brand">
          <span className="brand-mark" aria-hidden="true">
            丝
          </span>
          <span>{t("brand.name")}</span>
        </Link>
        <nav aria-label={t("nav.main")} className="main-nav">
          <Link to={`/${lang}/schedules`}>{t("nav.schedules")}</Link>
        </nav>
        <LanguageSwitcher />
      </header>
      <main id="main" className="page">
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>{t("footer.illustrative")}</p>
        <p>{t("footer.about")}</p>
      </footer>
    </>
  );
}
