import type { Db } from "~/utils/db.server";

/**
 * The company page's lists: the company, its people and their roles, invitations still open,
 * and the foreign partners it works with. The caller has authorized reading the company.
 */
export async function companyOverview(db: Db, companyId: string, now = new Date()) {
  const [company, members, invitations, partners] = await Promise.all([
    db.company.findUniqueOrThrow({ where: { id: companyId } }),
    db.membership.findMany({ where: { companyId }, include: { user: true }, orderBy: { createdAt: "asc" } }),
    db.invitation.findMany({
      where: { companyId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      orderBy: { createdAt: "desc" },
    }),
    db.partnerLink.findMany({ where: { companyId }, include: { partner: true }, orderBy: { createdAt: "asc" } }),
  ]);
  return { company, members, invitations, partners };
}
