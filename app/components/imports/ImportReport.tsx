import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import type { ImportReport } from "~/domain/imports/import-departures.server";
import { FIXED_COLUMNS, OFFER_FIELDS } from "~/domain/imports/departure-rows";

/** A column's name for people: its label in the reader's language and its machine key. */
function columnName(t: TFunction, key: string): string {
  const offer = /^(capacity|tariff|min_charge|currency)_(.+)$/.exec(key);
  if (offer) return t("columns.named", { label: t(`columns.${offer[1]}`, { code: offer[2] }), key });
  if ((FIXED_COLUMNS as readonly string[]).includes(key)) {
    return t("columns.named", { label: t(`columns.${key}`), key });
  }
  return key;
}

/** What each column of the file holds (the template's header, explained). */
export function ImportColumns() {
  const { t } = useTranslation("imports");
  const rows = [
    ...FIXED_COLUMNS.map((key) => ({ key, label: t(`columns.${key}`), help: t(`help.${key}`) })),
    ...OFFER_FIELDS.map((field) => ({
      key: `${field}_45G1`,
      label: t(`columns.${field}`, { code: "45G1" }),
      help: t(`help.${field}`),
    })),
  ];
  return (
    <div className="scroll-x">
      <table className="capacity-table" data-testid="import-columns">
        <caption>{t("help.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("help.column")}</th>
            <th scope="col">{t("help.key")}</th>
            <th scope="col">{t("help.content")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              <td>
                <code dir="ltr">{row.key}</code>
              </td>
              <td>{row.help}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The dry run's answer: what applying would do, or every problem by row and column. */
export function ImportReportView({ report }: { report: ImportReport }) {
  const { t } = useTranslation("imports");
  const clean = report.issues.length === 0;
  return (
    <section aria-labelledby="import-report" data-testid="import-report">
      <h2 id="import-report">{t("report.heading", { file: report.fileName })}</h2>
      <dl className="summary-list">
        <dt>{t("report.encoding")}</dt>
        <dd>{report.encoding ?? "—"}</dd>
        <dt>{t("report.rows")}</dt>
        <dd data-testid="import-rows">{report.rows}</dd>
        <dt>{t("report.created")}</dt>
        <dd data-testid="import-created">{report.created}</dd>
        <dt>{t("report.updated")}</dt>
        <dd data-testid="import-updated">{report.updated}</dd>
        <dt>{t("report.unchanged")}</dt>
        <dd data-testid="import-unchanged">{report.unchanged}</dd>
      </dl>
      {clean ? (
        <>
          <p role="status">{t("report.clean")}</p>
          <Form method="post" data-testid="import-apply">
            <input type="hidden" name="sha256" value={report.sha256} />
            <button type="submit">{t("report.apply")}</button>
          </Form>
        </>
      ) : (
        <>
          <p className="form-error" role="alert">
            {t("report.blocked", { problems: report.issues.length })}
          </p>
          <div className="scroll-x">
            <table className="capacity-table" data-testid="import-issues">
              <thead>
                <tr>
                  <th scope="col">{t("report.row")}</th>
                  <th scope="col">{t("report.column")}</th>
                  <th scope="col">{t("report.message")}</th>
                </tr>
              </thead>
              <tbody>
                {report.issues.map((issue, index) => (
                  <tr key={index} data-row={issue.row}>
                    <td>{issue.row === 0 ? t("report.file") : issue.row}</td>
                    <td>{issue.column ? <bdi>{columnName(t, issue.column)}</bdi> : ""}</td>
                    <td>{t(`rowErrors.${issue.code}`, { ...issue.values })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
