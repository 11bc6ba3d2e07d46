import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { hashToken, newToken } from "~/domain/identity/tokens.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { authorize } from "~/domain/identity/actor.server";
import { can, type Actor } from "~/domain/identity/permissions";
import type { RequestMeta } from "~/domain/identity/session.server";
import { isRefusal, takeSlot, type Limit } from "~/domain/identity/rate-limit.server";
import { isLocale, type Locale } from "~/i18n/config";
import { TRACKED_STATUSES } from "./consignment.server";
import { SHARE_LINK_DAYS, SHARE_TOKEN, type ShareLinkDays } from "./share-link-rules";

/*
 * Share links (issue 14, decision 023): a read-only tracking page for a consignee without an
 * account. The token is 24 random bytes (192 bits) in base64url, shown to the exporter once;
 * only its SHA-256 is stored (a random token needs no slow hash), with its first four
 * characters as a hint to tell links apart in the list.
 */

/** Live links per booking: enough for every consignee and agent, a short list to revoke from. */
export const MAX_LIVE_LINKS = 20;
const DAY_MS = 86_400_000;

/** Requests per minute: from one address (guessing tokens), and to one link (a leaked link hammered). */
export const SHARE_LINK_LIMITS = { perIp: 60, perLink: 120, windowMs: 60_000 };

async function ownBooking(db: Db, actor: Actor, reference: string) {
  const booking = await db.booking.findUnique({
    where: { reference },
    select: { id: true, reference: true, companyId: true, status: true },
  });
  if (!booking) throw new AppError("notFound", 404);
  authorize(actor, "read:booking", { companyId: booking.companyId });
  return booking;
}

export type ShareLinkState = "ACTIVE" | "EXPIRED" | "REVOKED";

/** The booking's links (newest first) for its company's users, and whether the actor may change them. */
export async function listShareLinks(db: Db, actor: Actor, reference: string, now = new Date()) {
  const booking = await ownBooking(db, actor, reference);
  const links = await db.trackingShareLink.findMany({
    where: { bookingId: booking.id },
    orderBy: { createdAt: "desc" },
    take: 100,
    select: { id: true, hint: true, locale: true, createdAt: true, expiresAt: true, revokedAt: true },
  });
  return {
    reference: booking.reference,
    trackable: TRACKED_STATUSES.includes(booking.status),
    canManage: can(actor, "update:booking", { companyId: booking.companyId }),
    links: links.map((link) => ({
      ...link,
      state: (link.revokedAt ? "REVOKED" : link.expiresAt <= now ? "EXPIRED" : "ACTIVE") as ShareLinkState,
    })),
  };
}

/** A new link: the token is returned this once and never stored. */
export async function createShareLink(
  db: Db,
  {
    actor,
    reference,
    days,
    locale,
    meta,
    now = new Date(),
  }: { actor: Actor; reference: string; days: ShareLinkDays; locale: Locale; meta?: RequestMeta; now?: Date },
) {
  const booking = await ownBooking(db, actor, reference);
  authorize(actor, "update:booking", { companyId: booking.companyId });
  if (!TRACKED_STATUSES.includes(booking.status)) throw new AppError("bookingNotConfirmed", 409);
  if (!SHARE_LINK_DAYS.includes(days) || !isLocale(locale)) throw new AppError("invalid", 400);
  const live = await db.trackingShareLink.count({
    where: { bookingId: booking.id, revokedAt: null, expiresAt: { gt: now } },
  });
  if (live >= MAX_LIVE_LINKS) throw new AppError("shareLinkLimit", 409);
  const token = newToken(24);
  const expiresAt = new Date(now.getTime() + days * DAY_MS);
  const link = await db.$transaction(async (tx) => {
    const row = await tx.trackingShareLink.create({
      data: {
        bookingId: booking.id,
        tokenHash: hashToken(token),
        hint: token.slice(0, 4),
        locale,
        expiresAt,
        createdById: actor.userId,
        createdAt: now,
      },
    });
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "trackingLink.created",
      entity: "TrackingShareLink",
      entityId: row.id,
      ipAddress: meta?.ipAddress,
      after: { reference: booking.reference, hint: row.hint, locale, expiresAt: expiresAt.toISOString() },
    });
    return row;
  });
  return { id: link.id, token, locale, expiresAt };
}

/** Revokes a link of the booking at once (a link of another booking is unknown: 404). */
export async function revokeShareLink(
  db: Db,
  {
    actor,
    reference,
    linkId,
    meta,
    now = new Date(),
  }: { actor: Actor; reference: string; linkId: string; meta?: RequestMeta; now?: Date },
) {
  const booking = await ownBooking(db, actor, reference);
  authorize(actor, "update:booking", { companyId: booking.companyId });
  const link = await db.trackingShareLink.findFirst({ where: { id: linkId, bookingId: booking.id } });
  if (!link) throw new AppError("notFound", 404);
  await db.$transaction(async (tx) => {
    const { count } = await tx.trackingShareLink.updateMany({
      where: { id: link.id, revokedAt: null },
      data: { revokedAt: now, revokedById: actor.userId },
    });
    if (count === 0) return;
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "trackingLink.revoked",
      entity: "TrackingShareLink",
      entityId: link.id,
      ipAddress: meta?.ipAddress,
      before: { reference: booking.reference, hint: link.hint, expiresAt: link.expiresAt.toISOString() },
    });
  });
}

export type OpenedLink =
  | { state: "OPEN"; bookingId: string; locale: Locale; expiresAt: Date }
  | { state: "GONE" }
  | { state: "UNKNOWN" }
  | { state: "LIMITED"; retryAt: Date };

/**
 * What a share link's token opens: the booking while the link is live; GONE once expired or
 * revoked (or the booking no longer followed: cancelled); UNKNOWN for any other token. Each
 * request costs the address a slot and, for a known link, the link one.
 */
export async function openShareLink(
  db: Db,
  {
    token,
    ipAddress,
    now = new Date(),
    limits = SHARE_LINK_LIMITS,
  }: { token: string; ipAddress: string; now?: Date; limits?: typeof SHARE_LINK_LIMITS },
): Promise<OpenedLink> {
  const byIp: Limit = { key: `track-link-ip:${ipAddress}`, limit: limits.perIp, windowMs: limits.windowMs };
  const ipSlot = await takeSlot(db, byIp, now);
  if (isRefusal(ipSlot)) return { state: "LIMITED", retryAt: ipSlot.retryAt };
  if (!SHARE_TOKEN.test(token)) return { state: "UNKNOWN" };
  const link = await db.trackingShareLink.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!link) return { state: "UNKNOWN" };
  const byLink: Limit = { key: `track-link:${link.id}`, limit: limits.perLink, windowMs: limits.windowMs };
  const linkSlot = await takeSlot(db, byLink, now);
  if (isRefusal(linkSlot)) return { state: "LIMITED", retryAt: linkSlot.retryAt };
  if (link.revokedAt || link.expiresAt <= now) return { state: "GONE" };
  const booking = await db.booking.findUnique({ where: { id: link.bookingId }, select: { status: true } });
  if (!booking || !TRACKED_STATUSES.includes(booking.status)) return { state: "GONE" };
  return {
    state: "OPEN",
    bookingId: link.bookingId,
    locale: isLocale(link.locale) ? link.locale : "en",
    expiresAt: link.expiresAt,
  };
}
