import { cancellationFee, policyBasis, type FeeTier, type PolicyBooking } from "./cancellation-policy";
import { BOOKING_STATUSES, type BookingStatus } from "./statuses";

/**
 * The booking's lifecycle in one place: which action each status allows and where it leads.
 * Domain operations check it before they write (and write conditionally on the status they
 * read); loaders ask the same questions to decide which buttons to show. Pure: no database,
 * no clock but the one passed in.
 */
export type BookingAction =
  /** Change a step of the draft wizard. */
  | "editDraft"
  /** Take the capacity and start the hold time. */
  | "hold"
  /** Change the containers of a hold (before the cut-off, containers only). */
  | "amend"
  /** Pay: by card, by bank transfer against an invoice, or on account. */
  | "pay"
  /** An invoice is out: the slots stay reserved until it falls due. */
  | "awaitTransfer"
  /** Money (or credit) is in: the capacity is booked. */
  | "confirm"
  /** The hold time (or the invoice's due time) ran out. */
  | "expire"
  /** The exporter cancels under the published fee policy. */
  | "cancel"
  /** Correct shipper, consignee, notify party or door addresses after the hold (not the price). */
  | "correctParties"
  /** Give the shipping instructions (boxes, seals, VGM, goods per box) once the booking is confirmed. */
  | "giveInstructions";

export const BOOKING_ACTIONS: readonly BookingAction[] = [
  "editDraft",
  "hold",
  "amend",
  "pay",
  "awaitTransfer",
  "confirm",
  "expire",
  "cancel",
  "correctParties",
  "giveInstructions",
];

/** From which statuses each action may start, and the status it leaves the booking in. */
const TRANSITIONS: Record<
  BookingAction,
  { from: readonly BookingStatus[]; to: (from: BookingStatus) => BookingStatus }
> = {
  editDraft: { from: ["DRAFT"], to: () => "DRAFT" },
  hold: { from: ["DRAFT"], to: () => "HELD" },
  amend: { from: ["HELD"], to: () => "HELD" },
  pay: { from: ["HELD"], to: () => "HELD" },
  awaitTransfer: { from: ["HELD"], to: () => "AWAITING_PAYMENT" },
  // A payment that arrives after its hold lapsed still confirms when the slots can be taken again.
  confirm: { from: ["HELD", "AWAITING_PAYMENT", "EXPIRED"], to: () => "CONFIRMED" },
  expire: { from: ["HELD", "AWAITING_PAYMENT"], to: () => "EXPIRED" },
  cancel: { from: ["DRAFT", "HELD", "AWAITING_PAYMENT", "CONFIRMED"], to: () => "CANCELLED" },
  correctParties: { from: ["HELD", "AWAITING_PAYMENT", "CONFIRMED"], to: (from) => from },
  giveInstructions: { from: ["CONFIRMED"], to: () => "CONFIRMED" },
};

export function isBookingStatus(value: string): value is BookingStatus {
  return (BOOKING_STATUSES as readonly string[]).includes(value);
}

/** Whether a booking in `status` may undergo `action` (the lifecycle alone; time rules below). */
export function allows(status: string, action: BookingAction): boolean {
  return isBookingStatus(status) && TRANSITIONS[action].from.includes(status);
}

/** Where `action` leads from `status`; throws for a transition the lifecycle does not have. */
export function nextStatus(status: string, action: BookingAction): BookingStatus {
  if (!isBookingStatus(status) || !allows(status, action)) {
    throw new Error(`A ${status} booking cannot ${action}`);
  }
  return TRANSITIONS[action].to(status);
}

/** Whether the capacity a booking holds is still the exporter's (hold or invoice time not run out). */
export function holdLapsed(booking: { status: string; holdExpiresAt: Date | null }, now: Date): boolean {
  return allows(booking.status, "expire") && booking.holdExpiresAt !== null && booking.holdExpiresAt <= now;
}

/** Which buttons make sense for the booking now (the caller adds the actor's permission). */
export function canPay(booking: { status: string; holdExpiresAt: Date | null }, now: Date): boolean {
  return allows(booking.status, "pay") && booking.holdExpiresAt !== null && !holdLapsed(booking, now);
}

/** Parties are corrected until the documents cut-off: after it the waybill is being drawn. */
export function canCorrectParties(booking: { status: string; docCutoffAt: Date }, now: Date): boolean {
  return allows(booking.status, "correctParties") && now < booking.docCutoffAt;
}

/**
 * Shipping instructions are given once the booking is confirmed and until the documents
 * cut-off, or later while origin port staff have reopened them (`reopenedUntil`).
 */
export function canGiveInstructions(
  booking: { status: string; docCutoffAt: Date },
  reopenedUntil: Date | null,
  now: Date,
): boolean {
  return (
    allows(booking.status, "giveInstructions") &&
    (now < booking.docCutoffAt || (reopenedUntil !== null && now < reopenedUntil))
  );
}

export function canCancel(booking: { status: string }): boolean {
  return allows(booking.status, "cancel");
}

/** Holds of containers are amended before the cargo cut-off; air pieces are booked anew. */
export function canAmend(booking: { status: string; mode: string; cargoCutoffAt: Date }, now: Date): boolean {
  return allows(booking.status, "amend") && booking.mode !== "AIR" && now < booking.cargoCutoffAt;
}

export interface Fee {
  tier: FeeTier;
  percent: number;
  feeMinor: number;
}

/**
 * What cancelling costs now: nothing while nothing is committed (a draft or a hold), nor when
 * the operator cancelled the departure (decision 022), else the corridor's published policy
 * once an invoice is out or the booking is confirmed.
 */
export function feeFor(booking: PolicyBooking & { status: string; departure: { status?: string } }, now: Date): Fee {
  if (!["AWAITING_PAYMENT", "CONFIRMED"].includes(booking.status)) return { tier: "FREE", percent: 0, feeMinor: 0 };
  if (booking.departure.status === "CANCELLED") return { tier: "FREE", percent: 0, feeMinor: 0 };
  return cancellationFee(...policyBasis(booking), now);
}
