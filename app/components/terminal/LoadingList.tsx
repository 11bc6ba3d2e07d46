import { useTranslation } from "react-i18next";
import type { TerminalPage } from "~/domain/operations/terminal-view.server";

type Page = Pick<TerminalPage, "rows" | "totals" | "capacity">;

/** The departure's loading list: one row per container, totals against capacity and the train's limits. */
export function LoadingList({ page, downloads }: { page: Page; downloads: { csv: string; pdf: string } }) {
  const { t, i18n } = useTranslation("terminal");
  const number = (value: number) => new Intl.NumberFormat(i18n.language).format(value);
  const { totals } = page;
  return (
    <section aria-labelledby="loading-list">
      <h2 id="loading-list">{t("list.title")}</h2>
      <p>
        <a href={downloads.csv} download>
          {t("list.csv")}
        </a>{" "}
        · <a href={downloads.pdf}>{t("list.pdf")}</a>
      </p>
      {page.rows.length === 0 ? (
        <p>{t("list.empty")}</p>
      ) : (
        <table className="capacity-table" data-testid="loading-list">
          <thead>
            <tr>
              <th scope="col">{t("manifest.booking")}</th>
              <th scope="col">{t("manifest.container")}</th>
              <th scope="col">{t("manifest.type")}</th>
              <th scope="col">{t("manifest.seals")}</th>
              <th scope="col">{t("manifest.grossKg")}</th>
              <th scope="col">{t("manifest.flags")}</th>
              <th scope="col">{t("manifest.gatedIn")}</th>
            </tr>
          </thead>
          <tbody>
            {page.rows.map((row) => (
              <tr key={row.unitId}>
                <td>{row.reference}</td>
                <td>{row.containerNumber ?? t("list.unnumbered", { sequence: row.sequence })}</td>
                <td>{row.isoSizeType}</td>
                <td>{row.seals.join(" ")}</td>
                <td>{row.grossKg === null ? "—" : number(row.grossKg)}</td>
                <td>
                  {[
                    row.dangerous ? t("list.dangerous") : null,
                    row.reefer
                      ? t("list.reefer", { reading: row.readingC === null ? "—" : `${row.readingC} °C` })
                      : null,
                    row.damage ? t("list.damage", { remark: row.damage }) : null,
                  ]
                    .filter(Boolean)
                    .join(" · ")}
                </td>
                <td>{row.gatedInLocal ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ul data-testid="loading-totals">
        <li>{t("list.units", { units: totals.units, gatedIn: totals.gatedIn })}</li>
        <li className={totals.overLength ? "field-error" : undefined}>
          {totals.maxLengthTeu === null
            ? t("list.teu", { teu: number(totals.teu) })
            : t("list.teuOf", { teu: number(totals.teu), max: number(totals.maxLengthTeu) })}
        </li>
        <li className={totals.overWeight ? "field-error" : undefined}>
          {totals.maxGrossKg === null
            ? t("list.gross", { kg: number(totals.grossKg), unweighed: totals.unweighed })
            : t("list.grossOf", {
                kg: number(totals.grossKg),
                max: number(totals.maxGrossKg),
                unweighed: totals.unweighed,
              })}
        </li>
        <li>{t("list.flags", { dangerous: totals.dangerous, reefers: totals.reefers })}</li>
        {page.capacity.map((capacity) => (
          <li key={capacity.equipmentCode}>
            {t("list.capacity", {
              code: capacity.equipmentCode,
              loaded: capacity.loaded,
              booked: capacity.booked,
              total: capacity.total,
            })}
          </li>
        ))}
      </ul>
    </section>
  );
}
