import type { Db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { outgoingEmail, type OutgoingEmail } from "~/domain/email/mailer.server";
import { layoutEmail } from "~/domain/email/templates.server";
import { loadCatalog, placeName } from "~/domain/places/catalog.server";
import { DEFAULT_LOCALE, isLocale } from "~/i18n/config";
import { formatLocalDateTime, formatMoney } from "~/i18n/format";
import { fixedT } from "~/i18n/i18next.server";
import { loadBookingAudience } from "~/domain/booking/booking-audience.server";
import type { MoveDetail } from "./booking-move.server";
import type { DepartureNoticeDetail } from "./disruptions";

/**
 * A departure's disruption, told to everyone a booking on it concerns (decision 022): the
 * booker and every partner the booking is shared with now (decision 017), each in their own
 * language and time zone. The booking event is written in the delay's transaction; the booking
 * notifier queues these messages in the transaction that marks it notified: one per recipient.
 */
export const DEPARTURE_NOTICE_OF_EVENT = {
  DEPARTURE_DELAYED: "delayed",
  DEPARTURE_CANCELLED: "cancelled",
  // A booking moved off a cancelled departure (by its exporter, by the port, or once the difference was paid).
  MOVED: "moved",
} as const;
export type DepartureEventType = keyof typeof DEPARTURE_NOTICE_OF_EVENT;

/** What the price paragraph of a move's e-mail says (to the booker: prices are the company's). */
function movePriceKey(detail: Partial<MoveDetail>): string {
  if (!detail.differenceMinor) return "email.moved.priceKept";
  return detail.differenceMinor < 0 ? "email.moved.priceLower" : "email.moved.priceHigher";
}

export async function departureEventEmails(
  db: Db,
  event: { bookingId: string; type: DepartureEventType; detail: DepartureNoticeDetail | MoveDetail },
): Promise<OutgoingEmail[]> {
  // A move recorded before moves were e-mailed carries no times: nothing to tell.
  if (!event.detail.departureAt) return [];
  const messages: OutgoingEmail[] = [];
  const moved = event.type === "MOVED" ? (event.detail as MoveDetail) : null;
  const noticeDetail = event.detail as Partial<DepartureNoticeDetail>;
  const { booking, booker, partners } = await loadBookingAudience(db, event.bookingId);
  const recipients = [...(booker ? [booker] : []), ...partners];
  const catalog = await loadCatalog(db);
  const { service } = booking.departure;
  const notice = DEPARTURE_NOTICE_OF_EVENT[event.type];
  const { detail } = event;
  for (const recipient of recipients) {
    const locale = isLocale(recipient.locale) ? recipient.locale : DEFAULT_LOCALE;
    const [t, emails] = await Promise.all([fixedT(locale, "disruptions"), fixedT(locale, "emails")]);
    const at = (iso: string) => formatLocalDateTime(new Date(iso), locale, recipient.timeZone);
    const facts = {
      reference: booking.reference,
      service: moved?.service ?? service.serviceNumber,
      origin: placeName(catalog, service.originCode, locale),
      destination: placeName(catalog, service.destinationCode, locale),
      previousDeparture: at(detail.previousDepartureAt),
      previousEta: at(detail.previousEtaAt),
      departure: at(detail.departureAt),
      eta: at(detail.etaAt),
      reason: noticeDetail.reasonCode ? t(`reason.${noticeDetail.reasonCode}`) : "",
      remark: noticeDetail.remark ?? "",
      difference: moved ? formatMoney(Math.abs(moved.differenceMinor), moved.currency, locale) : "",
      company: locale === "zh-CN" ? booking.company.legalNameZh : booking.company.legalNameLatin,
    };
    const base = `${env().APP_URL}/${locale}`;
    const rendered = layoutEmail(locale, emails, {
      subject: t(`email.${notice}.subject`, facts),
      greeting: emails("greeting", { name: recipient.name }),
      paragraphs: [
        t(`email.${notice}.body`, facts),
        ...(moved
          ? [
              ...(recipient.role === "booker" ? [t(movePriceKey(moved), facts)] : []),
              ...(moved.by === "port" ? [t("email.moved.byPort", facts)] : []),
            ]
          : [t("email.reason", facts), ...(facts.remark ? [t("email.remark", facts)] : [])]),
        t("email.zone", { zone: recipient.timeZone }),
        ...(notice === "cancelled"
          ? [t(recipient.role === "partner" ? "email.choicePartner" : "email.choiceBooker", facts)]
          : []),
      ],
      action:
        recipient.role === "partner"
          ? { label: emails("waybill.openTracking"), link: `${base}/track` }
          : { label: emails("booking.open"), link: `${base}/bookings/${booking.reference}` },
      notes: [
        recipient.role === "partner"
          ? emails("waybill.whyPartner", { company: facts.company, link: `${base}/track` })
          : emails("booking.why"),
      ],
    });
    messages.push(outgoingEmail({ to: recipient.email, locale, template: `departure.${notice}`, rendered }));
  }
  return messages;
}
