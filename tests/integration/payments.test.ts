import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { amendBooking } from "~/domain/booking/amend-booking.server";
import { cancelBooking } from "~/domain/booking/cancel-booking.server";
import { holdBooking } from "~/domain/booking/hold-booking.server";
import { CARRIAGE_TERMS_VERSION } from "~/domain/booking/carriage-terms";
import { releaseExpiredHolds } from "~/domain/booking/holds.server";
import { sendBookingNotifications } from "~/domain/booking/notifications.server";
import { loadActor } from "~/domain/identity/actor.server";
import { fixedT } from "~/i18n/i18next.server";
import type { Actor } from "~/domain/identity/permissions";
import { renderInvoicePdf } from "~/domain/payments/invoice-pdf.server";
import { InvoicePayloadSchema, invoiceVersion, recordInvoiceVersion } from "~/domain/payments/invoice-document.server";
import {
  canonicalPayload,
  listDocumentVersions,
  readDocumentPayload,
} from "~/domain/documents/document-versions.server";
import type { Locale } from "~/i18n/config";
import { chooseBankTransfer } from "~/domain/payments/choose-bank-transfer.server";
import { confirmOnAccount } from "~/domain/payments/confirm-on-account.server";
import { findInvoice } from "~/domain/payments/invoices.server";
import { portPaymentsToConfirm } from "~/domain/payments/payment-queries.server";
import { recordBankReceipt } from "~/domain/payments/record-bank-receipt.server";
import { recordManualRefund } from "~/domain/payments/refunds.server";
import { bookingPayments } from "~/domain/payments/payment-queries.server";
import { presentCancellation, presentCancelled } from "~/domain/booking/cancellation-view";
import { findCompanyBooking } from "~/domain/booking/find-bookings.server";
import { formatMoney } from "~/i18n/format";
import { businessDaysLater } from "~/domain/payments/bank-days";
import { seedDemoAccounts } from "../../seeds/demo-accounts";
import { seedDatabase } from "../../seeds/seed";
import { createReviewedDrafts } from "../support/drafts";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { statusOf } from "../support/refusals";

const NOW = new Date("2026-12-01T00:00:00Z");
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const meta = { ipAddress: "127.0.0.1", userAgent: "vitest" };
let test: TestDatabase;
let booker: Actor;
let lanzhouStaff: Actor;
let lanzhouOperator: Actor;
let wuweiStaff: Actor;
let wuweiExporter: Actor;
let departureId: string;
/** Each test books on a departure of its own, so that capacity figures are its own. */
let freshDepartures: string[];

const actorOf = async (email: string) =>
  loadActor(test.db, (await test.db.user.findUniqueOrThrow({ where: { email } })).id);
const capacity = () =>
  test.db.departureCapacity.findUniqueOrThrow({
    where: { departureId_equipmentCode: { departureId, equipmentCode: "45G1" } },
  });
const bookingOf = (reference: string) => test.db.booking.findUniqueOrThrow({ where: { reference } });
const paymentOf = (invoiceNumber: string) =>
  test.db.payment.findFirstOrThrow({ where: { invoice: { number: invoiceNumber } }, include: { refunds: true } });

async function heldBookings(count: number, quantity = 2): Promise<string[]> {
  const references = await createReviewedDrafts(test.db, {
    companyId: booker.memberships[0]!.companyId,
    userId: booker.userId,
    departureId,
    count,
    containers: [{ equipmentCode: "45G1", quantity }],
  });
  for (const reference of references)
    await holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: booker, reference, now: NOW });
  return references;
}

