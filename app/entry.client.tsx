import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import Backend from "i18next-http-backend";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { getInitialNamespaces } from "remix-i18next/client";
import { i18nOptions } from "~/i18n/options";
import { DocumentRequestContext, REQUEST_ID_ATTRIBUTE } from "~/utils/request-id";

async function hydrate() {
  const html = document.documentElement;
  await i18next
    .use(initReactI18next)
    .use(Backend)
    .init({
      ...i18nOptions,
      lng: html.lang,
      ns: getInitialNamespaces(),
      // Versioned by content hash, so a cached file never disagrees with the server's render.
      backend: { loadPath: `/locales/{{lng}}/{{ns}}.json?v=${html.dataset.i18nVersion ?? ""}` },
      detection: undefined,
    });

  // An error page the server rendered carries its request id: hydration renders it again.
  const requestId = document.querySelector(`[${REQUEST_ID_ATTRIBUTE}]`)?.getAttribute(REQUEST_ID_ATTRIBUTE);
  const documentRequest = requestId ? { requestId, url: `${location.pathname}${location.search}` } : undefined;
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <DocumentRequestContext.Provider value={documentRequest}>
          <StrictMode>
            <RemixBrowser />
          </StrictMode>
        </DocumentRequestContext.Provider>
      </I18nextProvider>,
    );
  });
}

void hydrate();
