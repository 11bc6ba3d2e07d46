import { ISSUER_TIME_ZONE } from "~/domain/payments/issuer-time";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Fact } from "~/components/DepartureCard";
import { FormError, FormField } from "~/components/FormField";
import { NoticeMessage } from "~/components/NoticeMessage";
import { PriceTable } from "~/components/PriceTable";
import { presentBookingDeparture } from "~/domain/booking/booking-view";
import { readPriceLines } from "~/domain/booking/pricing";
import { presentPrice } from "~/domain/booking/price-view";
import { requireActor } from "~/domain/identity/actor.server";
import { can } from "~/domain/identity/permissions";
import { redirectWithNotice, requestMeta, takeNotice } from "~/domain/identity/session.server";
import { findInvoice, recordBankReceipt, recordManualRefund } from "~/domain/payments/payments.server";
import { loadCatalog } from "~/domain/places/catalog.server";
import { formatLocalDate, formatLocalDateTime, formatMoney } from "~/i18n/format";
import { fixedT } from "~/i18n/i18next.server";
import { parseMajorAmount, ReceiptSchema, RefundMadeSchema } from "~/schemas/payments";
import { AppError } from "~/utils/app-error";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { failureFromError, parseForm, throwAsResponse, type FormFailure, domainRoute } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";
import { requireParam } from "~/utils/params.server";
import { INVOICE_NUMBER } from "~/schemas/fields";

export const handle = { i18n: ["common", "schedules", "account", "booking", "payments"] };

/** An invoice, for the exporter's company and for the staff of the departure's port. */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  requireParam(params, "number", INVOICE_NUMBER);
  const { actor, user } = await requireActor(db(), request, locale);
  const invoice = await findInvoice(db(), actor, params.number ?? "").catch(throwAsResponse);
  const [catalog, t, { notice, headers }] = await Promise.all([
    loadCatalog(db()),
    fixedT(locale, "payments"),
    takeNotice(request),
  ]);
  const { payment } = invoice;
  const { booking } = payment;
  const operator = env();
  const money = (minor: number) => formatMoney(minor, invoice.currency, locale);
  const portCode = booking.departure.service.originCode;
  const page = {
    title: `${t("invoice.title")} ${invoice.number}`,
    number: invoice.number,
    // An invoice is dated on the issuer's calendar, whoever reads it.
    issued: formatLocalDate(invoice.issuedAt, locale, ISSUER_TIME_ZONE),
    due: formatLocalDateTime(invoice.dueAt, locale, user.timeZone),
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
      departure: presentBookingDeparture(booking.departure, catalog, locale),
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
    canRecord: can(actor, "confirm:payment", { portCode }),
    notice,
  };
  return data(page, { headers });
});

