/**
 * Every reason the domain refuses something. Each is a translation key (`errors.<code>`) in
 * the namespace of the page that shows it; a new refusal is added here first, so that the
 * compiler finds every place that must handle or translate it.
 */
export type AppErrorCode =
  // Access (authorize): outsiders learn nothing, insiders without the right are told so.
  | "notFound"
  | "forbidden"
  // Accounts and sign-in
  | "signInFailed"
  | "tooManyAttempts"
  | "tooManyEmails"
  | "tooManyEmailsToRecipient"
  | "confirmEmailFirst"
  | "emailTaken"
  | "creditCodeTaken"
  | "linkInvalid"
  | "currentPasswordWrong"
  | "lastAdmin"
  | "alreadyMember"
  | "alreadyPartner"
  | "required"
  // Several fields of a form at once (AppError.fields holds each field's message)
  | "invalid"
  | `password.${"tooShort" | "tooLong" | "tooCommon"}`
  // Booking
  | "notDraft"
  | "draftIncomplete"
  | "nothingToBook"
  | "pastCutoff"
  | "bookingClosed"
  | "capacityGone"
  // A booking on a cancelled departure (decision 022): moved or refunded once; an issued waybill stays the port's.
  | "notMovable"
  | "waybillIssuedAskPort"
  // A move at another price: the difference shown must be the one accepted; one open move at a time;
  // an invoice already issued for the old price is paid or cancelled first.
  | "priceChanged"
  | "moveInProgress"
  | "moveInvoiceOpen"
  | "notCancellable"
  | "notAmendable"
  | "pastDocCutoff"
  | "changedMeanwhile"
  | "confirmEmailToHold"
  | "tooManyOpenHolds"
  | "holdShareExceeded"
  | "holdRenewalLimit"
  | "carriageTermsNotAccepted"
  // Through waybill (decision 015)
  | "waybillState"
  | "waybillUnpaid"
  | "waybillUnchanged"
  | "waybillNotArrived"
  | "consigneeLocale"
  | "partiesLockedByWaybill"
  // Partner-API keys (decision 019)
  | "apiKeyScopes"
  | "apiKeyLimit"
  | "apiKeyInvalid"
  | "apiKeyScope"
  // Tracking share links (decision 023)
  | "shareLinkLimit"
  // The DCSA eBL form of a waybill (decision 016)
  | "waybillNoSeaLeg"
  | "waybillVesselUnknown"
  | "waybillEblIncomplete"
  // Container units
  | "containerNumberInvalid"
  | "sealsInvalid"
  | "vgmMethodRequired"
  | "vgmBelowTare"
  // Shipping instructions
  | "instructionsNotYet"
  | "instructionsClosed"
  | "instructionsLocked"
  | "reopenUntilInvalid"
  // Capacity (port operations)
  | "capacityInvalid"
  | "capacityBelowCommitted"
  | "capacityBusy"
  // At the terminal: gate-in, manual confirmation, operational events (decision 018)
  | "bookingNotConfirmed"
  | "containerNotOnBooking"
  | "containerNumberTaken"
  | "alreadyGatedIn"
  | "reeferReadingRequired"
  | "gateInAfterCutoff"
  | "lateReasonRequired"
  | "notConfirmable"
  | "placeNotOnRoute"
  | "notABorder"
  | "eventInFuture"
  | "eventPerDeparture"
  | "containerNotOnDeparture"
  | "containerAmbiguous"
  | "eventNotFound"
  | "eventAlreadyCorrected"
  // Payments
  | "notPayable"
  | "departureCancelled"
  | "holdLapsed"
  | "paymentInProgress"
  | "checkoutInProgress"
  | "notOnAccount"
  | "notBankPayment"
  | "bankTransferTooLate"
  | "duplicateReceipt"
  | "refundNotOpen"
  | "amount"
  | "stripeNotConfigured"
  | "stripeUnavailable"
  | "badSignature"
  | "malformedEvent";

/**
 * A business rule said no. `code` names a translation key (errors.<code>) and, with `field`,
 * the form field the message belongs to; the edge maps `status` to the HTTP response
 * (app/utils/forms.server.ts: a form failure, a status page, or problem details as JSON).
 */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    readonly status: number = 400,
    readonly field?: string,
    /** With "invalid": a message (translation key) per field. */
    readonly fields?: Record<string, string>,
  ) {
    super(code);
    this.name = "AppError";
  }
}

/** A form's fields broke rules only the domain can check: each message at its field. */
export function invalidFields(fields: Record<string, string>): AppError {
  return new AppError("invalid", 400, undefined, fields);
}

/** Whether the refusal is about access (the page answers with its status, not a form message). */
export function isAccessError(error: AppError): boolean {
  return error.code === "notFound" || error.code === "forbidden";
}

/** Prisma's unique-constraint violation (P2002), on either engine: the database refused a duplicate. */
export function isUniqueViolation(error: unknown): error is { code: string; meta?: unknown } {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}
