import { useTranslation } from "react-i18next";
import type { PresentedQuote } from "~/domain/booking/live-quote";
import { PriceTable } from "./PriceTable";

/**
 * The price of the draft so far, beside the step being filled in. The server renders it for
 * what was saved; with JavaScript the wizard re-prices it as the form changes.
 */
export function LivePrice({ price }: { price: PresentedQuote | null }) {
  const { t } = useTranslation("booking");
  return (
    <section className="live-price" aria-live="polite" data-testid="live-price">
      <h2>{t("live.title")}</h2>
      {price ? (
        <>
          {price.chargeableKg !== undefined ? <p>{t("review.chargeable", { kg: price.chargeableKg })}</p> : null}
          <PriceTable price={price} />
        </>
      ) : (
        <p>{t("live.empty")}</p>
      )}
      <p className="field-hint">{t("live.note")}</p>
    </section>
  );
}
