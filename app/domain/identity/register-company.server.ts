import type { Db } from "~/utils/db.server";
import type { RegisterCompanyInput } from "~/schemas/identity";
import { recordAudit } from "~/domain/audit/audit.server";
import { AppError, isUniqueViolation } from "~/utils/app-error";
import { sendVerificationEmail } from "./email-links.server";
import { hashPassword, passwordProblem } from "./password.server";
import { createSession, type RequestMeta } from "./session.server";

/**
 * An exporter company signs up: the company, its first user (the company's admin) and the
 * membership are written together or not at all; then the e-mail address is sent a
 * verification link and the new admin is signed in.
 */
export async function registerCompany(db: Db, input: RegisterCompanyInput, meta: RequestMeta, now = new Date()) {
  const problem = passwordProblem(input.password);
  if (problem) throw new AppError(`password.${problem}`, 400, "password");
  const [emailTaken, creditCodeTaken] = await Promise.all([
    db.user.findUnique({ where: { email: input.email }, select: { id: true } }),
    db.company.findUnique({ where: { creditCode: input.creditCode }, select: { id: true } }),
  ]);
  if (creditCodeTaken) throw new AppError("creditCodeTaken", 409, "creditCode");
  if (emailTaken) throw new AppError("emailTaken", 409, "email");

  const passwordHash = await hashPassword(input.password);
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
      throw target.includes("creditCode")
        ? new AppError("creditCodeTaken", 409, "creditCode")
        : new AppError("emailTaken", 409, "email");
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
  const cookie = await createSession(db, created.userId, meta, now);
  return { ...created, cookie };
}
