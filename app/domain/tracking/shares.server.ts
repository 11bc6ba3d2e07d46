import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { recordAudit } from "~/domain/audit/audit.server";
import { authorize } from "~/domain/identity/actor.server";
import { can, type Actor } from "~/domain/identity/permissions";
import type { RequestMeta } from "~/domain/identity/session.server";

/*
 * Booking-level sharing (decision 017): the exporter chooses, booking by booking, which of its
 * company's partners follow the consignment. A share is one row per booking and partner;
 * unsharing revokes it (sharing again renews it), and each change is audited.
 */

/** The booking by reference, if the actor may read it as a member of its company (404 otherwise). */
async function companyBooking(db: Db, actor: Actor, reference: string) {
  const booking = await db.booking.findUnique({
    where: { reference },
    select: { id: true, reference: true, companyId: true },
  });
  if (!booking) throw new AppError("notFound", 404);
  authorize(actor, "read:booking", { companyId: booking.companyId });
  return booking;
}

/**
 * The partners of the booking's company, each with whether this booking is shared with them,
 * and whether the actor may change that (only who may change the booking).
 */
export async function listBookingPartners(db: Db, actor: Actor, reference: string) {
  const booking = await companyBooking(db, actor, reference);
  const [links, shares] = await Promise.all([
    db.partnerLink.findMany({
      where: { companyId: booking.companyId, partner: { disabledAt: null } },
      select: { partner: { select: { id: true, name: true, email: true } } },
      orderBy: { createdAt: "asc" },
    }),
    db.bookingShare.findMany({
      where: { bookingId: booking.id, revokedAt: null },
      select: { partnerId: true, sharedAt: true },
    }),
  ]);
  const sharedAt = new Map(shares.map((share) => [share.partnerId, share.sharedAt]));
  return {
    reference: booking.reference,
    canShare: can(actor, "update:booking", { companyId: booking.companyId }),
    partners: links.map(({ partner }) => ({ ...partner, sharedAt: sharedAt.get(partner.id) ?? null })),
  };
}

/**
 * Makes the booking shared with exactly `partnerIds` (the ticked boxes): shares what is newly
 * ticked, revokes what is no longer. Only who may change the booking; only partners of its
 * company — anyone else's id is refused as unknown (404), so nothing is learned about them.
 */
export async function setBookingShares(
  db: Db,
  {
    actor,
    reference,
    partnerIds,
    meta,
    now = new Date(),
  }: { actor: Actor; reference: string; partnerIds: string[]; meta?: RequestMeta; now?: Date },
) {
  const booking = await companyBooking(db, actor, reference);
  authorize(actor, "update:booking", { companyId: booking.companyId });
  const wanted = new Set(partnerIds);
  const linked = await db.partnerLink.findMany({
    where: { companyId: booking.companyId, partnerId: { in: [...wanted] }, partner: { disabledAt: null } },
    select: { partnerId: true },
  });
  if (linked.length !== wanted.size) throw new AppError("notFound", 404);
  const current = await db.bookingShare.findMany({
    where: { bookingId: booking.id, revokedAt: null },
    select: { id: true, partnerId: true },
  });
  const added = [...wanted].filter((id) => !current.some((share) => share.partnerId === id));
  const removed = current.filter((share) => !wanted.has(share.partnerId));
  await db.$transaction(async (tx) => {
    for (const partnerId of added) {
      const share = await tx.bookingShare.upsert({
        where: { bookingId_partnerId: { bookingId: booking.id, partnerId } },
        create: { bookingId: booking.id, partnerId, sharedById: actor.userId, sharedAt: now },
        update: { sharedById: actor.userId, sharedAt: now, revokedAt: null, revokedById: null },
      });
      await recordAudit(tx, {
        actorId: actor.userId,
        action: "booking.shared",
        entity: "BookingShare",
        entityId: share.id,
        ipAddress: meta?.ipAddress,
        after: { reference: booking.reference, partnerId },
      });
    }
    for (const share of removed) {
      await tx.bookingShare.updateMany({
        where: { id: share.id, revokedAt: null },
        data: { revokedAt: now, revokedById: actor.userId },
      });
      await recordAudit(tx, {
        actorId: actor.userId,
        action: "booking.unshared",
        entity: "BookingShare",
        entityId: share.id,
        ipAddress: meta?.ipAddress,
        before: { reference: booking.reference, partnerId: share.partnerId },
      });
    }
  });
  return { added: added.length, removed: removed.length };
}

/**
 * What the "shared" scope is asked about for a booking: its company, if it is shared with this
 * user now (a share not revoked). Permissions then also require the user to still be the
 * company's partner.
 */
export async function sharedOwner(db: Db, actor: Actor, booking: { id: string; companyId: string }) {
  if (!actor.partnerOf.includes(booking.companyId)) return { sharedByCompanyIds: [] };
  const share = await db.bookingShare.findFirst({
    where: { bookingId: booking.id, partnerId: actor.userId, revokedAt: null },
    select: { id: true },
  });
  return { sharedByCompanyIds: share ? [booking.companyId] : [] };
}

/**
 * A booking the partner may follow: shared with them and not revoked, by a company they are still
 * a partner of. Anything else — unknown, never shared, unshared — is the same 404.
 */
export async function findSharedBooking(db: Db, actor: Actor, reference: string) {
  const booking = await db.booking.findUnique({
    where: { reference },
    select: { id: true, reference: true, companyId: true },
  });
  if (!booking || !can(actor, "read:booking", await sharedOwner(db, actor, booking))) {
    throw new AppError("notFound", 404);
  }
  return booking;
}

/** A booking filter: those shared with this partner now, by companies they are still a partner of. */
export function sharedWith(actor: Actor) {
  return {
    shares: { some: { partnerId: actor.userId, revokedAt: null } },
    companyId: { in: actor.partnerOf },
  };
}
