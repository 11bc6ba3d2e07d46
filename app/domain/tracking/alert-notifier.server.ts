import { randomUUID } from "node:crypto";
import type { Db } from "~/utils/db.server";
import { isUniqueViolation } from "~/utils/app-error";
import { loadActor } from "~/domain/identity/actor.server";
import { eventFields, mayFollow } from "./alerts.server";
import {
  actualEventFacts,
  currentEstimate,
  etaChangeWorthTelling,
  hasActualArrival,
  nextDigestAt,
  type SweptEvent,
} from "./alerts";
import { queueEmailsWithClaim } from "~/domain/email/mailer.server";
import {
  alertDigest,
  alertEmail,
  type AlertDetail,
  type AlertEmail,
  type ClaimedDelivery,
} from "./alert-emails.server";

/*
 * The alerts' sweep (decision 024), run by the booking notifier after the booking e-mails:
 * it turns what happened into AlertDelivery rows (unique per subscription and fact, so two
 * sweeps write each once), then queues what is due in the outbox, each row claimed with a
 * conditional update in the transaction that writes its message — once, however many notifiers
 * run, and nothing lost when one is killed half-way (decision 027).
 */

const BATCH = 200;
/** How long after its ETA a consignment's subscriptions are still swept. */
const SWEPT_AFTER_ETA_MS = 60 * 86_400_000;

export async function sendTrackingAlerts(db: Db, now = new Date()): Promise<number> {
  await collectTrackingAlerts(db, now);
  return (await sendImmediateAlerts(db, now)) + (await sendDueDigests(db, now));
}

