import type { Db } from "~/utils/db.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { authorize } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import type { RequestMeta } from "~/domain/identity/session.server";
import { AppError } from "~/utils/app-error";
import type { CreditStatus } from "./credit-status";

/** Sets whether a company pays before confirmation or may book on account. */
export async function setCreditStatus(
  db: Db,
  actor: Actor,
  companyId: string,
  creditStatus: CreditStatus,
  meta: RequestMeta,
) {
  authorize(actor, "manage:company", { companyId });
  const company = await db.company.findUnique({ where: { id: companyId } });
  if (!company) throw new AppError("notFound", 404);
  if (company.creditStatus === creditStatus) return;
  await db.company.update({ where: { id: companyId }, data: { creditStatus } });
  await recordAudit(db, {
    actorId: actor.userId,
    action: "company.credit_status_changed",
    entity: "Company",
    entityId: companyId,
    ipAddress: meta.ipAddress,
    before: { creditStatus: company.creditStatus },
    after: { creditStatus },
  });
}

/** What the platform admin's page lists: every company with its number of people, and the port staff. */
export async function adminOverview(db: Db) {
  const [companies, staff] = await Promise.all([
    db.company.findMany({ orderBy: { createdAt: "asc" }, include: { _count: { select: { memberships: true } } } }),
    db.user.findMany({ where: { kind: "STAFF" }, include: { staffPorts: true }, orderBy: { createdAt: "asc" } }),
  ]);
  return { companies, staff };
}

/** Whether a company pays before confirmation or may book on account. */
export async function creditStatusOf(db: Db, companyId: string): Promise<string> {
  const company = await db.company.findUniqueOrThrow({ where: { id: companyId }, select: { creditStatus: true } });
  return company.creditStatus;
}
