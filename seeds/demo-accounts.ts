import type { Db } from "~/utils/db.server";
import { hashPassword } from "~/domain/identity/password.server";
import { DEMO_COMPANIES, DEMO_PASSWORD, DEMO_USERS } from "./data/demo-accounts";

/**
 * Demo companies and one user per role. Idempotent: existing rows are left as they are (a
 * password changed in the demo stays changed).
 */
export async function seedDemoAccounts(db: Db): Promise<number> {
  const companyIds = new Map<string, string>();
  for (const company of DEMO_COMPANIES) {
    const row = await db.company.upsert({
      where: { creditCode: company.creditCode },
      create: { ...company },
      update: {},
    });
    companyIds.set(company.creditCode, row.id);
  }
  let created = 0;
  for (const demo of DEMO_USERS) {
    if (await db.user.findUnique({ where: { email: demo.email }, select: { id: true } })) continue;
    const user = await db.user.create({
      data: {
        email: demo.email,
        name: demo.name,
        kind: demo.kind,
        staffRole: "staffRole" in demo ? demo.staffRole : null,
        locale: demo.locale,
        timeZone: demo.timeZone,
        passwordHash: await hashPassword(DEMO_PASSWORD),
        emailVerifiedAt: new Date(),
      },
    });
    if ("company" in demo) {
      await db.membership.create({
        data: { userId: user.id, companyId: companyIds.get(demo.company)!, role: demo.role },
      });
    }
    if ("partnerOf" in demo) {
      await db.partnerLink.create({ data: { partnerId: user.id, companyId: companyIds.get(demo.partnerOf)! } });
    }
    if ("ports" in demo) {
      await db.staffPort.createMany({ data: demo.ports.map((placeCode) => ({ userId: user.id, placeCode })) });
    }
    created += 1;
  }
  return created;
}
