import type { TFunction } from "i18next";
import { can, type Actor } from "~/domain/identity/permissions";
import type { bookingPayments } from "~/domain/payments/payment-queries.server";
import { REFUNDABLE_ON_CANCELLATION, refundableMinor } from "~/domain/payments/refunds.server";
import type { Locale } from "~/i18n/config";
import { formatLocalDateTime, formatMoney } from "~/i18n/format";
import type { findCompanyBooking } from "./find-bookings.server";
import { canCancel, feeFor } from "./lifecycle";
import { cancellationSchedule, policyBasis, type PolicyBooking } from "./cancellation-policy";

type CompanyBooking = Awaited<ReturnType<typeof findCompanyBooking>>;
type Payments = Awaited<ReturnType<typeof bookingPayments>>;

/** What a cancellation now would refund from: the same payments and amounts the cancellation takes. */
function paidIn(payments: Payments): number {
  return payments
    .filter((payment) => (REFUNDABLE_ON_CANCELLATION as readonly string[]).includes(payment.status))
    .reduce((sum, payment) => sum + Math.max(0, refundableMinor(payment)), 0);
}

/**
 * What cancelling now means in money, for the page that asks the exporter to confirm it: the
 * fee under the corridor's policy, what has been paid, and what comes back. Null when this
 * reader may not cancel the booking now.
 */
export function presentCancellation(
  booking: CompanyBooking,
  payments: Payments,
  reader: { actor: Actor; locale: Locale; timeZone: string; now: Date; t: TFunction },
) {
  const { actor, locale, now } = reader;
  if (!can(actor, "update:booking", { companyId: booking.companyId }) || !canCancel(booking)) return null;
  const fee = feeFor(booking, now);
  const paid = paidIn(payments);
  const money = (minor: number) => formatMoney(minor, booking.currency, locale);
  return {
    title: reader.t("cancel.title", { reference: booking.reference }),
    reference: booking.reference,
    feePercent: fee.percent,
    fee: money(fee.feeMinor),
    paid: money(paid),
    refund: money(Math.max(0, paid - fee.feeMinor)),
    // Paid less than the fee (an invoice not yet settled): the rest of the fee stays due.
    feeStillDue: fee.feeMinor > paid ? money(fee.feeMinor - paid) : null,
    departureLocal: formatLocalDateTime(booking.departure.departureAt, locale, reader.timeZone),
  };
}

/** For a cancelled booking's page: the fee it was cancelled under, and what went back. */
export function presentCancelled(booking: CompanyBooking, payments: Payments, locale: Locale) {
  if (booking.status !== "CANCELLED") return null;
  const event = [...booking.events].reverse().find((candidate) => candidate.type === "CANCELLED");
  const fee = event?.detail ? (JSON.parse(event.detail) as { feeMinor?: number; percent?: number }) : {};
  const refunds = payments.flatMap((payment) => payment.refunds).filter((refund) => refund.reason === "CANCELLATION");
  const money = (minor: number) => formatMoney(minor, booking.currency, locale);
  return {
    fee: money(fee.feeMinor ?? 0),
    feePercent: fee.percent ?? 0,
    refund: money(refunds.reduce((sum, refund) => sum + refund.amountMinor, 0)),
    refundDone: refunds.length > 0 && refunds.every((refund) => refund.status === "SUCCEEDED"),
  };
}

/**
 * What cancelling will cost once the booking is paid for (or an invoice is out), tier by tier
 * under the corridor's policy: until when, how much in money and what share, in the reader's
 * language and time zone. The review step shows it before the hold, the payment section before
 * a way to pay is chosen.
 */
export function presentCancellationSchedule(
  booking: PolicyBooking & { currency: string },
  reader: { locale: Locale; timeZone: string; now: Date },
) {
  const { locale, timeZone, now } = reader;
  const when = (date: Date) => formatLocalDateTime(date, locale, timeZone);
  return cancellationSchedule(...policyBasis(booking), now).map((tier) => ({
    tier: tier.tier,
    from: tier.from ? when(tier.from) : null,
    until: tier.until ? when(tier.until) : null,
    percent: tier.percent,
    amount: formatMoney(tier.feeMinor, booking.currency, locale),
  }));
}

export type PresentedCancellationTier = ReturnType<typeof presentCancellationSchedule>[number];
