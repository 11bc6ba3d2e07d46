import { useTranslation } from "react-i18next";

export interface CancellationTier {
  tier: string;
  from: string | null;
  until: string | null;
  percent: number;
  amount: string;
}

/**
 * What cancelling costs once a way to pay is chosen, tier by tier with its dates and the fee in
 * money (`presentCancellationSchedule`): shown on the review step and beside the payment choice.
 */
export function CancellationTiers({ tiers }: { tiers: CancellationTier[] }) {
  const { t } = useTranslation("payments");
  return (
    <ul className="cancellation-tiers">
      {tiers.map((tier) => (
        <li key={tier.tier}>
          {tier.tier === "FREE"
            ? t("cancellationTerms.free", { until: tier.until })
            : tier.until
              ? t("cancellationTerms.until", { until: tier.until, amount: tier.amount, percent: tier.percent })
              : t("cancellationTerms.after", { from: tier.from, amount: tier.amount, percent: tier.percent })}
        </li>
      ))}
    </ul>
  );
}
