/** Booking statuses (DCSA Booking 2.0, plus the portal's draft, hold and expiry). */
export const BOOKING_STATUSES = [
  "DRAFT",
  "HELD",
  "AWAITING_PAYMENT",
  "CONFIRMED",
  "REJECTED",
  "DECLINED",
  "CANCELLED",
  "EXPIRED",
  "COMPLETED",
] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
