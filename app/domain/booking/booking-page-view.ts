import type { TFunction } from "i18next";
import { can, type Actor } from "~/domain/identity/permissions";
import { presentPayments } from "~/domain/payments/payment-view";
import type { bookingPayments } from "~/domain/payments/payment-queries.server";
import type { Catalog } from "~/domain/places/catalog.server";
import { AIR_KG } from "~/domain/scheduling/equipment";
import type { Locale } from "~/i18n/config";
import { formatLocalDateTime, formatMoney, formatNumber } from "~/i18n/format";
import { readDetails } from "./consignment";
import { presentBookingSummary } from "./summary-view";
import { partiesCorrectable } from "./parties-correction-view";
import { presentCancellationSchedule, presentCancelled } from "./cancellation-view";
import type { findCompanyBooking } from "./find-bookings.server";
import { allows, canAmend, canCancel, canPay, feeFor } from "./lifecycle";
import { presentPrice } from "./price-view";
import { readPriceLines } from "./pricing";
import { presentRevision } from "./revision-view";
import type { listRevisions } from "./revisions.server";

type CompanyBooking = Awaited<ReturnType<typeof findCompanyBooking>>;

/**
 * A booking's page for one of its company's people: its departure, hold, containers, price,
 * cargo and parties, history, payments, and — as the lifecycle allows and the reader may — how
 * to pay, amend or cancel it now, in the reader's language and time zone.
 */
export function presentBooking(
  booking: CompanyBooking,
  reader: { actor: Actor; locale: Locale; timeZone: string; now: Date; catalog: Catalog; t: TFunction },
  related: {
    payments: Awaited<ReturnType<typeof bookingPayments>>;
    revisions: Awaited<ReturnType<typeof listRevisions>>;
    /** How the company may pay: by card only when Stripe is configured, on account only when trusted. */
    paying: { bankTransferDue: Date | null; minimumBusinessDays: number; card: boolean; creditStatus: string };
  },
) {
  const { actor, locale, timeZone, now, t } = reader;
  const when = (date: Date) => formatLocalDateTime(date, locale, timeZone);
  const details = readDetails(booking.details);
  const mayChange = can(actor, "update:booking", { companyId: booking.companyId });
  const fee = feeFor(booking, now);
  const amendable =
    mayChange &&
    canAmend(
      { status: booking.status, mode: booking.departure.service.mode, cargoCutoffAt: booking.departure.cargoCutoffAt },
      now,
    );
  return {
    title: t("page.title", { reference: booking.reference }),
    reference: booking.reference,
    status: booking.status,
    hold:
      booking.status === "HELD" && booking.holdExpiresAt
        ? {
            expiresAt: booking.holdExpiresAt.toISOString(),
            serverNow: now.toISOString(),
            expiresLocal: when(booking.holdExpiresAt),
            atCutoff: booking.holdExpiresAt.getTime() === booking.departure.cargoCutoffAt.getTime(),
          }
        : null,
    price: presentPrice(readPriceLines(booking.priceLines), booking.currency, booking.totalMinor, locale),
    // What was booked, as the review step showed it before the hold.
    summary: presentBookingSummary(details, booking.departure, reader.catalog, locale),
    // The carriage terms accepted at the hold (bookings held before terms were asked for have none).
    carriageTerms:
      booking.carriageTermsVersion && booking.carriageTermsAcceptedAt
        ? { version: booking.carriageTermsVersion, acceptedAt: when(booking.carriageTermsAcceptedAt) }
        : null,
    revisions: related.revisions.map((revision) => ({
      number: revision.number,
      at: when(revision.at),
      by: revision.by,
      ...presentRevision(revision, t, locale),
    })),
    events: booking.events.map((event) => ({ id: event.id, type: event.type, at: when(event.createdAt) })),
    canCancel: mayChange && canCancel(booking),
    canCorrectParties: partiesCorrectable(booking, details, actor, now),
    // Confirmed: the shipping instructions page (a form for bookers until the documents cut-off).
    instructions: allows(booking.status, "giveInstructions"),
    cancelled: presentCancelled(booking, related.payments, locale),
    amendable: amendable
      ? booking.departure.capacities
          .filter((capacity) => capacity.equipmentCode !== AIR_KG)
          .map((capacity) => ({
            code: capacity.equipmentCode,
            quantity: booking.lines.find((line) => line.equipmentCode === capacity.equipmentCode)?.quantity ?? 0,
            available: formatNumber(capacity.available, locale),
            availableCount: capacity.available,
          }))
      : null,
    cancellationFee: { percent: fee.percent, amount: formatMoney(fee.feeMinor, booking.currency, locale) },
    payOptions:
      mayChange && canPay(booking, now)
        ? {
            // When an invoice issued now falls due, in the reader's zone; null: too close to the cut-off.
            bankTransferDue: related.paying.bankTransferDue ? when(related.paying.bankTransferDue) : null,
            minimumBusinessDays: related.paying.minimumBusinessDays,
            // What cancelling costs from the moment a way of paying is chosen: asked to be accepted.
            cancellationTerms: presentCancellationSchedule(booking, { locale, timeZone, now }),
            card: related.paying.card,
            onAccount: related.paying.creditStatus === "ON_ACCOUNT",
          }
        : null,
    payments: presentPayments(related.payments, locale, timeZone),
  };
}

export type BookingPageView = ReturnType<typeof presentBooking>;