beforeAll(async () => {
  test = await createTestDatabase();
  await seedDatabase(test.db, { now: NOW, weeks: 6 });
  await seedDemoAccounts(test.db);
  booker = await actorOf("booker@lanzhou-silkroad.example");
  lanzhouStaff = await actorOf("staff.lanzhou@silu-gateway.example");
  wuweiStaff = await actorOf("staff.wuwei@silu-gateway.example");
  wuweiExporter = await actorOf("admin@wuwei-agri.example");
  const operator = await test.db.user.create({
    data: {
      email: "operator.lanzhou@silu-gateway.example",
      name: "王力",
      passwordHash: "-",
      kind: "STAFF",
      staffRole: "OPERATOR",
      staffPorts: { create: { placeCode: "CNLAZ" } },
    },
  });
  lanzhouOperator = await loadActor(test.db, operator.id);
  const departures = await test.db.departure.findMany({
    where: {
      status: "OPEN",
      service: { originCode: "CNLAZ" },
      capacities: { some: { equipmentCode: "45G1" } },
      cargoCutoffAt: { gt: new Date(NOW.getTime() + 14 * 86_400_000) },
    },
    orderBy: { departureAt: "asc" },
  });
  freshDepartures = departures.map((departure) => departure.id);
});

beforeEach(async () => {
  departureId = freshDepartures.shift()!;
  await test.db.departureCapacity.update({
    where: { departureId_equipmentCode: { departureId, equipmentCode: "45G1" } },
    data: { total: 100, available: 100, held: 0, booked: 0 },
  });
});

afterAll(async () => {
  await test?.drop();
});

