import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConsignmentTracking } from "~/components/tracking/ConsignmentTracking";
import { requestMeta } from "~/domain/identity/session.server";
import { consignmentView } from "~/domain/tracking/consignment.server";
import { SHARE_TOKEN } from "~/domain/tracking/share-link-rules";
import { openShareLink } from "~/domain/tracking/share-links.server";
import { formatLocalDateTime } from "~/i18n/format";
import { fixedT } from "~/i18n/i18next.server";
import { db } from "~/utils/db.server";
import { domainRoute } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";
import { requireParam } from "~/utils/params.server";

export const handle = { i18n: ["common", "tracking", "schedules"] };

/** No search engine keeps it, no link on it tells another site the token, no cache keeps a copy. */
const PRIVATE_PAGE = {
  "X-Robots-Tag": "noindex, nofollow",
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "private, no-store",
};

/**
 * A share link's page (decision 023): the consignment's tracking, read-only, for whoever holds
 * the link — in the language of the URL (the switcher keeps the token). Times on each place's
 * clock and in the destination's zone. Expired or revoked: 410; an unknown token: 404; too many
 * requests from one address or to one link: 429 — each a page of its own, never the data.
 */
export const loader = /* @__PURE__ */ domainRoute(async function loader({
  params,
  request,
  context,
}: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const token = requireParam(params, "token", SHARE_TOKEN);
  const [opened, t] = await Promise.all([
    openShareLink(db(), { token, ipAddress: requestMeta(context, request).ipAddress }),
    fixedT(locale, "tracking"),
  ]);
  if (opened.state === "LIMITED") {
    const retry = String(Math.max(1, Math.ceil((opened.retryAt.getTime() - Date.now()) / 1000)));
    const page = { state: "LIMITED" as const, title: t("public.limited.title") };
    return data(page, { status: 429, headers: { ...PRIVATE_PAGE, "Retry-After": retry } });
  }
  if (opened.state === "UNKNOWN") {
    return data(
      { state: "UNKNOWN" as const, title: t("public.unknown.title") },
      { status: 404, headers: PRIVATE_PAGE },
    );
  }
  if (opened.state === "GONE") {
    return data({ state: "GONE" as const, title: t("public.gone.title") }, { status: 410, headers: PRIVATE_PAGE });
  }
  const view = await consignmentView(db(), opened.bookingId, { locale, timeZone: null });
  const page = {
    state: "OPEN" as const,
    title: t("public.title", { reference: view.reference }),
    validUntil: formatLocalDateTime(opened.expiresAt, locale, view.viewerZone),
    view,
  };
  return data(page, { headers: PRIVATE_PAGE });
});

export const headers: HeadersFunction = ({ parentHeaders, loaderHeaders }) => {
  const headers = new Headers(parentHeaders);
  for (const [name, value] of Object.entries(PRIVATE_PAGE)) headers.set(name, value);
  const retry = loaderHeaders.get("Retry-After");
  if (retry) headers.set("Retry-After", retry);
  return headers;
};

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [
  { title: page?.title ?? "" },
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "no-referrer" },
];

export default function SharedTracking() {
  const { t } = useTranslation("tracking");
  const page = useLoaderData<typeof loader>();
  if (page.state !== "OPEN") {
    const key = { LIMITED: "limited", UNKNOWN: "unknown", GONE: "gone" }[page.state];
    return (
      <article className="narrow" data-testid={`share-link-${key}`}>
        <h1>{page.title}</h1>
        <p>{t(`public.${key}.text`)}</p>
      </article>
    );
  }
  return (
    <article className="wide" data-testid="shared-tracking">
      <h1>
        <bdi>{page.title}</bdi>
      </h1>
      <p className="field-hint">{t("public.lead", { until: page.validUntil })}</p>
      <ConsignmentTracking view={page.view} anonymous />
    </article>
  );
}
