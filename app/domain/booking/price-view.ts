import type { Locale } from "~/i18n/config";
import { formatMoney, formatNumber } from "~/i18n/format";
import type { PriceLine } from "./pricing";

/** A price breakdown as the page shows it, in the viewer's locale. */
export function presentPrice(lines: PriceLine[], currency: string, totalMinor: number, locale: Locale) {
  return {
    lines: lines.map((line) => ({
      kind: line.kind,
      equipmentCode: line.equipmentCode ?? null,
      quantity: formatNumber(line.quantity, locale),
      unit: formatMoney(line.unitMinor, currency, locale),
      amount: formatMoney(line.amountMinor, currency, locale),
    })),
    total: formatMoney(totalMinor, currency, locale),
  };
}
