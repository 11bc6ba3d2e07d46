import { useTranslation } from "react-i18next";
import { isBookingStatus } from "~/domain/booking/lifecycle";
import type { BookingStatus } from "~/domain/booking/statuses";

/** How each status reads at a glance: a tone (colour) and a shape, so it does not rest on colour alone. */
const LOOK: Record<BookingStatus, { tone: "muted" | "wait" | "ok" | "bad"; icon: keyof typeof ICONS }> = {
  DRAFT: { tone: "muted", icon: "pencil" },
  HELD: { tone: "wait", icon: "clock" },
  AWAITING_PAYMENT: { tone: "wait", icon: "coin" },
  CONFIRMED: { tone: "ok", icon: "check" },
  COMPLETED: { tone: "ok", icon: "flag" },
  REJECTED: { tone: "bad", icon: "cross" },
  DECLINED: { tone: "bad", icon: "minus" },
  CANCELLED: { tone: "muted", icon: "slash" },
  EXPIRED: { tone: "muted", icon: "hourglass" },
};

// 16 × 16 line icons drawn in the text colour.
const ICONS = {
  pencil: "M3 13l1-3 7-7 2 2-7 7-3 1z",
  clock: "M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2zM8 5v3l2 2",
  coin: "M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2zM10 6H7a1 1 0 0 0 0 2h2a1 1 0 0 1 0 2H6M8 4.5v1M8 10v1.5",
  check: "M3 8.5l3 3 7-7",
  flag: "M4 14V2M4 3h8l-2 3 2 3H4",
  cross: "M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2zM5.5 5.5l5 5M10.5 5.5l-5 5",
  minus: "M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2zM5 8h6",
  slash: "M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2zM3.8 3.8l8.4 8.4",
  hourglass: "M4 2h8M4 14h8M5 2c0 4 6 4 6 6s-6 2-6 6M11 2c0 4-6 4-6 6s6 2 6 6",
} as const;

/** A booking's status as a coloured badge with an icon and its name. */
export function BookingStatusBadge({ status, testId }: { status: string; testId?: string }) {
  const { t } = useTranslation("booking");
  // Rows hold one of the statuses; anything else would still show its name, plainly.
  const look = isBookingStatus(status) ? LOOK[status] : LOOK.DRAFT;
  return (
    <span className={`badge booking-status tone-${look.tone}`} data-status={status}>
      <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
        <path d={ICONS[look.icon]} fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      </svg>
      <span data-testid={testId}>{t(`status.${status}`)}</span>
    </span>
  );
}
