import { useTranslation } from "react-i18next";

interface Version {
  version: number;
  current: boolean;
  fingerprint: string;
  createdAt: string;
  reason: string | null;
}

/**
 * The issued versions of a waybill, newest first: each as PDF and JSON, the current one marked,
 * older ones superseded (they stay readable: a consignee may hold one on paper).
 */
export function WaybillVersions({ lang, number, versions }: { lang: string; number: string; versions: Version[] }) {
  const { t } = useTranslation("waybill");
  return (
    <section aria-labelledby="waybill-versions">
      <h2 id="waybill-versions">{t("page.versions")}</h2>
      <table className="capacity-table stacked-table" data-testid="waybill-versions">
        <thead>
          <tr>
            <th scope="col">{t("version")}</th>
            <th scope="col">{t("page.issuedAt")}</th>
            <th scope="col">{t("amendmentReason")}</th>
            <th scope="col">{t("fingerprint")}</th>
            <th scope="col">{t("page.files")}</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((row) => (
            <tr key={row.version}>
              <td data-label={t("version")}>
                {row.version} · {row.current ? t("page.current") : t("page.superseded")}
              </td>
              <td data-label={t("page.issuedAt")}>{row.createdAt}</td>
              <td data-label={t("amendmentReason")}>{row.reason ? <bdi>{row.reason}</bdi> : "—"}</td>
              <td data-label={t("fingerprint")}>
                <code>{row.fingerprint}</code>
              </td>
              <td data-label={t("page.files")}>
                <a href={`/${lang}/waybills/${number}.pdf?version=${row.version}`}>PDF</a> ·{" "}
                <a href={`/${lang}/waybills/${number}.json?version=${row.version}`}>JSON</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
