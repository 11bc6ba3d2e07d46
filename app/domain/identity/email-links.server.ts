import type { Db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { isLocale, DEFAULT_LOCALE } from "~/i18n/config";
import { recordAudit } from "~/domain/audit/audit.server";
import { sendEmail } from "~/domain/email/mailer.server";
import { AppError } from "~/utils/app-error";
import { forgetDevices } from "./known-devices.server";
import { hashPassword, passwordProblem } from "./password.server";
import { clearSignInLimits, emailLimits, isRefusal, takeEmailSlots, takeSlots } from "./rate-limit.server";
import { endOtherSessions, type RequestMeta } from "./session.server";
import { hashToken, newToken } from "./tokens.server";
import { errorField, logger } from "~/domain/ops/logger.server";

/** How long each kind of e-mailed link works. */
export const LINK_HOURS = { VERIFY_EMAIL: 48, RESET_PASSWORD: 1 } as const;
export type LinkPurpose = keyof typeof LINK_HOURS;

const LINK_PATHS: Record<LinkPurpose, string> = { VERIFY_EMAIL: "verify-email", RESET_PASSWORD: "reset-password" };

/** A new single-use link; for password resets, earlier unused ones stop working. */
export async function issueLink(
  db: Db,
  userId: string,
  purpose: LinkPurpose,
  now = new Date(),
  hours: number = LINK_HOURS[purpose],
): Promise<string> {
  const token = newToken();
  // A new reset link ends the older ones; confirmation links all keep working until they expire
  // (people open whichever message they find first, and confirming twice changes nothing).
  const supersede =
    purpose === "RESET_PASSWORD"
      ? [db.userToken.updateMany({ where: { userId, purpose, usedAt: null }, data: { usedAt: now } })]
      : [];
  await db.$transaction([
    ...supersede,
    db.userToken.create({
      data: {
        tokenHash: hashToken(token),
        purpose,
        userId,
        expiresAt: new Date(now.getTime() + hours * 3_600_000),
        createdAt: now,
      },
    }),
  ]);
  return token;
}

/**
 * Uses a link up: one conditional update, so two clicks racing each other cannot both
 * succeed. Returns the user it belongs to, or null when unknown, used or expired.
 */
export async function consumeLink(
  db: Db,
  token: string,
  purpose: LinkPurpose,
  now = new Date(),
): Promise<string | null> {
  const tokenHash = hashToken(token);
  const { count } = await db.userToken.updateMany({
    where: { tokenHash, purpose, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (count !== 1) return null;
  const used = await db.userToken.findUnique({ where: { tokenHash }, select: { userId: true } });
  return used?.userId ?? null;
}

async function mailLink(
  db: Db,
  user: { id: string; email: string; name: string; locale: string },
  purpose: LinkPurpose,
  now: Date,
  welcome?: { hours: number },
) {
  const hours = welcome?.hours ?? LINK_HOURS[purpose];
  const token = await issueLink(db, user.id, purpose, now, hours);
  const locale = isLocale(user.locale) ? user.locale : DEFAULT_LOCALE;
  await sendEmail(db, {
    to: user.email,
    locale,
    template: welcome ? "staffWelcome" : purpose === "VERIFY_EMAIL" ? "verifyEmail" : "resetPassword",
    params: { name: user.name, link: `${env().APP_URL}/${locale}/${LINK_PATHS[purpose]}?token=${token}`, hours },
  });
}

/** A new staff member chooses their first password through a reset link that lasts 3 days. */
export const STAFF_WELCOME_HOURS = 72;
export async function sendStaffWelcome(db: Db, userId: string, now = new Date()): Promise<void> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  await mailLink(db, user, "RESET_PASSWORD", now, { hours: STAFF_WELCOME_HOURS });
}

/** "Send the link again", from the account page: counted against the user, the address and the requester. */
export async function resendVerificationEmail(db: Db, userId: string, meta: RequestMeta, now = new Date()) {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  if (user.emailVerifiedAt) return;
  await takeEmailSlots(db, { senderId: userId, recipient: user.email, ip: meta.ipAddress }, undefined, now);
  await mailLink(db, user, "VERIFY_EMAIL", now);
}

export async function sendVerificationEmail(db: Db, userId: string, now = new Date()): Promise<void> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  if (user.emailVerifiedAt) return;
  await mailLink(db, user, "VERIFY_EMAIL", now);
}

/** Confirms an address from its link; returns whose it is (the page signs them in), or null. */
export async function verifyEmail(db: Db, token: string, meta: RequestMeta, now = new Date()): Promise<string | null> {
  const userId = await consumeLink(db, token, "VERIFY_EMAIL", now);
  if (!userId) return null;
  await db.user.update({ where: { id: userId }, data: { emailVerifiedAt: now } });
  await recordAudit(db, {
    actorId: userId,
    action: "auth.email_verified",
    entity: "User",
    entityId: userId,
    ipAddress: meta.ipAddress,
  });
  return userId;
}

/**
 * Starts a password reset. Says nothing about whether the address has an account: the caller
 * shows the same page either way.
 */
export async function requestPasswordReset(db: Db, email: string, meta: RequestMeta, now = new Date()): Promise<void> {
  const address = email.trim().toLowerCase();
  const user = await db.user.findUnique({ where: { email: address } });
  // Counted for unknown addresses too, so that the limit says nothing about who has an account.
  const slots = await takeSlots(db, emailLimits({ recipient: address, ip: meta.ipAddress }), now);
  await recordAudit(db, {
    actorId: user?.id ?? null,
    action: isRefusal(slots) ? "auth.password_reset_throttled" : "auth.password_reset_requested",
    entity: "User",
    entityId: user?.id,
    ipAddress: meta.ipAddress,
  });
  if (isRefusal(slots) || !user || user.disabledAt) return;
  await mailLink(db, user, "RESET_PASSWORD", now);
}

/**
 * Starts a password reset without the request waiting for it: looking up an account and mailing
 * its link (over SMTP, hundreds of milliseconds) take longer than finding no account, and the
 * answer's timing must not tell which addresses have accounts.
 */
export function requestPasswordResetInBackground(db: Db, email: string, meta: RequestMeta, now = new Date()): void {
  requestPasswordReset(db, email, meta, now).catch((error: unknown) => {
    logger.error("A password reset request failed", { err: errorField(error) });
  });
}

/** Sets a new password from a reset link and signs the account out everywhere. */
export async function resetPassword(db: Db, token: string, password: string, meta: RequestMeta, now = new Date()) {
  const problem = passwordProblem(password);
  if (problem) throw new AppError(`password.${problem}`, 400, "password");
  const userId = await consumeLink(db, token, "RESET_PASSWORD", now);
  if (!userId) throw new AppError("linkInvalid", 400);
  const user = await db.user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(password) } });
  await endOtherSessions(db, userId);
  await forgetDevices(db, userId);
  // Whoever guessed at the old password, the owner is back in.
  await clearSignInLimits(db, user.email);
  await recordAudit(db, {
    actorId: userId,
    action: "auth.password_reset",
    entity: "User",
    entityId: userId,
    ipAddress: meta.ipAddress,
  });
  return userId;
}
