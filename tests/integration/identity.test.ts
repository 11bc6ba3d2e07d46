import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { creditCodeCheckCharacter } from "~/domain/identity/credit-code";
import {
  consumeLink,
  issueLink,
  requestPasswordReset,
  resetPassword,
  verifyEmail,
} from "~/domain/identity/email-links.server";
import { changePassword, updateProfile } from "~/domain/identity/profile.server";
import { registerCompany } from "~/domain/identity/register-company.server";
import { endOtherSessions, findSession } from "~/domain/identity/session.server";
import { signIn } from "~/domain/identity/sign-in.server";
import { RegisterCompanySchema, type RegisterCompanyInput } from "~/schemas/identity";
import { AppError } from "~/utils/app-error";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let test: TestDatabase;
const meta = { ipAddress: "198.51.100.7", userAgent: "vitest" };
let sequence = 0;

/** Valid sign-up data with a fresh credit code (check character computed) and address. */
function signUp(overrides: Partial<Record<string, string>> = {}): RegisterCompanyInput {
  sequence += 1;
  const first17 = `91620100MA${String(sequence).padStart(7, "0")}`;
  return RegisterCompanySchema.parse({
    companyNameZh: "兰州丝路进出口有限公司",
    companyNameLatin: "Lanzhou Silk Road Import & Export Co., Ltd.",
    creditCode: `${first17}${creditCodeCheckCharacter(first17)}`,
    address: "甘肃省兰州市城关区东岗西路 1 号",
    contactPhone: "+86 931 800 0000",
    name: "王芳",
    email: `exporter${sequence}@example.cn`,
    password: "Lanzhou-Duisburg by rail",
    confirmPassword: "Lanzhou-Duisburg by rail",
    locale: "zh-CN",
    ...overrides,
  });
}

const cookieRequest = (setCookie: string) =>
  new Request("http://localhost/", { headers: { Cookie: setCookie.split(";")[0]! } });
const linkToken = (text: string) => /token=([A-Za-z0-9_-]+)/.exec(text)?.[1] ?? "";

async function expectAppError(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
}

/** Registers and signs in (registration itself signs nobody in: the e-mailed link does). */
async function register(input: RegisterCompanyInput) {
  const created = await registerCompany(test.db, input, meta);
  if (!created) throw new Error(`${input.email} already had an account`);
  const { cookie } = await signIn(test.db, { email: input.email, password: input.password }, meta);
  return { ...created, cookie };
}

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => {
  await test?.drop();
});

