import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Amount } from "~/components/Isolate";
import { PaymentNotes } from "~/components/PaymentSection";
import { requireActor } from "~/domain/identity/actor.server";
import { can } from "~/domain/identity/permissions";
import { portPaymentsToConfirm } from "~/domain/payments/payment-queries.server";
import { loadCatalog, placeName } from "~/domain/places/catalog.server";
import { formatLocalDateTime, formatMoney } from "~/i18n/format";
import { fixedT } from "~/i18n/i18next.server";
import { db } from "~/utils/db.server";
import { throwAsResponse, domainRoute } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";

export const handle = { i18n: ["common", "account", "payments"] };

/** Port staff's list of bank payments to confirm at their ports. */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const { actor, user } = await requireActor(db(), request, locale);
  const [payments, catalog, t] = await Promise.all([
    portPaymentsToConfirm(db(), actor).catch(throwAsResponse),
    loadCatalog(db()),
    fixedT(locale, "payments"),
  ]);
  const ports = actor.staffPorts.filter((portCode) => can(actor, "confirm:payment", { portCode }));
  const money = (minor: number, currency: string) => formatMoney(minor, currency, locale);
  return {
    title: t("staff.title"),
    ports: new Intl.ListFormat(locale, { type: "conjunction" }).format(
      ports.map((code) => placeName(catalog, code, locale)),
    ),
    payments: payments.map((payment) => ({
      id: payment.id,
      invoice: payment.invoice?.number ?? null,
      company: payment.booking.company.legalNameZh,
      booking: payment.booking.reference,
      method: payment.method,
      status: payment.status,
      flag: payment.flag,
      amount: money(payment.amountMinor, payment.currency),
      received: money(payment.receivedMinor, payment.currency),
      due: payment.invoice ? formatLocalDateTime(payment.invoice.dueAt, locale, user.timeZone) : "—",
      refunds: payment.refunds
        .filter((refund) => refund.status !== "SUCCEEDED")
        .map((refund) => ({
          id: refund.id,
          amount: money(refund.amountMinor, refund.currency),
          reason: refund.reason,
          status: refund.status,
        })),
    })),
  };
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function StaffPayments() {
  const { t } = useTranslation("payments");
  const { lang } = useParams();
  const page = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{page.title}</h1>
      <p className="lead">{t("staff.lead", { ports: page.ports })}</p>
      {page.payments.length === 0 ? (
        <p className="empty">{t("staff.empty")}</p>
      ) : (
        <table className="capacity-table stacked-table" data-testid="payments-to-confirm">
          <thead>
            <tr>
              <th scope="col">{t("columns.invoice")}</th>
              <th scope="col">{t("columns.company")}</th>
              <th scope="col">{t("columns.booking")}</th>
              <th scope="col">{t("columns.amount")}</th>
              <th scope="col">{t("columns.received")}</th>
              <th scope="col">{t("columns.due")}</th>
              <th scope="col">{t("columns.status")}</th>
            </tr>
          </thead>
          <tbody>
            {page.payments.map((payment) => (
              <tr key={payment.id}>
                <td data-label={t("columns.invoice")}>
                  {payment.invoice ? <Link to={`/${lang}/invoices/${payment.invoice}`}>{payment.invoice}</Link> : "—"}
                </td>
                <td data-label={t("columns.company")}>
                  <bdi>{payment.company}</bdi>
                </td>
                <td data-label={t("columns.booking")}>
                  <bdi>{payment.booking}</bdi>
                </td>
                <td data-label={t("columns.amount")}>
                  <Amount>{payment.amount}</Amount>
                </td>
                <td data-label={t("columns.received")}>
                  <Amount>{payment.received}</Amount>
                </td>
                <td data-label={t("columns.due")}>{payment.due}</td>
                <td data-label={t("columns.status")}>
                  {t(`method.${payment.method}`)} · {t(`status.${payment.status}`)}
                  <PaymentNotes flag={payment.flag} refunds={payment.refunds} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
