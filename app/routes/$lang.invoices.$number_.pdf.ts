import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/domain/identity/actor.server";
import { renderInvoicePdf } from "~/domain/payments/invoice-pdf.server";
import { findInvoice } from "~/domain/payments/payments.server";
import { db } from "~/utils/db.server";
import { throwAsResponse, domainRoute } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";
import { requireParam } from "~/utils/params.server";
import { INVOICE_NUMBER } from "~/schemas/fields";

/** The invoice as a PDF in Chinese and the language of the URL, for whoever may see the invoice. */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  requireParam(params, "number", INVOICE_NUMBER);
  const { actor } = await requireActor(db(), request, locale);
  const invoice = await findInvoice(db(), actor, params.number ?? "").catch(throwAsResponse);
  const bytes = await renderInvoicePdf(db(), invoice, locale);
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${invoice.number}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
});
