import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadActor } from "~/domain/identity/actor.server";
import { creditCodeCheckCharacter } from "~/domain/identity/credit-code";
import {
  acceptInvitation,
  changeMemberRole,
  findOpenInvitation,
  inviteColleague,
  invitePartner,
  revokeInvitation,
} from "~/domain/identity/invitations.server";
import { requestPasswordReset } from "~/domain/identity/email-links.server";
import { RegisterCompanySchema } from "~/schemas/identity";
import { AppError } from "~/utils/app-error";
import { createCompanyAccount } from "../support/accounts";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let test: TestDatabase;
const meta = { ipAddress: "198.51.100.8", userAgent: "vitest" };
let sequence = 0;

async function company(name: string) {
  sequence += 1;
  const first17 = `91620100MB${String(sequence).padStart(7, "0")}`;
  const input = RegisterCompanySchema.parse({
    companyNameZh: `${name}有限公司`,
    companyNameLatin: `${name} Co., Ltd.`,
    creditCode: `${first17}${creditCodeCheckCharacter(first17)}`,
    address: "甘肃省兰州市",
    contactPhone: "+86 931 800 0000",
    name: `${name} admin`,
    email: `admin${sequence}@${name.toLowerCase()}.example`,
    password: "Lanzhou-Duisburg by rail",
    confirmPassword: "Lanzhou-Duisburg by rail",
    locale: "zh-CN",
  });
  const { companyId, userId } = await createCompanyAccount(test.db, input, meta);
  return { companyId, userId, actor: await loadActor(test.db, userId) };
}

const tokenOf = (text: string) => /token=([\w-]+)/.exec(text)![1]!;
async function latestMailTo(email: string) {
  return test.db.outboxMessage.findFirstOrThrow({ where: { to: email }, orderBy: { createdAt: "desc" } });
}
async function refusal(promise: Promise<unknown>): Promise<{ status: number; code?: string }> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (error instanceof AppError) return { status: error.status, code: error.code };
  if (error && typeof error === "object" && "init" in error)
    return { status: (error as { init: { status: number } }).init.status };
  throw new Error(`expected a refusal, got ${String(error)}`);
}

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => {
  await test?.drop();
});

