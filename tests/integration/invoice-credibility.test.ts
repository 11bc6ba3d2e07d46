import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { holdBooking } from "~/domain/booking/hold-booking.server";
import { CARRIAGE_TERMS_VERSION } from "~/domain/booking/carriage-terms";
import { canonicalPayload } from "~/domain/documents/document-versions.server";
import { loadActor } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import { chooseBankTransfer } from "~/domain/payments/choose-bank-transfer.server";
import { invoiceVersion, recordInvoiceVersion, type InvoicePayload } from "~/domain/payments/invoice-document.server";
import { renderInvoicePdf } from "~/domain/payments/invoice-pdf.server";
import { includedTax } from "~/domain/payments/invoice-tax";
import { presentInvoice } from "~/domain/payments/invoice-view";
import { findInvoice } from "~/domain/payments/invoices.server";
import { recordBankReceipt } from "~/domain/payments/record-bank-receipt.server";
import { loadCatalog } from "~/domain/places/catalog.server";
import type { Locale } from "~/i18n/config";
import { formatMoney } from "~/i18n/format";
import { fixedT } from "~/i18n/i18next.server";
import { env } from "~/utils/env.server";
import { seedDemoAccounts } from "../../seeds/demo-accounts";
import { seedDatabase } from "../../seeds/seed";
import { createReviewedDrafts } from "../support/drafts";
import { arabicWords, pdfPages, pdfText } from "../support/pdf";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const NOW = new Date("2026-12-01T00:00:00Z");
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const meta = { ipAddress: "127.0.0.1", userAgent: "vitest" };
const engine = process.env.TEST_DATABASE ?? "sqlite";
let test: TestDatabase;
let booker: Actor;
let lanzhouStaff: Actor;
let departureId: string;
let freshDepartures: string[];

/** Amounts as the PDF writes them (its no-break space read back as a space). */
const bankMoney = (minor: number) =>
  new Intl.NumberFormat("en", { style: "currency", currency: "USD", currencyDisplay: "code" })
    .format(minor / 100)
    .replace(/\s/g, " ");

beforeAll(async () => {
  test = await createTestDatabase();
  await seedDatabase(test.db, { now: NOW, weeks: 6 });
  await seedDemoAccounts(test.db);
  const actorOf = async (email: string) =>
    loadActor(test.db, (await test.db.user.findUniqueOrThrow({ where: { email } })).id);
  booker = await actorOf("booker@lanzhou-silkroad.example");
  lanzhouStaff = await actorOf("staff.lanzhou@silu-gateway.example");
  const departures = await test.db.departure.findMany({
    where: {
      status: "OPEN",
      service: { originCode: "CNLAZ", destinationCode: "DEDUI" },
      capacities: { some: { equipmentCode: "45G1" } },
      cargoCutoffAt: { gt: new Date(NOW.getTime() + 14 * 86_400_000) },
    },
    orderBy: { departureAt: "asc" },
  });
  freshDepartures = departures.map((departure) => departure.id);
});

beforeEach(() => {
  departureId = freshDepartures.shift()!;
});

afterAll(async () => {
  await test?.drop();
});

/** A held booking of two 40' HC on a departure of the test's own, invoiced for a bank transfer in `locale`. */
async function invoiceIn(locale: Locale) {
  const [reference] = await createReviewedDrafts(test.db, {
    companyId: booker.memberships[0]!.companyId,
    userId: booker.userId,
    departureId,
    count: 1,
    containers: [{ equipmentCode: "45G1", quantity: 2 }],
  });
  await holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: booker, reference: reference!, now: NOW });
  const issued = await chooseBankTransfer(test.db, booker, reference!, locale, later(1));
  return findInvoice(test.db, booker, issued.number);
}

/** Runs `body` with other tax settings, as if the operator had changed them and restarted. */
async function withTaxSettings(settings: Partial<ReturnType<typeof env>>, body: () => Promise<void>) {
  const before = { ...env() };
  Object.assign(env(), settings);
  try {
    await body();
  } finally {
    Object.assign(env(), before);
  }
}