describe(`accounts (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("registers a company with its admin and sends the verification e-mail in the user's language", async () => {
    const input = signUp({ locale: "ru", email: "Olga@Example.com" });
    const created = await registerCompany(test.db, input, meta);
    const { companyId, userId } = created!;
    const membership = await test.db.membership.findFirstOrThrow({
      where: { companyId },
      include: { user: true, company: true },
    });
    expect(membership.role).toBe("ADMIN");
    expect(membership.user.email).toBe("olga@example.com");
    expect(membership.user.passwordHash).toMatch(/^scrypt\$/);
    expect(membership.company.creditStatus).toBe("PREPAY");

    const [mail] = await test.db.outboxMessage.findMany({ where: { to: "olga@example.com" } });
    expect(mail?.locale).toBe("ru");
    expect(mail?.subject).toMatch(/[А-Яа-я]/);
    expect(mail?.text).toContain("/ru/verify-email?token=");
    expect(mail?.html).toContain('lang="ru"');

    expect(await test.db.session.count({ where: { userId } })).toBe(0);
    expect(await test.db.auditEvent.count({ where: { action: "company.registered", entityId: companyId } })).toBe(1);

    expect(await verifyEmail(test.db, linkToken(mail!.text), meta)).toBe(userId);
    expect((await test.db.user.findUniqueOrThrow({ where: { id: userId } })).emailVerifiedAt).not.toBeNull();
    expect(await verifyEmail(test.db, linkToken(mail!.text), meta)).toBeNull();
  });

  it("refuses a taken credit code and writes nothing", async () => {
    const first = signUp();
    await registerCompany(test.db, first, meta);
    const before = await test.db.company.count();
    await expectAppError(
      registerCompany(test.db, { ...signUp(), creditCode: first.creditCode }, meta),
      "creditCodeTaken",
    );
    expect(await test.db.company.count()).toBe(before);
  });

  it("answers a taken e-mail address as a new one, writes nothing, and tells the owner instead", async () => {
    const owner = signUp({ locale: "de" });
    await registerCompany(test.db, owner, meta);
    const before = { companies: await test.db.company.count(), users: await test.db.user.count() };
    const outsider = { ipAddress: "203.0.113.50", userAgent: null };
    await expect(registerCompany(test.db, { ...signUp(), email: owner.email }, outsider)).resolves.toBeNull();
    expect({ companies: await test.db.company.count(), users: await test.db.user.count() }).toEqual(before);
    const notice = await test.db.outboxMessage.findFirstOrThrow({
      where: { to: owner.email, template: "registrationAttempt" },
    });
    expect(notice.locale).toBe("de");
    expect(notice.text).toContain("/de/forgot-password");
    expect(notice.text).not.toMatch(/token=/);
    // Nobody is signed in by registering, whether the address was new or not.
    expect(await test.db.session.count({ where: { user: { email: owner.email } } })).toBe(0);
  });

  it("lets only one of two simultaneous sign-ups with the same credit code through", async () => {
    const a = signUp();
    const results = await Promise.allSettled([
      registerCompany(test.db, a, meta),
      registerCompany(test.db, { ...signUp(), creditCode: a.creditCode }, meta),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
    expect((refused.reason as AppError).code).toBe("creditCodeTaken");
    expect(await test.db.company.count({ where: { creditCode: a.creditCode } })).toBe(1);
  });

  it("refuses a common password on the server", async () => {
    await expectAppError(
      registerCompany(test.db, { ...signUp(), password: "password123" }, meta),
      "password.tooCommon",
    );
  });
});

describe(`signing in (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("gives the same answer for a wrong password and an unknown address", async () => {
    const input = signUp();
    await registerCompany(test.db, input, meta);
    await expectAppError(signIn(test.db, { email: input.email, password: "wrong password!!" }, meta), "signInFailed");
    await expectAppError(
      signIn(test.db, { email: "nobody@example.com", password: "wrong password!!" }, meta),
      "signInFailed",
    );
    const { user, cookie } = await signIn(
      test.db,
      { email: input.email.toUpperCase(), password: input.password },
      meta,
    );
    expect(user.email).toBe(input.email);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it("lets at most 5 of 50 simultaneous wrong passwords for one account from one address reach the check", async () => {
    const input = signUp();
    await registerCompany(test.db, input, meta);
    const attacker = { ipAddress: "203.0.113.9", userAgent: null };
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => signIn(test.db, { email: input.email, password: `guess ${i}` }, attacker)),
    );
    const codes = results.map((result) => (result.status === "rejected" ? (result.reason as AppError).code : "ok"));
    expect(codes.filter((code) => code === "signInFailed")).toHaveLength(5);
    expect(codes.filter((code) => code === "tooManyAttempts")).toHaveLength(45);
    // Only the attempts that reached the password check are audited as failed.
    expect(
      await test.db.auditEvent.count({ where: { action: "auth.sign_in_failed", ipAddress: attacker.ipAddress } }),
    ).toBe(5);
  });

  it("lets the owner in from another address while an attacker's address is locked out of the account", async () => {
    const input = signUp();
    await registerCompany(test.db, input, meta);
    const attacker = { ipAddress: "203.0.113.10", userAgent: null };
    for (let i = 0; i < 6; i += 1) {
      await expect(signIn(test.db, { email: input.email, password: `guess ${i}` }, attacker)).rejects.toBeInstanceOf(
        AppError,
      );
    }
    await expectAppError(
      signIn(test.db, { email: input.email, password: input.password }, attacker),
      "tooManyAttempts",
    );
    const owner = { ipAddress: "198.51.100.200", userAgent: null };
    await expect(signIn(test.db, { email: input.email, password: input.password }, owner)).resolves.toBeTruthy();
    // The same holds for an address without an account: the answers do not tell them apart.
    for (let i = 0; i < 5; i += 1) {
      await expectAppError(
        signIn(test.db, { email: "ghost@example.com", password: `guess ${i}` }, attacker),
        "signInFailed",
      );
    }
    await expectAppError(
      signIn(test.db, { email: "ghost@example.com", password: "guess 5" }, attacker),
      "tooManyAttempts",
    );
    const later = new Date(Date.now() + 16 * 60_000);
    await expectAppError(
      signIn(test.db, { email: "ghost@example.com", password: "guess 6" }, attacker, later),
      "signInFailed",
    );
  });

  it("slows a brute force spread over many addresses with a growing delay, which a password reset ends", async () => {
    const input = signUp();
    await registerCompany(test.db, input, meta);
    const from = (i: number) => ({ ipAddress: `192.0.2.${i}`, userAgent: null });
    const start = new Date();
    // 50 addresses at once: only the 10 free attempts of the day reach the check.
    const burst = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        signIn(test.db, { email: input.email, password: `guess ${i}` }, from(i), start),
      ),
    );
    const codes = burst.map((result) => (result as PromiseRejectedResult).reason.code as string);
    expect(codes.filter((code) => code === "signInFailed")).toHaveLength(10);
    // Then one attempt after 1 minute, the next after 2 more, then 4 …
    const at = (ms: number) => new Date(start.getTime() + ms);
    await expectAppError(
      signIn(test.db, { email: input.email, password: "x1" }, from(60), at(59_000)),
      "tooManyAttempts",
    );
    await expectAppError(signIn(test.db, { email: input.email, password: "x2" }, from(61), at(60_000)), "signInFailed");
    await expectAppError(
      signIn(test.db, { email: input.email, password: "x3" }, from(62), at(60_000 + 119_000)),
      "tooManyAttempts",
    );
    await expectAppError(
      signIn(test.db, { email: input.email, password: "x4" }, from(63), at(60_000 + 120_000)),
      "signInFailed",
    );
    // Even the right password waits its turn …
    await expectAppError(
      signIn(test.db, { email: input.email, password: input.password }, meta, at(60_000 + 121_000)),
      "tooManyAttempts",
    );
    // … until a password reset proves the owner.
    await requestPasswordReset(test.db, input.email, meta);
    const mail = await test.db.outboxMessage.findFirstOrThrow({
      where: { to: input.email, template: "resetPassword" },
    });
    await resetPassword(test.db, linkToken(mail.text), "A fresh password for rail", meta);
    await expect(
      signIn(test.db, { email: input.email, password: "A fresh password for rail" }, meta, at(60_000 + 122_000)),
    ).resolves.toBeTruthy();
  });

  it("stops an address after many failures across accounts, but not for its successful sign-ins", async () => {
    const input = signUp();
    await registerCompany(test.db, input, { ipAddress: "198.18.5.250", userAgent: null });
    const office = { ipAddress: "198.18.5.44", userAgent: null };
    for (let i = 0; i < 3; i += 1) {
      await signIn(test.db, { email: input.email, password: input.password }, office);
    }
    const failures = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) =>
        signIn(test.db, { email: `someone${i}@example.com`, password: "not it at all" }, office),
      ),
    );
    const codes = failures.map((result) => (result as PromiseRejectedResult).reason.code as string);
    // 50 failures per address in 15 minutes; the three sign-ins before did not use any of them.
    expect(codes.filter((code) => code === "signInFailed")).toHaveLength(50);
    await expectAppError(
      signIn(test.db, { email: "fresh@example.com", password: "not it at all" }, office),
      "tooManyAttempts",
    );
  });

  it("ends every other session on request", async () => {
    const input = signUp();
    const { userId, cookie } = await register(input);
    const second = await signIn(test.db, { email: input.email, password: input.password }, meta);
    const current = await findSession(test.db, cookieRequest(second.cookie));
    expect(await endOtherSessions(test.db, userId, current!.id)).toBe(1);
    expect(await findSession(test.db, cookieRequest(cookie))).toBeNull();
    expect(await findSession(test.db, cookieRequest(second.cookie))).not.toBeNull();
  });
});

