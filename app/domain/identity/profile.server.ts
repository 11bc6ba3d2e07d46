import { forgetDevices } from "./known-devices.server";
import type { Db } from "~/utils/db.server";
import type { Locale } from "~/i18n/config";
import { recordAudit } from "~/domain/audit/audit.server";
import { AppError } from "~/utils/app-error";
import { hashPassword, passwordProblem, verifyPassword } from "./password.server";
import { endOtherSessions, type RequestMeta } from "./session.server";

/** Name, language (of the UI and of every e-mail) and time zone (of every time shown). */
export async function updateProfile(
  db: Db,
  userId: string,
  input: { name: string; locale: Locale; timeZone: string },
  meta: RequestMeta,
) {
  const before = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { name: true, locale: true, timeZone: true },
  });
  await db.user.update({ where: { id: userId }, data: input });
  await recordAudit(db, {
    actorId: userId,
    action: "user.profile_updated",
    entity: "User",
    entityId: userId,
    ipAddress: meta.ipAddress,
    before,
    after: input,
  });
}

/** Changes the password after checking the current one; every other session is signed out. */
export async function changePassword(
  db: Db,
  session: { id: string; userId: string },
  input: { currentPassword: string; password: string },
  meta: RequestMeta,
) {
  const user = await db.user.findUniqueOrThrow({ where: { id: session.userId } });
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new AppError("currentPasswordWrong", 400, "currentPassword");
  }
  const problem = passwordProblem(input.password);
  if (problem) throw new AppError(`password.${problem}`, 400, "password");
  await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(input.password) } });
  const ended = await endOtherSessions(db, user.id, session.id);
  // Browsers that knew the old password are strangers again until they sign in anew.
  await forgetDevices(db, user.id);
  await recordAudit(db, {
    actorId: user.id,
    action: "auth.password_changed",
    entity: "User",
    entityId: user.id,
    ipAddress: meta.ipAddress,
    after: { sessionsEnded: ended },
  });
}

/** "Sign out everywhere else": every other session of the user ends; returns how many did. */
export async function signOutElsewhere(db: Db, session: { id: string; userId: string }, meta: RequestMeta) {
  const count = await endOtherSessions(db, session.userId, session.id);
  await recordAudit(db, {
    actorId: session.userId,
    action: "auth.signed_out_elsewhere",
    entity: "User",
    entityId: session.userId,
    ipAddress: meta.ipAddress,
    after: { sessionsEnded: count },
  });
  return count;
}

/** The account page's lists: the user's companies and roles, and their signed-in sessions. */
export async function accountOverview(db: Db, userId: string, now = new Date()) {
  const [memberships, sessions] = await Promise.all([
    db.membership.findMany({ where: { userId }, include: { company: true }, orderBy: { createdAt: "asc" } }),
    db.session.findMany({ where: { userId, expiresAt: { gt: now } }, orderBy: { lastSeenAt: "desc" } }),
  ]);
  return { memberships, sessions };
}
