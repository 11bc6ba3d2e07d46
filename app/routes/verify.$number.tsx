import { data, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { isValidWaybillNumber } from "~/domain/waybill/number";
import { localeDetector } from "~/i18n/i18next.server";
import { domainRoute } from "~/utils/forms.server";

/**
 * The address printed in a waybill's QR code has no language: whoever scans it is sent to the
 * verification page in their browser's language (saved cookie, then Accept-Language, then zh-CN).
 */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const number = params.number ?? "";
  if (!isValidWaybillNumber(number)) throw data(null, { status: 404, headers: { "X-Robots-Tag": "noindex" } });
  const locale = await localeDetector.getLocale(request);
  const { search } = new URL(request.url);
  throw redirect(`/${locale}/verify/${encodeURIComponent(number)}${search}`, {
    headers: { Vary: "Accept-Language, Cookie", "X-Robots-Tag": "noindex" },
  });
});
