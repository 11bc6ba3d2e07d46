import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireActor } from "~/domain/identity/actor.server";
import { WAYBILL_SCHEMA_ID } from "~/domain/waybill/content";
import { findWaybillVersion } from "~/domain/waybill/read-waybill.server";
import { db } from "~/utils/db.server";
import { domainRoute } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";

/** `SGW-LAZ-26-000123-Q.json`, and `?version=N` for an earlier version. */
const Query = z.object({
  file: z
    .string()
    .max(40)
    .regex(/^[\w*-]+\.json$/),
  version: z.coerce.number().int().min(1).max(10_000).optional(),
});

/**
 * The JSON form of a through waybill's issued version (decision 015): the stored canonical
 * JSON, byte for byte, described by the JSON Schema at /schemas/waybill-v1.json.
 */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const query = Query.safeParse({ ...Object.fromEntries(new URL(request.url).searchParams), file: params.file });
  if (!query.success) throw data(null, { status: 404 });
  const { actor } = await requireActor(db(), request, locale);
  const issued = await findWaybillVersion(db(), actor, query.data.file.slice(0, -".json".length), query.data.version);
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
