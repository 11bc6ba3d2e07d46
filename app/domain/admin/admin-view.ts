import { placeName, type Catalog } from "~/domain/places/catalog.server";
import type { Locale } from "~/i18n/config";
import type { adminOverview } from "./companies.server";

type AdminOverview = Awaited<ReturnType<typeof adminOverview>>;

/** The places port staff can work at: China's airports and its rail ports that trains leave from. */
function staffPortCodes(catalog: Catalog): string[] {
  return [...catalog.places.values()]
    .filter(
      (place) =>
        place.countryCode === "CN" &&
        (place.kind === "AIRPORT" || (place.kind === "RAIL_PORT" && catalog.originCodes.includes(place.code))),
    )
    .map((place) => place.code);
}

/** The platform admin's page: companies and their credit status, port staff and their ports, every place. */
export function presentAdmin({ companies, staff }: AdminOverview, catalog: Catalog, locale: Locale) {
  return {
    companies: companies.map((company) => ({
      id: company.id,
      name: company.legalNameZh,
      latinName: company.legalNameLatin,
      creditCode: company.creditCode,
      creditStatus: company.creditStatus,
      members: company._count.memberships,
    })),
    staff: staff.map((member) => ({
      id: member.id,
      name: member.name,
      email: member.email,
      role: member.staffRole ?? "OPERATOR",
      ports: member.staffPorts.map((port) => port.placeCode),
    })),
    ports: staffPortCodes(catalog).map((code) => ({ code, name: placeName(catalog, code, locale) })),
    places: [...catalog.places.values()].map((place) => ({
      code: place.code,
      name: placeName(catalog, place.code, locale),
      kind: place.kind,
      timeZone: place.timeZone,
    })),
  };
}

export type AdminView = ReturnType<typeof presentAdmin>;
