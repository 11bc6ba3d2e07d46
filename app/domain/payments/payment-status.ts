/**
 * A payment's statuses in one place: what each group means, and the one rule that derives a
 * status from the money (how much of what came in went back). Domain operations write these
 * values conditionally on the status they read; pages use the same groups to decide what to
 * show. Pure: no database.
 */
export const PAYMENT_STATUSES = [
  "PENDING",
  "PROCESSING",
  "PARTIALLY_PAID",
  "SUCCEEDED",
  "FAILED",
  "EXPIRED",
  "CANCELLED",
  "REFUND_PENDING",
  "PARTIALLY_REFUNDED",
  "REFUNDED",
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** An attempt that may still bring money: a checkout opened or being paid. */
export const ATTEMPT_IN_FLIGHT = ["PENDING", "PROCESSING"] as const satisfies readonly PaymentStatus[];

/** Still waiting for (the rest of) the money: staff and the booking page show these as open. */
export const OPEN_PAYMENT_STATUSES = [
  "PENDING",
  "PROCESSING",
  "PARTIALLY_PAID",
] as const satisfies readonly PaymentStatus[];

/** Closed with money that goes, or went, back: anything arriving now is returned too. */
export const CLOSED_FOR_MONEY = [
  "CANCELLED",
  "REFUND_PENDING",
  "PARTIALLY_REFUNDED",
  "REFUNDED",
] as const satisfies readonly PaymentStatus[];

/** The money came in (and may since have gone back, in part or whole). */
export const MONEY_CAME_IN = [
  "SUCCEEDED",
  "REFUND_PENDING",
  "PARTIALLY_REFUNDED",
  "REFUNDED",
] as const satisfies readonly PaymentStatus[];

export function isPaymentStatus(value: string): value is PaymentStatus {
  return (PAYMENT_STATUSES as readonly string[]).includes(value);
}

export function isIn(status: string, group: readonly PaymentStatus[]): boolean {
  return (group as readonly string[]).includes(status);
}

/** After money went back: all of what came in, or part of it. */
export function statusAfterRefunds(payment: { refundedMinor: number; receivedMinor: number }): PaymentStatus {
  return payment.refundedMinor >= payment.receivedMinor ? "REFUNDED" : "PARTIALLY_REFUNDED";
}
