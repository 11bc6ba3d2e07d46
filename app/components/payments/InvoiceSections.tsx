import { Form, useParams, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Fact } from "~/components/DepartureCard";
import { FormError, FormField } from "~/components/FormField";
import { Amount, RouteName } from "~/components/Isolate";
import type { InvoiceView } from "~/domain/payments/invoice-view";
import type { FormFailure } from "~/utils/forms.server";

/** The invoice's particulars: number, dates, who is billed, for which booking, and where it stands. */
export function InvoiceFacts({ invoice }: { invoice: InvoiceView }) {
  const { t } = useTranslation(["payments", "schedules"]);
  const { booking } = invoice;
  return (
    <dl className="facts summary">
      <Fact label={t("invoice.number")}>
        <bdi>{invoice.number}</bdi>
      </Fact>
      <Fact label={t("invoice.issued")}>{invoice.issued}</Fact>
      <Fact label={t("invoice.due")}>
        <span data-testid="invoice-due">{t("invoice.dueAt", { date: invoice.due.date, time: invoice.due.time })}</span>
        {invoice.due.readerLocal ? (
          <>
            {" "}
            <span className="note">({t("invoice.dueForReader", { time: invoice.due.readerLocal })})</span>
          </>
        ) : null}
      </Fact>
      {invoice.issuer ? (
        <Fact label={t("invoice.issuer")}>
          <span data-testid="invoice-issuer">
            <bdi>{invoice.issuer.name}</bdi> ({t("invoice.creditCode")} <bdi>{invoice.issuer.taxNumber}</bdi>)
          </span>
        </Fact>
      ) : null}
      <Fact label={t("invoice.reference")}>
        <bdi>{invoice.paymentReference}</bdi>
      </Fact>
      <Fact label={t("invoice.billTo")}>
        <span data-testid="invoice-bill-to">
          <bdi>{invoice.company.zh}</bdi> · <bdi>{invoice.company.latin}</bdi> ({t("invoice.creditCode")}{" "}
          <bdi>{invoice.company.code}</bdi>)
        </span>
      </Fact>
      <Fact label={t("invoice.booking")}>
        <bdi>{booking.href ? <Link to={booking.href}>{booking.reference}</Link> : booking.reference}</bdi> ·{" "}
        <bdi>{booking.departure.serviceNumber}</bdi> ·{" "}
        <RouteName origin={booking.departure.origin} destination={booking.departure.destination} /> ·{" "}
        {booking.departure.departureLocal}
      </Fact>
      <Fact label={t("columns.status")}>
        <span data-testid="invoice-status">{t(`status.${invoice.status}`)}</span>
        {invoice.flag ? ` — ${t(`flag.${invoice.flag}`)}` : ""}
      </Fact>
      <Fact label={t("invoice.received")}>
        <Amount>{invoice.received}</Amount>
      </Fact>
      <Fact label={t("invoice.outstanding")}>
        <span data-testid="invoice-outstanding">
          <Amount>{invoice.outstanding}</Amount>
        </span>
      </Fact>
    </dl>
  );
}

/**
 * The tax included in the total, with its legal note: as the latest issued version states it
 * (nothing for an invoice issued before tax lines were printed).
 */
export function InvoiceTax({ tax }: { tax: InvoiceView["tax"] }) {
  const { t } = useTranslation("payments");
  if (!tax) return null;
  return (
    <section aria-labelledby="tax-heading" className="invoice-tax" data-testid="invoice-tax">
      <h2 id="tax-heading" className="visually-hidden">
        {t("invoice.taxHeading")}
      </h2>
      <dl className="facts">
        <Fact label={t("invoice.tax", { rate: tax.rate })}>
          <Amount>{tax.tax}</Amount>
        </Fact>
        <Fact label={t("invoice.net")}>
          <Amount>{tax.net}</Amount>
        </Fact>
      </dl>
      <p className="note" data-testid="invoice-tax-note">
        {t(`invoice.taxNote.${tax.note}`, { rate: tax.rate })}
      </p>
    </section>
  );
}

