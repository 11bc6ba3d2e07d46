import type { Db } from "~/utils/db.server";
import type { RegisterCompanyInput } from "~/schemas/identity";
import { recordAudit } from "~/domain/audit/audit.server";
import { AppError, isUniqueViolation } from "~/utils/app-error";
import { env } from "~/utils/env.server";
import { DEFAULT_LOCALE, isLocale, type Locale } from "~/i18n/config";
import { sendEmail } from "~/domain/email/mailer.server";
import { LINK_HOURS } from "./email-links.server";
import { hashPassword, passwordProblem } from "./password.server";
import { takeEmailSlots } from "./rate-limit.server";
import type { RequestMeta } from "./session.server";
import { hashToken, newToken } from "./tokens.server";
import { safeRedirect } from "~/utils/safe-redirect";

/** What a pending registration keeps until its link is used. */
interface PendingPayload {
  companyNameZh: string;
  companyNameLatin: string;
  creditCode: string;
  address: string;
  contactPhone: string;
  name: string;
  locale: Locale;
  passwordHash: string;
  /** A path of this site to return to once the link is used (safeRedirect-checked). */
  returnTo?: string;
}

/**
 * An exporter company signs up. Nothing is created yet: the address is sent a link, and the
 * company, its admin and the membership are written when the link is used
 * (`confirmRegistration`). An address that already has an account gets the same answer and
 * leaves the same trace (none), and its owner an e-mail about the attempt — so neither the
 * answer, nor a later registration with the same credit code, nor signing in tells anyone
 * which addresses have accounts. A credit code of a registered company is refused at once: it
 * is printed on the company's licence, and the person needs to ask that company's admin.
 */
export async function registerCompany(
  db: Db,
  input: RegisterCompanyInput,
  meta: RequestMeta,
  now = new Date(),
): Promise<void> {
  const problem = passwordProblem(input.password);
  if (problem) throw new AppError(`password.${problem}`, 400, "password");
  const [owner, creditCodeTaken] = await Promise.all([
    db.user.findUnique({ where: { email: input.email } }),
    db.company.findUnique({ where: { creditCode: input.creditCode }, select: { id: true } }),
  ]);
  if (creditCodeTaken) throw new AppError("creditCodeTaken", 409, "creditCode");
  await takeEmailSlots(db, { recipient: input.email, ip: meta.ipAddress }, "email", now);

  // Hashed whether or not the address is taken, so that both answers take as long.
  const passwordHash = await hashPassword(input.password);
  await db.pendingRegistration.deleteMany({ where: { expiresAt: { lt: now } } });
  if (owner) {
    await tellOwnerOfAttempt(db, owner, meta);
    return;
  }
  const token = newToken();
  const payload: PendingPayload = {
    companyNameZh: input.companyNameZh,
    companyNameLatin: input.companyNameLatin,
    creditCode: input.creditCode,
    address: input.address,
    contactPhone: input.contactPhone,
    name: input.name,
    locale: input.locale,
    passwordHash,
    ...(safeRedirect(input.redirectTo, "") ? { returnTo: safeRedirect(input.redirectTo, "") } : {}),
  };
  await db.pendingRegistration.create({
    data: {
      tokenHash: hashToken(token),
      email: input.email,
      payload: JSON.stringify(payload),
      expiresAt: new Date(now.getTime() + LINK_HOURS.VERIFY_EMAIL * 3_600_000),
      createdAt: now,
    },
  });
  await recordAudit(db, {
    action: "company.registration_started",
    entity: "Company",
    ipAddress: meta.ipAddress,
    after: { legalNameZh: input.companyNameZh, creditCode: input.creditCode },
  });
  await sendEmail(db, {
    to: input.email,
    locale: input.locale,
    template: "verifyEmail",
    params: {
      name: input.name,
      link: `${env().APP_URL}/${input.locale}/verify-email?token=${token}`,
      hours: LINK_HOURS.VERIFY_EMAIL,
    },
  });
}

/**
 * The link of a pending registration was used: the company, its admin (with a confirmed
 * address) and the membership are written together or not at all, once. Returns them, or null
 * for a token that is not a pending registration's (unknown, used or expired). A company or an
 * address registered meanwhile by someone else is refused at the form-level message.
 */
export async function confirmRegistration(
  db: Db,
  token: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<{ companyId: string; userId: string; email: string; returnTo: string | null } | null> {
  const pending = await db.pendingRegistration.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!pending || pending.expiresAt <= now) return null;
  // Used once: of two clicks racing, one deletes the row and goes on.
  const { count } = await db.pendingRegistration.deleteMany({ where: { id: pending.id } });
  if (count !== 1) return null;
  const input = JSON.parse(pending.payload) as PendingPayload;
  let created: { companyId: string; userId: string };
  try {
    created = await db.$transaction(async (tx) => {
      const company = await tx.company.create({
        data: {
          legalNameZh: input.companyNameZh,
          legalNameLatin: input.companyNameLatin,
          creditCode: input.creditCode,
          address: input.address,
          contactPhone: input.contactPhone,
          createdAt: now,
        },
      });
      const user = await tx.user.create({
        data: {
          email: pending.email,
          name: input.name,
          passwordHash: input.passwordHash,
          locale: input.locale,
          kind: "EXPORTER",
          emailVerifiedAt: now,
          createdAt: now,
        },
      });
      await tx.membership.create({ data: { userId: user.id, companyId: company.id, role: "ADMIN", createdAt: now } });
      return { companyId: company.id, userId: user.id };
    });
  } catch (error) {
    // Registered meanwhile: the database's unique index decides (meta names the field).
    if (isUniqueViolation(error)) {
      const target = JSON.stringify(error.meta ?? {});
      throw target.includes("creditCode") ? new AppError("creditCodeTaken", 409) : new AppError("emailTaken", 409);
    }
    throw error;
  }
  await recordAudit(db, {
    actorId: created.userId,
    action: "company.registered",
    entity: "Company",
    entityId: created.companyId,
    ipAddress: meta.ipAddress,
    after: { legalNameZh: input.companyNameZh, creditCode: input.creditCode, admin: pending.email },
  });
  return { ...created, email: pending.email, returnTo: safeRedirect(input.returnTo, "") || null };
}

/** "Someone tried to register with your address": sign in, or reset the password. */
async function tellOwnerOfAttempt(
  db: Db,
  owner: { id: string; email: string; name: string; locale: string },
  meta: RequestMeta,
) {
  const locale = isLocale(owner.locale) ? owner.locale : DEFAULT_LOCALE;
  await recordAudit(db, {
    action: "company.registration_with_taken_email",
    entity: "User",
    entityId: owner.id,
    ipAddress: meta.ipAddress,
  });
  await sendEmail(db, {
    to: owner.email,
    locale,
    template: "registrationAttempt",
    params: { name: owner.name, link: `${env().APP_URL}/${locale}/forgot-password` },
  });
}
