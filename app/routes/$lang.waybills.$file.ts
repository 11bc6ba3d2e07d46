import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireActor } from "~/domain/identity/actor.server";
import { WAYBILL_SCHEMA_ID, WaybillContentSchema } from "~/domain/waybill/content";
import { findWaybillVersion, verificationUrl } from "~/domain/waybill/read-waybill.server";
import { renderWaybillPdf } from "~/domain/waybill/waybill-pdf.server";
import { DCSA_EBL_HEADERS, eblProblemResponse, waybillTransportDocument } from "~/domain/waybill/dcsa-ebl.server";
import { AppError } from "~/utils/app-error";
import { env } from "~/utils/env.server";
import { db } from "~/utils/db.server";
import { domainRoute } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";

/** `SGW-LAZ-26-000123-Q.json`, `.pdf` or `.ebl.json` (DCSA), and `?version=N` for an earlier version. */
const FILE = /^([\w*-]+?)(\.ebl\.json|\.json|\.pdf)$/;
const Query = z.object({
  file: z.string().max(40).regex(FILE),
  version: z.coerce.number().int().min(1).max(10_000).optional(),
});

/** The refusals that say why a document has no DCSA form (decision 016). */
const NO_EBL = new Set(["waybillNoSeaLeg", "waybillVesselUnknown", "waybillEblIncomplete"]);

/**
 * A through waybill's issued version (decision 015) as JSON — the stored canonical JSON, byte
 * for byte, described by the JSON Schema at /schemas/waybill-v1.json — or as its bilingual PDF,
 * drawn from that same version, its QR code pointing at the verification page — or, for a
 * journey with a sea leg, as a DCSA eBL 3.0 TransportDocument (decision 016); a document that
 * cannot be one answers 409 with problem details saying why, in the reader's language.
 */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const query = Query.safeParse({ ...Object.fromEntries(new URL(request.url).searchParams), file: params.file });
  if (!query.success) throw data(null, { status: 404 });
  const { actor } = await requireActor(db(), request, locale);
  const [, number, format] = FILE.exec(query.data.file)!;
  const issued = await findWaybillVersion(db(), actor, number!, query.data.version);
  if (format === ".ebl.json") {
    const document = await waybillTransportDocument(issued).catch((error: unknown) => {
      if (error instanceof AppError && NO_EBL.has(error.code)) return error;
      throw error;
    });
    if (document instanceof AppError) return eblProblemResponse(document, locale);
    return new Response(document, {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        ...DCSA_EBL_HEADERS,
        "Content-Disposition": `inline; filename="${issued.number}-v${issued.version}.ebl.json"`,
        "Cache-Control": "private, no-store",
      },
    });
  }
  if (format === ".pdf") {
    const content = WaybillContentSchema.parse(JSON.parse(issued.json));
    const bytes = await renderWaybillPdf(content, {
      consigneeLocale: issued.locale,
      verifyUrl: verificationUrl(env().APP_URL, issued),
    });
    return new Response(new Uint8Array(bytes), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `inline; filename="${issued.number}-v${issued.version}.pdf"`,
        "Cache-Control": "private, no-store",
      },
    });
  }
  return new Response(issued.json, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      Link: `<${WAYBILL_SCHEMA_ID}>; rel="describedby"`,
      "Content-Disposition": `inline; filename="${issued.number}-v${issued.version}.json"`,
      "X-Document-SHA256": issued.sha256,
      "Cache-Control": "private, no-store",
    },
  });
});
