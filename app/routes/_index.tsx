import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { localeDetector } from "~/i18n/i18next.server";
import { domainRoute } from "~/utils/forms.server";

/** "/" sends the visitor to their language: saved cookie, then Accept-Language, then zh-CN. */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ request }: LoaderFunctionArgs) {
  const locale = await localeDetector.getLocale(request);
  throw redirect(`/${locale}/schedules`, { headers: { Vary: "Accept-Language, Cookie" } });
});
