import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { localeCookie, localeDetector } from "~/i18n/i18next.server";
import { domainRoute } from "~/utils/forms.server";

/**
 * "/" sends the visitor to their language: saved cookie, then Accept-Language, then zh-CN; and
 * saves it (the board it leads to, a public page, does not save one for a first visit).
 */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ request }: LoaderFunctionArgs) {
  const locale = await localeDetector.getLocale(request);
  const headers = new Headers({ Vary: "Accept-Language, Cookie" });
  const saved = await localeCookie.parse(request.headers.get("Cookie"));
  if (saved !== locale) headers.append("Set-Cookie", await localeCookie.serialize(locale));
  throw redirect(`/${locale}/schedules`, { headers });
});