describe(`e-mailed links (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("resets a password once, within the hour, and signs out everywhere", async () => {
    const input = signUp({ locale: "de" });
    const { cookie } = await register(input);
    await requestPasswordReset(test.db, input.email, meta);
    const mail = await test.db.outboxMessage.findFirstOrThrow({
      where: { to: input.email, template: "resetPassword" },
    });
    expect(mail.locale).toBe("de");
    const token = linkToken(mail.text);

    await expectAppError(resetPassword(test.db, token, "short", meta), "password.tooShort");
    await resetPassword(test.db, token, "A new password for rail", meta);
    await expectAppError(resetPassword(test.db, token, "Another new password", meta), "linkInvalid");
    expect(await findSession(test.db, cookieRequest(cookie))).toBeNull();
    await expect(
      signIn(test.db, { email: input.email, password: "A new password for rail" }, meta),
    ).resolves.toBeTruthy();
  });

  it("sends nothing for an unknown address and says nothing different", async () => {
    const before = await test.db.outboxMessage.count();
    await expect(requestPasswordReset(test.db, "nobody@example.com", meta)).resolves.toBeUndefined();
    expect(await test.db.outboxMessage.count()).toBe(before);
  });

  it("expires links and keeps only the newest one of a kind", async () => {
    const { userId } = await register(signUp());
    const now = new Date("2026-12-01T00:00:00Z");
    const old = await issueLink(test.db, userId, "RESET_PASSWORD", now);
    const fresh = await issueLink(test.db, userId, "RESET_PASSWORD", now);
    expect(await consumeLink(test.db, old, "RESET_PASSWORD", now)).toBeNull();
    const anHourLater = new Date(now.getTime() + 3_600_001);
    expect(await consumeLink(test.db, fresh, "RESET_PASSWORD", anHourLater)).toBeNull();
    const third = await issueLink(test.db, userId, "RESET_PASSWORD", now);
    expect(await consumeLink(test.db, third, "VERIFY_EMAIL", now)).toBeNull();
    expect(await consumeLink(test.db, third, "RESET_PASSWORD", now)).toBe(userId);
  });
});

describe(`profile and password (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("changes the password only with the current one, and signs out the other sessions", async () => {
    const input = signUp();
    const { cookie } = await register(input);
    const second = await signIn(test.db, { email: input.email, password: input.password }, meta);
    const current = (await findSession(test.db, cookieRequest(second.cookie)))!;
    await expectAppError(
      changePassword(test.db, current, { currentPassword: "not the password", password: "A brand new password" }, meta),
      "currentPasswordWrong",
    );
    await changePassword(test.db, current, { currentPassword: input.password, password: "A brand new password" }, meta);
    expect(await findSession(test.db, cookieRequest(cookie))).toBeNull();
    expect(await findSession(test.db, cookieRequest(second.cookie))).not.toBeNull();
    await expect(signIn(test.db, { email: input.email, password: "A brand new password" }, meta)).resolves.toBeTruthy();
  });

  it("keeps the chosen language and time zone, and audits the change", async () => {
    const { userId } = await register(signUp());
    await updateProfile(test.db, userId, { name: "Wang Fang", locale: "de", timeZone: "Europe/Berlin" }, meta);
    expect(await test.db.user.findUniqueOrThrow({ where: { id: userId } })).toMatchObject({
      locale: "de",
      timeZone: "Europe/Berlin",
    });
    const audit = await test.db.auditEvent.findFirstOrThrow({
      where: { action: "user.profile_updated", entityId: userId },
    });
    expect(JSON.parse(audit.before!)).toMatchObject({ locale: "zh-CN" });
  });
});
