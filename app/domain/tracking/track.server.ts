import type { Db } from "~/utils/db.server";
import { can, type Actor } from "~/domain/identity/permissions";
import { loadCatalog, placeName } from "~/domain/places/catalog.server";
import type { Locale } from "~/i18n/config";
import { formatLocalDateTime } from "~/i18n/format";
import { trackedBy } from "./consignment.server";

const SHOWN = 200;

/**
 * What a search may be: a booking reference, a through waybill number or a container number —
 * letters, digits and hyphens; anything else is dropped before it reaches a query.
 */
export function normalizeTrackingQuery(raw: string | null): string | null {
  const cleaned = (raw ?? "")
    .toUpperCase()
    .replace(/[^A-Z0-9-]/g, "")
    .slice(0, 40);
  return cleaned.length >= 4 ? cleaned : null;
}

/**
 * The tracking list (decision 017, issue 14): an exporter's confirmed bookings and the
 * consignments shared with a partner, latest departure first — reference, exporter, route,
 * departure and ETA in the viewer's time zone, the through waybill once issued. `query` finds
 * one by booking reference, waybill number or container number, only among what the viewer may
 * follow (each an indexed equality). No prices, no addresses.
 */
export async function listTrackedConsignments(
  db: Db,
  actor: Actor,
  { locale, timeZone, query = null }: { locale: Locale; timeZone: string; query?: string | null },
) {
  const visible = trackedBy(actor);
  if (!visible) return [];
  const search = query
    ? {
        OR: [{ reference: query }, { waybill: { number: query } }, { equipment: { some: { containerNumber: query } } }],
      }
    : {};
  const [bookings, catalog] = await Promise.all([
    db.booking.findMany({
      where: { AND: [visible, search] },
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
      orderBy: [{ departure: { departureAt: "desc" } }, { reference: "asc" }],
      take: SHOWN,
    }),
    loadCatalog(db),
  ]);
  return bookings
    .filter(
      (booking) =>
        can(actor, "read:booking", { companyId: booking.companyId }) ||
        can(actor, "read:booking", { sharedByCompanyIds: [booking.companyId] }),
    )
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
