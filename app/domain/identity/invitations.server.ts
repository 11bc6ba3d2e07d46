import type { Db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { AppError } from "~/utils/app-error";
import type { Locale } from "~/i18n/config";
import { recordAudit } from "~/domain/audit/audit.server";
import { sendEmail } from "~/domain/email/mailer.server";
import { authorize } from "./actor.server";
import { hashPassword, passwordProblem, verifyPassword } from "./password.server";
import { takeEmailSlots } from "./rate-limit.server";
import type { Actor, CompanyRole } from "./permissions";
import { createSession, type RequestMeta } from "./session.server";
import { hashToken, newToken } from "./tokens.server";

export const INVITATION_DAYS = 7;

async function sendInvitation(
  db: Db,
  actor: Actor,
  invitation: { kind: "COLLEAGUE" | "PARTNER"; companyId: string; email: string; role?: CompanyRole; locale: Locale },
  meta: RequestMeta,
  now: Date,
) {
  const email = invitation.email.trim().toLowerCase();
  const [company, inviter] = await Promise.all([
    db.company.findUniqueOrThrow({ where: { id: invitation.companyId } }),
    db.user.findUniqueOrThrow({ where: { id: actor.userId } }),
  ]);
  const existing = await db.user.findUnique({
    where: { email },
    include: { memberships: { where: { companyId: company.id } }, partnerLinks: { where: { companyId: company.id } } },
  });
  if (invitation.kind === "COLLEAGUE" && existing?.memberships.length)
    throw new AppError("alreadyMember", 409, "email");
  if (invitation.kind === "PARTNER" && existing?.partnerLinks.length)
    throw new AppError("alreadyPartner", 409, "email");
  // An invitation speaks for the company: only from an address shown to be the inviter's.
  if (!inviter.emailVerifiedAt) throw new AppError("confirmEmailFirst", 403);
  await takeEmailSlots(db, { senderId: actor.userId, recipient: email, ip: meta.ipAddress }, "email", now);

  const token = newToken();
  const created = await db.invitation.create({
    data: {
      tokenHash: hashToken(token),
      kind: invitation.kind,
      email,
      companyId: company.id,
      role: invitation.kind === "COLLEAGUE" ? (invitation.role ?? "VIEWER") : null,
      locale: invitation.locale,
      invitedById: actor.userId,
      expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000),
      createdAt: now,
    },
  });
  await sendEmail(db, {
    to: email,
    locale: invitation.locale,
    template: invitation.kind === "COLLEAGUE" ? "inviteColleague" : "invitePartner",
    params: {
      inviter: inviter.name,
      company: invitation.locale === "zh-CN" ? company.legalNameZh : company.legalNameLatin,
      link: `${env().APP_URL}/${invitation.locale}/invitations/accept?token=${token}`,
      hours: INVITATION_DAYS * 24,
    },
  });
  await recordAudit(db, {
    actorId: actor.userId,
    action: invitation.kind === "COLLEAGUE" ? "company.member_invited" : "company.partner_invited",
    entity: "Invitation",
    entityId: created.id,
    ipAddress: meta.ipAddress,
    after: { email, role: created.role, companyId: company.id },
  });
  return created;
}

/** A company admin invites a colleague with a role; the e-mail is in the language chosen for them. */
export async function inviteColleague(
  db: Db,
  actor: Actor,
  input: { companyId: string; email: string; role: CompanyRole; locale: Locale },
  meta: RequestMeta,
  now = new Date(),
) {
  authorize(actor, "invite:member", { companyId: input.companyId });
  return sendInvitation(db, actor, { kind: "COLLEAGUE", ...input }, meta, now);
}

/** An exporter invites a foreign partner (consignee, agent) in the partner's language. */
export async function invitePartner(
  db: Db,
  actor: Actor,
  input: { companyId: string; email: string; locale: Locale },
  meta: RequestMeta,
  now = new Date(),
) {
  authorize(actor, "invite:partner", { companyId: input.companyId });
  return sendInvitation(db, actor, { kind: "PARTNER", ...input }, meta, now);
}

