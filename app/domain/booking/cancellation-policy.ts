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

/** A booking on its departure, as far as the cancellation policy reads it. */
export interface PolicyBooking {
  totalMinor: number;
  departure: { departureAt: Date; cargoCutoffAt: Date; service: { corridorCode: string } };
}

/** The policy of the booking's corridor and the figures it applies to (for `cancellationFee`/`cancellationSchedule`). */
export function policyBasis(booking: PolicyBooking) {
  const { departureAt, cargoCutoffAt, service } = booking.departure;
  return [policyFor(service.corridorCode), { totalMinor: booking.totalMinor, departureAt, cargoCutoffAt }] as const;
}

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

/**
 * What cancelling will cost once the booking is paid for (or an invoice is out), tier by tier:
 * free until `freeUntil`, then a share until the cargo cut-off, then the rest. A tier already
 * past at `now` is left out.
 */
export function cancellationSchedule(
  policy: CancellationPolicy,
  booking: { totalMinor: number; departureAt: Date; cargoCutoffAt: Date },
  now: Date,
): { tier: FeeTier; from: Date | null; until: Date | null; percent: number; feeMinor: number }[] {
  const freeUntil = new Date(booking.departureAt.getTime() - policy.freeUntilDaysBeforeDeparture * 86_400_000);
  const fee = (percent: number) => Math.round((booking.totalMinor * percent) / 100);
  const tiers = [
    { tier: "FREE" as const, from: null, until: freeUntil, percent: 0, feeMinor: 0 },
    {
      tier: "BEFORE_CUTOFF" as const,
      from: freeUntil,
      until: booking.cargoCutoffAt,
      percent: policy.percentBeforeCutoff,
      feeMinor: fee(policy.percentBeforeCutoff),
    },
    {
      tier: "AFTER_CUTOFF" as const,
      from: booking.cargoCutoffAt,
      until: null,
      percent: policy.percentAfterCutoff,
      feeMinor: fee(policy.percentAfterCutoff),
    },
  ];
  return tiers.filter((tier) => tier.until === null || tier.until > now);
}
