import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/domain/identity/actor.server";
import { loadingList, loadingListCsv } from "~/domain/operations/loading-list.server";
import { renderManifestPdf } from "~/domain/operations/manifest-pdf.server";
import { loadCatalog, placeName } from "~/domain/places/catalog.server";
import { fixedT } from "~/i18n/i18next.server";
import { db } from "~/utils/db.server";
import { domainRoute } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";
import { requireParam } from "~/utils/params.server";
import { RECORD_ID } from "~/schemas/fields";

const CSV_COLUMNS = [
  "booking",
  "company",
  "type",
  "sequence",
  "container",
  "seals",
  "grossKg",
  "teu",
  "dangerous",
  "reefer",
  "readingC",
  "gatedIn",
  "damage",
];

/**
 * A departure's manifest (its loading list) for origin port staff: `manifest.csv` (UTF-8 with a
 * BOM, headed in the reader's language) or `manifest.pdf` (Chinese and English).
 */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const id = requireParam(params, "id", RECORD_ID);
  const file = requireParam(params, "file", ["manifest.csv", "manifest.pdf"]);
  const { actor } = await requireActor(db(), request, locale);
  const list = await loadingList(db(), actor, id);
  const { service, departureAt } = list.departure;
  const name = `manifest-${service.serviceNumber}-${departureAt.toISOString().slice(0, 10)}`;
  const headers = { "Cache-Control": "private, no-store" };
  if (file === "manifest.csv") {
    const t = await fixedT(locale, "terminal");
    const csv = loadingListCsv(
      list,
      CSV_COLUMNS.map((column) => t(`csv.${column}`)),
      t("csv.total"),
    );
    return new Response(csv, {
      headers: {
        ...headers,
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${name}.csv"`,
      },
    });
  }
  const catalog = await loadCatalog(db());
  const route = ["zh-CN", "en"] as const;
  const bytes = await renderManifestPdf(list, {
    service: service.serviceNumber,
    route: route
      .map(
        (lng) => `${placeName(catalog, service.originCode, lng)} → ${placeName(catalog, service.destinationCode, lng)}`,
      )
      .join(" · "),
    departure: `${departureAt.toISOString().slice(0, 16).replace("T", " ")} UTC`,
  });
  return new Response(new Uint8Array(bytes), {
    headers: { ...headers, "Content-Type": "application/pdf", "Content-Disposition": `inline; filename="${name}.pdf"` },
  });
});
