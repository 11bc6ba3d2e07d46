import type { Db } from "~/utils/db.server";
import { can, type Actor } from "~/domain/identity/permissions";
import { loadCatalog, placeName } from "~/domain/places/catalog.server";
import type { Locale } from "~/i18n/config";
import { formatLocalDateTime } from "~/i18n/format";
import { sharedWith } from "./shares.server";

const SHOWN = 200;

/**
 * The partner's tracking list (issue 14 adds timelines and maps): the consignments exporters
 * shared with them, soonest departure first — reference, exporter, route, departure and ETA in
 * the viewer's time zone, and the through waybill once issued. No prices, no addresses.
 */
export async function listSharedConsignments(
  db: Db,
  actor: Actor,
  { locale, timeZone }: { locale: Locale; timeZone: string },
) {
  const [bookings, catalog] = await Promise.all([
    db.booking.findMany({
      where: sharedWith(actor),
      select: {
        reference: true,
        companyId: true,
        status: true,
        company: { select: { legalNameZh: true, legalNameLatin: true } },
        departure: {
          select: {
            departureAt: true,
            etaAt: true,
            service: { select: { originCode: true, destinationCode: true, serviceNumber: true, mode: true } },
          },
        },
        waybill: { select: { number: true, status: true, latestVersion: true } },
      },
      orderBy: [{ departure: { departureAt: "asc" } }, { reference: "asc" }],
      take: SHOWN,
    }),
    loadCatalog(db),
  ]);
  return bookings
    .filter((booking) => can(actor, "read:booking", { sharedByCompanyIds: [booking.companyId] }))
    .map(({ reference, status, company, departure, waybill }) => ({
      reference,
      bookingStatus: status,
      exporter: locale === "zh-CN" ? company.legalNameZh : company.legalNameLatin,
      serviceNumber: departure.service.serviceNumber,
      mode: departure.service.mode,
      origin: placeName(catalog, departure.service.originCode, locale),
      destination: placeName(catalog, departure.service.destinationCode, locale),
      departureLocal: formatLocalDateTime(departure.departureAt, locale, timeZone),
      etaLocal: formatLocalDateTime(departure.etaAt, locale, timeZone),
      // Only an issued document (it has a number); a draft is the exporter's business.
      waybill:
        waybill?.number && waybill.latestVersion > 0
          ? { number: waybill.number, status: waybill.status, version: waybill.latestVersion }
          : null,
    }));
}
