import { can, type Actor } from "~/domain/identity/permissions";
import { countryOptions } from "~/domain/places/countries";
import type { Locale } from "~/i18n/config";
import { formatLocalDateTime } from "~/i18n/format";
import { readDetails } from "./consignment";
import type { findCompanyBooking } from "./find-bookings.server";
import { canCorrectParties } from "./lifecycle";
import type { DraftDetails } from "./quote";
import { detailsVersion } from "./correct-parties.server";

type CompanyBooking = Awaited<ReturnType<typeof findCompanyBooking>>;

/** Whether this reader may correct the booking's parties now (`details`: the booking's, as read). */
export function partiesCorrectable(booking: CompanyBooking, details: DraftDetails, actor: Actor, now: Date): boolean {
  return (
    details.parties !== undefined &&
    can(actor, "update:booking", { companyId: booking.companyId }) &&
    canCorrectParties({ status: booking.status, docCutoffAt: booking.departure.docCutoffAt }, now)
  );
}

/**
 * The parties form of a held or confirmed booking, with what is saved and the countries in the
 * reader's language; null when this reader may not correct them now.
 */
export function presentPartiesCorrection(
  booking: CompanyBooking,
  reader: { actor: Actor; locale: Locale; timeZone: string; now: Date },
) {
  const details = readDetails(booking.details);
  const { parties } = details;
  if (!parties || !partiesCorrectable(booking, details, reader.actor, reader.now)) return null;
  return {
    reference: booking.reference,
    version: detailsVersion(booking.details),
    parties,
    countries: countryOptions(reader.locale),
    docCutoffLocal: formatLocalDateTime(booking.departure.docCutoffAt, reader.locale, reader.timeZone),
  };
}