/** Writes a delivery row for every new actual event and every ETA change worth telling. */
export async function collectTrackingAlerts(db: Db, now = new Date()): Promise<number> {
  let written = 0;
  let cursor: string | undefined;
  for (;;) {
    const subscriptions = await db.alertSubscription.findMany({
      where: { cancelledAt: null, ...(cursor ? { id: { gt: cursor } } : {}) },
      orderBy: { id: "asc" },
      take: BATCH,
    });
    if (subscriptions.length === 0) break;
    cursor = subscriptions.at(-1)!.id;
    const bookingIds = [...new Set(subscriptions.map((subscription) => subscription.bookingId))];
    const bookings = await db.booking.findMany({
      // A consignment long arrived has nothing more to tell: its subscriptions are no longer swept.
      where: { id: { in: bookingIds }, departure: { etaAt: { gt: new Date(now.getTime() - SWEPT_AFTER_ETA_MS) } } },
      select: {
        id: true,
        departureId: true,
        departure: { select: { etaAt: true } },
        equipment: { select: { containerNumber: true } },
      },
    });
    const departureIds = [...new Set(bookings.map((booking) => booking.departureId))];
    const [events, users, told] = await Promise.all([
      db.operationalEvent.findMany({
        where: { departureId: { in: departureIds }, classifier: { in: ["ACT", "EST"] } },
        select: { ...eventFields, departureId: true },
      }),
      db.user.findMany({
        where: { id: { in: [...new Set(subscriptions.map((subscription) => subscription.userId))] } },
        select: { id: true, timeZone: true },
      }),
      db.alertDelivery.findMany({
        where: { subscriptionId: { in: subscriptions.map((subscription) => subscription.id) }, kind: "EVENT" },
        select: { subscriptionId: true, dedupeKey: true },
      }),
    ]);
    const byBooking = new Map(bookings.map((booking) => [booking.id, booking]));
    const zoneOf = new Map(users.map((user) => [user.id, user.timeZone]));
    const alreadyTold = new Set(told.map((row) => `${row.subscriptionId} ${row.dedupeKey}`));
    const eventsOf = new Map<string, SweptEvent[]>();
    for (const event of events) eventsOf.set(event.departureId, [...(eventsOf.get(event.departureId) ?? []), event]);

    for (const subscription of subscriptions) {
      const booking = byBooking.get(subscription.bookingId);
      if (!booking) continue;
      const departureEvents = eventsOf.get(booking.departureId) ?? [];
      const base = { subscriptionId: subscription.id, userId: subscription.userId, bookingId: booking.id };
      if (subscription.events) {
        const containerNumbers = booking.equipment.flatMap((unit) =>
          unit.containerNumber ? [unit.containerNumber] : [],
        );
        for (const fact of actualEventFacts(
          departureEvents,
          { id: booking.id, containerNumbers },
          subscription.activeSince,
        )) {
          if (alreadyTold.has(`${subscription.id} ${fact.key}`)) continue;
          const detail: AlertDetail = {
            milestone: fact.event.milestone,
            placeCode: fact.event.placeCode,
            eventAt: fact.event.eventAt.toISOString(),
            equipmentReference: fact.event.equipmentReference,
          };
          try {
            await db.alertDelivery.create({
              data: {
                ...base,
                kind: "EVENT",
                dedupeKey: fact.key,
                detail: JSON.stringify(detail),
                delivery: "IMMEDIATE",
                dueAt: now,
                createdAt: now,
              },
            });
            written += 1;
          } catch (error) {
            // Another sweep wrote it first.
            if (!isUniqueViolation(error)) throw error;
          }
        }
      }
      if (subscription.etaThresholdHours > 0 && !hasActualArrival(departureEvents)) {
        const estimate = currentEstimate(departureEvents, "ARRIVED");
        const etaAt = estimate?.eventAt ?? booking.departure.etaAt;
        if (!etaChangeWorthTelling(subscription.toldEtaAt, etaAt, subscription.etaThresholdHours)) continue;
        const digest = subscription.etaDelivery === "DIGEST";
        const detail: AlertDetail = { previousEtaAt: subscription.toldEtaAt.toISOString(), etaAt: etaAt.toISOString() };
        const key = `ETA:${estimate?.id ?? "timetable"}:${detail.previousEtaAt}>${detail.etaAt}`;
        try {
          written += await db.$transaction(async (tx) => {
            // The claim: only the sweep that moves "last told" from what it read writes the row.
            const { count } = await tx.alertSubscription.updateMany({
              where: { id: subscription.id, toldEtaAt: subscription.toldEtaAt, cancelledAt: null },
              data: { toldEtaAt: etaAt },
            });
            if (count !== 1) return 0;
            await tx.alertDelivery.create({
              data: {
                ...base,
                kind: "ETA",
                dedupeKey: key,
                detail: JSON.stringify(detail),
                delivery: digest ? "DIGEST" : "IMMEDIATE",
                dueAt: digest ? nextDigestAt(now, zoneOf.get(subscription.userId) ?? "UTC") : now,
                createdAt: now,
              },
            });
            return 1;
          });
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
        }
      }
    }
  }
  return written;
}

/**
 * Queues each due immediate alert: rendered first, then claimed (claimedAt) in the transaction
 * that writes its outbox message — both or neither, so a sweep killed half-way loses nothing
 * and one racing another queues nothing twice.
 */
async function sendImmediateAlerts(db: Db, now: Date): Promise<number> {
  let sent = 0;
  for (;;) {
    // Each row read ends claimed (queued or skipped, here or by another sweep): the loop ends.
    const due = await db.alertDelivery.findMany({
      where: { claimedAt: null, delivery: "IMMEDIATE", dueAt: { lte: now } },
      orderBy: { createdAt: "asc" },
      take: BATCH,
    });
    if (due.length === 0) break;
    for (const row of due) {
      const recipient = await eligible(db, [row], now);
      if (recipient.items.length === 0) continue;
      const alert = await alertEmail(db, recipient.user, recipient.items[0]!);
      if (await queueAlert(db, [row.id], row.id, alert, now)) sent += 1;
    }
  }
  return sent;
}

/**
 * Queues each user's digest that is due: all their digest rows of that digest moment go in one
 * message, claimed together in the transaction that writes it (one message per user and day,
 * however many notifiers run).
 */
