import { randomUUID } from "node:crypto";
import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { TRANSACTION_OPTIONS } from "~/utils/transactions.server";
import { authorize } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import type { RequestMeta } from "~/domain/identity/session.server";
import { kickBookingNotifications } from "~/domain/booking/notifications.server";
import { recordMoveRefunds, sendRefunds } from "~/domain/payments/refunds.server";
import { invalidateBoard } from "~/domain/scheduling/board-cache.server";
import { findStaffDeparture } from "~/domain/scheduling/departure-admin.server";
import { buildWaybillContent, issuedContent, WaybillContentSchema } from "~/domain/waybill/content";
import { waybillInputFor } from "~/domain/waybill/waybill-input.server";
import { recordWaybillEvent } from "~/domain/waybill/waybill-emails.server";
import { recordWaybillVersion } from "~/domain/waybill/waybill-versions.server";
import { DEFAULT_LOCALE, isLocale, type Locale } from "~/i18n/config";
import { formatLocalDate, formatLocalDateTime } from "~/i18n/format";
import { fixedT } from "~/i18n/i18next.server";
import { applyMove } from "./booking-move.server";
import { alternativeDepartures, awaitsChoice, undecidedBookings } from "./departure-cancellation.server";

/*
 * A booking on a cancelled departure whose through waybill is already issued is moved by the
 * origin port, not its exporter (decision 022): the document names the train, and only the
 * port amends an issued document. Move and amendment are one transaction.
 */

/** A booking of the staff member's cancelled departure, read as the exporter's choice reads it. */
async function undecidedBooking(db: Db, departureId: string, reference: string) {
  const booking = await db.booking.findFirst({
    where: { reference, departureId },
    include: {
      lines: true,
      events: { orderBy: { createdAt: "asc" } },
      departure: { include: { service: { include: { legs: { select: { mode: true } } } }, capacities: true } },
    },
  });
  if (!booking) throw new AppError("notFound", 404);
  return booking;
}

/** The amendment's reason, in Chinese and in the document's other language. */
async function moveReason(locale: Locale, service: string, departureAt: Date, timeZone: string) {
  const reason = async (language: Locale) =>
    (await fixedT(language, "disruptions"))("moveAndAmend.reason", {
      service,
      date: formatLocalDate(departureAt, language, timeZone),
    });
  const zh = await reason("zh-CN");
  return locale === "zh-CN" ? zh : `${zh} / ${await reason(locale)}`;
}

/**
 * Origin supervisors move a booking whose waybill is issued off their cancelled departure to a
 * later one of the corridor with room, and amend the waybill, in one transaction: the move
 * (`applyMove`: conditional on the booking's departure and status, capacity taken and given
 * back) and the waybill's next version (conditional on the version read, with the reason "departure cancelled, moved to
 * …" in the document's languages), audited, with the exporter and partners told of both. Two
 * supervisors at once: one move, one new version; the other is refused. The price is kept — the
 * port chose the train —, except that a cheaper train gives the difference back.
 */
export async function moveAndAmend(
  db: Db,
  actor: Actor,
  {
    departureId,
    reference,
    targetId,
    meta,
    now = new Date(),
  }: { departureId: string; reference: string; targetId: string; meta: RequestMeta; now?: Date },
) {
  const { departure } = await findStaffDeparture(db, actor, departureId);
  const { originCode } = departure.service;
  authorize(actor, "manage:departure", { portCode: originCode });
  authorize(actor, "issue:waybill", { portCode: originCode });
  const booking = await undecidedBooking(db, departureId, reference);
  if (!awaitsChoice(booking)) throw new AppError("notMovable", 409);
  const waybill = await db.waybill.findUnique({ where: { bookingId: booking.id } });
  if (!waybill || waybill.status !== "ISSUED" || !waybill.number) throw new AppError("waybillState", 409);
  const target = (await alternativeDepartures(db, booking, now)).find((candidate) => candidate.id === targetId);
  if (!target) throw new AppError("capacityGone", 409);

  const latest = await db.documentVersion.findFirstOrThrow({
    where: { kind: "WAYBILL", subjectId: waybill.id, version: waybill.latestVersion },
  });
  const previous = WaybillContentSchema.parse(JSON.parse(latest.payload));
  const locale = isLocale(waybill.consigneeLocale) ? waybill.consigneeLocale : DEFAULT_LOCALE;
  const drawn = buildWaybillContent({ ...(await waybillInputFor(db, booking.id, locale, target.id)), issue: null });
  const reason = await moveReason(
    locale,
    target.service.serviceNumber,
    target.departureAt,
    departure.service.origin.timeZone,
  );
  const version = waybill.latestVersion + 1;
  // The journey is the new train's; everything else is the latest version's (earlier amendments kept).
  const content = issuedContent(
    { ...previous, service: drawn.service, legs: drawn.legs },
    {
      number: waybill.number,
      version,
      amendmentReason: reason,
      place: previous.issue!.place,
      issuedAt: new Date(previous.issue!.date),
    },
  );
  const cheaper = target.price.differenceMinor < 0 ? target.price : null;

  const refunds = await db.$transaction(async (tx) => {
    await applyMove(tx, {
      booking,
      target,
      price: cheaper,
      by: "port",
      actorId: actor.userId,
      ipAddress: meta.ipAddress,
      now,
    });
    const { count } = await tx.waybill.updateMany({
      where: { id: waybill.id, status: "ISSUED", latestVersion: waybill.latestVersion },
      data: { latestVersion: version },
    });
    if (count !== 1) throw new AppError("changedMeanwhile", 409);
    await recordWaybillVersion(tx, { waybill, content, actor, action: "waybill.amended", reason }, now);
    await recordWaybillEvent(tx, {
      bookingId: booking.id,
      actorId: actor.userId,
      type: "WAYBILL_AMENDED",
      detail: { number: waybill.number, version, reason },
      now,
    });
    return cheaper && booking.status === "CONFIRMED"
      ? recordMoveRefunds(tx, booking.id, -cheaper.differenceMinor, randomUUID(), now)
      : [];
  }, TRANSACTION_OPTIONS);
  await sendRefunds(db, refunds);
  invalidateBoard();
  kickBookingNotifications();
  return { departureId: target.id, number: waybill.number, version };
}

/**
 * The cancelled departure's bookings still waiting for a choice (staff page), each with its
 * company and — when its waybill is issued, so that only the port can move it — the later
 * departures it can be moved to, in the origin's zone.
 */
export async function undecidedWithMoves(
  db: Db,
  departureId: string,
  { locale, timeZone, now = new Date() }: { locale: Locale; timeZone: string; now?: Date },
) {
  const undecided = await undecidedBookings(db, departureId);
  const issued = new Set(
    (
      await db.waybill.findMany({
        where: { status: "ISSUED", booking: { reference: { in: undecided.map((b) => b.reference) } } },
        select: { booking: { select: { reference: true } } },
      })
    ).map((waybill) => waybill.booking.reference),
  );
  return Promise.all(
    undecided.map(async ({ company, ...booking }) => ({
      ...booking,
      company: locale === "zh-CN" ? company.legalNameZh : company.legalNameLatin,
      moves: issued.has(booking.reference)
        ? (await alternativeDepartures(db, await undecidedBooking(db, departureId, booking.reference), now)).map(
            (target) => ({
              id: target.id,
              serviceNumber: target.service.serviceNumber,
              departureLocal: formatLocalDateTime(target.departureAt, locale, timeZone),
            }),
          )
        : null,
    })),
  );
}
