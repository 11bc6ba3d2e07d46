/**
 * Delays and cancellations of departures (decision 022), the parts shared by the staff form,
 * the domain and the e-mails. Pure.
 */
export const DISRUPTION_REASONS = [
  "LATE_INBOUND",
  "TRACK_WORKS",
  "WEATHER",
  "BORDER_CONGESTION",
  "LOCOMOTIVE",
  "OTHER",
] as const;
/** The bookings a disruption concerns: those holding or having bought its capacity. */
export const AFFECTED_STATUSES = ["HELD", "AWAITING_PAYMENT", "CONFIRMED"] as const;

export type DisruptionReason = (typeof DISRUPTION_REASONS)[number];

/** What a DEPARTURE_DELAYED booking event carries for its e-mails (times as ISO instants). */
export interface DepartureNoticeDetail {
  previousDepartureAt: string;
  previousEtaAt: string;
  departureAt: string;
  etaAt: string;
  reasonCode: DisruptionReason;
  remark: string | null;
}
