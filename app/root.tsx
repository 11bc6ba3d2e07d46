import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useChangeLanguage } from "remix-i18next/react";
import { DEFAULT_LOCALE, isLocale, localizedPath, SUPPORTED_LOCALES, textDirection } from "~/i18n/config";
import { translationResources } from "~/i18n/resources.server";
import { env } from "~/utils/env.server";
import { useNonce } from "~/utils/nonce";
import { REQUEST_ID_ATTRIBUTE, useDocumentRequestId } from "~/utils/request-id";
import stylesheet from "~/styles/app.css";
import { useSubmitGuard } from "~/components/SubmitGuard";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.ico", sizes: "any" },
];

export const handle = { i18n: ["common"] };

export async function loader({ params }: LoaderFunctionArgs) {
  const locale = isLocale(params.lang) ? params.lang : DEFAULT_LOCALE;
  return { locale, i18nVersion: translationResources().version, appUrl: env().APP_URL };
}

function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRootData();
  // No nonce on a public page cached for everyone: its scripts are allowed by hash (decision 028).
  const nonce = useNonce() || undefined;
  const location = useLocation();
  const locale = data?.locale ?? DEFAULT_LOCALE;
  const localizedHere = location.pathname.split("/")[1] && isLocale(location.pathname.split("/")[1]);
  return (
    <html lang={locale} dir={textDirection(locale)} data-i18n-version={data?.i18nVersion}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        {localizedHere && data
          ? SUPPORTED_LOCALES.map((alternate) => (
              <link
                key={alternate}
                rel="alternate"
                hrefLang={alternate}
                href={`${data.appUrl}${localizedPath(location.pathname, alternate)}${location.search}`}
              />
            ))
          : null}
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const data = useRootData();
  useChangeLanguage(data?.locale ?? DEFAULT_LOCALE);
  useSubmitGuard();
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation("common");
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  const requestId = useDocumentRequestId();
  // The server logs its faults (entry.server.tsx handleError); the browser's console gets its own.
  if (typeof document !== "undefined" && (!isRouteErrorResponse(error) || error.status >= 500)) console.error(error);
  return (
    <main className="page error-page">
      <h1>{notFound ? t("errors.notFoundTitle") : t("errors.serverTitle")}</h1>
      <p>{notFound ? t("errors.notFoundText") : t("errors.serverText")}</p>
      {requestId ? (
        <p className="request-id" {...{ [REQUEST_ID_ATTRIBUTE]: requestId }}>
          {t("errors.requestId", { id: requestId })}
        </p>
      ) : null}
      <p>
        <a href="/">{t("errors.backHome")}</a>
      </p>
    </main>
  );
}
