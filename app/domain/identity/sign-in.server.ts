import type { Db } from "~/utils/db.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { AppError } from "~/utils/app-error";
import { decoyHash, verifyPassword } from "./password.server";
import { knownDeviceOf } from "./known-devices.server";
import { isRefusal, signInLimits, signInSucceeded, takeSlots } from "./rate-limit.server";
import { createSession, type RequestMeta } from "./session.server";

/**
 * Signs in with e-mail and password and returns the new session's Set-Cookie value. Every
 * refusal reads the same ("e-mail or password is wrong", or "too many attempts") whether or
 * not the address has an account, and takes as long.
 */
export async function signIn(
  db: Db,
  credentials: { email: string; password: string },
  meta: RequestMeta,
  now = new Date(),
  /** The device tokens the browser brought (known-devices.server.ts). */
  options: { deviceTokens?: string[] } = {},
) {
  const email = credentials.email.trim().toLowerCase();
  const user = await db.user.findUnique({ where: { email } });
  const device = user ? await knownDeviceOf(db, user.id, options.deviceTokens ?? []) : null;
  // The slots are taken before the password is checked, so that no burst of requests gets
  // more checks than the limits allow (see rate-limit.server.ts).
  const slots = await takeSlots(db, signInLimits(email, meta.ipAddress, { deviceId: device?.id }), now);
  if (isRefusal(slots)) {
    await recordAudit(db, {
      action: "auth.sign_in_throttled",
      entity: "User",
      ipAddress: meta.ipAddress,
      after: { email, limit: slots.key.split(":")[1], retryAt: slots.retryAt.toISOString() },
    });
    throw new AppError("tooManyAttempts", 429);
  }
  const valid = await verifyPassword(credentials.password, user?.passwordHash ?? (await decoyHash()));
  const succeeded = Boolean(user && valid && !user.disabledAt);
  if (!succeeded || !user) {
    await recordAudit(db, {
      actorId: user?.id ?? null,
      action: "auth.sign_in_failed",
      entity: "User",
      entityId: user?.id,
      ipAddress: meta.ipAddress,
      after: { email },
    });
    throw new AppError("signInFailed", 401);
  }
  await signInSucceeded(db, email, slots);
  const cookie = await createSession(db, user.id, meta, now);
  await recordAudit(db, {
    actorId: user.id,
    action: "auth.sign_in",
    entity: "User",
    entityId: user.id,
    ipAddress: meta.ipAddress,
  });
  return { cookie, user };
}