describe(`invoice credibility (${engine})`, () => {
  it("issues the operator's tax number and the tax with its legal note into the version: 0 %, zero-rated", async () => {
    const invoice = await invoiceIn("de");
    const { payload } = (await invoiceVersion(test.db, invoice.id))!;
    expect(payload.issuer).toEqual({ name: env().OPERATOR_ACCOUNT_NAME, taxNumber: "91620100MA7UNQ8D5F" });
    expect(payload.tax).toEqual({
      rateBasisPoints: 0,
      note: "ZERO_RATED_INTERNATIONAL_TRANSPORT",
      netMinor: invoice.amountMinor,
      taxMinor: 0,
    });
    // The Arabic reader's place names are Arabic now, for a route line that reads right to left.
    const arabic = (await invoiceVersion(test.db, (await invoiceIn("ar")).id))!.payload;
    expect(arabic.booking.origin).toMatchObject({
      code: "CNLAZ",
      zh: "兰州国际陆港",
      reader: "ميناء لانتشو البري الدولي",
    });
  });

  it("shows the page's reader the due time in Beijing time and theirs, the issuer's tax number and the tax", async () => {
    const invoice = await invoiceIn("de");
    const issued = (await invoiceVersion(test.db, invoice.id))!;
    const catalog = await loadCatalog(test.db);
    const reader = { actor: booker, locale: "de" as const, timeZone: "Europe/Berlin", catalog, operator: env() };
    const view = presentInvoice(invoice, reader, issued.payload);
    // Bank-transfer invoices fall due at 17:00 on the issuer's clock (decision on bank days).
    expect(view.due.time).toBe("17:00");
    expect(view.due.date).toMatch(/2026/);
    expect(view.due.readerLocal).toMatch(/10:00/);
    const t = await fixedT("de", "payments");
    expect(t("invoice.dueAt", view.due)).toMatch(/, 17:00 Uhr \(UTC\+8, Pekinger Zeit\)$/);
    expect(view.issuer).toEqual({ name: env().OPERATOR_ACCOUNT_NAME, taxNumber: "91620100MA7UNQ8D5F" });
    expect(view.tax).toEqual({
      rate: "0",
      note: "ZERO_RATED_INTERNATIONAL_TRANSPORT",
      tax: formatMoney(0, "USD", "de"),
      net: formatMoney(invoice.amountMinor, "USD", "de"),
    });
    // A reader in Beijing time is not told the same time twice.
    expect(
      presentInvoice(invoice, { ...reader, timeZone: "Asia/Shanghai" }, issued.payload).due.readerLocal,
    ).toBeNull();
  });

  it("keeps the tax an invoice was issued with; a changed rate applies to invoices issued afterwards, in exact units", async () => {
    const before = await invoiceIn("de");
    await withTaxSettings({ INVOICE_TAX_RATE_PERCENT: 600, INVOICE_TAX_NOTE: "VAT_INCLUDED" }, async () => {
      // Money comes in for the invoice issued at 0 %: its next version states what the first did.
      await recordBankReceipt(
        test.db,
        lanzhouStaff,
        before.number,
        { amountMinor: 100_000, receivedOn: "2026-12-02", bankReference: "TAX-0001" },
        meta,
        later(60),
      );
      const second = (await invoiceVersion(test.db, before.id))!;
      expect(second.version.version).toBe(2);
      expect(second.payload.tax).toMatchObject({ rateBasisPoints: 0, note: "ZERO_RATED_INTERNATIONAL_TRANSPORT" });

      const after = await invoiceIn("de");
      const { payload, version } = (await invoiceVersion(test.db, after.id))!;
      const expected = includedTax(after.amountMinor, 600);
      expect(expected.taxMinor).toBeGreaterThan(0);
      // The total is unchanged (prices are all-in) and includes the tax: net + tax = total.
      expect(payload.amountMinor).toBe(after.payment.booking.totalMinor);
      expect(payload.tax).toEqual({ rateBasisPoints: 600, note: "VAT_INCLUDED", ...expected });
      expect(payload.tax!.netMinor + payload.tax!.taxMinor).toBe(payload.amountMinor);

      const text = pdfText(await renderInvoicePdf(payload, version));
      expect(text).toContain("其中增值税（6%）");
      expect(text).toContain("darin enthaltene MwSt. (6 %)");
      expect(text).toContain(bankMoney(expected.taxMinor));
      expect(text).toContain(bankMoney(expected.netMinor));
      expect(text).toContain("Die Preise enthalten 6 % Mehrwertsteuer.");
    });
  });

  it("draws a version issued before tax lines as it was, its bytes untouched; only a next version states them", async () => {
    const current = await invoiceIn("pl");
    // An invoice whose version 1 has the shape versions had before issue 11: no issuer, no tax.
    const {
      issuer: _issuer,
      tax: _tax,
      ...older
    }: InvoicePayload = (await invoiceVersion(test.db, current.id))!.payload;
    const payment = await test.db.payment.create({
      data: {
        bookingId: current.payment.bookingId,
        companyId: current.companyId,
        method: "BANK_TRANSFER",
        status: "PENDING",
        currency: current.currency,
        amountMinor: current.amountMinor,
      },
    });
    const number = `SGI-2025-${String(Math.floor(Math.random() * 900_000) + 100_000)}`;
    const legacy = await test.db.invoice.create({
      data: {
        number,
        paymentId: payment.id,
        companyId: current.companyId,
        currency: current.currency,
        amountMinor: current.amountMinor,
        paymentReference: number,
        issuedAt: NOW,
        dueAt: later(3 * 24 * 60),
        locale: "pl",
      },
    });
    const { json, sha256 } = canonicalPayload({ ...older, number, paymentReference: number });
    await test.db.documentVersion.create({
      data: { kind: "INVOICE", subjectId: legacy.id, version: 1, payload: json, sha256, locale: "pl" },
    });

    const first = (await invoiceVersion(test.db, legacy.id))!;
    expect(first.payload.tax).toBeUndefined();
    expect(first.payload.issuer).toBeUndefined();
    const text = pdfText(await renderInvoicePdf(first.payload, first.version));
    expect(text).toContain(number);
    expect(text).not.toContain("增值税");
    expect(text).not.toContain("91620100MA7UNQ8D5F");
    const catalog = await loadCatalog(test.db);
    const view = presentInvoice(
      await findInvoice(test.db, booker, number),
      { actor: booker, locale: "pl", timeZone: "Europe/Warsaw", catalog, operator: env() },
      first.payload,
    );
    expect(view.tax).toBeNull();
    expect(view.issuer).toBeNull();

    // The next version (here: asked for directly) is drawn from today's rows and settings.
    await test.db.$transaction((tx) => recordInvoiceVersion(tx, legacy.id, lanzhouStaff.userId, later(5)));
    const second = (await invoiceVersion(test.db, legacy.id))!;
    expect(second.version.version).toBe(2);
    expect(second.payload.tax).toMatchObject({ rateBasisPoints: 0, taxMinor: 0 });
    const stored = await test.db.documentVersion.findFirstOrThrow({ where: { subjectId: legacy.id, version: 1 } });
    expect({ payload: stored.payload, sha256: stored.sha256 }).toEqual({ payload: json, sha256 });
  });

  describe("PDF on one page", () => {
    /** The longest invoice: money received, so received and outstanding are printed too. */
    const partlyPaid = async (locale: Locale) => {
      const invoice = await invoiceIn(locale);
      await recordBankReceipt(
        test.db,
        lanzhouStaff,
        invoice.number,
        { amountMinor: 100_000, receivedOn: "2026-12-02", bankReference: `PDF-${locale}` },
        meta,
        later(60),
      );
      const issued = (await invoiceVersion(test.db, invoice.id))!;
      const bytes = await renderInvoicePdf(issued.payload, issued.version);
      return { invoice, payload: issued.payload, sha256: issued.version.sha256, bytes, text: pdfText(bytes) };
    };
    const common = (text: string, invoice: Awaited<ReturnType<typeof invoiceIn>>, sha256: string) => {
      for (const intact of [
        invoice.number,
        invoice.payment.booking.reference,
        invoice.payment.booking.company.creditCode,
        "91620100MA7UNQ8D5F",
        "BKCHCNBJ870",
        bankMoney(invoice.amountMinor),
        bankMoney(100_000),
        bankMoney(invoice.amountMinor - 100_000),
        bankMoney(0),
        `SHA-256 ${sha256}`,
        // Column headings of the line table, and the due time with its zone. (Without the closing
        // brackets: read back from an Arabic page, pdftotext moves them to the line's start.)
        "项目",
        "数量",
        "单价",
        "金额",
        "17:00（UTC+8，北京时间",
        "其中增值税（0%",
        "国际运输服务，适用增值税零税率（0%",
      ])
        expect(text).toContain(intact);
    };

    it("in Arabic: one page, the route line and the footer in Arabic, in reading order", async () => {
      const { invoice, bytes, text, sha256 } = await partlyPaid("ar");
      expect(pdfPages(bytes)).toBe(1);
      common(text, invoice, sha256);
      const [t, schedules] = await Promise.all([fixedT("ar", "payments"), fixedT("ar", "schedules")]);
      const route = schedules("board.route", { origin: "ميناء لانتشو البري الدولي", destination: "دويسبورغ" });
      // Read back in logical order, the words come out as they are written: right to left on the page.
      const words = arabicWords(text);
      expect(words).toContain(arabicWords(route));
      expect(arabicWords(route)).toMatch(/ .* /);
      expect(words).toContain(arabicWords(t("invoice.footer")));
      expect(text).toContain("Silu Gateway");
      for (const key of ["invoice.net", "invoice.taxNote.ZERO_RATED_INTERNATIONAL_TRANSPORT", "invoice.title"])
        expect(words).toContain(arabicWords(t(key, { rate: "0" })));
      // The route line's arrow points the way it reads: from the origin on the right to the left.
      const routeLine = text.split("\n").find((line) => line.includes("←"))!;
      expect(arabicWords(routeLine)).toBe(arabicWords(route));
    });

    it.each(["zh-CN", "de"] as const)("in %s: one page, with the new parts", async (locale) => {
      const { invoice, bytes, text, sha256 } = await partlyPaid(locale);
      expect(pdfPages(bytes)).toBe(1);
      common(text, invoice, sha256);
      if (locale === "de") {
        for (const german of [
          "Position",
          "Menge",
          "Einzelpreis",
          "17:00 Uhr (UTC+8, Pekinger Zeit)",
          "darin enthaltene MwSt. (0 %)",
          "Betrag ohne MwSt.",
          "Internationaler Landhafen Lanzhou → Duisburg",
        ])
          expect(text.replace(/\s+/g, " ")).toContain(german);
      } else {
        expect(text).toContain("兰州国际陆港 → 杜伊斯堡");
        expect(text).not.toContain("Einzelpreis");
      }
    });
  });
});