describe(`bank transfer (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("issues one invoice, keeps the slots until it falls due, and confirms when paid in full", async () => {
    const [reference] = await heldBookings(1);
    const [first, again] = await Promise.all([
      chooseBankTransfer(test.db, booker, reference!, "ru", later(1)),
      chooseBankTransfer(test.db, booker, reference!, "ru", later(1)),
    ]);
    expect(first.number).toBe(again.number);
    expect(first.number).toMatch(/^SGI-2026-\d{6}$/);
    // Three business days later at 17:00 Beijing time (NOW is a Tuesday morning there).
    expect(first.dueAt).toEqual(businessDaysLater(later(1), 3));
    expect(first.dueAt.toISOString()).toBe("2026-12-04T09:00:00.000Z");
    const awaiting = await bookingOf(reference!);
    expect(awaiting.status).toBe("AWAITING_PAYMENT");
    expect(awaiting.holdExpiresAt).toEqual(first.dueAt);
    expect(first.amountMinor).toBe(awaiting.totalMinor);

    // Part of it arrives first: recorded, the rest still due, nothing confirmed.
    const part = await recordBankReceipt(
      test.db,
      lanzhouStaff,
      first.number,
      { amountMinor: 100_000, receivedOn: "2026-12-02", bankReference: "BOC-0001" },
      meta,
      later(60),
    );
    expect(part).toEqual({ settled: null, outstanding: first.amountMinor - 100_000 });
    expect((await paymentOf(first.number)).status).toBe("PARTIALLY_PAID");
    expect((await bookingOf(reference!)).status).toBe("AWAITING_PAYMENT");

    // The same bank transaction recorded twice counts once.
    await expect(
      recordBankReceipt(
        test.db,
        lanzhouStaff,
        first.number,
        { amountMinor: 100_000, receivedOn: "2026-12-02", bankReference: "BOC-0001" },
        meta,
        later(61),
      ),
    ).rejects.toMatchObject({ code: "duplicateReceipt", field: "bankReference" });

    const rest = await recordBankReceipt(
      test.db,
      lanzhouStaff,
      first.number,
      { amountMinor: first.amountMinor - 100_000, receivedOn: "2026-12-03", bankReference: "BOC-0002" },
      meta,
      later(120),
    );
    expect(rest.settled).toBe("CONFIRMED");
    const paid = await paymentOf(first.number);
    expect(paid).toMatchObject({ status: "SUCCEEDED", receivedMinor: first.amountMinor, flag: null });
    expect((await bookingOf(reference!)).status).toBe("CONFIRMED");
    expect(await capacity()).toMatchObject({ available: 98, held: 0, booked: 2 });

    // The booker hears of each step, in their language.
    await sendBookingNotifications(test.db, later(121));
    const mails = await test.db.outboxMessage.findMany({
      where: { to: "booker@lanzhou-silkroad.example", subject: { contains: reference } },
      orderBy: { createdAt: "asc" },
    });
    expect(mails.map((mail) => mail.template)).toEqual(
      expect.arrayContaining(["booking.invoiceIssued", "booking.partialPayment", "booking.confirmed"]),
    );
  });

  it("numbers invoices without gaps or repeats when many are issued at once", async () => {
    const references = await heldBookings(12, 1);
    const invoices = await Promise.all(
      references.map((reference) => chooseBankTransfer(test.db, booker, reference, "en", later(1))),
    );
    const numbers = invoices.map((invoice) => Number(invoice.number.slice(-6))).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(12);
    expect(numbers.at(-1)! - numbers[0]!).toBe(11);
  });

  it("flags an overpayment for a refund of the difference", async () => {
    const [reference] = await heldBookings(1);
    const invoice = await chooseBankTransfer(test.db, booker, reference!, "en", later(1));
    const outcome = await recordBankReceipt(
      test.db,
      lanzhouStaff,
      invoice.number,
      { amountMinor: invoice.amountMinor + 5_000, receivedOn: "2026-12-02", bankReference: "BOC-OVER" },
      meta,
      later(5),
    );
    expect(outcome.settled).toBe("CONFIRMED");
    const payment = await paymentOf(invoice.number);
    expect(payment.flag).toBe("OVERPAID");
    expect(payment.refunds).toEqual([
      expect.objectContaining({ amountMinor: 5_000, reason: "OVERPAYMENT", status: "MANUAL" }),
    ]);

    // Staff of another port cannot mark it; Lanzhou's supervisor records the transfer back.
    const [refund] = payment.refunds;
    expect(await statusOf(recordManualRefund(test.db, wuweiStaff, refund!.id, "BACK-1", meta, later(6)))).toBe(404);
    await recordManualRefund(test.db, lanzhouStaff, refund!.id, "BOC-BACK-1", meta, later(6));
    const settled = await paymentOf(invoice.number);
    expect(settled).toMatchObject({ status: "SUCCEEDED", flag: null, refundedMinor: 5_000 });
    expect(settled.refunds[0]).toMatchObject({ status: "SUCCEEDED" });
    await expect(
      recordManualRefund(test.db, lanzhouStaff, refund!.id, "BOC-BACK-1", meta, later(7)),
    ).rejects.toMatchObject({ code: "refundNotOpen" });
  });

  it("confirms a late payment while the slots are free, and refunds one whose slots are gone", async () => {
    const [lucky, unlucky] = await heldBookings(2);
    const luckyInvoice = await chooseBankTransfer(test.db, booker, lucky!, "en", later(1));
    const unluckyInvoice = await chooseBankTransfer(test.db, booker, unlucky!, "en", later(1));
    const afterDue = new Date(luckyInvoice.dueAt.getTime() + 60_000);
    await releaseExpiredHolds(test.db, afterDue, { departureId });
    expect((await bookingOf(lucky!)).status).toBe("EXPIRED");
    expect((await bookingOf(unlucky!)).status).toBe("EXPIRED");
    expect(await capacity()).toMatchObject({ available: 100, held: 0 });

    const first = await recordBankReceipt(
      test.db,
      lanzhouStaff,
      luckyInvoice.number,
      { amountMinor: luckyInvoice.amountMinor, receivedOn: "2026-12-05", bankReference: "LATE-1" },
      meta,
      afterDue,
    );
    expect(first.settled).toBe("LATE_CONFIRMED");
    expect((await bookingOf(lucky!)).status).toBe("CONFIRMED");
    expect(await capacity()).toMatchObject({ available: 98, booked: 2 });

    // Someone else takes the rest of the train; the second late payment finds no slots.
    await test.db.departureCapacity.update({
      where: { departureId_equipmentCode: { departureId, equipmentCode: "45G1" } },
      data: { available: 1, booked: 99 },
    });
    const second = await recordBankReceipt(
      test.db,
      lanzhouStaff,
      unluckyInvoice.number,
      { amountMinor: unluckyInvoice.amountMinor, receivedOn: "2026-12-05", bankReference: "LATE-2" },
      meta,
      afterDue,
    );
    expect(second.settled).toBe("NEEDS_REFUND");
    expect((await bookingOf(unlucky!)).status).toBe("EXPIRED");
    expect((await capacity()).available).toBe(1);
    const payment = await paymentOf(unluckyInvoice.number);
    expect(payment).toMatchObject({ status: "REFUND_PENDING", flag: "LATE_NO_CAPACITY" });
    expect(payment.refunds).toEqual([
      expect.objectContaining({ amountMinor: unluckyInvoice.amountMinor, reason: "LATE_PAYMENT" }),
    ]);
    await sendBookingNotifications(test.db, afterDue);
    const told = await test.db.outboxMessage.findFirst({
      where: { template: "booking.lateRefund", subject: { contains: unlucky } },
    });
    expect(told).not.toBeNull();
  });

  it("does not offer a bank transfer that could not arrive before the cut-off", async () => {
    const [reference] = await createReviewedDrafts(test.db, {
      companyId: booker.memberships[0]!.companyId,
      userId: booker.userId,
      departureId,
      count: 1,
      containers: [{ equipmentCode: "45G1", quantity: 1 }],
    });
    const { cargoCutoffAt } = await test.db.departure.findUniqueOrThrow({ where: { id: departureId } });
    const dayBefore = new Date(cargoCutoffAt.getTime() - 20 * 3_600_000);
    // Documents due with the cargo here, so that a hold a day before the cut-off is possible.
    await test.db.departure.update({ where: { id: departureId }, data: { docCutoffAt: cargoCutoffAt } });
    await holdBooking(test.db, {
      acceptedTerms: CARRIAGE_TERMS_VERSION,
      actor: booker,
      reference: reference!,
      now: dayBefore,
    });
    await expect(chooseBankTransfer(test.db, booker, reference!, "en", dayBefore)).rejects.toMatchObject({
      code: "bankTransferTooLate",
      status: 409,
    });
    expect((await bookingOf(reference!)).status).toBe("HELD");
    expect(await test.db.invoice.count({ where: { payment: { booking: { reference: reference! } } } })).toBe(0);
  });

  it("never refunds more than came in, and gives back money that arrives for a closed payment", async () => {
    const [reference] = await heldBookings(1);
    const invoice = await chooseBankTransfer(test.db, booker, reference!, "en", later(1));
    const receive = (amountMinor: number, bankReference: string) =>
      recordBankReceipt(
        test.db,
        lanzhouStaff,
        invoice.number,
        { amountMinor, receivedOn: "2026-12-02", bankReference },
        meta,
        later(5),
      );
    await receive(invoice.amountMinor, "FULL");
    await receive(10_000, "EXTRA-1");
    await receive(5_000, "EXTRA-2");
    const refunds = (await paymentOf(invoice.number)).refunds.map((refund) => refund.amountMinor);
    expect(refunds).toEqual([10_000, 5_000]);

    // Before cancelling, the exporter is shown the fee and the refund in money; they match what happens.
    const asked = async () => {
      const booking = await findCompanyBooking(test.db, booker, reference!);
      return { booking, payments: await bookingPayments(test.db, booking.id) };
    };
    const reader = {
      actor: booker,
      locale: "en" as const,
      timeZone: "UTC",
      now: later(10),
      t: await fixedT("en", "booking"),
    };
    const before = await asked();
    const terms = presentCancellation(before.booking, before.payments, reader)!;
    const money = (minor: number) => formatMoney(minor, invoice.currency, "en");
    expect(terms.paid).toBe(money(invoice.amountMinor));
    // Cancelled afterwards: the rest goes back less the fee; money still arriving goes back too.
    const fee = await cancelBooking(test.db, { actor: booker, reference: reference!, meta, now: later(10) });
    const cancelled = await paymentOf(invoice.number);
    expect(cancelled.status).toBe("REFUND_PENDING");
    expect(cancelled.refunds.at(-1)).toMatchObject({
      reason: "CANCELLATION",
      status: "MANUAL",
      amountMinor: invoice.amountMinor - fee.feeMinor,
    });
    expect([terms.fee, terms.refund]).toEqual([money(fee.feeMinor), money(invoice.amountMinor - fee.feeMinor)]);
    const afterCancel = await asked();
    expect(presentCancellation(afterCancel.booking, afterCancel.payments, reader)).toBeNull();
    expect(presentCancelled(afterCancel.booking, afterCancel.payments, "en")).toMatchObject({
      fee: money(fee.feeMinor),
      refund: money(invoice.amountMinor - fee.feeMinor),
      refundDone: false,
    });
    await receive(7_000, "AFTER-CANCEL");
    const after = await paymentOf(invoice.number);
    expect(after.status).toBe("REFUND_PENDING");
    expect(after.refunds.at(-1)).toMatchObject({ reason: "LATE_PAYMENT", amountMinor: 7_000 });
    expect(after.receivedMinor - after.refunds.reduce((sum, refund) => sum + refund.amountMinor, 0)).toBe(fee.feeMinor);
  });

  it("refunds a late bank payment for a departure whose cut-off has passed, free slots or not", async () => {
    const [reference] = await heldBookings(1);
    const invoice = await chooseBankTransfer(test.db, booker, reference!, "en", later(1));
    const departure = await test.db.departure.findUniqueOrThrow({ where: { id: departureId } });
    const afterCutoff = new Date(departure.cargoCutoffAt.getTime() + 60_000);
    await releaseExpiredHolds(test.db, afterCutoff, { departureId });
    const outcome = await recordBankReceipt(
      test.db,
      lanzhouStaff,
      invoice.number,
      { amountMinor: invoice.amountMinor, receivedOn: "2026-12-20", bankReference: "TOO-LATE" },
      meta,
      afterCutoff,
    );
    expect(outcome.settled).toBe("NEEDS_REFUND");
    expect((await bookingOf(reference!)).status).toBe("EXPIRED");
    expect(await capacity()).toMatchObject({ available: 100, booked: 0 });
  });

  it("changes a hold only: an invoiced booking cannot be amended", async () => {
    const [reference] = await heldBookings(1);
    await chooseBankTransfer(test.db, booker, reference!, "en", later(1));
    await expect(
      amendBooking(test.db, {
        actor: booker,
        reference: reference!,
        containers: [{ equipmentCode: "45G1", quantity: 5, shipperOwned: false }],
        meta,
        now: later(2),
      }),
    ).rejects.toMatchObject({ code: "notAmendable" });
  });

  it("lets only the staff of the departure's port record receipts, and only the parties see the invoice", async () => {
    const [reference] = await heldBookings(1);
    const invoice = await chooseBankTransfer(test.db, booker, reference!, "en", later(1));
    const receipt = { amountMinor: 1, receivedOn: "2026-12-02", bankReference: "X-1" };
    expect(await statusOf(recordBankReceipt(test.db, wuweiStaff, invoice.number, receipt, meta))).toBe(404);
    expect(await statusOf(recordBankReceipt(test.db, lanzhouOperator, invoice.number, receipt, meta))).toBe(403);
    expect(await statusOf(recordBankReceipt(test.db, booker, invoice.number, receipt, meta))).toBe(404);
    expect(await statusOf(findInvoice(test.db, wuweiExporter, invoice.number))).toBe(404);
    expect(await statusOf(findInvoice(test.db, wuweiStaff, invoice.number))).toBe(404);
    expect((await findInvoice(test.db, lanzhouStaff, invoice.number)).number).toBe(invoice.number);
    expect((await findInvoice(test.db, booker, invoice.number)).number).toBe(invoice.number);
    expect(await statusOf(chooseBankTransfer(test.db, wuweiExporter, reference!, "en"))).toBe(404);
    const toConfirm = await portPaymentsToConfirm(test.db, lanzhouStaff);
    expect(toConfirm.map((row) => row.invoice?.number)).toContain(invoice.number);
    expect(await statusOf(portPaymentsToConfirm(test.db, wuweiStaff))).toBe(404);
    expect(
      (await test.db.payment.findFirstOrThrow({ where: { invoice: { number: invoice.number } } })).receivedMinor,
    ).toBe(0);
  });
});

describe(`on account (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("confirms at once for a company on account, with an invoice due after departure; others may not", async () => {
    const [reference] = await heldBookings(1);
    const companyId = booker.memberships[0]!.companyId;
    await test.db.company.update({ where: { id: companyId }, data: { creditStatus: "PREPAY" } });
    expect(await statusOf(confirmOnAccount(test.db, booker, reference!, "zh-CN", later(1)))).toBe(403);
    await test.db.company.update({ where: { id: companyId }, data: { creditStatus: "ON_ACCOUNT" } });
    {
      await confirmOnAccount(test.db, booker, reference!, "zh-CN", later(1));
      const booking = await test.db.booking.findUniqueOrThrow({
        where: { reference: reference! },
        include: { departure: true, payments: { include: { invoice: true } } },
      });
      expect(booking.status).toBe("CONFIRMED");
      expect(await capacity()).toMatchObject({ available: 98, held: 0, booked: 2 });
      const [payment] = booking.payments;
      expect(payment).toMatchObject({ method: "ON_ACCOUNT", status: "PENDING" });
      expect(payment!.invoice!.dueAt).toEqual(new Date(booking.departure.departureAt.getTime() + 30 * 86_400_000));
    }
  });
});

