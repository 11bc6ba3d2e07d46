import { data, type HeadersFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SiteHeader } from "~/components/SiteHeader";
import { localeCookie } from "~/i18n/i18next.server";
import { findSession } from "~/domain/identity/session.server";
import { db } from "~/utils/db.server";
import { requireLocale } from "~/utils/locale.server";
import { domainRoute } from "~/utils/forms.server";
import { isPublicPagePath } from "~/utils/public-cache.server";

/**
 * Every page lives under /{lang}/; an unknown language is a 404. Remembers the choice — except
 * a first one on a public page (the board, a departure): that answer would set a cookie and
 * could not be cached for everyone (decision 028); "/" and every other page save it.
 */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const [saved, session] = await Promise.all([
    localeCookie.parse(request.headers.get("Cookie")),
    findSession(db(), request),
  ]);
  const headers = new Headers();
  const firstOnPublicPage = saved == null && isPublicPagePath(new URL(request.url).pathname);
  if (saved !== locale && !firstOnPublicPage) headers.append("Set-Cookie", await localeCookie.serialize(locale));
  return data({ user: session ? { name: session.user.name, kind: session.user.kind } : null }, { headers });
});

export const headers: HeadersFunction = ({ loaderHeaders }) => {
  const headers = new Headers();
  const cookie = loaderHeaders.get("Set-Cookie");
  if (cookie) headers.set("Set-Cookie", cookie);
  return headers;
};

export default function LocalizedLayout() {
  const { t } = useTranslation("common");
  const { lang } = useParams();
  const { user } = useLoaderData<typeof loader>();
  return (
    <>
      <a className="skip-link" href="#main">
        {t("nav.skipToContent")}
      </a>
      <SiteHeader lang={lang ?? ""} user={user} />
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
