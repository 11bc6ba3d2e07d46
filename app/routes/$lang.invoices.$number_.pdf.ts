import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireActor } from "~/domain/identity/actor.server";
import { invoiceVersion } from "~/domain/payments/invoice-document.server";
import { renderInvoicePdf } from "~/domain/payments/invoice-pdf.server";
import { findInvoice } from "~/domain/payments/invoices.server";
import { db } from "~/utils/db.server";
import { throwAsResponse, domainRoute } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";
import { requireParam } from "~/utils/params.server";
import { INVOICE_NUMBER } from "~/schemas/fields";

const VersionQuery = z.object({ version: z.coerce.number().int().min(1).max(10_000).optional() });

/**
 * An issued version of the invoice (the latest, or `?version=N`) as a PDF, in Chinese and the
 * language it was issued in, for whoever may see the invoice.
 */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  requireParam(params, "number", INVOICE_NUMBER);
  const query = VersionQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) throw data(null, { status: 404 });
  const { actor } = await requireActor(db(), request, locale);
  const invoice = await findInvoice(db(), actor, params.number ?? "").catch(throwAsResponse);
  const issued = await invoiceVersion(db(), invoice.id, query.data.version);
  if (!issued) throw data(null, { status: 404 });
  const bytes = await renderInvoicePdf(issued.payload, issued.version);
  const name = issued.version.version > 1 ? `${invoice.number}-v${issued.version.version}` : invoice.number;
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${name}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
});
