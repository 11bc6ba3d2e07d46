import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Fact } from "~/components/DepartureCard";
import { requestMeta } from "~/domain/identity/session.server";
import { verifyWaybill } from "~/domain/waybill/verify-waybill.server";
import { fixedT } from "~/i18n/i18next.server";
import { db } from "~/utils/db.server";
import { domainRoute } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";

export const handle = { i18n: ["common", "verification"] };

/** What the QR code carries: the number in the path, the code and the printed version in the query. */
const ScanSchema = z.object({
  number: z.string().max(30),
  c: z.string().max(64).catch(""),
  v: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});

/**
 * The QR code's target, opened in the scanner's browser language: is this through waybill
 * genuine, and is this copy its current version? Never indexed; nothing about the parties.
 */
export const loader = /* @__PURE__ */ domainRoute(async function loader({
  params,
  request,
  context,
}: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const url = new URL(request.url);
  const scan = ScanSchema.safeParse({
    number: params.number,
    c: url.searchParams.get("c"),
    v: url.searchParams.get("v") ?? undefined,
  });
  if (!scan.success) throw data(null, { status: 404, headers: { "X-Robots-Tag": "noindex" } });
  const result = await verifyWaybill(db(), {
    number: scan.data.number,
    code: scan.data.c,
    version: scan.data.v,
    locale,
    ipAddress: requestMeta(context, request).ipAddress,
  });
  const t = await fixedT(locale, "verification");
  return data({ title: t("title", { number: result.number }), result }, { headers: { "X-Robots-Tag": "noindex" } });
});

// Search engines keep no copy of any answer, the 404s included; the layout's cookie stays.
export const headers: HeadersFunction = ({ parentHeaders }) => {
  const headers = new Headers(parentHeaders);
  headers.set("X-Robots-Tag", "noindex");
  return headers;
};

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [
  { title: page?.title ?? "" },
  { name: "robots", content: "noindex" },
];

export default function VerifyWaybillPage() {
  const { t } = useTranslation("verification");
  const { title, result } = useLoaderData<typeof loader>();
  const superseded = result.scanned.state === "SUPERSEDED";
  return (
    <article className="narrow">
      <h1>
        <bdi>{title}</bdi>
      </h1>
      <p className={superseded ? "form-error" : "notice"} role="status" data-testid="verification-verdict">
        {superseded
          ? t("superseded", {
              version: result.scanned.version,
              current: result.current.version,
              date: result.current.since,
            })
          : t(`valid.${result.status}`, { version: result.scanned.version })}
      </p>
      <dl className="facts">
        <Fact label={t("status")}>{t(`statuses.${result.status}`)}</Fact>
        <Fact label={t("currentVersion")}>{result.currentVersion}</Fact>
        <Fact label={t("issuedOn")}>{result.issuedOn}</Fact>
        <Fact label={t("origin")}>{result.origin}</Fact>
        <Fact label={t("destination")}>{result.destination}</Fact>
        <Fact label={t("containers")}>{result.containers}</Fact>
        <Fact label={t("fingerprint", { version: result.scanned.version })}>
          <bdi dir="ltr" data-testid="scanned-fingerprint">
            {result.scanned.fingerprint}
          </bdi>
        </Fact>
        {superseded ? (
          <Fact label={t("fingerprint", { version: result.current.version })}>
            <bdi dir="ltr">{result.current.fingerprint}</bdi>
          </Fact>
        ) : null}
      </dl>
      <p className="field-hint">{t("compare")}</p>
    </article>
  );
}