describe(`invoice documents (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  const textOf = (bytes: Uint8Array) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "invoice-")), "invoice.pdf");
    fs.writeFileSync(file, bytes);
    return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  };
  const issueIn = async (locale: Locale) => {
    const [reference] = await heldBookings(1);
    const issued = await chooseBankTransfer(test.db, booker, reference!, locale, later(1));
    return { reference: reference!, ...(await findInvoice(test.db, booker, issued.number)) };
  };
  const pdfOf = async (invoiceId: string, version?: number) => {
    const found = await invoiceVersion(test.db, invoiceId, version);
    return textOf(await renderInvoicePdf(found!.payload, found!.version));
  };

  it("issues version 1 with the invoice: canonical JSON, its SHA-256, the language, who issued it", async () => {
    const invoice = await issueIn("ru");
    const [version, ...more] = await test.db.documentVersion.findMany({ where: { subjectId: invoice.id } });
    expect(more).toHaveLength(0);
    expect(version).toMatchObject({ kind: "INVOICE", version: 1, locale: "ru", createdById: booker.userId });
    expect(version!.sha256).toBe(createHash("sha256").update(version!.payload).digest("hex"));
    expect(version!.payload).toBe(canonicalPayload(JSON.parse(version!.payload)).json);
    const payload = readDocumentPayload(version!, InvoicePayloadSchema);
    expect(payload).toMatchObject({
      number: invoice.number,
      amountMinor: invoice.amountMinor,
      receivedMinor: 0,
      billTo: { creditCode: invoice.payment.booking.company.creditCode },
      booking: { reference: invoice.reference, origin: { code: "CNLAZ", zh: "兰州国际陆港" } },
      payTo: { swift: "BKCHCNBJ870" },
    });
    expect(payload.lines.reduce((sum, line) => sum + line.amountMinor, 0)).toBe(invoice.amountMinor);
  });

  it("draws a real PDF from the version, in Chinese and the invoice's language, never from live rows", async () => {
    const invoice = await issueIn("ru");
    const { sha256 } = (await test.db.documentVersion.findFirstOrThrow({ where: { subjectId: invoice.id } }))!;
    const companyId = invoice.payment.booking.companyId;
    const before = await test.db.company.findUniqueOrThrow({ where: { id: companyId } });
    await test.db.company.update({ where: { id: companyId }, data: { legalNameZh: "改名以后的公司" } });
    try {
      const found = await invoiceVersion(test.db, invoice.id);
      const bytes = await renderInvoicePdf(found!.payload, found!.version);
      expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe("%PDF-");
      const text = textOf(bytes);
      expect(text).toContain(invoice.number);
      expect(text).toContain("付款通知书");
      expect(text).toContain((await fixedT("ru", "payments"))("invoice.title"));
      expect(text).toContain("BKCHCNBJ870");
      expect(text).toContain(invoice.reference);
      expect(text).toContain(before.legalNameZh);
      expect(text).not.toContain("改名以后的公司");
      expect(text).toContain(`SHA-256 ${sha256}`);
      expect(text).toContain("Версия 1");
    } finally {
      await test.db.company.update({ where: { id: companyId }, data: { legalNameZh: before.legalNameZh } });
    }
  });

  it("honours the invoice's language: Arabic beside Chinese, or Chinese alone", async () => {
    const arabic = await pdfOf((await issueIn("ar")).id);
    expect(arabic).toMatch(/[\u0600-\u06FF]/);
    expect(arabic).toContain("Lanzhou");
    const chinese = await pdfOf((await issueIn("zh-CN")).id);
    expect(chinese).toContain("统一社会信用代码");
    const english = await fixedT("en", "payments");
    expect(chinese).not.toContain(english("invoice.number"));
    expect(chinese).not.toContain(english("invoice.documentVersion", { version: 1 }));
  });

  it("issues the next version when money comes in, keeps the first as it was, and repeats nothing", async () => {
    const invoice = await issueIn("de");
    await recordBankReceipt(
      test.db,
      lanzhouStaff,
      invoice.number,
      { amountMinor: 100_000, receivedOn: "2026-12-02", bankReference: "DOC-0001" },
      meta,
      later(60),
    );
    const versions = await listDocumentVersions(test.db, "INVOICE", invoice.id);
    expect(versions.map((version) => version.version)).toEqual([1, 2]);
    const first = await invoiceVersion(test.db, invoice.id, 1);
    const second = await invoiceVersion(test.db, invoice.id);
    expect(first!.payload.receivedMinor).toBe(0);
    expect(second!.version.version).toBe(2);
    expect(second!.payload.receivedMinor).toBe(100_000);
    expect(second!.version.createdById).toBe(lanzhouStaff.userId);
    const outstanding = new Intl.NumberFormat("en", { minimumFractionDigits: 2 }).format(
      (invoice.amountMinor - 100_000) / 100,
    );
    expect(await pdfOf(invoice.id)).toContain(outstanding);
    expect(await pdfOf(invoice.id, 1)).not.toContain(outstanding);

    // Nothing printed changed: no new version.
    const again = await test.db.$transaction((tx) => recordInvoiceVersion(tx, invoice.id, lanzhouStaff.userId));
    expect(again.created).toBe(false);
    expect(await invoiceVersion(test.db, invoice.id, 3)).toBeNull();
  });

  it("gives an invoice issued before versions existed one first version, once, however many ask at once", async () => {
    const invoice = await issueIn("en");
    const legacy = await test.db.invoice.create({
      data: {
        number: "SGI-2025-000001",
        paymentId: (
          await test.db.payment.create({
            data: {
              bookingId: invoice.payment.bookingId,
              companyId: invoice.companyId,
              method: "BANK_TRANSFER",
              status: "PENDING",
              currency: invoice.currency,
              amountMinor: invoice.amountMinor,
            },
          })
        ).id,
        companyId: invoice.companyId,
        currency: invoice.currency,
        amountMinor: invoice.amountMinor,
        paymentReference: "SGI-2025-000001",
        issuedAt: NOW,
        dueAt: later(3 * 24 * 60),
        locale: "pl",
      },
    });
    const found = await Promise.all(Array.from({ length: 5 }, () => invoiceVersion(test.db, legacy.id)));
    expect(new Set(found.map((one) => one!.version.id)).size).toBe(1);
    expect(found[0]!.version).toMatchObject({ version: 1, locale: "pl", createdById: null });
    expect(await test.db.documentVersion.count({ where: { subjectId: legacy.id } })).toBe(1);
  });

  it("never changes or removes an issued version, and refuses to draw one whose content was altered", async () => {
    const invoice = await issueIn("en");
    const version = await test.db.documentVersion.findFirstOrThrow({ where: { subjectId: invoice.id } });
    await expect(
      test.db.documentVersion.update({ where: { id: version.id }, data: { payload: "{}" } }),
    ).rejects.toThrow();
    await expect(test.db.documentVersion.delete({ where: { id: version.id } })).rejects.toThrow();
    expect(() =>
      readDocumentPayload(
        { ...version, payload: version.payload.replace("BKCHCNBJ870", "EVILXXXX") },
        InvoicePayloadSchema,
      ),
    ).toThrow(/SHA-256/);
  });
});
