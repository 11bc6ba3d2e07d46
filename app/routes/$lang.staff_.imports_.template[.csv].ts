import type { LoaderFunctionArgs } from "@remix-run/node";
import { departureTemplate } from "~/domain/imports/import-departures.server";
import { requireActor } from "~/domain/identity/actor.server";
import { fixedT } from "~/i18n/i18next.server";
import { db } from "~/utils/db.server";
import { domainRoute } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";

/**
 * The departures CSV template, its header labels in the page's language (the keys after them
 * stay the same in every language), for supervisors who may import.
 */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const { actor } = await requireActor(db(), request, locale);
  const t = await fixedT(locale, "imports");
  const csv = await departureTemplate(db(), actor, (column, code) => t(`columns.${column}`, { code }));
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="departures-template.csv"',
      "Cache-Control": "private, no-store",
    },
  });
});