describe(`invitations (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("invites a colleague in the chosen language; the link creates a verified account with the role, once", async () => {
    const lanzhou = await company("Lanzhou");
    await inviteColleague(
      test.db,
      lanzhou.actor,
      { companyId: lanzhou.companyId, email: "Li.Qiang@Example.cn", role: "BOOKER", locale: "zh-CN" },
      meta,
    );
    const mail = await latestMailTo("li.qiang@example.cn");
    expect(mail.template).toBe("inviteColleague");
    expect(mail.text).toContain("Lanzhou admin");
    const token = tokenOf(mail.text);
    expect((await findOpenInvitation(test.db, token))?.hasAccount).toBe(false);

    const accepted = await acceptInvitation(
      test.db,
      token,
      { name: "李强", password: "Booking trains 2026", locale: "zh-CN", timeZone: "Asia/Shanghai" },
      meta,
    );
    const user = await test.db.user.findUniqueOrThrow({
      where: { id: accepted.userId },
      include: { memberships: true },
    });
    expect(user.emailVerifiedAt).not.toBeNull();
    expect(user.memberships).toEqual([expect.objectContaining({ companyId: lanzhou.companyId, role: "BOOKER" })]);
    expect(
      await refusal(
        acceptInvitation(
          test.db,
          token,
          { name: "李强", password: "Booking trains 2026", locale: "zh-CN", timeZone: "Asia/Shanghai" },
          meta,
        ),
      ),
    ).toEqual({ status: 400, code: "linkInvalid" });
  });

  it("invites a partner who accepts in their own language and time zone", async () => {
    const lanzhou = await company("Silkroad");
    await invitePartner(
      test.db,
      lanzhou.actor,
      { companyId: lanzhou.companyId, email: "olga@transit.example.ru", locale: "ru" },
      meta,
    );
    const mail = await latestMailTo("olga@transit.example.ru");
    expect(mail.locale).toBe("ru");
    expect(mail.subject).toMatch(/[А-Яа-я]/);
    expect(mail.text).toContain("/ru/invitations/accept?token=");
    const { userId, kind } = await acceptInvitation(
      test.db,
      tokenOf(mail.text),
      { name: "Ольга", password: "Poezd iz Lanchzhou", locale: "ru", timeZone: "Europe/Moscow" },
      meta,
    );
    expect(kind).toBe("PARTNER");
    const partner = await test.db.user.findUniqueOrThrow({
      where: { id: userId },
      include: { partnerLinks: true, memberships: true },
    });
    expect(partner).toMatchObject({ kind: "PARTNER", locale: "ru", timeZone: "Europe/Moscow" });
    expect(partner.partnerLinks.map((link) => link.companyId)).toEqual([lanzhou.companyId]);
    expect(partner.memberships).toEqual([]);
  });

  it("lets an existing account accept with its own password, and refuses a wrong one", async () => {
    const first = await company("Tianshui");
    const second = await company("Wuwei");
    const existing = await test.db.user.findUniqueOrThrow({ where: { id: second.userId } });
    await inviteColleague(
      test.db,
      first.actor,
      { companyId: first.companyId, email: existing.email, role: "VIEWER", locale: "en" },
      meta,
    );
    const token = tokenOf((await latestMailTo(existing.email)).text);
    expect((await findOpenInvitation(test.db, token))?.hasAccount).toBe(true);
    expect(
      await refusal(
        acceptInvitation(test.db, token, { password: "not my password", locale: "en", timeZone: "UTC" }, meta),
      ),
    ).toEqual({ status: 401, code: "signInFailed" });
    await acceptInvitation(
      test.db,
      token,
      { password: "Lanzhou-Duisburg by rail", locale: "en", timeZone: "UTC" },
      meta,
    );
    expect(await test.db.membership.count({ where: { userId: second.userId } })).toBe(2);
  });

  it("keeps companies apart: another company's admin gets 404, a viewer 403", async () => {
    const lanzhou = await company("Gansu");
    const wuwei = await company("Liangzhou");
    expect(
      await refusal(
        inviteColleague(
          test.db,
          wuwei.actor,
          { companyId: lanzhou.companyId, email: "x@example.com", role: "ADMIN", locale: "en" },
          meta,
        ),
      ),
    ).toEqual({ status: 404, code: "notFound" });
    const invitation = await inviteColleague(
      test.db,
      lanzhou.actor,
      { companyId: lanzhou.companyId, email: "viewer@gansu.example", role: "VIEWER", locale: "en" },
      meta,
    );
    expect(await refusal(revokeInvitation(test.db, wuwei.actor, invitation.id, meta))).toEqual({
      status: 404,
      code: "notFound",
    });
    const membership = await test.db.membership.findFirstOrThrow({ where: { companyId: lanzhou.companyId } });
    expect(await refusal(changeMemberRole(test.db, wuwei.actor, membership.id, "VIEWER", meta))).toEqual({
      status: 404,
      code: "notFound",
    });

    await acceptInvitation(
      test.db,
      tokenOf((await latestMailTo("viewer@gansu.example")).text),
      { name: "Viewer", password: "Just looking at trains", locale: "en", timeZone: "UTC" },
      meta,
    );
    const viewer = await test.db.user.findUniqueOrThrow({ where: { email: "viewer@gansu.example" } });
    const viewerActor = await loadActor(test.db, viewer.id);
    expect(
      await refusal(
        inviteColleague(
          test.db,
          viewerActor,
          { companyId: lanzhou.companyId, email: "y@example.com", role: "ADMIN", locale: "en" },
          meta,
        ),
      ),
    ).toEqual({ status: 403, code: "forbidden" });
  });

  it("never leaves a company without an administrator, and records role changes", async () => {
    const gansu = await company("Hexi");
    const own = await test.db.membership.findFirstOrThrow({ where: { userId: gansu.userId } });
    expect(await refusal(changeMemberRole(test.db, gansu.actor, own.id, "VIEWER", meta))).toEqual({
      status: 409,
      code: "lastAdmin",
    });
    await inviteColleague(
      test.db,
      gansu.actor,
      { companyId: gansu.companyId, email: "second@hexi.example", role: "VIEWER", locale: "en" },
      meta,
    );
    await acceptInvitation(
      test.db,
      tokenOf((await latestMailTo("second@hexi.example")).text),
      { name: "Second", password: "Another admin here", locale: "en", timeZone: "UTC" },
      meta,
    );
    const second = await test.db.membership.findFirstOrThrow({ where: { companyId: gansu.companyId, role: "VIEWER" } });
    await changeMemberRole(test.db, gansu.actor, second.id, "ADMIN", meta);
    await changeMemberRole(test.db, gansu.actor, own.id, "BOOKER", meta);
    const audit = await test.db.auditEvent.findFirstOrThrow({
      where: { action: "company.member_role_changed", entityId: own.id },
    });
    expect(JSON.parse(audit.before!)).toEqual({ role: "ADMIN" });
    expect(JSON.parse(audit.after!)).toEqual({ role: "BOOKER" });
    expect(audit.actorId).toBe(gansu.userId);
  });

  it("refuses a revoked or expired invitation", async () => {
    const hexi = await company("Jiuquan");
    const revoked = await inviteColleague(
      test.db,
      hexi.actor,
      { companyId: hexi.companyId, email: "gone@jiuquan.example", role: "VIEWER", locale: "en" },
      meta,
    );
    const revokedToken = tokenOf((await latestMailTo("gone@jiuquan.example")).text);
    await revokeInvitation(test.db, hexi.actor, revoked.id, meta);
    expect(await findOpenInvitation(test.db, revokedToken)).toBeNull();
    await inviteColleague(
      test.db,
      hexi.actor,
      { companyId: hexi.companyId, email: "late@jiuquan.example", role: "VIEWER", locale: "en" },
      meta,
    );
    const lateToken = tokenOf((await latestMailTo("late@jiuquan.example")).text);
    const eightDaysLater = new Date(Date.now() + 8 * 86_400_000);
    expect(await findOpenInvitation(test.db, lateToken, eightDaysLater)).toBeNull();
  });

  it("lets nobody invite before confirming their own e-mail address", async () => {
    const fresh = await company("Tianshui");
    await test.db.user.update({ where: { id: fresh.userId }, data: { emailVerifiedAt: null } });
    const unconfirmed = await loadActor(test.db, fresh.userId);
    const before = await test.db.outboxMessage.count();
    expect(
      await refusal(
        invitePartner(
          test.db,
          unconfirmed,
          { companyId: fresh.companyId, email: "x@evil.example", locale: "en" },
          meta,
        ),
      ),
    ).toEqual({ status: 403, code: "confirmEmailFirst" });
    expect(await test.db.outboxMessage.count()).toBe(before);
    expect(await test.db.invitation.count({ where: { companyId: fresh.companyId } })).toBe(0);
  });

  it("limits the invitations one person, one address and one recipient can cause", async () => {
    const sender = await company("Jiuquan");
    const from = { ipAddress: "203.0.113.70", userAgent: null };
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        refusal(
          invitePartner(
            test.db,
            sender.actor,
            { companyId: sender.companyId, email: `p${i}@x.example`, locale: "en" },
            from,
          ),
        ).catch(() => ({ status: 200 }) as { status: number; code?: string }),
      ),
    );
    expect(results.filter((result) => result.status === 200)).toHaveLength(20);
    expect(results.filter((result) => result.code === "tooManyEmails")).toHaveLength(5);
    expect(await test.db.invitation.count({ where: { companyId: sender.companyId } })).toBe(20);

    // One recipient: five messages an hour, however many companies invite them.
    const target = "busy.person@example.de";
    const outcomes: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      const inviter = await company(`Dunhuang${i}`);
      outcomes.push(
        (
          await refusal(
            invitePartner(
              test.db,
              inviter.actor,
              { companyId: inviter.companyId, email: target, locale: "de" },
              {
                ipAddress: `198.18.0.${i}`,
                userAgent: null,
              },
            ),
          ).catch(() => ({ status: 200 }) as { status: number; code?: string })
        ).code ?? "sent",
      );
    }
    // The refusal says it is the recipient who had enough mail, not the sender who sent too much.
    expect(outcomes).toEqual([
      "sent",
      "sent",
      "sent",
      "sent",
      "sent",
      "tooManyEmailsToRecipient",
      "tooManyEmailsToRecipient",
    ]);
    expect(await test.db.outboxMessage.count({ where: { to: target } })).toBe(5);
  });

  it("sends one person at most five e-mails an hour however many resets are asked for, and says the same each time", async () => {
    const target = await company("Zhangye");
    const email = (await test.db.user.findUniqueOrThrow({ where: { id: target.userId } })).email;
    for (let i = 0; i < 12; i += 1) {
      await expect(
        requestPasswordReset(test.db, email, { ipAddress: `198.18.1.${i}`, userAgent: null }),
      ).resolves.toBeUndefined();
    }
    // The verification e-mail of the sign-up was the first of the five.
    expect(await test.db.outboxMessage.count({ where: { to: email } })).toBe(5);
    expect(await test.db.outboxMessage.count({ where: { to: email, template: "resetPassword" } })).toBe(4);
    expect(
      await test.db.auditEvent.count({ where: { action: "auth.password_reset_throttled", entityId: target.userId } }),
    ).toBe(8);
  });
});
