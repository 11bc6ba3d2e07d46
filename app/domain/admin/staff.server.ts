import crypto from "node:crypto";
import type { Db } from "~/utils/db.server";
import type { Locale } from "~/i18n/config";
import { recordAudit } from "~/domain/audit/audit.server";
import { authorize } from "~/domain/identity/actor.server";
import { sendStaffWelcome } from "~/domain/identity/email-links.server";
import { takeEmailSlots } from "~/domain/identity/rate-limit.server";
import { hashPassword } from "~/domain/identity/password.server";
import type { Actor, StaffRole } from "~/domain/identity/permissions";
import type { RequestMeta } from "~/domain/identity/session.server";
import { AppError } from "~/utils/app-error";

export interface StaffInput {
  role: StaffRole;
  ports: string[];
}

/**
 * The platform admin creates a port staff member: no password is set by anyone but them —
 * the welcome e-mail carries a link to choose one.
 */
export async function createStaff(
  db: Db,
  actor: Actor,
  input: StaffInput & { email: string; name: string; locale: Locale },
  meta: RequestMeta,
) {
  authorize(actor, "manage:staff");
  const email = input.email.trim().toLowerCase();
  if (await db.user.findUnique({ where: { email }, select: { id: true } }))
    throw new AppError("emailTaken", 409, "email");
  await takeEmailSlots(db, { senderId: actor.userId, recipient: email, ip: meta.ipAddress }, "email");
  const user = await db.user.create({
    data: {
      email,
      name: input.name,
      kind: "STAFF",
      staffRole: input.role,
      locale: input.locale,
      timeZone: "Asia/Shanghai",
      // Unusable until the staff member chooses a password through the welcome link.
      passwordHash: await hashPassword(crypto.randomBytes(32).toString("hex")),
      emailVerifiedAt: new Date(),
      staffPorts: { create: input.ports.map((placeCode) => ({ placeCode })) },
    },
  });
  await recordAudit(db, {
    actorId: actor.userId,
    action: "staff.created",
    entity: "User",
    entityId: user.id,
    ipAddress: meta.ipAddress,
    after: { email, role: input.role, ports: input.ports },
  });
  await sendStaffWelcome(db, user.id);
  return user;
}

/** Changes a staff member's role and ports. */
export async function updateStaff(db: Db, actor: Actor, userId: string, input: StaffInput, meta: RequestMeta) {
  authorize(actor, "manage:staff");
  const before = await db.user.findUnique({ where: { id: userId }, include: { staffPorts: true } });
  if (!before || before.kind !== "STAFF") throw new AppError("notFound", 404);
  await db.$transaction([
    db.user.update({ where: { id: userId }, data: { staffRole: input.role } }),
    db.staffPort.deleteMany({ where: { userId } }),
    db.staffPort.createMany({ data: input.ports.map((placeCode) => ({ userId, placeCode })) }),
  ]);
  await recordAudit(db, {
    actorId: actor.userId,
    action: "staff.updated",
    entity: "User",
    entityId: userId,
    ipAddress: meta.ipAddress,
    before: { role: before.staffRole, ports: before.staffPorts.map((port) => port.placeCode).sort() },
    after: { role: input.role, ports: [...input.ports].sort() },
  });
}
