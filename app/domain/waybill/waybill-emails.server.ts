import type { Db } from "~/utils/db.server";
import type { Tx } from "~/utils/transactions.server";
import { env } from "~/utils/env.server";
import { outgoingEmail, type OutgoingEmail } from "~/domain/email/mailer.server";
import { layoutEmail } from "~/domain/email/templates.server";
import { loadCatalog, placeName } from "~/domain/places/catalog.server";
import { DEFAULT_LOCALE, isLocale } from "~/i18n/config";
import { formatLocalDateTime } from "~/i18n/format";
import { fixedT } from "~/i18n/i18next.server";
import { loadBookingAudience, type AudienceMember } from "~/domain/booking/booking-audience.server";
import { recordShipmentEvent } from "~/domain/tracking/consignment-events.server";

/**
 * The through waybill's e-mails (decision 017): draft ready and returned by the port (to the booker), issued, amended and
 * voided (to the booker and every partner the booking is shared with when it is sent). Each is a
 * BookingEvent written in the transaction of the change; the booking notifier queues its
 * messages in the transaction that marks the event notified: one message per recipient, however
 * many notifiers run.
 * Every message carries a link, never the document, so what is opened is the latest version.
 */
export const WAYBILL_NOTICE_OF_EVENT = {
  WAYBILL_DRAFT_READY: "draftReady",
  WAYBILL_RETURNED: "returned",
  WAYBILL_ISSUED: "issued",
  WAYBILL_AMENDED: "amended",
  WAYBILL_VOIDED: "voided",
} as const;
export type WaybillEventType = keyof typeof WAYBILL_NOTICE_OF_EVENT;

export interface WaybillEventDetail {
  number?: string | null;
  version?: number;
  reason?: string;
}

/** Writes the event (in the change's transaction); the notifier sends its e-mails afterwards. */
export async function recordWaybillEvent(
  tx: Tx,
  event: { bookingId: string; actorId: string | null; type: WaybillEventType; detail: WaybillEventDetail; now: Date },
): Promise<void> {
  await tx.bookingEvent.create({
    data: {
      bookingId: event.bookingId,
      actorId: event.actorId,
      type: event.type,
      detail: JSON.stringify(event.detail),
      createdAt: event.now,
    },
  });
  // Tracking's shipment event for the transport document; the port's reasons stay out of it
  // (partners read tracking, and the port's words are for the exporter).
  const typeCode = SHIPMENT_EVENT_OF[event.type];
  if (typeCode && event.detail.number) {
    await recordShipmentEvent(tx, {
      bookingId: event.bookingId,
      change: { typeCode, documentTypeCode: "TRD", documentReference: event.detail.number },
      remark: event.type === "WAYBILL_AMENDED" ? `version ${event.detail.version ?? ""}`.trim() : null,
      actorId: event.actorId,
      now: event.now,
    });
  }
}

const SHIPMENT_EVENT_OF: Partial<Record<WaybillEventType, "ISSU" | "VOID">> = {
  WAYBILL_ISSUED: "ISSU",
  WAYBILL_AMENDED: "ISSU",
  WAYBILL_VOIDED: "VOID",
};

/** One waybill event's e-mails: the booker's, then each partner's (queued by the notifier with its claim). */
export async function waybillEventEmails(
  db: Db,
  event: { bookingId: string; type: WaybillEventType; detail: WaybillEventDetail; createdAt: Date },
): Promise<OutgoingEmail[]> {
  const emails: OutgoingEmail[] = [];
  const { booking, booker, partners } = await loadBookingAudience(db, event.bookingId);
  const recipients: AudienceMember[] = booker ? [booker] : [];
  // Partners hear of issued documents only: not of drafts, nor of a draft voided before issue.
  const beforeIssue = event.type === "WAYBILL_DRAFT_READY" || event.type === "WAYBILL_RETURNED";
  if (!beforeIssue && (event.type !== "WAYBILL_VOIDED" || event.detail.number)) recipients.push(...partners);
  const catalog = await loadCatalog(db);
  const notice = WAYBILL_NOTICE_OF_EVENT[event.type];
  // Voided with a reason: the port voided it (voidWaybillAsStaff), not the booking's cancellation.
  const texts = notice === "voided" && event.detail.reason ? "voidedByPort" : notice;
  for (const recipient of recipients) {
    const locale = isLocale(recipient.locale) ? recipient.locale : DEFAULT_LOCALE;
    const t = await fixedT(locale, "emails");
    const { service, departureAt } = booking.departure;
    const facts = {
      reference: booking.reference,
      number: event.detail.number ?? "",
      version: event.detail.version ?? 1,
      reason: event.detail.reason ?? "",
      origin: placeName(catalog, service.originCode, locale),
      destination: placeName(catalog, service.destinationCode, locale),
      departure: formatLocalDateTime(departureAt, locale, recipient.timeZone),
      at: formatLocalDateTime(event.createdAt, locale, recipient.timeZone),
      company: locale === "zh-CN" ? booking.company.legalNameZh : booking.company.legalNameLatin,
    };
    const base = `${env().APP_URL}/${locale}`;
    const action =
      recipient.role === "booker"
        ? { label: t("waybill.openBooker"), link: `${base}/bookings/${booking.reference}/waybill` }
        : notice === "voided" || !facts.number
          ? { label: t("waybill.openTracking"), link: `${base}/track` }
          : { label: t("waybill.openPdf"), link: `${base}/waybills/${facts.number}.pdf` };
    const rendered = layoutEmail(locale, t, {
      subject: t(`waybill.${texts}.subject`, facts),
      greeting: t("greeting", { name: recipient.name }),
      paragraphs: [
        t(`waybill.${texts}.body`, facts),
        // The port's own words go to the exporter only, not to the partners.
        ...(texts === "voidedByPort" && recipient.role === "booker" ? [t("waybill.voidedByPort.reason", facts)] : []),
        t(`waybill.${texts}.next`, facts),
      ],
      action,
      notes: [
        ...(notice === "draftReady" || notice === "returned" ? [] : [t("waybill.latest")]),
        recipient.role === "booker"
          ? t("waybill.whyBooker")
          : t("waybill.whyPartner", { company: facts.company, link: `${base}/track` }),
      ],
      showLink: true,
    });
    emails.push(outgoingEmail({ to: recipient.email, locale, template: `waybill.${notice}`, rendered }));
  }
  return emails;
}
