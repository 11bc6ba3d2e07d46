import { Form, Link, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Amount, withElements } from "~/components/Isolate";
import { CancellationTiers, type CancellationTier } from "./CancellationTiers";

export interface PaymentRow {
  id: string;
  method: string;
  status: string;
  flag: string | null;
  amount: string;
  received: string;
  outstanding: string | null;
  invoice: { number: string; due: string } | null;
  refunds: { id: string; reason: string; status: string; amount: string }[];
}

/**
 * How a held booking can be paid, and every payment made for it. Choosing is a plain form
 * post, so it works without JavaScript.
 */
export function PaymentSection({
  options,
  payments,
}: {
  options: {
    bankTransferDue: string | null;
    minimumBusinessDays: number;
    onAccount: boolean;
    card: boolean;
    cancellationTerms: CancellationTier[];
  } | null;
  payments: PaymentRow[];
}) {
  const { t } = useTranslation("payments");
  const { lang } = useParams();
  const awaiting = payments.find(
    (payment) => payment.method === "BANK_TRANSFER" && ["PENDING", "PARTIALLY_PAID"].includes(payment.status),
  );
  if (!options && payments.length === 0) return null;
  return (
    <section aria-labelledby="payment-heading" data-testid="payment-section">
      <h2 id="payment-heading">{t("section")}</h2>
      {awaiting?.invoice ? (
        <p className="notice">
          {withElements((markers) => t("awaiting", { due: awaiting.invoice?.due, ...markers }), {
            number: <bdi>{awaiting.invoice.number}</bdi>,
            amount: <Amount>{awaiting.outstanding ?? awaiting.amount}</Amount>,
          })}
        </p>
      ) : null}
      {options ? (
        <Form method="post" className="payment-options">
          {/* Paying (or taking an invoice) commits the booking: cancelling costs from then on. */}
          <fieldset data-testid="cancellation-terms">
            <legend>{t("cancellationTerms.title")}</legend>
            <CancellationTiers tiers={options.cancellationTerms} />
            <label className="checkbox">
              <input type="checkbox" name="acceptCancellationTerms" required /> {t("cancellationTerms.accept")}
            </label>
          </fieldset>
          <p>{t("choose")}</p>
          {options.card ? (
            <div className="payment-option">
              <button type="submit" name="intent" value="card">
                {t("card")}
              </button>
              <p className="field-hint">{t("cardHint")}</p>
            </div>
          ) : null}
          {options.onAccount ? (
            <div className="payment-option">
              <button type="submit" name="intent" value="onAccount">
                {t("onAccount")}
              </button>
              <p className="field-hint">{t("onAccountHint")}</p>
            </div>
          ) : null}
          {options.bankTransferDue ? (
            <div className="payment-option">
              <button type="submit" name="intent" value="bankTransfer">
                {t("bankTransfer")}
              </button>
              <p className="field-hint">{t("bankTransferDueHint", { due: options.bankTransferDue })}</p>
            </div>
          ) : (
            <p className="field-hint" data-testid="bank-transfer-unavailable">
              {t("bankTransferTooLate", { count: options.minimumBusinessDays })}
            </p>
          )}
        </Form>
      ) : null}
      {payments.length > 0 ? (
        <table className="capacity-table stacked-table" data-testid="payment-records">
          <caption>{t("records")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("columns.method")}</th>
              <th scope="col">{t("columns.status")}</th>
              <th scope="col">{t("columns.amount")}</th>
              <th scope="col">{t("columns.received")}</th>
              <th scope="col">{t("columns.invoice")}</th>
            </tr>
          </thead>
          <tbody>
            {payments.map((payment) => (
              <tr key={payment.id}>
                <td data-label={t("columns.method")}>{t(`method.${payment.method}`)}</td>
                <td data-label={t("columns.status")}>
                  {t(`status.${payment.status}`)}
                  <PaymentNotes flag={payment.flag} refunds={payment.refunds} />
                </td>
                <td data-label={t("columns.amount")}>
                  <Amount>{payment.amount}</Amount>
                </td>
                <td data-label={t("columns.received")}>
                  <Amount>{payment.received}</Amount>
                </td>
                <td data-label={t("columns.invoice")}>
                  {payment.invoice ? (
                    <Link to={`/${lang}/invoices/${payment.invoice.number}`}>
                      {t("openInvoice", { number: payment.invoice.number })}
                    </Link>
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

/** Why a payment needs a look, and the refunds it is owed, under its status. */
export function PaymentNotes({
  flag,
  refunds,
}: {
  flag: string | null;
  refunds: { id: string; reason: string; status: string; amount: string }[];
}) {
  const { t } = useTranslation("payments");
  return (
    <>
      {flag ? <p className="field-hint">{t(`flag.${flag}`)}</p> : null}
      {refunds.map((refund) => (
        <p key={refund.id} className="field-hint">
          {t("refunds.title")}: <Amount>{refund.amount}</Amount> · {t(`refunds.reason.${refund.reason}`)} ·{" "}
          {t(`refunds.status.${refund.status}`)}
        </p>
      ))}
    </>
  );
}
