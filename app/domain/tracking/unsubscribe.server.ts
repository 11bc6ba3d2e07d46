import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { hashToken } from "~/domain/identity/tokens.server";
import { DEFAULT_LOCALE, isLocale, type Locale } from "~/i18n/config";

/*
 * One-click unsubscribe of the alert e-mails (RFC 8058, decision 024). The link's token is the
 * credential (no sign-in, no CSRF token): 256 bits, stored as SHA-256. A GET only shows what
 * would end; the POST ends it. A token that ended its alerts keeps answering (nothing more to end).
 */

/** Tokens are base64url of 32 random bytes. */
export const UNSUBSCRIBE_TOKEN = /^[A-Za-z0-9_-]{43}$/;

async function findToken(db: Db, token: string) {
  const row = UNSUBSCRIBE_TOKEN.test(token)
    ? await db.alertUnsubscribeToken.findUnique({ where: { tokenHash: hashToken(token) } })
    : null;
  if (!row) throw new AppError("notFound", 404);
  return row;
}

/** What the link would end, and in which language to say so: the subscriber's own. */
export async function describeUnsubscribe(db: Db, token: string) {
  const row = await findToken(db, token);
  const user = await db.user.findUnique({ where: { id: row.userId }, select: { locale: true } });
  const locale: Locale = isLocale(user?.locale) ? user.locale : DEFAULT_LOCALE;
  const subscriptions = await db.alertSubscription.findMany({
    where: { userId: row.userId, ...(row.subscriptionId ? { id: row.subscriptionId } : {}), cancelledAt: null },
    select: { bookingId: true },
  });
  const bookings = await db.booking.findMany({
    where: { id: { in: subscriptions.map((subscription) => subscription.bookingId) } },
    select: { reference: true },
    orderBy: { reference: "asc" },
  });
  return { locale, all: row.subscriptionId === null, references: bookings.map((booking) => booking.reference) };
}

/** Ends what the link names: its subscription, or (a digest's link) every alert of the user. */
export async function unsubscribeWithToken(db: Db, token: string, now = new Date()) {
  const row = await findToken(db, token);
  const { count } = await db.alertSubscription.updateMany({
    where: { userId: row.userId, ...(row.subscriptionId ? { id: row.subscriptionId } : {}), cancelledAt: null },
    data: { cancelledAt: now },
  });
  await db.alertUnsubscribeToken.updateMany({
    where: { tokenHash: row.tokenHash, usedAt: null },
    data: { usedAt: now },
  });
  return { ended: count };
}
