import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/domain/identity/actor.server";
import { can } from "~/domain/identity/permissions";
import { portPaymentsToConfirm } from "~/domain/payments/payments.server";
import { loadCatalog, placeName } from "~/domain/places/catalog.server";
import { formatLocalDateTime, formatMoney } from "~/i18n/format";
import { fixedT } from "~/i18n/i18next.server";
import { db } from "~/utils/db.server";
import { throwAsResponse } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";

export const handle = { i18n: ["common", "account", "payments"] };

/** Port staff's list of bank payments to confirm at their ports. */
export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const { actor, user } = await requireActor(db(), request, locale);
  const [invoices, catalog, t] = await Promise.all([
    portPaymentsToConfirm(db(), actor).catch(throwAsResponse),
    loadCatalog(db()),
    fixedT(locale, "payments"),
  ]);
  const ports = actor.staffPorts.filter((portCode) => can(actor, "confirm:payment", { portCode }));
  return {
    title: t("staff.title"),
    ports: new Intl.ListFormat(locale, { type: "conjunction" }).format(
      ports.map((code) => placeName(catalog, code, locale)),
    ),
    invoices: invoices.map((invoice) => ({
      number: invoice.number,
      company: invoice.payment.booking.company.legalNameZh,
      booking: invoice.payment.booking.reference,
      method: invoice.payment.method,
      status: invoice.payment.status,
      flag: invoice.payment.flag,
      amount: formatMoney(invoice.amountMinor, invoice.currency, locale),
      received: formatMoney(invoice.payment.receivedMinor, invoice.currency, locale),
      due: formatLocalDateTime(invoice.dueAt, locale, user.timeZone),
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function StaffPayments() {
  const { t } = useTranslation("payments");
  const { lang } = useParams();
  const page = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{page.title}</h1>
      <p className="lead">{t("staff.lead", { ports: page.ports })}</p>
      {page.invoices.length === 0 ? (
        <p className="empty">{t("staff.empty")}</p>
      ) : (
        <table className="capacity-table" data-testid="payments-to-confirm">
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
            {page.invoices.map((invoice) => (
              <tr key={invoice.number}>
                <td>
                  <Link to={`/${lang}/invoices/${invoice.number}`}>{invoice.number}</Link>
                </td>
                <td>{invoice.company}</td>
                <td>{invoice.booking}</td>
                <td>{invoice.amount}</td>
                <td>{invoice.received}</td>
                <td>{invoice.due}</td>
                <td>
                  {t(`method.${invoice.method}`)} · {t(`status.${invoice.status}`)}
                  {invoice.flag ? <p className="field-hint">{t(`flag.${invoice.flag}`)}</p> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
