import { Form, Link, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { LanguageSwitcher } from "~/components/LanguageSwitcher";

export interface HeaderUser {
  name: string;
  kind: string;
}

/**
 * The site header. Wide screens show the navigation in the bar; on a phone the same links sit
 * behind a "Menu" disclosure (a <details>, so it opens without JavaScript and from the keyboard).
 * Both copies are rendered and CSS shows one: a closed <details> cannot be shown open by CSS
 * alone in every browser, and the hidden copy is display: none, so it is not read out twice.
 */
export function SiteHeader({ lang, user }: { lang: string; user: HeaderUser | null }) {
  const { t } = useTranslation("common");
  const menu = useRef<HTMLDetailsElement>(null);
  const { pathname, search } = useLocation();
  // A link followed in the open menu: the next page starts with the menu closed, as without JavaScript.
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [pathname, search]);
  return (
    <header className="site-header">
      <Link to={`/${lang}/schedules`} className="brand">
        <span className="brand-mark" aria-hidden="true" lang="zh-CN">
          丝
        </span>
        <span>{t("brand.name")}</span>
      </Link>
      <div className="site-nav-wide">
        <SiteNavigation lang={lang} user={user} />
      </div>
      <details className="site-menu" ref={menu} data-testid="site-menu">
        <summary>
          <span className="site-menu-icon" aria-hidden="true">
            ☰
          </span>{" "}
          {t("nav.menu")}
        </summary>
        <div className="site-menu-panel">
          <SiteNavigation lang={lang} user={user} />
        </div>
      </details>
      <LanguageSwitcher />
    </header>
  );
}

/** The main and the user's navigation (what a signed-in user may open, or sign in and register). */
function SiteNavigation({ lang, user }: { lang: string; user: HeaderUser | null }) {
  const { t } = useTranslation("common");
  return (
    <>
      <nav aria-label={t("nav.main")} className="main-nav">
        <Link to={`/${lang}/schedules`}>{t("nav.schedules")}</Link>
      </nav>
      <nav aria-label={t("nav.user")} className="user-nav">
        {user ? (
          <>
            {user.kind === "EXPORTER" ? <Link to={`/${lang}/bookings`}>{t("nav.bookings")}</Link> : null}
            {user.kind === "EXPORTER" ? <Link to={`/${lang}/company`}>{t("nav.company")}</Link> : null}
            {user.kind === "PARTNER" || user.kind === "EXPORTER" ? (
              <Link to={`/${lang}/track`}>{t("nav.track")}</Link>
            ) : null}
            {user.kind === "STAFF" ? <Link to={`/${lang}/staff`}>{t("nav.staff")}</Link> : null}
            {user.kind === "ADMIN" ? <Link to={`/${lang}/admin`}>{t("nav.admin")}</Link> : null}
            <Link to={`/${lang}/account`}>{t("nav.account")}</Link>
            <Form method="post" action={`/${lang}/logout`}>
              <button type="submit" className="link-button">
                {t("nav.signOut")}
              </button>
            </Form>
          </>
        ) : (
          <>
            <Link to={`/${lang}/login`}>{t("nav.signIn")}</Link>
            <Link to={`/${lang}/register`}>{t("nav.register")}</Link>
          </>
        )}
      </nav>
    </>
  );
}
