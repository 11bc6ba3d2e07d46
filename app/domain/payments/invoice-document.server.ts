import { z } from "zod";
import { PriceLinesSchema, readPriceLines } from "~/domain/booking/pricing";
import {
  findDocumentVersion,
  readDocumentPayload,
  recordDocumentVersion,
  type DocumentVersionRow,
} from "~/domain/documents/document-versions.server";
import { parseLocalizedNames, pickName } from "~/domain/places/names";
import { DEFAULT_LOCALE, isLocale, type Locale } from "~/i18n/config";
import { isUniqueViolation } from "~/utils/app-error";
import type { Db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { TRANSACTION_OPTIONS, type Tx } from "~/utils/transactions.server";
import { InvoiceTaxSchema, invoiceTax, type InvoiceTax } from "./invoice-tax";

const Place = z.object({ code: z.string(), zh: z.string(), reader: z.string() });

/**
 * Everything an invoice prints, as it was when that version was issued: who is billed, for
 * which booking and departure, the breakdown the exporter accepted, where to pay, and what had
 * been received. Place names are kept in Chinese and in the reader's language.
 *
 * `issuer` and `tax` came with issue 11 (decision 012, "Fields added later"): versions issued
 * before have neither and are drawn without them, their bytes and hashes unchanged. Versions
 * issued before then also kept Latin place names for an Arabic reader.
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
  /** Who issues it: the operator's name and 统一社会信用代码 (its tax number), from the configuration. */
  issuer: z.object({ name: z.string(), taxNumber: z.string() }).optional(),
  /** The tax included in the amount, with the legal note printed for it. */
  tax: InvoiceTaxSchema.optional(),
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
  const places = await tx.place.findMany({ where: { code: { in: [service.originCode, service.destinationCode] } } });
  const place = (code: string) => {
    const found = places.find((candidate) => candidate.code === code);
    const names = found ? parseLocalizedNames(found.names) : null;
    return {
      code,
      zh: names ? pickName(names, DEFAULT_LOCALE) : code,
      reader: names ? pickName(names, locale) : code,
    };
  };
  const operator = env();
  const taxTerms = (await issuedTaxTerms(tx, invoiceId)) ?? {
    rateBasisPoints: operator.INVOICE_TAX_RATE_PERCENT,
    note: operator.INVOICE_TAX_NOTE,
  };
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
      issuer: { name: operator.OPERATOR_ACCOUNT_NAME, taxNumber: operator.OPERATOR_TAX_NUMBER },
      tax: invoiceTax(invoice.amountMinor, taxTerms),
    },
  };
}

/**
 * The tax rate and note an earlier version of the invoice stated: the tax treatment is the one
 * in force when the invoice was issued, so later versions (money received) keep it whatever the
 * configuration says by then. Null for an invoice whose versions state none (issued before tax
 * lines, or not issued yet).
 */
async function issuedTaxTerms(tx: Tx, invoiceId: string): Promise<Pick<InvoiceTax, "rateBasisPoints" | "note"> | null> {
  const latest = await tx.documentVersion.findFirst({
    where: { kind: "INVOICE", subjectId: invoiceId },
    orderBy: { version: "desc" },
  });
  const tax = latest ? readDocumentPayload(latest, InvoicePayloadSchema).tax : undefined;
  return tax ? { rateBasisPoints: tax.rateBasisPoints, note: tax.note } : null;
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
