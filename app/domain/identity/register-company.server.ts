import type { Db } from "~/utils/db.server";
import type { RegisterCompanyInput } from "~/schemas/identity";
import { recordAudit } from "~/domain/audit/audit.server";
import { AppError, isUniqueViolation } from "~/utils/app-error";
import { env } from "~/utils/env.server";
import { DEFAULT_LOCALE, isLocale } from "~/i18n/config";
import { sendEmail } from "~/domain/email/mailer.server";
import { sendVerificationEmail } from "./email-links.server";
import { hashPassword, passwordProblem } from "./password.server";
import { emailLimits, isRefusal, takeSlots } from "./rate-limit.server";
import type { RequestMeta } from "./session.server";

/**
 * An exporter company signs up: the company, its first user (the company's admin) and the
 * membership are written together or not at all; then the e-mail address is sent a
 * verification link, which signs the new admin in. An address that already has an account
 * gets the same answer (`null` instead of the new ids, which the page does not show), and its
 * owner an e-mail about the attempt, so that the form cannot tell who has an account.
 */
export async function registerCompany(
  db: Db,
  input: RegisterCompanyInput,
  meta: RequestMeta,
  now = new Date(),
): Promise<{ companyId: string; userId: string } | null> {
  const problem = passwordProblem(input.password);
  if (problem) throw new AppError(`password.${problem}`, 400, "password");
  const [emailTaken, creditCodeTaken] = await Promise.all([
    db.user.findUnique({ where: { email: input.email }, select: { id: true } }),
    db.company.findUnique({ where: { creditCode: input.creditCode }, select: { id: true } }),
  ]);
  if (creditCodeTaken) throw new AppError("creditCodeTaken", 409, "creditCode");
  const mailSlots = await takeSlots(db, emailLimits({ recipient: input.email, ip: meta.ipAddress }), now);
  if (isRefusal(mailSlots)) throw new AppError("tooManyEmails", 429, "email");

  // Hashed whether or not the address is taken, so that both answers take as long.
  const passwordHash = await hashPassword(input.password);
  if (emailTaken) {
    await tellOwnerOfAttempt(db, emailTaken.id, meta);
    return null;
  }
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
          email: input.email,
          name: input.name,
          passwordHash,
          locale: input.locale,
          kind: "EXPORTER",
          createdAt: now,
        },
      });
      await tx.membership.create({ data: { userId: user.id, companyId: company.id, role: "ADMIN", createdAt: now } });
      return { companyId: company.id, userId: user.id };
    });
  } catch (error) {
    // Two sign-ups racing for the same code or address: the database's unique index decides.
    if (isUniqueViolation(error)) {
      // The violated fields are named in meta (as `target`, or in the driver adapter's cause).
      const target = JSON.stringify(error.meta ?? {});
      if (target.includes("creditCode")) throw new AppError("creditCodeTaken", 409, "creditCode");
      const owner = await db.user.findUniqueOrThrow({ where: { email: input.email }, select: { id: true } });
      await tellOwnerOfAttempt(db, owner.id, meta);
      return null;
    }
    throw error;
  }

  await recordAudit(db, {
    actorId: created.userId,
    action: "company.registered",
    entity: "Company",
    entityId: created.companyId,
    ipAddress: meta.ipAddress,
    after: { legalNameZh: input.companyNameZh, creditCode: input.creditCode, admin: input.email },
  });
  await sendVerificationEmail(db, created.userId, now);
  return created;
}

/** "Someone tried to register with your address": sign in, or reset the password. */
async function tellOwnerOfAttempt(db: Db, userId: string, meta: RequestMeta) {
  const owner = await db.user.findUniqueOrThrow({ where: { id: userId } });
  const locale = isLocale(owner.locale) ? owner.locale : DEFAULT_LOCALE;
  await recordAudit(db, {
    actorId: null,
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
