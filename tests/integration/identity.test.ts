import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { creditCodeCheckCharacter } from "~/domain/identity/credit-code";
import {
  consumeLink,
  issueLink,
  requestPasswordReset,
  requestPasswordResetInBackground,
  resendVerificationEmail,
  resetPassword,
  verifyEmail,
} from "~/domain/identity/email-links.server";
import { changePassword, updateProfile } from "~/domain/identity/profile.server";
import { confirmRegistration, registerCompany } from "~/domain/identity/register-company.server";
import { endOtherSessions, findSession, type RequestMeta } from "~/domain/identity/session.server";
import { signIn } from "~/domain/identity/sign-in.server";
import { deviceTokens, rememberDevice } from "~/domain/identity/known-devices.server";
import { RegisterCompanySchema, type RegisterCompanyInput } from "~/schemas/identity";
import { AppError } from "~/utils/app-error";
import { createCompanyAccount, mailedToken as mailedTokenOf } from "../support/accounts";
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

const mailedToken = (email: string) => mailedTokenOf(test.db, email);
const createAccount = (input: RegisterCompanyInput, from: RequestMeta = meta) =>
  createCompanyAccount(test.db, input, from);

/** An account, signed in. */
async function register(input: RegisterCompanyInput) {
  const created = await createAccount(input);
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
  it("creates the company and its admin only when the e-mailed link is used, in the user's language", async () => {
    const input = signUp({ locale: "ru", email: "olga@example.com" });
    const before = { companies: await test.db.company.count(), users: await test.db.user.count() };
    await registerCompany(test.db, input, meta);
    // Until the link is used, nothing exists that could tell anyone about the address.
    expect({ companies: await test.db.company.count(), users: await test.db.user.count() }).toEqual(before);
    await expectAppError(signIn(test.db, { email: input.email, password: input.password }, meta), "signInFailed");

    const [mail] = await test.db.outboxMessage.findMany({ where: { to: "olga@example.com" } });
    expect(mail?.locale).toBe("ru");
    expect(mail?.subject).toMatch(/[А-Яа-я]/);
    expect(mail?.text).toContain("/ru/verify-email?token=");
    expect(mail?.html).toContain('lang="ru"');

    const token = linkToken(mail!.text);
    const [first, second] = await Promise.all([
      confirmRegistration(test.db, token, meta),
      confirmRegistration(test.db, token, meta),
    ]);
    const created = (first ?? second)!;
    expect([first, second].filter(Boolean)).toHaveLength(1);
    const membership = await test.db.membership.findFirstOrThrow({
      where: { companyId: created.companyId },
      include: { user: true, company: true },
    });
    expect(membership.role).toBe("ADMIN");
    expect(membership.user).toMatchObject({ email: "olga@example.com", locale: "ru" });
    expect(membership.user.emailVerifiedAt).not.toBeNull();
    expect(membership.user.passwordHash).toMatch(/^scrypt\$/);
    expect(membership.company.creditStatus).toBe("PREPAY");
    expect(await test.db.pendingRegistration.count({ where: { email: input.email } })).toBe(0);
    expect(
      await test.db.auditEvent.count({ where: { action: "company.registered", entityId: created.companyId } }),
    ).toBe(1);
    await expect(signIn(test.db, { email: input.email, password: input.password }, meta)).resolves.toBeTruthy();
  });

  it("brings the new admin back to where the registration started, and only to a path of this site", async () => {
    const cases = [
      {
        redirectTo: "/de/departures/clx0departure0001?from=board",
        returnTo: "/de/departures/clx0departure0001?from=board",
      },
      { redirectTo: "//evil.example/de/departures", returnTo: null },
      { redirectTo: "https://evil.example/", returnTo: null },
      { redirectTo: undefined, returnTo: null },
    ];
    for (const { redirectTo, returnTo } of cases) {
      const input = signUp(redirectTo === undefined ? {} : { redirectTo });
      await registerCompany(test.db, input, meta);
      const confirmed = await confirmRegistration(test.db, await mailedToken(input.email), meta);
      expect(confirmed?.returnTo).toBe(returnTo);
    }
  });

  it("refuses the credit code of a registered company and writes nothing", async () => {
    const first = signUp();
    await createAccount(first);
    const before = await test.db.company.count();
    await expectAppError(
      registerCompany(test.db, { ...signUp(), creditCode: first.creditCode }, meta),
      "creditCodeTaken",
    );
    expect(await test.db.company.count()).toBe(before);
  });

  it("answers a taken e-mail address exactly as a new one, leaves no trace, and tells the owner", async () => {
    const owner = signUp({ locale: "de" });
    await createAccount(owner);
    const count = async () => ({
      companies: await test.db.company.count(),
      users: await test.db.user.count(),
      sessions: await test.db.session.count({ where: { user: { email: owner.email } } }),
    });
    const before = await count();
    const outsider = { ipAddress: "203.0.113.50", userAgent: null };
    const taken = { ...signUp(), email: owner.email };
    await expect(registerCompany(test.db, taken, outsider)).resolves.toBeUndefined();
    expect(await count()).toEqual(before);
    const notice = await test.db.outboxMessage.findFirstOrThrow({
      where: { to: owner.email, template: "registrationAttempt" },
    });
    expect(notice.locale).toBe("de");
    expect(notice.text).toContain("/de/forgot-password");
    expect(notice.text).not.toMatch(/token=/);
    // The credit code typed with it is no more used up than one typed with a new address: a
    // second registration with either code gets the same answer.
    const fresh = signUp();
    await registerCompany(test.db, fresh, outsider);
    await expect(
      registerCompany(test.db, { ...signUp(), creditCode: taken.creditCode }, outsider),
    ).resolves.toBeUndefined();
    await expect(
      registerCompany(test.db, { ...signUp(), creditCode: fresh.creditCode }, outsider),
    ).resolves.toBeUndefined();
  });

  it("lets only the first of two registrations with the same credit code be confirmed", async () => {
    const a = signUp();
    const b = { ...signUp(), creditCode: a.creditCode };
    await registerCompany(test.db, a, meta);
    await registerCompany(test.db, b, meta);
    const results = await Promise.allSettled([
      confirmRegistration(test.db, await mailedToken(a.email), meta),
      confirmRegistration(test.db, await mailedToken(b.email), meta),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
    expect((refused.reason as AppError).code).toBe("creditCodeTaken");
    expect(await test.db.company.count({ where: { creditCode: a.creditCode } })).toBe(1);
  });

  it("confirms an older account's address from any of the links sent, each once", async () => {
    const input = signUp({ locale: "de" });
    const { userId } = await createAccount(input);
    await test.db.user.update({ where: { id: userId }, data: { emailVerifiedAt: null } });
    await resendVerificationEmail(test.db, userId, meta);
    await resendVerificationEmail(test.db, userId, meta);
    const links = await test.db.outboxMessage.findMany({
      where: { to: input.email, template: "verifyEmail" },
      orderBy: { createdAt: "asc" },
    });
    // The registration's link was used; of the two sent again, the older one still works.
    expect(links).toHaveLength(3);
    expect(await verifyEmail(test.db, linkToken(links[1]!.text), meta)).toBe(userId);
    expect((await test.db.user.findUniqueOrThrow({ where: { id: userId } })).emailVerifiedAt).not.toBeNull();
    expect(await verifyEmail(test.db, linkToken(links[1]!.text), meta)).toBeNull();
    expect(await verifyEmail(test.db, linkToken(links[2]!.text), meta)).toBe(userId);
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
    await createAccount(input);
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
    await createAccount(input);
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
    await createAccount(input);
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
    await createAccount(input);
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

  it("lets the owner in from a browser they signed in on before, however long strangers keep the delay going", async () => {
    const input = signUp();
    const { userId } = await createAccount(input);
    // The owner signs in once on their browser, which becomes a known device of the account.
    await signIn(test.db, { email: input.email, password: input.password }, meta);
    const setCookie = await rememberDevice(test.db, new Request("http://localhost/"), userId);
    const browser = new Request("http://localhost/", { headers: { Cookie: setCookie.split(";")[0]! } });
    const tokens = await deviceTokens(browser);
    expect(tokens).toHaveLength(1);
    const start = new Date();
    const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
    const stranger = (i: number) => ({ ipAddress: `192.0.2.${100 + i}`, userAgent: null });
    // Strangers on many addresses use up the free attempts and keep renewing the delay.
    for (let i = 0; i < 10; i += 1) {
      await expectAppError(
        signIn(test.db, { email: input.email, password: `guess ${i}` }, stranger(i), start),
        "signInFailed",
      );
    }
    const owner = { email: input.email, password: input.password };
    await expectAppError(signIn(test.db, owner, meta, at(0.5)), "tooManyAttempts");
    // The owner's browser is held only by its own limits.
    await expect(signIn(test.db, owner, meta, at(0.5), { deviceTokens: tokens })).resolves.toBeTruthy();
    // A forged cookie knows nothing, and another account's token counts for nothing here.
    const forged = new Request("http://localhost/", { headers: { Cookie: 'silu_known=["x"]' } });
    expect(await deviceTokens(forged)).toEqual([]);
  });

  it("bounds a copied device cookie on its own, and forgets every device when the password is reset", async () => {
    const input = signUp();
    const { userId } = await createAccount(input);
    const setCookie = await rememberDevice(test.db, new Request("http://localhost/"), userId);
    const tokens = await deviceTokens(
      new Request("http://localhost/", { headers: { Cookie: setCookie.split(";")[0]! } }),
    );
    const start = new Date();
    // The cookie copied to 12 addresses at once: the device's own limit lets 10 guesses through.
    const burst = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        signIn(
          test.db,
          { email: input.email, password: `guess ${i}` },
          { ipAddress: `198.18.7.${i}`, userAgent: null },
          start,
          {
            deviceTokens: tokens,
          },
        ),
      ),
    );
    const codes = burst.map((result) => (result as PromiseRejectedResult).reason.code as string);
    expect(codes.filter((code) => code === "signInFailed")).toHaveLength(10);
    expect(codes.filter((code) => code === "tooManyAttempts")).toHaveLength(2);
    // The owner resets the password: the copied cookie is a stranger's again.
    await requestPasswordReset(test.db, input.email, meta);
    await resetPassword(
      test.db,
      await mailedTokenOf(test.db, input.email, "resetPassword"),
      "A fresh password for rail",
      meta,
    );
    expect(await test.db.knownDevice.count({ where: { userId } })).toBe(0);
    const later = new Date(start.getTime() + 20 * 60_000);
    for (let i = 0; i < 10; i += 1) {
      await expectAppError(
        signIn(
          test.db,
          { email: input.email, password: `guess ${i}` },
          { ipAddress: `198.18.8.${i}`, userAgent: null },
          later,
          {
            deviceTokens: tokens,
          },
        ),
        "signInFailed",
      );
    }
    await expectAppError(
      signIn(
        test.db,
        { email: input.email, password: "guess 10" },
        { ipAddress: "198.18.8.200", userAgent: null },
        later,
        {
          deviceTokens: tokens,
        },
      ),
      "tooManyAttempts",
    );
  });

  it("stops an address after many failures across accounts, but not for its successful sign-ins", async () => {
    const input = signUp();
    await createAccount(input, { ipAddress: "198.18.5.250", userAgent: null });
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

  it("answers a reset request before the account is even looked up, and mails the link after", async () => {
    const input = signUp();
    await createAccount(input);
    const resets = () => test.db.outboxMessage.count({ where: { to: input.email, template: "resetPassword" } });
    const audits = () => test.db.auditEvent.count({ where: { action: "auth.password_reset_requested" } });
    const before = { resets: await resets(), audits: await audits() };
    // Returns at once, with nothing done yet: the page's answer cannot wait on SMTP for accounts only.
    expect(requestPasswordResetInBackground(test.db, input.email, meta)).toBeUndefined();
    expect(await resets()).toBe(before.resets);
    await vi.waitFor(async () => expect(await resets()).toBe(before.resets + 1), { timeout: 5_000 });
    expect(await audits()).toBe(before.audits + 1);
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
    await rememberDevice(test.db, new Request("http://localhost/"), current.userId);
    await changePassword(test.db, current, { currentPassword: input.password, password: "A brand new password" }, meta);
    // Browsers that knew the old password no longer skip the account-wide sign-in delay.
    expect(await test.db.knownDevice.count({ where: { userId: current.userId } })).toBe(0);
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
