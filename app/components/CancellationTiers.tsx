import { useTranslation } from "react-i18next";
import { Amount, withElements } from "~/components/Isolate";

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
            : withElements(
                (markers) =>
                  t(tier.until ? "cancellationTerms.until" : "cancellationTerms.after", {
                    until: tier.until,
                    from: tier.from,
                    percent: tier.percent,
                    ...markers,
                  }),
                { amount: <Amount>{tier.amount}</Amount> },
              )}
        </li>
      ))}
    </ul>
  );
}
