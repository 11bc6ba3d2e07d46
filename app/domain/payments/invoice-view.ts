import { presentBookingDeparture } from "~/domain/booking/booking-view";
import { presentPrice } from "~/domain/booking/price-view";
import { readPriceLines } from "~/domain/booking/pricing";
import { can, type Actor } from "~/domain/identity/permissions";
import type { Catalog } from "~/domain/places/catalog.server";
import type { Locale } from "~/i18n/config";
import { formatLocalDate, formatLocalDateTime, formatMoney } from "~/i18n/format";
import type { Env } from "~/utils/env.server";
import type { InvoicePayload } from "./invoice-document.server";
import { formatTaxRate } from "./invoice-tax";
import { ISSUER_TIME_ZONE } from "./issuer-time";
import type { findInvoice } from "./invoices.server";

type FoundInvoice = Awaited<ReturnType<typeof findInvoice>>;

/** The operator's account an invoice is paid to (from the configuration). */
type Operator = Pick<Env, "OPERATOR_ACCOUNT_NAME" | "OPERATOR_BANK" | "OPERATOR_ACCOUNT_NUMBER" | "OPERATOR_SWIFT">;

/** The clock time at `timeZone`, "17:00". */
const clockTime = (date: Date, locale: Locale, timeZone: string) =>
  new Intl.DateTimeFormat(locale, { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(date);

/**
 * An invoice as its page shows it to the exporter's company and the staff of the departure's
 * port: dates, money and the departure in the reader's language, and what the reader may do.
 * The issuer and the tax are those of the latest issued version (`issued`), as its PDF prints.
 */
export function presentInvoice(
  invoice: FoundInvoice,
  reader: { actor: Actor; locale: Locale; timeZone: string; catalog: Catalog; operator: Operator },
  issued: InvoicePayload,
) {
  const { actor, locale, operator } = reader;
  const { payment } = invoice;
  const { booking } = payment;
  const money = (minor: number) => formatMoney(minor, invoice.currency, locale);
  return {
    number: invoice.number,
    // An invoice is dated on the issuer's calendar, whoever reads it.
    issued: formatLocalDate(invoice.issuedAt, locale, ISSUER_TIME_ZONE),
    // Due at a time on the issuer's clock (17:00 Beijing time), and when that is for the reader.
    due: {
      date: formatLocalDate(invoice.dueAt, locale, ISSUER_TIME_ZONE),
      time: clockTime(invoice.dueAt, locale, ISSUER_TIME_ZONE),
      readerLocal:
        reader.timeZone === ISSUER_TIME_ZONE ? null : formatLocalDateTime(invoice.dueAt, locale, reader.timeZone),
    },
    issuer: issued.issuer ?? null,
    tax: issued.tax
      ? {
          rate: formatTaxRate(issued.tax.rateBasisPoints, locale),
          note: issued.tax.note,
          tax: money(issued.tax.taxMinor),
          net: money(issued.tax.netMinor),
        }
      : null,
    paymentReference: invoice.paymentReference,
    company: {
      zh: booking.company.legalNameZh,
      latin: booking.company.legalNameLatin,
      code: booking.company.creditCode,
    },
    booking: {
      reference: booking.reference,
      // Staff see the booking through the invoice; the booking page is the exporter's.
      href: can(actor, "read:booking", { companyId: booking.companyId })
        ? `/${locale}/bookings/${booking.reference}`
        : null,
      departure: presentBookingDeparture(booking.departure, reader.catalog, locale),
    },
    price: presentPrice(readPriceLines(booking.priceLines), invoice.currency, invoice.amountMinor, locale),
    method: payment.method,
    status: payment.status,
    flag: payment.flag,
    received: money(payment.receivedMinor),
    outstanding: money(Math.max(0, invoice.amountMinor - payment.receivedMinor)),
    currency: invoice.currency,
    bank: {
      accountName: operator.OPERATOR_ACCOUNT_NAME,
      bank: operator.OPERATOR_BANK,
      accountNumber: operator.OPERATOR_ACCOUNT_NUMBER,
      swift: operator.OPERATOR_SWIFT,
    },
    receipts: payment.receipts.map((receipt) => ({
      id: receipt.id,
      amount: money(receipt.amountMinor),
      receivedOn: receipt.receivedOn,
      bankReference: receipt.bankReference,
    })),
    refunds: payment.refunds.map((refund) => ({
      id: refund.id,
      amount: money(refund.amountMinor),
      reason: refund.reason,
      status: refund.status,
    })),
    canRecord: can(actor, "confirm:payment", { portCode: booking.departure.service.originCode }),
  };
}

export type InvoiceView = ReturnType<typeof presentInvoice>;
