import type { Locale } from "~/i18n/config";

/**
 * The portal's carriage terms: one version in force at a time, published on the public terms
 * page (`/{lang}/terms`, its text in the `terms` namespace of every locale). A hold is taken
 * only under the version in force, and the booking keeps which version was accepted and when
 * (`Booking.carriageTermsVersion`, `carriageTermsAcceptedAt`). A new wording is a new version:
 * bump the version and its effective date together with the text.
 */
export const CARRIAGE_TERMS_VERSION = "2026-11";

/** From when this version applies (00:00 Beijing time, where the portal's operator is). */
export const CARRIAGE_TERMS_EFFECTIVE_AT = new Date("2026-11-01T00:00:00+08:00");

/** The time zone the effective date is stated in. */
export const CARRIAGE_TERMS_TIME_ZONE = "Asia/Shanghai";

/** The clauses of this version, in order (each `clauses.<key>.title` and `.text` in `terms`). */
export const CARRIAGE_TERMS_CLAUSES = [
  "scope",
  "booking",
  "payment",
  "cancellation",
  "cargo",
  "railLiability",
  "airLiability",
  "claims",
  "law",
  "language",
] as const;

/** The effective date as the terms page states it: the day in Beijing, written out in the reader's language. */
export function carriageTermsEffectiveDate(locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { timeZone: CARRIAGE_TERMS_TIME_ZONE, dateStyle: "long" }).format(
    CARRIAGE_TERMS_EFFECTIVE_AT,
  );
}

/** Whether what the review form sent accepts the version in force (a form from before a new version does not). */
export function acceptsCarriageTerms(accepted: unknown): boolean {
  return accepted === CARRIAGE_TERMS_VERSION;
}