/** Port staff record money received against the invoice. */
export const action = /* @__PURE__ */ domainRoute(async function action({
  params,
  request,
  context,
}: ActionFunctionArgs) {
  const locale = requireLocale(params);
  requireParam(params, "number", INVOICE_NUMBER);
  const { actor } = await requireActor(db(), request, locale);
  const formData = await request.formData();
  const invoice = await findInvoice(db(), actor, params.number ?? "").catch(throwAsResponse);
  if (formData.get("intent") === "refunded") {
    const parsed = parseForm(formData, RefundMadeSchema);
    if (!parsed.ok) return parsed.failure;
    const refund = invoice.payment.refunds.find((candidate) => candidate.id === parsed.data.refundId);
    if (!refund) throw data(null, { status: 404 });
    try {
      await recordManualRefund(db(), actor, refund.id, parsed.data.refundReference, requestMeta(context, request));
    } catch (error) {
      if (error instanceof AppError && (error.status === 404 || error.status === 403)) throwAsResponse(error);
      return failureFromError(error, formData);
    }
    return redirectWithNotice(`/${locale}/invoices/${invoice.number}`, { code: "refunded" });
  }
  const parsed = parseForm(formData, ReceiptSchema);
  if (!parsed.ok) return parsed.failure;
  const amountMinor = parseMajorAmount(parsed.data.amount, invoice.currency);
  if (amountMinor === null) return failureFromError(new AppError("amount", 400, "amount"), formData);
  try {
    const outcome = await recordBankReceipt(
      db(),
      actor,
      invoice.number,
      { amountMinor, receivedOn: parsed.data.receivedOn, bankReference: parsed.data.bankReference },
      requestMeta(context, request),
    );
    const confirmed = outcome.settled && outcome.settled !== "NEEDS_REFUND";
    return redirectWithNotice(
      `/${locale}/invoices/${invoice.number}`,
      confirmed
        ? { code: "receiptConfirmed", reference: invoice.payment.booking.reference }
        : { code: "receiptRecorded" },
    );
  } catch (error) {
    if (error instanceof AppError && error.status === 404) throwAsResponse(error);
    if (error instanceof AppError && error.status === 403) throw data(null, { status: 403 });
    return failureFromError(error, formData);
  }
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function InvoicePage() {
  const { t } = useTranslation(["payments", "booking", "schedules"]);
  const { lang } = useParams();
  const page = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as FormFailure | undefined;
  const errors = failure?.errors ?? {};
  const values = failure?.values ?? {};
  return (
    <article className="narrow wide">
      <h1>{page.title}</h1>
      <NoticeMessage notice={page.notice} />
      <p>
        <a href={`/${lang}/invoices/${page.number}/pdf`} download>
          {t("downloadPdf")}
        </a>
      </p>
      <dl className="facts summary">
        <Fact label={t("invoice.number")}>{page.number}</Fact>
        <Fact label={t("invoice.issued")}>{page.issued}</Fact>
        <Fact label={t("invoice.due")}>{page.due}</Fact>
        <Fact label={t("invoice.reference")}>{page.paymentReference}</Fact>
        <Fact label={t("invoice.billTo")}>
          {page.company.zh} · {page.company.latin} ({t("invoice.creditCode")} {page.company.code})
        </Fact>
        <Fact label={t("invoice.booking")}>
          {page.booking.href ? <Link to={page.booking.href}>{page.booking.reference}</Link> : page.booking.reference} ·{" "}
          {page.booking.departure.serviceNumber} ·{" "}
          {t("schedules:board.route", {
            origin: page.booking.departure.origin,
            destination: page.booking.departure.destination,
          })}{" "}
          · {page.booking.departure.departureLocal}
        </Fact>
        <Fact label={t("columns.status")}>
          <span data-testid="invoice-status">{t(`status.${page.status}`)}</span>
          {page.flag ? ` — ${t(`flag.${page.flag}`)}` : ""}
        </Fact>
        <Fact label={t("invoice.received")}>{page.received}</Fact>
        <Fact label={t("invoice.outstanding")}>
          <span data-testid="invoice-outstanding">{page.outstanding}</span>
        </Fact>
      </dl>
      <PriceTable price={page.price} />
      <h2>{t("invoice.payTo")}</h2>
      <dl className="facts">
        <Fact label={t("invoice.accountName")}>{page.bank.accountName}</Fact>
        <Fact label={t("invoice.bank")}>{page.bank.bank}</Fact>
        <Fact label={t("invoice.accountNumber")}>{page.bank.accountNumber}</Fact>
        <Fact label={t("invoice.swift")}>{page.bank.swift}</Fact>
      </dl>
      <p>{t("invoice.quote")}</p>

      {page.receipts.length > 0 ? (
        <section aria-labelledby="receipts-heading">
          <h2 id="receipts-heading">{t("receipts.title")}</h2>
          <ul>
            {page.receipts.map((receipt) => (
              <li key={receipt.id}>
                {receipt.receivedOn}: {receipt.amount} ({receipt.bankReference})
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {page.refunds.length > 0 ? (
        <section aria-labelledby="refunds-heading">
          <h2 id="refunds-heading">{t("refunds.title")}</h2>
          <ul>
            {page.refunds.map((refund) => (
              <li key={refund.id} data-testid="refund">
                {refund.amount} · {t(`refunds.reason.${refund.reason}`)} · {t(`refunds.status.${refund.status}`)}
                {page.canRecord && refund.status === "MANUAL" ? (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="refunded" />
                    <input type="hidden" name="refundId" value={refund.id} />
                    <FormField
                      name="refundReference"
                      id={`refund-${refund.id}`}
                      label={t("refunds.reference")}
                      required
                      error={values.refundId === refund.id ? errors.refundReference : undefined}
                    />
                    <button type="submit">{t("refunds.markMade")}</button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {page.canRecord ? (
        <section aria-labelledby="record-heading">
          <h2 id="record-heading">{t("receipts.record")}</h2>
          <FormError error={Object.keys(errors).length > 0 ? (errors.form ?? "errors.form") : undefined} />
          <Form method="post" className="stacked-form" noValidate>
            <FormField
              name="amount"
              label={t("receipts.amount")}
              hint={t("receipts.amountHint", { currency: page.currency })}
              inputMode="decimal"
              required
              defaultValue={values.amount ?? ""}
              error={errors.amount}
            />
            <FormField
              name="receivedOn"
              label={t("receipts.receivedOn")}
              type="date"
              required
              defaultValue={values.receivedOn ?? ""}
              error={errors.receivedOn}
            />
            <FormField
              name="bankReference"
              label={t("receipts.bankReference")}
              required
              defaultValue={values.bankReference ?? ""}
              error={errors.bankReference}
            />
            <button type="submit">{t("receipts.record")}</button>
          </Form>
        </section>
      ) : null}
    </article>
  );
}
