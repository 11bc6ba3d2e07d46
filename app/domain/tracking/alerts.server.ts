import type { Db } from "~/utils/db.server";
import { AppError, isUniqueViolation } from "~/utils/app-error";
import { can, type Actor } from "~/domain/identity/permissions";
import { hashToken, newToken } from "~/domain/identity/tokens.server";
import { env } from "~/utils/env.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { sharedOwner } from "./shares.server";
import { currentEstimate, DEFAULT_ETA_THRESHOLD, type EtaDelivery, type SweptEvent } from "./alerts";

/*
 * Tracking alerts and calendar feeds (decision 024): who may follow a consignment, and the
 * subscriber's own choices. Sending is alert-notifier.server.ts.
 */

export interface FollowableBooking {
  id: string;
  reference: string;
  companyId: string;
  departureId: string;
}

/**
 * A booking the actor may follow: their own company's (as a member who may read it), or one
 * shared with them now by a company they are still a partner of. Anything else is 404.
 */
export async function findFollowableBooking(db: Db, actor: Actor, reference: string): Promise<FollowableBooking> {
  const booking = await db.booking.findUnique({
    where: { reference },
    select: { id: true, reference: true, companyId: true, departureId: true },
  });
  if (!booking || !(await mayFollow(db, actor, booking))) throw new AppError("notFound", 404);
  return booking;
}

/** Whether the actor may follow this booking now (checked again before every message and feed). */
export async function mayFollow(db: Db, actor: Actor, booking: { id: string; companyId: string }): Promise<boolean> {
  const member = actor.memberships.some((membership) => membership.companyId === booking.companyId);
  if (member) return can(actor, "read:booking", { companyId: booking.companyId });
  return can(actor, "read:booking", await sharedOwner(db, actor, booking));
}

/** The ETA in force of a departure: the latest estimate of its arrival, else the timetable's. */
export async function currentEta(db: Db, departureId: string): Promise<{ etaAt: Date; estimateId: string | null }> {
  const [departure, estimates] = await Promise.all([
    db.departure.findUniqueOrThrow({ where: { id: departureId }, select: { etaAt: true } }),
    db.operationalEvent.findMany({
      where: { departureId, classifier: "EST", milestone: "ARRIVED", equipmentReference: null },
      select: eventFields,
    }),
  ]);
  const estimate = currentEstimate(estimates, "ARRIVED");
  return { etaAt: estimate?.eventAt ?? departure.etaAt, estimateId: estimate?.id ?? null };
}

export const eventFields = {
  id: true,
  classifier: true,
  milestone: true,
  eventAt: true,
  createdAt: true,
  placeCode: true,
  bookingId: true,
  equipmentReference: true,
  supersedesId: true,
} satisfies Record<keyof SweptEvent, true>;

/** The alerts page: the actor's subscription to this consignment and whether a feed exists. */
export async function alertSettings(db: Db, actor: Actor, reference: string) {
  const booking = await findFollowableBooking(db, actor, reference);
  const [subscription, feed] = await Promise.all([
    db.alertSubscription.findUnique({ where: { userId_bookingId: { userId: actor.userId, bookingId: booking.id } } }),
    db.calendarFeed.findFirst({
      where: { userId: actor.userId, bookingId: booking.id, revokedAt: null },
      select: { createdAt: true },
    }),
  ]);
  const active = subscription && !subscription.cancelledAt ? subscription : null;
  return {
    reference: booking.reference,
    subscribed: active !== null,
    events: active?.events ?? true,
    etaThresholdHours: active?.etaThresholdHours ?? DEFAULT_ETA_THRESHOLD,
    etaDelivery: (active?.etaDelivery ?? "IMMEDIATE") as EtaDelivery,
    feedSince: feed?.createdAt ?? null,
  };
}

export interface AlertChoice {
  events: boolean;
  etaThresholdHours: number;
  etaDelivery: EtaDelivery;
}

/**
 * Subscribes the actor to a consignment's alerts, or changes their choice. A new (or renewed)
 * subscription starts now: it is told of events recorded from now on, and of ETA changes
 * measured from the ETA in force now.
 */
export async function subscribeAlerts(db: Db, actor: Actor, reference: string, choice: AlertChoice, now = new Date()) {
  const booking = await findFollowableBooking(db, actor, reference);
  const key = { userId_bookingId: { userId: actor.userId, bookingId: booking.id } };
  const existing = await db.alertSubscription.findUnique({ where: key });
  if (existing && !existing.cancelledAt) {
    return db.alertSubscription.update({ where: { id: existing.id }, data: { ...choice } });
  }
  const { etaAt } = await currentEta(db, booking.departureId);
  const fresh = { ...choice, toldEtaAt: etaAt, activeSince: now, cancelledAt: null };
  try {
    return await db.alertSubscription.upsert({
      where: key,
      create: { userId: actor.userId, bookingId: booking.id, ...fresh },
      update: fresh,
    });
  } catch (error) {
    // A double click: the other request created it a moment ago; this one's choice wins.
    if (!isUniqueViolation(error)) throw error;
    return db.alertSubscription.update({ where: key, data: { ...choice } });
  }
}

/** Ends the actor's alerts for a consignment (nothing to end is not an error). */
export async function unsubscribeAlerts(db: Db, actor: Actor, reference: string, now = new Date()) {
  const booking = await findFollowableBooking(db, actor, reference);
  const { count } = await db.alertSubscription.updateMany({
    where: { userId: actor.userId, bookingId: booking.id, cancelledAt: null },
    data: { cancelledAt: now },
  });
  return { ended: count };
}

/** The feed's address (the token is the credential: 256 bits, stored hashed, shown once). */
export function calendarFeedUrl(token: string): string {
  return `${env().APP_URL}/calendar/${token}.ics`;
}

/** A new secret feed of the consignment for the actor; any earlier one of theirs stops working. */
export async function createCalendarFeed(db: Db, actor: Actor, reference: string, now = new Date()) {
  const booking = await findFollowableBooking(db, actor, reference);
  const token = newToken();
  await db.$transaction(async (tx) => {
    await tx.calendarFeed.updateMany({
      where: { userId: actor.userId, bookingId: booking.id, revokedAt: null },
      data: { revokedAt: now },
    });
    const feed = await tx.calendarFeed.create({
      data: { userId: actor.userId, bookingId: booking.id, tokenHash: hashToken(token), createdAt: now },
    });
    // A secret address that reads a consignment: who made one, and when, is on record.
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "tracking.calendar_feed_created",
      entity: "Booking",
      entityId: booking.id,
      after: { feedId: feed.id },
    });
  });
  return { url: calendarFeedUrl(token) };
}

/** Revokes the actor's feed of the consignment: its address answers 404 from now on. */
export async function revokeCalendarFeed(db: Db, actor: Actor, reference: string, now = new Date()) {
  const booking = await findFollowableBooking(db, actor, reference);
  const count = await db.$transaction(async (tx) => {
    const { count: revoked } = await tx.calendarFeed.updateMany({
      where: { userId: actor.userId, bookingId: booking.id, revokedAt: null },
      data: { revokedAt: now },
    });
    if (revoked > 0) {
      await recordAudit(tx, {
        actorId: actor.userId,
        action: "tracking.calendar_feed_revoked",
        entity: "Booking",
        entityId: booking.id,
      });
    }
    return revoked;
  });
  return { revoked: count };
}
