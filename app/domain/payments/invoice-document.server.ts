import { z } from "zod";
import { PriceLinesSchema, readPriceLines } from "~/domain/booking/pricing";
import {
  findDocumentVersion,
  readDocumentPayload,
  recordDocumentVersion,
  type DocumentVersionRow,
} from "~/domain/documents/document-versions.server";
import { parseLocalizedNames, pickName } from "~/domain/places/names";
import { DEFAULT_LOCALE, isLocale, textDirection, type Locale } from "~/i18n/config";
import { isUniqueViolation } from "~/utils/app-error";
import type { Db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { TRANSACTION_OPTIONS, type Tx } from "~/utils/transactions.server";

const Place = z.object({ code: z.string(), zh: z.string(), reader: z.string() });

/**
 * Everything an invoice prints, as it was when that version was issued: who is billed, for
 * which booking and departure, the breakdown the exporter accepted, where to pay, and what had
 * been received. Place names are kept in Chinese and in the reader's script (Latin for a
 * right-to-left reader, whose PDF draws names left to right).
 */
export const InvoicePayloadSchema = z.object({
  number: z.string(),
  issuedAt: z.string(),
  dueAt: z.string(),
  currency: z.string(),
  amountMinor: z.number().int(),
  receivedMinor: z.number().int(),
  paymentReference: z.string(),
  billTo: z.object({ legalNameZh: z.string(), legalNameLatin: z.string(), creditCode: z.string() }),
  booking: z.object({
    reference: z.string(),
    serviceNumber: z.string(),
    departureAt: z.string(),
    origin: Place,
    destination: Place,
  }),
  lines: PriceLinesSchema,
  payTo: z.object({ accountName: z.string(), bank: z.string(), accountNumber: z.string(), swift: z.string() }),
});
export type InvoicePayload = z.infer<typeof InvoicePayloadSchema>;

/** The invoice's content now, from its rows: what the next version would print. */
async function invoicePayload(tx: Tx, invoiceId: string): Promise<{ payload: InvoicePayload; locale: Locale }> {
  const invoice = await tx.invoice.findUniqueOrThrow({
    where: { id: invoiceId },
    include: {
      payment: { include: { booking: { include: { company: true, departure: { include: { service: true } } } } } },
    },
  });
  const { booking } = invoice.payment;
  const { service } = booking.departure;
  const locale: Locale = isLocale(invoice.locale) ? invoice.locale : DEFAULT_LOCALE;
  const namesLocale: Locale = textDirection(locale) === "rtl" ? "en" : locale;
  const places = await tx.place.findMany({ where: { code: { in: [service.originCode, service.destinationCode] } } });
  const place = (code: string) => {
    const found = places.find((candidate) => candidate.code === code);
    const names = found ? parseLocalizedNames(found.names) : null;
    return {
      code,
      zh: names ? pickName(names, DEFAULT_LOCALE) : code,
      reader: names ? pickName(names, namesLocale) : code,
    };
  };
  const operator = env();
  return {
    locale,
    payload: {
      number: invoice.number,
      issuedAt: invoice.issuedAt.toISOString(),
      dueAt: invoice.dueAt.toISOString(),
      currency: invoice.currency,
      amountMinor: invoice.amountMinor,
      receivedMinor: invoice.payment.receivedMinor,
      paymentReference: invoice.paymentReference,
      billTo: {
        legalNameZh: booking.company.legalNameZh,
        legalNameLatin: booking.company.legalNameLatin,
        creditCode: booking.company.creditCode,
      },
      booking: {
        reference: booking.reference,
        serviceNumber: service.serviceNumber,
        departureAt: booking.departure.departureAt.toISOString(),
        origin: place(service.originCode),
        destination: place(service.destinationCode),
      },
      lines: readPriceLines(booking.priceLines),
      payTo: {
        accountName: operator.OPERATOR_ACCOUNT_NAME,
        bank: operator.OPERATOR_BANK,
        accountNumber: operator.OPERATOR_ACCOUNT_NUMBER,
        swift: operator.OPERATOR_SWIFT,
      },
    },
  };
}

/**
 * Issues the invoice's next version if what it prints changed (it is issued, or money came in),
 * inside the caller's transaction.
 */
export async function recordInvoiceVersion(tx: Tx, invoiceId: string, actorId: string | null, now = new Date()) {
  const { payload, locale } = await invoicePayload(tx, invoiceId);
  return recordDocumentVersion(
    tx,
    { kind: "INVOICE", subjectId: invoiceId, locale, payload, createdById: actorId },
    now,
  );
}

/**
 * The invoice version to draw: the one asked for, or the latest. An invoice issued before
 * document versions existed gets its first version from its rows when first asked for.
 */
export async function invoiceVersion(
  db: Db,
  invoiceId: string,
  version?: number,
): Promise<{ version: DocumentVersionRow; payload: InvoicePayload } | null> {
  let found = await findDocumentVersion(db, "INVOICE", invoiceId, version);
  if (!found && version === undefined) {
    found = await db
      .$transaction(async (tx) => (await recordInvoiceVersion(tx, invoiceId, null)).version, TRANSACTION_OPTIONS)
      // Two first readers at once: the other one's version 1 is the same invoice.
      .catch(async (error: unknown) => {
        if (!isUniqueViolation(error)) throw error;
        return findDocumentVersion(db, "INVOICE", invoiceId);
      });
  }
  return found ? { version: found, payload: readDocumentPayload(found, InvoicePayloadSchema) } : null;
}
