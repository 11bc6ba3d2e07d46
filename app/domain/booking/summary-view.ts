import type { Catalog } from "~/domain/places/catalog.server";
import type { Locale } from "~/i18n/config";
import { formatLocalDateTime, formatNumber } from "~/i18n/format";
import { presentBookingDeparture } from "./booking-view";
import { chargeableWeight } from "./chargeable-weight";
import { presentConsignment } from "./consignment-view";
import type { DraftDetails } from "./quote";

/**
 * Everything the exporter entered, as the review step repeats it before the hold and the
 * booking page shows it after: the departure with its ETA and both cut-offs, the containers (or
 * the air pieces and their chargeable weight), the cargo lines, the parties, the door legs and
 * the Incoterm. One view for both pages, so they cannot drift apart.
 */
export function presentBookingSummary(
  details: DraftDetails,
  departure: Parameters<typeof presentBookingDeparture>[0] & { etaAt: Date },
  catalog: Catalog,
  locale: Locale,
) {
  const pieces = details.pieces ?? [];
  const number = (value: number) => formatNumber(value, locale);
  const destinationZone = catalog.places.get(departure.service.destinationCode)?.timeZone ?? "UTC";
  return {
    departure: {
      ...presentBookingDeparture(departure, catalog, locale),
      // When it arrives, on the clock of where it arrives.
      etaLocal: formatLocalDateTime(departure.etaAt, locale, destinationZone),
    },
    air: departure.service.mode === "AIR",
    containers: (details.containers ?? []).map((line) => ({
      code: line.equipmentCode,
      quantity: number(line.quantity),
      shipperOwned: line.shipperOwned,
    })),
    pieces: pieces.map((piece) => ({
      quantity: number(piece.quantity),
      lengthCm: number(piece.lengthCm),
      widthCm: number(piece.widthCm),
      heightCm: number(piece.heightCm),
      grossKg: number(piece.grossKg),
    })),
    chargeableKg: pieces.length > 0 ? number(chargeableWeight(pieces).chargeableKg) : null,
    consignment: presentConsignment(details, locale),
  };
}

export type BookingSummaryView = ReturnType<typeof presentBookingSummary>;