async function sendDueDigests(db: Db, now: Date): Promise<number> {
  let sent = 0;
  const groups = await db.alertDelivery.findMany({
    where: { claimedAt: null, delivery: "DIGEST", dueAt: { lte: now } },
    distinct: ["userId", "dueAt"],
    select: { userId: true, dueAt: true },
    take: BATCH,
  });
  for (const group of groups) {
    const rows = await db.alertDelivery.findMany({
      where: { userId: group.userId, dueAt: group.dueAt, delivery: "DIGEST", claimedAt: null },
    });
    if (rows.length === 0) continue;
    const recipient = await eligible(db, rows, now);
    if (recipient.items.length === 0) continue;
    const alert = await alertDigest(db, recipient.user, recipient.items, now);
    const ids = recipient.items.map((item) => item.id);
    if (await queueAlert(db, ids, randomUUID(), alert, now)) sent += 1;
  }
  return sent;
}

/** Ends a claim in the middle of the alert's transaction: another sweep took a row first. */
class AlertTakenMeanwhile extends Error {}

/** Claims the rows and writes their message and its unsubscribe credential, in one transaction. */
async function queueAlert(db: Db, ids: string[], claimId: string, alert: AlertEmail, now: Date): Promise<boolean> {
  try {
    return await queueEmailsWithClaim(
      db,
      async (tx) => {
        const { count } = await tx.alertDelivery.updateMany({
          where: { id: { in: ids }, claimedAt: null },
          data: { claimedAt: now, claimId, outboxMessageId: alert.email.id },
        });
        if (count === 0) return false;
        // Some of a digest's rows were taken by another sweep: this one queues nothing.
        if (count !== ids.length) throw new AlertTakenMeanwhile();
        await tx.alertUnsubscribeToken.create({ data: alert.unsubscribeToken });
        return true;
      },
      [alert.email],
      now,
    );
  } catch (error) {
    if (error instanceof AlertTakenMeanwhile) return false;
    throw error;
  }
}

type DeliveryRow = Awaited<ReturnType<Db["alertDelivery"]["findMany"]>>[number];

/**
 * The claimed rows that may still be sent, with their recipient: the subscription not ended,
 * the user not disabled and still allowed to follow the booking. The others are marked skipped.
 */
async function eligible(db: Db, rows: DeliveryRow[], now: Date) {
  const userId = rows[0]!.userId;
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, locale: true, timeZone: true, disabledAt: true },
  });
  const skip = async (ids: string[], why: string) => {
    // Claimed as skipped, unless another sweep claimed it first.
    if (ids.length > 0) {
      await db.alertDelivery.updateMany({
        where: { id: { in: ids }, claimedAt: null },
        data: { skipped: why, claimedAt: now },
      });
    }
  };
  if (!user || user.disabledAt) {
    await skip(
      rows.map((row) => row.id),
      "disabled",
    );
    return { user: user!, items: [] as ClaimedDelivery[] };
  }
  const actor = await loadActor(db, userId);
  const [subscriptions, bookings] = await Promise.all([
    db.alertSubscription.findMany({ where: { id: { in: rows.map((row) => row.subscriptionId) } } }),
    db.booking.findMany({
      where: { id: { in: rows.map((row) => row.bookingId) } },
      select: { id: true, reference: true, companyId: true, departureId: true },
    }),
  ]);
  const items: ClaimedDelivery[] = [];
  for (const row of rows) {
    const subscription = subscriptions.find((candidate) => candidate.id === row.subscriptionId);
    const booking = bookings.find((candidate) => candidate.id === row.bookingId);
    if (!subscription || subscription.cancelledAt) {
      await skip([row.id], "unsubscribed");
      continue;
    }
    if (!booking || !(await mayFollow(db, actor, booking))) {
      await skip([row.id], "noAccess");
      continue;
    }
    items.push({
      id: row.id,
      kind: row.kind as "EVENT" | "ETA",
      subscriptionId: row.subscriptionId,
      bookingId: booking.id,
      reference: booking.reference,
      departureId: booking.departureId,
      createdAt: row.createdAt,
      detail: JSON.parse(row.detail) as AlertDetail,
    });
  }
  return { user, items };
}
