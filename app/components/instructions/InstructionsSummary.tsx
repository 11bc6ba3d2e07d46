import { useTranslation } from "react-i18next";
import type { InstructionsView } from "~/domain/instructions/instructions-view.server";

/** The submitted instructions, read-only: the waybill terms and each box with its goods. */
export function InstructionsSummary({ summary }: { summary: NonNullable<InstructionsView["summary"]> }) {
  const { t } = useTranslation("instructions");
  return (
    <section aria-labelledby="instructions-summary" data-testid="instructions-summary">
      <h2 id="instructions-summary">{t("summary.title")}</h2>
      <dl className="facts">
        <dt>{t("terms.freightTerms")}</dt>
        <dd>{summary.freightTerms ? t(`terms.${summary.freightTerms}`) : "—"}</dd>
        <dt>{t("terms.originals")}</dt>
        <dd>{summary.originals === 0 ? t("terms.electronic") : (summary.originals ?? "—")}</dd>
        <dt>{t("summary.consignee")}</dt>
        <dd>
          {summary.toOrder ? (
            summary.toOrderOf ? (
              <>
                {t("summary.toOrderOf")} <bdi>{summary.toOrderOf}</bdi>
              </>
            ) : (
              t("summary.toOrder")
            )
          ) : (
            t("summary.straight")
          )}
        </dd>
        {summary.airGoods ? (
          <>
            <dt>{t("summary.goods")}</dt>
            <dd>{t("page.bookedLine", summary.airGoods)}</dd>
          </>
        ) : null}
      </dl>
      {summary.units.length > 0 ? (
        <table className="capacity-table stacked-table">
          <thead>
            <tr>
              <th scope="col">{t("summary.unit")}</th>
              <th scope="col">{t("unit.containerNumber")}</th>
              <th scope="col">{t("unit.seals")}</th>
              <th scope="col">{t("unit.vgmKg")}</th>
              <th scope="col">{t("summary.goods")}</th>
            </tr>
          </thead>
          <tbody>
            {summary.units.map((unit) => (
              <tr key={unit.id}>
                <td data-label={t("summary.unit")}>
                  <bdi>{unit.label}</bdi>
                </td>
                <td data-label={t("unit.containerNumber")}>
                  <bdi>{unit.containerNumber ?? "—"}</bdi>
                </td>
                <td data-label={t("unit.seals")}>
                  <bdi>{unit.seals || "—"}</bdi>
                </td>
                <td data-label={t("unit.vgmKg")}>{unit.vgmKg ?? "—"}</td>
                <td data-label={t("summary.goods")}>{t("page.bookedLine", unit.goods)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
