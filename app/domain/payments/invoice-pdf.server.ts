import type { TFunction } from "i18next";
import type { DocumentVersionRow } from "~/domain/documents/document-versions.server";
import { drawText, documentBytes, isRightToLeft, newDocument } from "~/domain/documents/pdf-text.server";
import { DEFAULT_LOCALE, isLocale, type Locale } from "~/i18n/config";
import { fixedT } from "~/i18n/i18next.server";
import { minorDigits } from "~/schemas/payments";
import type { InvoicePayload } from "./invoice-document.server";
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
  const [zh, own, zhBooking, ownBooking, zhCommon, ownCommon] = await Promise.all([
    fixedT(DEFAULT_LOCALE, "payments"),
    fixedT(locale, "payments"),
    fixedT(DEFAULT_LOCALE, "booking"),
    fixedT(locale, "booking"),
    fixedT(DEFAULT_LOCALE, "common"),
    fixedT(locale, "common"),
  ]);
  const bilingual = locale !== DEFAULT_LOCALE;
  const { booking } = invoice;
  const money = (minor: number) => bankMoney(minor, invoice.currency);
  const day = (iso: string) => isoInChina(new Date(iso));

  const doc = newDocument({ title: `${zh("invoice.title")} ${invoice.number}`, subject: booking.reference });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  let y = doc.page.margins.top;

  /** A label in Chinese with the reader's translation under it, and its value to the right. */
  const field = (t: [TFunction, TFunction], key: string, value: string, labelWidth = 170) => {
    const top = y;
    let below = drawText(doc, t[0](key), { x: left, y: top, width: labelWidth, size: 8.5, color: "#5b6776" });
    if (bilingual)
      below = drawText(doc, t[1](key), { x: left, y: below, width: labelWidth, size: 8, color: "#5b6776" });
    const valueBottom = drawText(doc, value, { x: left + labelWidth, y: top, width: width - labelWidth, size: 9 });
    y = Math.max(below, valueBottom) + 2;
  };
  /** A line in Chinese and the reader's language: side by side, or at both ends for right-to-left. */
  const bilingualLine = (zhText: string, ownText: string, style: { size: number; bold?: boolean; color?: string }) => {
    const top = y;
    if (!bilingual) return drawText(doc, zhText, { x: left, y: top, width, ...style });
    if (!isRightToLeft(ownText)) return drawText(doc, `${zhText} · ${ownText}`, { x: left, y: top, width, ...style });
    const below = drawText(doc, zhText, { x: left, y: top, width: width / 2, ...style });
    return Math.max(below, drawText(doc, ownText, { x: left + width / 2, y: top, width: width / 2, ...style }));
  };
  const heading = (key: string) => {
    y += 4;
    y = bilingualLine(zh(key), own(key), { size: 10.5, bold: true, color: "#9c2f1f" }) + 3;
    doc
      .moveTo(left, y)
      .lineTo(left + width, y)
      .strokeColor("#d6dde5")
      .lineWidth(0.5)
      .stroke();
    y += 4;
  };
  const payments: [TFunction, TFunction] = [zh, own];

  y = drawText(doc, "丝路通 Silu Gateway", { x: left, y, width, size: 10, bold: true, color: "#9c2f1f" });
  y = drawText(doc, invoice.payTo.accountName, { x: left, y, width, size: 8.5, color: "#5b6776" }) + 8;
  y = bilingualLine(zh("invoice.title"), own("invoice.title"), { size: 16, bold: true }) + 6;

  field(payments, "invoice.number", invoice.number);
  field(payments, "invoice.issued", day(invoice.issuedAt));
  field(payments, "invoice.due", day(invoice.dueAt));

  heading("invoice.billTo");
  field(payments, "columns.company", `${invoice.billTo.legalNameZh}\n${invoice.billTo.legalNameLatin}`);
  field(payments, "invoice.creditCode", invoice.billTo.creditCode);

  heading("invoice.booking");
  field(payments, "invoice.booking", booking.reference);
  const route = (name: "zh" | "reader") => `${booking.origin[name]} → ${booking.destination[name]}`;
  field(
    payments,
    "invoice.service",
    `${booking.serviceNumber} · ${route("zh")}${bilingual ? `\n${route("reader")}` : ""}`,
  );
  field(payments, "invoice.departure", isoInChina(new Date(booking.departureAt), true));

  // The breakdown the exporter accepted when holding.
  heading("invoice.total");
  const lines = invoice.lines;
  const columns = { item: left, quantity: left + width * 0.5, unit: left + width * 0.62, amount: left + width * 0.8 };
  for (const line of lines) {
    const kind = `price.kind.${line.kind}`;
    const equipment = (common: TFunction) =>
      line.equipmentCode && line.kind === "FREIGHT" ? ` · ${common(`equipment.${line.equipmentCode}`)}` : "";
    const top = y;
    let below = drawText(doc, `${zhBooking(kind)}${equipment(zhCommon)}`, {
      x: columns.item,
      y: top,
      width: width * 0.48,
      size: 9,
    });
    if (bilingual)
      below = drawText(doc, `${ownBooking(kind)}${equipment(ownCommon)}`, {
        x: columns.item,
        y: below,
        width: width * 0.48,
        size: 8,
      });
    drawText(doc, new Intl.NumberFormat("en").format(line.quantity), {
      x: columns.quantity,
      y: top,
      width: width * 0.1,
      size: 9,
      align: "right",
    });
    drawText(doc, money(line.unitMinor), { x: columns.unit, y: top, width: width * 0.17, size: 9, align: "right" });
    drawText(doc, money(line.amountMinor), { x: columns.amount, y: top, width: width * 0.2, size: 9, align: "right" });
    y = below + 4;
  }
  doc
    .moveTo(columns.unit, y)
    .lineTo(left + width, y)
    .strokeColor("#1d2733")
    .lineWidth(0.7)
    .stroke();
  y += 4;
  const totalTop = y;
  const totalLabel = drawText(doc, zh("invoice.total"), {
    x: left,
    y: totalTop,
    width: width * 0.78,
    size: 10,
    bold: true,
    align: "right",
  });
  if (bilingual)
    drawText(doc, own("invoice.total"), { x: left, y: totalLabel, width: width * 0.78, size: 9, align: "right" });
  y = drawText(doc, money(invoice.amountMinor), {
    x: columns.amount,
    y: totalTop,
    width: width * 0.2,
    size: 10,
    bold: true,
    align: "right",
  });
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
  y = drawText(doc, zh("invoice.quote"), { x: left, y: y + 4, width, size: 9 });
  if (bilingual) y = drawText(doc, own("invoice.quote"), { x: left, y, width, size: 9 });

  const footerY = doc.page.height - doc.page.margins.bottom - 38;
  if (y > footerY - 6) doc.addPage();
  drawText(doc, zh("invoice.footer"), { x: left, y: footerY, width, size: 7.5, color: "#5b6776" });
  if (bilingual) drawText(doc, own("invoice.footer"), { x: left, y: footerY + 12, width, size: 7.5, color: "#5b6776" });
  // Which issued version this is, and the hash of its content, for comparing two copies.
  const version = { version: issued.version };
  const versionLabel = bilingual
    ? `${zh("invoice.documentVersion", version)} / ${own("invoice.documentVersion", version)}`
    : zh("invoice.documentVersion", version);
  drawText(doc, `${versionLabel} · SHA-256 ${issued.sha256}`, {
    x: left,
    y: footerY + 24,
    width,
    size: 6.5,
    color: "#5b6776",
  });
  return documentBytes(doc);
}
