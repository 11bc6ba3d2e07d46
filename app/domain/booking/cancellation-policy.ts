/**
 * The published cancellation fee policy: free until some days before departure, a share of
 * the price until the cargo cut-off, all of it after. Configurable per corridor.
 */
export interface CancellationPolicy {
  freeUntilDaysBeforeDeparture: number;
  /** Percent of the all-in price charged between the free period and the cargo cut-off. */
  percentBeforeCutoff: number;
  /** Percent charged after the cargo cut-off. */
  percentAfterCutoff: number;
}

export const DEFAULT_POLICY: CancellationPolicy = {
  freeUntilDaysBeforeDeparture: 7,
  percentBeforeCutoff: 50,
  percentAfterCutoff: 100,
};

/** Corridors that publish another policy (charters are chartered: the aircraft is paid for). */
export const CORRIDOR_POLICIES: Record<string, CancellationPolicy> = {
  AIR_CHARTER: { freeUntilDaysBeforeDeparture: 10, percentBeforeCutoff: 75, percentAfterCutoff: 100 },
};

export function policyFor(corridorCode: string): CancellationPolicy {
  return CORRIDOR_POLICIES[corridorCode] ?? DEFAULT_POLICY;
}

export type FeeTier = "FREE" | "BEFORE_CUTOFF" | "AFTER_CUTOFF";

export function cancellationFee(
  policy: CancellationPolicy,
  booking: { totalMinor: number; departureAt: Date; cargoCutoffAt: Date },
  now: Date,
): { tier: FeeTier; percent: number; feeMinor: number } {
  const freeUntil = booking.departureAt.getTime() - policy.freeUntilDaysBeforeDeparture * 86_400_000;
  const [tier, percent]: [FeeTier, number] =
    now.getTime() < freeUntil
      ? ["FREE", 0]
      : now < booking.cargoCutoffAt
        ? ["BEFORE_CUTOFF", policy.percentBeforeCutoff]
        : ["AFTER_CUTOFF", policy.percentAfterCutoff];
  return { tier, percent, feeMinor: Math.round((booking.totalMinor * percent) / 100) };
}
