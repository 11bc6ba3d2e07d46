import type { TFunction } from "i18next";
import { placeName, type Catalog } from "~/domain/places/catalog.server";
import { formatLocalDateTime } from "~/i18n/format";
import type { Locale } from "~/i18n/config";
import { utilisationChart } from "./dashboard";
import type { StaffDashboard } from "./dashboard.server";

interface DepartureFacts {
  id: string;
  departureAt: Date;
  service: { serviceNumber: string; originCode: string; destinationCode: string };
}

/** The dashboard as the page shows it: names and local times in the reader's language. */
export function dashboardView(dashboard: StaffDashboard, catalog: Catalog, locale: Locale, t: TFunction, now: Date) {
  const at = (instant: Date, portCode: string) =>
    formatLocalDateTime(instant, locale, catalog.places.get(portCode)?.timeZone ?? "UTC");
  // Port staff work in Chinese; everyone else reads the Latin name the company registered.
  const companyName = (company: { legalNameZh: string; legalNameLatin: string }) =>
    locale === "zh-CN" ? company.legalNameZh : company.legalNameLatin;
  const departure = (facts: DepartureFacts) => ({
    id: facts.id,
    serviceNumber: facts.service.serviceNumber,
    origin: placeName(catalog, facts.service.originCode, locale),
    destination: placeName(catalog, facts.service.destinationCode, locale),
    departureLocal: at(facts.departureAt, facts.service.originCode),
  });
  const withBars = (facts: StaffDashboard["today"][number]) => ({
    ...departure(facts),
    chart: utilisationChart(facts.capacities, (bar) =>
      t(bar.over ? "dashboard:barOver" : "dashboard:bar", {
        code: bar.equipmentCode,
        booked: bar.booked,
        held: bar.held,
        total: bar.total,
        percent: bar.percent,
      }),
    ),
  });
  return {
    today: dashboard.today.map(withBars),
    week: dashboard.week.map(withBars),
    holds: dashboard.holds.map((hold) => ({
      reference: hold.reference,
      company: companyName(hold.company),
      expiresLocal: at(hold.holdExpiresAt!, hold.departure.service.originCode),
      departure: departure(hold.departure),
    })),
    documents: dashboard.documents.map((booking) => ({
      reference: booking.reference,
      company: companyName(booking.company),
      cutoffLocal: at(booking.departure.docCutoffAt, booking.departure.service.originCode),
      cutoffPassed: booking.departure.docCutoffAt.getTime() <= now.getTime(),
      departure: departure(booking.departure),
    })),
    boxes: dashboard.boxes.map((box) => ({
      key: `${box.booking.reference}-${box.isoSizeType}-${box.sequence}`,
      containerNumber: box.containerNumber,
      isoSizeType: box.isoSizeType,
      reference: box.booking.reference,
      cutoffLocal: at(box.booking.departure.cargoCutoffAt, box.booking.departure.service.originCode),
      departure: departure(box.booking.departure),
    })),
    missingDepa: dashboard.missingDepa.map(departure),
  };
}
export type DashboardView = ReturnType<typeof dashboardView>;
