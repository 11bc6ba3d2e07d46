import type { Locale } from "~/i18n/config";
import { formatLocalDateTime, formatMoney } from "~/i18n/format";

interface PaymentRow {
  id: string;
  method: string;
  status: string;
  flag: string | null;
  amountMinor: number;
  receivedMinor: number;
  currency: string;
  invoice: { number: string; dueAt: Date } | null;
  refunds: { id: string; reason: string; status: string; amountMinor: number; currency: string }[];
}

/** A booking's payments as its page shows them, in the reader's language and time zone. */
export function presentPayments(payments: PaymentRow[], locale: Locale, timeZone: string) {
  return payments.map((payment) => ({
    id: payment.id,
    method: payment.method,
    status: payment.status,
    flag: payment.flag,
    amount: formatMoney(payment.amountMinor, payment.currency, locale),
    received: formatMoney(payment.receivedMinor, payment.currency, locale),
    outstanding:
      payment.receivedMinor < payment.amountMinor
        ? formatMoney(payment.amountMinor - payment.receivedMinor, payment.currency, locale)
        : null,
    invoice: payment.invoice
      ? {
          number: payment.invoice.number,
          due: formatLocalDateTime(payment.invoice.dueAt, locale, timeZone),
        }
      : null,
    refunds: payment.refunds.map((refund) => ({
      id: refund.id,
      reason: refund.reason,
      status: refund.status,
      amount: formatMoney(refund.amountMinor, refund.currency, locale),
    })),
  }));
}
