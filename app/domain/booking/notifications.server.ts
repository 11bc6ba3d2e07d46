import type { Db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { everyPeriod, jobPeriodMs, type JobHandle } from "~/domain/ops/jobs.server";
import { outgoingEmail, queueEmailsWithClaim, sendDueEmails, type OutgoingEmail } from "~/domain/email/mailer.server";
import { layoutEmail } from "~/domain/email/templates.server";
import { loadCatalog } from "~/domain/places/catalog.server";
import { AIR_KG } from "~/domain/scheduling/equipment";
import { DEFAULT_LOCALE, isLocale } from "~/i18n/config";
import { formatLocalDateTime, formatMoney, formatNumber } from "~/i18n/format";
import { fixedT } from "~/i18n/i18next.server";
import {
  waybillEventEmails,
  WAYBILL_NOTICE_OF_EVENT,
  type WaybillEventDetail,
  type WaybillEventType,
} from "~/domain/waybill/waybill-emails.server";
import {
  DEPARTURE_NOTICE_OF_EVENT,
  departureEventEmails,
  type DepartureEventType,
} from "~/domain/operations/departure-emails.server";
import type { DepartureNoticeDetail } from "~/domain/operations/disruptions";
import type { MoveDetail } from "~/domain/operations/booking-move.server";
import { sendTrackingAlerts } from "~/domain/tracking/alert-notifier.server";
import { presentBookingDeparture } from "./booking-view";
import { errorField, logger } from "~/domain/ops/logger.server";

/**
 * The booker is e-mailed, in their own language and time zone, about the changes of a booking
 * they need to act on (and, with the partners it is shared with, about its through waybill:
 * waybill-emails.server.ts). The changes are the booking's history (BookingEvent): a change is
 * written with the booking in one transaction, and this module queues the message afterwards
 * (in the transaction that marks the change notified) and sends it, so the busy hold path
 * writes no e-mail and a crash anywhere loses nothing (decision 027).
 */
const NOTICE_OF_EVENT = {
  HELD: "holdCreated",
  EXPIRED: "holdExpired",
  AWAITING_PAYMENT: "invoiceIssued",
  PAYMENT_RECEIVED: "partialPayment",
  CONFIRMED: "confirmed",
  LATE_PAYMENT_REFUND: "lateRefund",
  CANCELLED: "cancelled",
} as const;
export type BookingNotice = (typeof NOTICE_OF_EVENT)[keyof typeof NOTICE_OF_EVENT] | "holdExpiring";

const BATCH = 100;

/** How long before a hold ends the booker is warned: ten minutes, or a third of a shorter hold. */
export function expiryWarningMs(holdMinutes = env().HOLD_MINUTES): number {
  return Math.min(10, holdMinutes / 3) * 60_000;
}

/**
 * The booking history entries the notifier e-mails about (its own, the waybill's and the
 * departure's; a function, read when called: those modules import this one).
 */
export function notifiedEventTypes(): string[] {
  return [
    ...Object.keys(NOTICE_OF_EVENT),
    ...Object.keys(WAYBILL_NOTICE_OF_EVENT),
    ...Object.keys(DEPARTURE_NOTICE_OF_EVENT),
  ];
}

/**
 * Sends what is due: one message per notified change, and one warning per hold about to end
 * (decision 027). Each is rendered first, then claimed with a conditional update (notifiedAt,
 * expiryWarnedAt) in the transaction that writes its messages to the outbox: both or neither.
 * So two servers (or the timer and a kick) never queue the same message twice, and a server
 * killed half-way leaves the change unclaimed for the next sweep. The outbox sender then sends
 * what was queued (sendDueEmails), retrying what SMTP refused for a while.
 */
export async function sendBookingNotifications(db: Db, now = new Date()): Promise<number> {
  let sent = 0;
  let cursor: { createdAt: Date; id: string } | undefined;
  for (;;) {
    const events = await db.bookingEvent.findMany({
      where: {
        notifiedAt: null,
        type: { in: notifiedEventTypes() },
        // Past the last page: an event whose rendering failed is not read again in this run.
        ...(cursor
          ? {
              OR: [{ createdAt: { gt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { gt: cursor.id } }],
            }
          : {}),
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: BATCH,
      select: { id: true, type: true, detail: true, bookingId: true, createdAt: true },
    });
    if (events.length === 0) break;
    const last = events.at(-1)!;
    cursor = { createdAt: last.createdAt, id: last.id };
    for (const event of events) {
      try {
        const emails = await eventEmails(db, event);
        const claimed = await queueEmailsWithClaim(
          db,
          async (tx) => {
            const { count } = await tx.bookingEvent.updateMany({
              where: { id: event.id, notifiedAt: null },
              data: { notifiedAt: now },
            });
            return count === 1;
          },
          emails,
          now,
        );
        if (claimed) sent += 1;
      } catch (error) {
        // Left unclaimed: the next sweep tries it again; the others go on.
        logger.error("Booking notification failed", { bookingEventId: event.id, err: errorField(error) });
      }
    }
  }

  const expiring = await db.booking.findMany({
    where: {
      status: "HELD",
      expiryWarnedAt: null,
      holdExpiresAt: { gt: now, lte: new Date(now.getTime() + expiryWarningMs()) },
    },
    select: { id: true },
    take: BATCH,
  });
  for (const booking of expiring) {
    const emails = await bookerEmails(db, booking.id, "holdExpiring", {});
    const claimed = await queueEmailsWithClaim(
      db,
      async (tx) => {
        const { count } = await tx.booking.updateMany({
          where: { id: booking.id, status: "HELD", expiryWarnedAt: null },
          data: { expiryWarnedAt: now },
        });
        return count === 1;
      },
      emails,
      now,
    );
    if (claimed) sent += 1;
  }
  // Tracking alerts (decision 024): actual events and ETA changes for their subscribers.
  sent += await sendTrackingAlerts(db, now);
  // What was queued (and what waits for another try) goes out now.
  await sendDueEmails(db, now);
  return sent;
}

/** The messages one booking event calls for (none when its recipients may not be told). */
function eventEmails(
  db: Db,
  event: { id: string; type: string; detail: string | null; bookingId: string; createdAt: Date },
): Promise<OutgoingEmail[]> {
  if (event.type in WAYBILL_NOTICE_OF_EVENT) {
    const detail = parseDetail(event.detail) as WaybillEventDetail;
    return waybillEventEmails(db, { ...event, type: event.type as WaybillEventType, detail });
  }
  if (event.type in DEPARTURE_NOTICE_OF_EVENT) {
    const detail = parseDetail(event.detail) as unknown as DepartureNoticeDetail | MoveDetail;
    return departureEventEmails(db, { ...event, type: event.type as DepartureEventType, detail });
  }
  const notice = NOTICE_OF_EVENT[event.type as keyof typeof NOTICE_OF_EVENT];
  return bookerEmails(db, event.bookingId, notice, parseDetail(event.detail));
}

interface EventDetail {
  holdExpiresAt?: string;
  dueAt?: string;
  feeMinor?: number;
  invoice?: string;
  receivedMinor?: number;
  outstandingMinor?: number;
}

function parseDetail(detail: string | null): EventDetail {
  if (!detail) return {};
  try {
    return JSON.parse(detail) as EventDetail;
  } catch {
    return {};
  }
}

async function bookerEmails(
  db: Db,
  bookingId: string,
  notice: BookingNotice,
  detail: EventDetail,
): Promise<OutgoingEmail[]> {
  const booking = await db.booking.findUniqueOrThrow({
    where: { id: bookingId },
    select: {
      reference: true,
      createdById: true,
      currency: true,
      totalMinor: true,
      holdExpiresAt: true,
      lines: { select: { equipmentCode: true, quantity: true } },
      departure: {
        select: {
          departureAt: true,
          cargoCutoffAt: true,
          docCutoffAt: true,
          service: { select: { originCode: true, destinationCode: true, serviceNumber: true, mode: true } },
        },
      },
    },
  });
  const booker = await db.user.findUnique({
    where: { id: booking.createdById },
    select: { email: true, name: true, locale: true, timeZone: true, disabledAt: true },
  });
  if (!booker || booker.disabledAt) return [];
  const locale = isLocale(booker.locale) ? booker.locale : DEFAULT_LOCALE;
  const [t, common, catalog] = await Promise.all([fixedT(locale, "emails"), fixedT(locale, "common"), loadCatalog(db)]);
  const departure = presentBookingDeparture(booking.departure, catalog, locale);
  const until = detail.holdExpiresAt ?? detail.dueAt;
  const holdEnds = until ? new Date(until) : booking.holdExpiresAt;
  const facts = {
    reference: booking.reference,
    what: booking.lines
      .map((line) =>
        line.equipmentCode === AIR_KG
          ? t("booking.kilograms", { count: line.quantity })
          : `${formatNumber(line.quantity, locale)} × ${common(`equipment.${line.equipmentCode}`)}`,
      )
      .join(", "),
    route: t("booking.route", {
      service: departure.serviceNumber,
      origin: departure.origin,
      destination: departure.destination,
      departure: departure.departureLocal,
    }),
    total: formatMoney(booking.totalMinor, booking.currency, locale),
    until: holdEnds ? formatLocalDateTime(holdEnds, locale, booker.timeZone) : "",
    fee: formatMoney(detail.feeMinor ?? 0, booking.currency, locale),
    invoice: detail.invoice ?? "",
    received: formatMoney(detail.receivedMinor ?? 0, booking.currency, locale),
    outstanding: formatMoney(detail.outstandingMinor ?? 0, booking.currency, locale),
  };
  const paragraphs = [t(`booking.${notice}.body`, facts), t(`booking.${notice}.next`, facts)];
  if (notice === "cancelled") paragraphs.push(detail.feeMinor ? t("booking.fee", facts) : t("booking.noFee"));
  const rendered = layoutEmail(locale, t, {
    subject: t(`booking.${notice}.subject`, facts),
    greeting: t("greeting", { name: booker.name }),
    paragraphs,
    action: { label: t("booking.open"), link: `${env().APP_URL}/${locale}/bookings/${booking.reference}` },
    notes: [t("booking.why")],
  });
  return [outgoingEmail({ to: booker.email, locale, template: `booking.${notice}`, rendered })];
}

/**
 * The running server's notifier: a sweep on a timer (which also finds holds about to end) and
 * a prompt run soon after each change (`kickBookingNotifications`). Runs never overlap within
 * the process; other instances are kept apart by the claims (see sendBookingNotifications).
 * Returns a function that stops it and resolves once the run in flight has finished.
 */
let live: JobHandle | undefined;

export function startBookingNotifier(db: Db, everyMs = jobPeriodMs(30_000)): () => Promise<void> {
  const notifier = everyPeriod("Booking notifications", everyMs, () => sendBookingNotifications(db));
  live = notifier;
  return () => {
    if (live === notifier) live = undefined;
    return notifier.stop();
  };
}

/** Asks the running notifier (if any) to send what is due shortly; many kicks make one run. */
export function kickBookingNotifications(): void {
  live?.kick();
}
