import type { TFunction } from "i18next";
import type { DocumentVersionRow } from "~/domain/documents/document-versions.server";
import {
  drawText,
  documentBytes,
  isRightToLeft,
  newDocument,
  textWidth,
  type TextOptions,
} from "~/domain/documents/pdf-text.server";
import { DEFAULT_LOCALE, isLocale, type Locale } from "~/i18n/config";
import { fixedT } from "~/i18n/i18next.server";
import { minorDigits } from "~/schemas/payments";
import type { InvoicePayload } from "./invoice-document.server";
import { formatTaxRate } from "./invoice-tax";
import { isoInChina } from "./issuer-time";

/** Amounts as banks write them, the same in every language: "USD 14,445.00". */
const bankMoney = (minor: number, currency: string) =>
  new Intl.NumberFormat("en", { style: "currency", currency, currencyDisplay: "code" }).format(
    minor / 10 ** minorDigits(currency),
  );

/**
 * An invoice version as an A4 PDF in Chinese and the language it was issued in (Chinese alone
 * for a Chinese invoice): each label in Chinese with its translation beneath. Values — dates,
 * amounts, numbers — are written as banks do (ISO dates, currency codes), the same for every
 * reader. Drawn from the version's payload only, never from live rows.
 */
export async function renderInvoicePdf(
  invoice: InvoicePayload,
  issued: Pick<DocumentVersionRow, "version" | "sha256" | "locale">,
): Promise<Uint8Array> {
  const locale: Locale = isLocale(issued.locale) ? issued.locale : DEFAULT_LOCALE;
  const [zh, own, zhBooking, ownBooking, zhCommon, ownCommon, ownSchedules] = await Promise.all([
    fixedT(DEFAULT_LOCALE, "payments"),
    fixedT(locale, "payments"),
    fixedT(DEFAULT_LOCALE, "booking"),
    fixedT(locale, "booking"),
    fixedT(DEFAULT_LOCALE, "common"),
    fixedT(locale, "common"),
    fixedT(locale, "schedules"),
  ]);
  const bilingual = locale !== DEFAULT_LOCALE;
  const { booking } = invoice;
  const money = (minor: number) => bankMoney(minor, invoice.currency);
  const day = (iso: string) => isoInChina(new Date(iso));

  // Narrower margins than the default: the whole invoice fits on one A4 page in every language.
  const doc = newDocument({
    title: `${zh("invoice.title")} ${invoice.number}`,
    subject: booking.reference,
    margin: 36,
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  let y = doc.page.margins.top;

  /** Each line of a value on its own, so that a right-to-left line is not drawn with a Chinese one. */
  const drawLines = (lines: string[], options: Omit<TextOptions, "y">, top: number) =>
    lines.reduce((below, line) => drawText(doc, line, { ...options, y: below }), top);
  /**
   * A label in Chinese with the reader's translation (beside it when both fit, else beneath; a
   * right-to-left one at the label column's right end), and its value (one line each) to the right.
   */
  const field = (t: [TFunction, TFunction], key: string, value: string | string[], labelWidth = 190) => {
    const top = y;
    const label = { x: left, width: labelWidth - 10, size: 8, color: "#5b6776" };
    const [zhLabel, ownLabel] = [t[0](key), t[1](key)];
    const bilingualLabel = bilingual && ownLabel !== zhLabel;
    const oneLine =
      bilingualLabel && textWidth(doc, zhLabel, label) + textWidth(doc, ` · ${ownLabel}`, label) <= label.width;
    let below: number;
    if (!bilingualLabel) below = drawText(doc, zhLabel, { ...label, y: top });
    else if (oneLine && !isRightToLeft(ownLabel))
      below = drawText(doc, `${zhLabel} · ${ownLabel}`, { ...label, y: top });
    else if (oneLine) {
      below = drawText(doc, zhLabel, { ...label, y: top });
      drawText(doc, ownLabel, { ...label, y: top });
    } else {
      below = drawText(doc, zhLabel, { ...label, y: top });
      below = drawText(doc, ownLabel, { ...label, y: below });
    }
    const lines = typeof value === "string" ? [value] : value;
    const valueBottom = drawLines(lines, { x: left + labelWidth, width: width - labelWidth, size: 9 }, top);
    y = Math.max(below, valueBottom) + 1.5;
  };
  /** A line in Chinese and the reader's language: side by side, or at both ends for right-to-left. */
  const bilingualLine = (zhText: string, ownText: string, style: { size: number; bold?: boolean; color?: string }) => {
    const top = y;
    if (!bilingual) return drawText(doc, zhText, { x: left, y: top, width, ...style });
    if (!isRightToLeft(ownText)) return drawText(doc, `${zhText} · ${ownText}`, { x: left, y: top, width, ...style });
    const below = drawText(doc, zhText, { x: left, y: top, width: width / 2, ...style });
    return Math.max(below, drawText(doc, ownText, { x: left + width / 2, y: top, width: width / 2, ...style }));
  };
  const rule = (from: number, color: string, lineWidth: number) =>
    doc
      .moveTo(from, y)
      .lineTo(left + width, y)
      .strokeColor(color)
      .lineWidth(lineWidth)
      .stroke();
  const heading = (key: string) => {
    y += 3;
    y = bilingualLine(zh(key), own(key), { size: 10, bold: true, color: "#9c2f1f" }) + 2;
    rule(left, "#d6dde5", 0.5);
    y += 3;
  };
  const payments: [TFunction, TFunction] = [zh, own];
  /** A text in Chinese, and in the reader's language on an invoice issued in another. */
  const both = (
    key: string,
    options: (lng: Locale) => Record<string, unknown> = () => ({}),
    [zhT, ownT]: [TFunction, TFunction] = payments,
  ) =>
    bilingual ? [zhT(key, options(DEFAULT_LOCALE)), ownT(key, options(locale))] : [zhT(key, options(DEFAULT_LOCALE))];

  y = drawText(doc, "丝路通 Silu Gateway", { x: left, y, width, size: 10, bold: true, color: "#9c2f1f" });
  y = drawText(doc, invoice.issuer?.name ?? invoice.payTo.accountName, {
    x: left,
    y,
    width,
    size: 8.5,
    color: "#5b6776",
  });
  if (invoice.issuer) {
    // The issuer's tax number, labelled in Chinese (and the reader's language, on its own line).
    y = drawText(doc, `${zh("invoice.creditCode")} ${invoice.issuer.taxNumber}`, {
      x: left,
      y,
      width,
      size: 8.5,
      color: "#5b6776",
    });
    if (bilingual)
      y = drawText(doc, `${own("invoice.creditCode")} ${invoice.issuer.taxNumber}`, {
        x: left,
        y,
        width,
        size: 8,
        color: "#5b6776",
        align: isRightToLeft(own("invoice.creditCode")) ? "left" : undefined,
      });
  }
  y += 6;
  y = bilingualLine(zh("invoice.title"), own("invoice.title"), { size: 15, bold: true }) + 5;

  field(payments, "invoice.number", invoice.number);
  field(payments, "invoice.issued", day(invoice.issuedAt));
  // Due at a time on the issuer's clock, with its zone: "2026-12-04, 17:00 (UTC+8, Beijing time)".
  const due = { date: day(invoice.dueAt), time: isoInChina(new Date(invoice.dueAt), true).slice(11, 16) };
  field(
    payments,
    "invoice.due",
    both("invoice.dueAt", () => due),
  );

  heading("invoice.billTo");
  field(payments, "columns.company", [invoice.billTo.legalNameZh, invoice.billTo.legalNameLatin]);
  field(payments, "invoice.creditCode", invoice.billTo.creditCode);

  heading("invoice.booking");
  field(payments, "invoice.booking", booking.reference);
  // The route in Chinese, and in the reader's language in its direction (right to left in Arabic).
  const readerRoute = isRightToLeft(`${booking.origin.reader}${booking.destination.reader}`)
    ? ownSchedules("board.route", { origin: booking.origin.reader, destination: booking.destination.reader })
    : `${booking.origin.reader} → ${booking.destination.reader}`;
  field(payments, "invoice.service", [
    `${booking.serviceNumber} · ${booking.origin.zh} → ${booking.destination.zh}`,
    ...(bilingual ? [readerRoute] : []),
  ]);
  field(payments, "invoice.departure", isoInChina(new Date(booking.departureAt), true));

  // The breakdown the exporter accepted when holding, under column headings.
  heading("invoice.total");
  const columns = {
    item: { x: left, width: width * 0.48 },
    quantity: { x: left + width * 0.48, width: width * 0.12 },
    unit: { x: left + width * 0.6, width: width * 0.19 },
    amount: { x: left + width * 0.8, width: width * 0.2 },
  };
  const headingTop = y;
  let headingBottom = y;
  for (const [column, key] of [
    ["item", "price.item"],
    ["quantity", "price.quantity"],
    ["unit", "price.unit"],
    ["amount", "price.amount"],
  ] as const) {
    const align = column === "item" ? "left" : "right";
    const style = { ...columns[column], size: 8, bold: true, color: "#5b6776", align } as const;
    headingBottom = Math.max(
      headingBottom,
      drawLines(both(key, undefined, [zhBooking, ownBooking]), style, headingTop),
    );
  }
  y = headingBottom + 1;
  rule(left, "#d6dde5", 0.5);
  y += 3;
  for (const line of invoice.lines) {
    const kind = `price.kind.${line.kind}`;
    const equipment = (common: TFunction) =>
      line.equipmentCode && line.kind === "FREIGHT" ? ` · ${common(`equipment.${line.equipmentCode}`)}` : "";
    const top = y;
    let below = drawText(doc, `${zhBooking(kind)}${equipment(zhCommon)}`, { ...columns.item, y: top, size: 9 });
    if (bilingual)
      below = drawText(doc, `${ownBooking(kind)}${equipment(ownCommon)}`, {
        ...columns.item,
        y: below,
        size: 8,
        align: isRightToLeft(ownBooking(kind)) ? "left" : undefined,
      });
    const number = new Intl.NumberFormat("en").format(line.quantity);
    drawText(doc, number, { ...columns.quantity, y: top, size: 9, align: "right" });
    drawText(doc, money(line.unitMinor), { ...columns.unit, y: top, size: 9, align: "right" });
    drawText(doc, money(line.amountMinor), { ...columns.amount, y: top, size: 9, align: "right" });
    y = below + 3;
  }
  rule(columns.unit.x, "#1d2733", 0.7);
  y += 3;
  /** A total's label (Chinese, then the reader's) right-aligned before its amount. */
  const totalRow = (labels: string[], amount: string, bold: boolean) => {
    const top = y;
    const labelBottom = drawLines(
      labels,
      { x: left, width: width * 0.78, size: bold ? 10 : 8.5, bold, align: "right" },
      top,
    );
    const amountBottom = drawText(doc, amount, {
      ...columns.amount,
      y: top,
      size: bold ? 10 : 8.5,
      bold,
      align: "right",
    });
    y = Math.max(labelBottom, amountBottom) + 1;
  };
  totalRow(both("invoice.total"), money(invoice.amountMinor), true);
  // The tax included in the total, and the legal note for it (versions issued before: none).
  const { tax } = invoice;
  if (tax) {
    const rate = (lng: Locale) => ({ rate: formatTaxRate(tax.rateBasisPoints, lng) });
    totalRow(both("invoice.tax", rate), money(tax.taxMinor), false);
    totalRow(both("invoice.net"), money(tax.netMinor), false);
    y = drawLines(both(`invoice.taxNote.${tax.note}`, rate), { x: left, width, size: 8 }, y + 2);
  }
  if (invoice.receivedMinor > 0) {
    y += 2;
    field(payments, "invoice.received", money(invoice.receivedMinor), width * 0.62);
    field(
      payments,
      "invoice.outstanding",
      money(Math.max(0, invoice.amountMinor - invoice.receivedMinor)),
      width * 0.62,
    );
  }

  heading("invoice.payTo");
  field(payments, "invoice.accountName", invoice.payTo.accountName);
  field(payments, "invoice.bank", invoice.payTo.bank);
  field(payments, "invoice.accountNumber", invoice.payTo.accountNumber);
  field(payments, "invoice.swift", invoice.payTo.swift);
  field(payments, "invoice.reference", invoice.paymentReference);
  y = drawLines(both("invoice.quote"), { x: left, width, size: 8.5 }, y + 3);

  // The footer at the foot of the (one) page: in Chinese, and in the reader's language in its direction.
  const footerY = doc.page.height - doc.page.margins.bottom - 34;
  if (y > footerY - 4) doc.addPage();
  drawText(doc, zh("invoice.footer"), { x: left, y: footerY, width, size: 7.5, color: "#5b6776" });
  if (bilingual) drawText(doc, own("invoice.footer"), { x: left, y: footerY + 11, width, size: 7.5, color: "#5b6776" });
  // Which issued version this is, and the hash of its content, for comparing two copies; a
  // right-to-left label at the other end of the line.
  const version = { version: issued.version };
  const versionStyle = { x: left, y: footerY + 22, width, size: 6.5, color: "#5b6776" };
  const hash = `SHA-256 ${issued.sha256}`;
  if (!bilingual) drawText(doc, `${zh("invoice.documentVersion", version)} · ${hash}`, versionStyle);
  else if (isRightToLeft(own("invoice.documentVersion", version))) {
    drawText(doc, `${zh("invoice.documentVersion", version)} · ${hash}`, versionStyle);
    drawText(doc, own("invoice.documentVersion", version), versionStyle);
  } else
    drawText(
      doc,
      `${zh("invoice.documentVersion", version)} / ${own("invoice.documentVersion", version)} · ${hash}`,
      versionStyle,
    );
  return documentBytes(doc);
}
