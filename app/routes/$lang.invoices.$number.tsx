import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { NoticeMessage } from "~/components/NoticeMessage";
import { PriceTable } from "~/components/PriceTable";
import {
  InvoiceFacts,
  InvoiceTax,
  IssuedVersions,
  PayTo,
  Receipts,
  RecordReceipt,
  Refunds,
} from "~/components/payments/InvoiceSections";
import { listDocumentVersions } from "~/domain/documents/document-versions.server";
import { formatLocalDateTime } from "~/i18n/format";
import { requireActor } from "~/domain/identity/actor.server";
import { redirectWithNotice, requestMeta, takeNotice } from "~/domain/identity/session.server";
import { invoiceVersion } from "~/domain/payments/invoice-document.server";
import { presentInvoice } from "~/domain/payments/invoice-view";
import { findInvoice } from "~/domain/payments/invoices.server";
import { recordBankReceipt } from "~/domain/payments/record-bank-receipt.server";
import { recordManualRefund } from "~/domain/payments/refunds.server";
import { loadCatalog } from "~/domain/places/catalog.server";
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
  // The latest issued version first: an invoice issued before versions existed gets its first.
  const issued = await invoiceVersion(db(), invoice.id);
  if (!issued) throw data(null, { status: 404 });
  const [catalog, t, { notice, headers }, versions] = await Promise.all([
    loadCatalog(db()),
    fixedT(locale, "payments"),
    takeNotice(request),
    listDocumentVersions(db(), "INVOICE", invoice.id),
  ]);
  const reader = { actor, locale, timeZone: user.timeZone, catalog, operator: env() };
  const page = {
    title: `${t("invoice.title")} ${invoice.number}`,
    ...presentInvoice(invoice, reader, issued.payload),
    versions: versions.map((version) => ({
      version: version.version,
      at: formatLocalDateTime(version.createdAt, locale, user.timeZone),
      sha256: version.sha256,
    })),
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
  const { t } = useTranslation("payments");
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
      <InvoiceFacts invoice={page} />
      <PriceTable price={page.price} />
      <InvoiceTax tax={page.tax} />
      <PayTo bank={page.bank} />
      <Receipts receipts={page.receipts} />
      <IssuedVersions number={page.number} versions={page.versions} />
      <Refunds refunds={page.refunds} canRecord={page.canRecord} errors={errors} values={values} />
      {page.canRecord ? <RecordReceipt currency={page.currency} errors={errors} values={values} /> : null}
    </article>
  );
}
