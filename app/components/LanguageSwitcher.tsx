import { useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LANGUAGE_ENDONYMS, localizedPath, SUPPORTED_LOCALES, type Locale } from "~/i18n/config";

/** Plain links to the same page and query in another language: works without JavaScript. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation("common");
  const location = useLocation();
  const current = i18n.language as Locale;
  return (
    <details className="language-switcher">
      <summary>
        <span className="visually-hidden">{t("language.label")}: </span>
        {LANGUAGE_ENDONYMS[current] ?? current}
      </summary>
      <ul>
        {SUPPORTED_LOCALES.map((locale) => (
          <li key={locale}>
            <a
              href={`${localizedPath(location.pathname, locale)}${location.search}`}
              hrefLang={locale}
              lang={locale}
              aria-current={locale === current ? "true" : undefined}
            >
              {LANGUAGE_ENDONYMS[locale]}
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}