/** The operator's bank account to pay to, with the reference to quote. */
export function PayTo({ bank }: { bank: InvoiceView["bank"] }) {
  const { t } = useTranslation("payments");
  return (
    <>
      <h2>{t("invoice.payTo")}</h2>
      <dl className="facts">
        <Fact label={t("invoice.accountName")}>
          <bdi>{bank.accountName}</bdi>
        </Fact>
        <Fact label={t("invoice.bank")}>
          <bdi>{bank.bank}</bdi>
        </Fact>
        <Fact label={t("invoice.accountNumber")}>
          <bdi>{bank.accountNumber}</bdi>
        </Fact>
        <Fact label={t("invoice.swift")}>
          <bdi>{bank.swift}</bdi>
        </Fact>
      </dl>
      <p>{t("invoice.quote")}</p>
    </>
  );
}

/** Money received against the invoice. */
export function Receipts({ receipts }: { receipts: InvoiceView["receipts"] }) {
  const { t } = useTranslation("payments");
  if (receipts.length === 0) return null;
  return (
    <section aria-labelledby="receipts-heading">
      <h2 id="receipts-heading">{t("receipts.title")}</h2>
      <ul>
        {receipts.map((receipt) => (
          <li key={receipt.id}>
            {receipt.receivedOn}: <Amount>{receipt.amount}</Amount> (<bdi>{receipt.bankReference}</bdi>)
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * Each version the invoice was issued in (the first, then one per change of what it prints),
 * with the hash printed on it, so a copy in hand can be matched to what was issued.
 */
export function IssuedVersions({
  number,
  versions,
}: {
  number: string;
  versions: { version: number; at: string; sha256: string }[];
}) {
  const { t } = useTranslation("payments");
  const { lang } = useParams();
  if (versions.length < 2) return null;
  return (
    <section aria-labelledby="versions-heading">
      <h2 id="versions-heading">{t("invoice.versions")}</h2>
      <ul data-testid="invoice-versions">
        {versions.map((version) => (
          <li key={version.version}>
            <a href={`/${lang}/invoices/${number}/pdf?version=${version.version}`} download>
              {t("invoice.documentVersion", { version: version.version })}
            </a>{" "}
            · {version.at} ·{" "}
            <code dir="ltr" title={`SHA-256 ${version.sha256}`}>
              SHA-256 {version.sha256.slice(0, 12)}…
            </code>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Refunds of the payment; staff mark a manual one as made with its bank reference. */
export function Refunds({
  refunds,
  canRecord,
  errors,
  values,
}: {
  refunds: InvoiceView["refunds"];
  canRecord: boolean;
} & FormFailure) {
  const { t } = useTranslation("payments");
  if (refunds.length === 0) return null;
  return (
    <section aria-labelledby="refunds-heading">
      <h2 id="refunds-heading">{t("refunds.title")}</h2>
      <ul>
        {refunds.map((refund) => (
          <li key={refund.id} data-testid="refund">
            <Amount>{refund.amount}</Amount> · {t(`refunds.reason.${refund.reason}`)} ·{" "}
            {t(`refunds.status.${refund.status}`)}
            {canRecord && refund.status === "MANUAL" ? (
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
  );
}

/** Port staff record money that came in on the operator's account. */
export function RecordReceipt({
  currency,
  errors,
  values,
}: {
  currency: string;
} & FormFailure) {
  const { t } = useTranslation("payments");
  return (
    <section aria-labelledby="record-heading">
      <h2 id="record-heading">{t("receipts.record")}</h2>
      <FormError error={Object.keys(errors).length > 0 ? (errors.form ?? "errors.form") : undefined} />
      <Form method="post" className="stacked-form" noValidate>
        <FormField
          name="amount"
          label={t("receipts.amount")}
          hint={t("receipts.amountHint", { currency })}
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
  );
}
