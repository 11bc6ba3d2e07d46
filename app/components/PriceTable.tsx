import { useTranslation } from "react-i18next";
import { Amount } from "~/components/Isolate";

/** The all-in price with its breakdown; on a phone each line stacks, its cells labelled (data-label). */
export function PriceTable({
  price,
}: {
  price: {
    lines: { kind: string; equipmentCode: string | null; quantity: string; unit: string; amount: string }[];
    total: string;
  };
}) {
  const { t } = useTranslation(["booking", "common"]);
  return (
    <table className="capacity-table price-table stacked-table">
      <thead>
        <tr>
          <th scope="col">{t("price.item")}</th>
          <th scope="col">{t("price.quantity")}</th>
          <th scope="col">{t("price.unit")}</th>
          <th scope="col">{t("price.amount")}</th>
        </tr>
      </thead>
      <tbody>
        {price.lines.map((line, index) => (
          <tr key={index}>
            <th scope="row">
              {t(`price.kind.${line.kind}`)}
              {line.equipmentCode && line.kind === "FREIGHT" ? ` · ${t(`common:equipment.${line.equipmentCode}`)}` : ""}
            </th>
            <td data-label={t("price.quantity")}>
              <bdi>{line.quantity}</bdi>
            </td>
            <td data-label={t("price.unit")}>
              <Amount>{line.unit}</Amount>
            </td>
            <td data-label={t("price.amount")}>
              <Amount>{line.amount}</Amount>
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={3}>
            {t("price.total")}
          </th>
          <td className="price" data-testid="price-total">
            <Amount>{price.total}</Amount>
          </td>
        </tr>
      </tfoot>
    </table>
  );
}