export async function revokeInvitation(
  db: Db,
  actor: Actor,
  invitationId: string,
  meta: RequestMeta,
  now = new Date(),
) {
  const invitation = await db.invitation.findUnique({ where: { id: invitationId } });
  if (!invitation) throw new AppError("notFound", 404);
  authorize(actor, invitation.kind === "COLLEAGUE" ? "invite:member" : "invite:partner", {
    companyId: invitation.companyId,
  });
  await db.invitation.updateMany({ where: { id: invitationId, acceptedAt: null }, data: { revokedAt: now } });
  await recordAudit(db, {
    actorId: actor.userId,
    action: "company.invitation_revoked",
    entity: "Invitation",
    entityId: invitationId,
    ipAddress: meta.ipAddress,
  });
}

/** The invitation a link opens, if it can still be accepted. */
export async function findOpenInvitation(db: Db, token: string, now = new Date()) {
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { company: true },
  });
  if (!invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= now) return null;
  const account = await db.user.findUnique({ where: { email: invitation.email }, select: { id: true } });
  return { ...invitation, hasAccount: Boolean(account) };
}

/**
 * Accepts an invitation: a new account (the link proves the address, so it is verified), or
 * — when the address already has one — the account's password confirms it is theirs. The
 * invitation is used up with one conditional update, so it joins exactly once.
 */
export async function acceptInvitation(
  db: Db,
  token: string,
  input: { name?: string; password: string; locale: Locale; timeZone: string },
  meta: RequestMeta,
  now = new Date(),
) {
  const invitation = await findOpenInvitation(db, token, now);
  if (!invitation) throw new AppError("linkInvalid", 400);
  let user = await db.user.findUnique({ where: { email: invitation.email } });
  if (user) {
    if (!(await verifyPassword(input.password, user.passwordHash))) throw new AppError("signInFailed", 401, "password");
  } else {
    const problem = passwordProblem(input.password);
    if (problem) throw new AppError(`password.${problem}`, 400, "password");
    if (!input.name) throw new AppError("required", 400, "name");
  }
  const passwordHash = user ? null : await hashPassword(input.password);

  const userId = await db.$transaction(async (tx) => {
    const { count } = await tx.invitation.updateMany({
      where: { id: invitation.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { acceptedAt: now },
    });
    if (count !== 1) throw new AppError("linkInvalid", 400);
    const member =
      user ??
      (await tx.user.create({
        data: {
          email: invitation.email,
          name: input.name!,
          passwordHash: passwordHash!,
          emailVerifiedAt: now,
          locale: input.locale,
          timeZone: input.timeZone,
          kind: invitation.kind === "PARTNER" ? "PARTNER" : "EXPORTER",
          createdAt: now,
        },
      }));
    if (invitation.kind === "COLLEAGUE") {
      await tx.membership.create({
        data: { userId: member.id, companyId: invitation.companyId, role: invitation.role ?? "VIEWER", createdAt: now },
      });
    } else {
      await tx.partnerLink.create({ data: { partnerId: member.id, companyId: invitation.companyId, createdAt: now } });
    }
    return member.id;
  });
  user ??= await db.user.findUniqueOrThrow({ where: { id: userId } });
  await recordAudit(db, {
    actorId: userId,
    action: "company.invitation_accepted",
    entity: "Invitation",
    entityId: invitation.id,
    ipAddress: meta.ipAddress,
    after: { companyId: invitation.companyId, kind: invitation.kind, role: invitation.role },
  });
  const cookie = await createSession(db, userId, meta, now);
  return { userId, cookie, kind: invitation.kind };
}

/** A company admin changes a colleague's role; the company always keeps an admin. */
export async function changeMemberRole(
  db: Db,
  actor: Actor,
  membershipId: string,
  role: CompanyRole,
  meta: RequestMeta,
) {
  const membership = await db.membership.findUnique({ where: { id: membershipId } });
  if (!membership) throw new AppError("notFound", 404);
  authorize(actor, "update:member", { companyId: membership.companyId });
  if (membership.role === "ADMIN" && role !== "ADMIN") {
    const admins = await db.membership.count({ where: { companyId: membership.companyId, role: "ADMIN" } });
    if (admins <= 1) throw new AppError("lastAdmin", 409, "role");
  }
  await db.membership.update({ where: { id: membershipId }, data: { role } });
  await recordAudit(db, {
    actorId: actor.userId,
    action: "company.member_role_changed",
    entity: "Membership",
    entityId: membershipId,
    ipAddress: meta.ipAddress,
    before: { role: membership.role },
    after: { role },
  });
}
