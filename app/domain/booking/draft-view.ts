import type { Catalog } from "~/domain/places/catalog.server";
import { AIR_KG } from "~/domain/scheduling/equipment";
import type { Locale } from "~/i18n/config";
import { formatMoney, formatNumber } from "~/i18n/format";
import { incotermsFor, type WizardStep } from "~/schemas/booking";
import { presentBookingDeparture } from "./booking-view";
import { readDetails } from "./consignment";
import type { findCompanyBooking } from "./find-bookings.server";
import { countryOptions } from "~/domain/places/countries";
import { policyFor } from "./cancellation-policy";
import { presentCancellationSchedule } from "./cancellation-view";
import { CARRIAGE_TERMS_VERSION } from "./carriage-terms";
import { quoteDetails } from "./quote";
import { presentBookingSummary } from "./summary-view";
import { holdEnd } from "./holds.server";
import { presentQuote, type QuoteBasis } from "./live-quote";

type CompanyBooking = Awaited<ReturnType<typeof findCompanyBooking>>;

/**
 * A draft's wizard step: the departure, what is offered at what tariff, what was saved, the
 * price so far (and what the browser needs to reprice as the exporter types), the cancellation
 * policy and how long the hold will last once the draft is held. The review step also repeats
 * everything entered (the booking page's summary), what cancelling will cost by date in money
 * once paid, and the version of the carriage terms to accept.
 */
export function presentDraft(
  booking: CompanyBooking,
  step: WizardStep,
  context: { locale: Locale; timeZone: string; catalog: Catalog; now: Date; holdMinutes: number },
) {
  const { locale, now, holdMinutes } = context;
  const details = readDetails(booking.details);
  const { departure } = booking;
  const basis: QuoteBasis = {
    air: departure.service.mode === "AIR",
    capacities: departure.capacities.map(({ equipmentCode, tariffMinor, currency, minChargeMinor }) => ({
      equipmentCode,
      tariffMinor,
      currency,
      minChargeMinor,
    })),
    saved: details,
  };
  const estimate = presentQuote(details, basis, locale);
  const hold = holdEnd(now, holdMinutes, departure.cargoCutoffAt);
  const reviewable = step === "review" && Boolean(details.cargo && details.parties) && estimate !== null;
  return {
    locale,
    step,
    basis,
    estimate,
    reference: booking.reference,
    air: departure.service.mode === "AIR",
    departure: presentBookingDeparture(departure, context.catalog, locale),
    offers: departure.capacities
      .filter((capacity) => capacity.equipmentCode !== AIR_KG)
      .map((capacity) => ({
        code: capacity.equipmentCode,
        available: capacity.available,
        availableText: formatNumber(capacity.available, locale),
        tariff: formatMoney(capacity.tariffMinor, capacity.currency, locale),
      })),
    details,
    // Steps already saved, for the step bar.
    done: [
      ...(details.containers?.length || details.pieces?.length ? ["equipment"] : []),
      ...(details.cargo ? ["cargo"] : []),
      ...(details.parties ? ["parties"] : []),
    ],
    countries: step === "parties" ? countryOptions(locale) : [],
    incoterms: incotermsFor(departure.service.legs.map((leg) => leg.mode)),
    review: reviewable ? estimate : null,
    summary: reviewable ? presentBookingSummary(details, departure, context.catalog, locale) : null,
    cancellationTerms: reviewable
      ? presentCancellationSchedule(
          { ...quoteDetails(details, basis.capacities).price, departure },
          { locale, timeZone: context.timeZone, now },
        )
      : [],
    carriageTermsVersion: CARRIAGE_TERMS_VERSION,
    policy: policyFor(departure.service.corridorCode),
    holdMinutes,
    // A hold never outlasts the cargo cut-off: say so when the cut-off comes first.
    holdEndsAtCutoff: hold.atCutoff ? Math.max(1, Math.ceil((hold.endsAt.getTime() - now.getTime()) / 60_000)) : null,
  };
}
