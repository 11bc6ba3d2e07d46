import fs from "node:fs";
import type { Page } from "@playwright/test";
import { freshCompany } from "./support/accounts";
import { seriousAxeViolations } from "./support/axe";
import { openDeparture } from "./support/booking";
import { MAIL_FOLDER } from "./support/environment";
import { expect, test } from "./support/fixtures";
import { waitForMail } from "./support/mailbox";

/** Registers a company and confirms its admin's address from the e-mail, which signs them in. */
async function registerAndConfirm(page: Page, company: { creditCode: string; email: string }, password: string) {
  await page.goto("/zh-CN/register");
  await fillRegistration(page, company, password);
  await page.getByRole("button", { name: "注册" }).click();
  await expect(page).toHaveURL(/\/zh-CN\/login$/);
  const mail = await waitForMail(MAIL_FOLDER, company.email, /请确认您在丝路通的电子邮箱/);
  const link = new URL(/https?:\/\/\S+\/zh-CN\/verify-email\?token=[\w-]+/.exec(mail.text)![0]);
  await page.goto(link.pathname + link.search);
  await page.getByRole("button", { name: "确认我的电子邮箱" }).click();
  await expect(page).toHaveURL(/\/zh-CN\/account$/);
}

async function fillRegistration(page: Page, company: { creditCode: string; email: string }, password: string) {
  await page.getByLabel("企业中文名称").fill("兰州丝路进出口有限公司");
  await page.getByLabel("企业英文（拉丁字母）名称").fill("Lanzhou Silk Road Import & Export Co., Ltd.");
  await page.getByLabel("统一社会信用代码").fill(company.creditCode);
  await page.getByLabel("注册地址").fill("甘肃省兰州市城关区东岗西路 1 号");
  await page.getByLabel("联系电话").fill("+86 931 800 0000");
  await page.getByLabel("您的姓名").fill("王芳");
  await page.getByLabel("电子邮箱").fill(company.email);
  await page.getByLabel("密码", { exact: true }).fill(password);
  await page.getByLabel("再次输入密码").fill(password);
}

test("zh-CN: register a company, confirm the e-mail from the message received, sign out and in again", async ({
  page,
}) => {
  const company = freshCompany();
  const password = "丝绸之路 Lanzhou 2026";
  await page.goto("/zh-CN/register");
  await fillRegistration(page, company, password);
  await page.getByRole("button", { name: "注册" }).click();

  // Nobody is signed in by registering: the same answer comes whether or not the address had an account.
  await expect(page).toHaveURL(/\/zh-CN\/login$/);
  await expect(page.getByRole("status")).toContainText("请查收邮件");

  const mail = await waitForMail(MAIL_FOLDER, company.email, /请确认您在丝路通的电子邮箱/);
  expect(mail.text).toContain("王芳，您好");
  const link = /https?:\/\/\S+\/zh-CN\/verify-email\?token=[\w-]+/.exec(mail.text)?.[0];
  expect(link).toBeTruthy();
  await page.goto(new URL(link!).pathname + new URL(link!).search);
  await page.getByRole("button", { name: "确认我的电子邮箱" }).click();

  // Confirming the address signs the new admin in.
  await expect(page).toHaveURL(/\/zh-CN\/account$/);
  await expect(page.getByRole("status")).toContainText("欢迎");
  await expect(page.getByText("兰州丝路进出口有限公司")).toBeVisible();

  await page.goto("/zh-CN/account");
  await expect(page.getByText("您的电子邮箱尚未确认")).toHaveCount(0);
  await page.getByRole("button", { name: "退出" }).click();
  await expect(page).toHaveURL(/\/zh-CN\/login$/);
  await expect(page.getByRole("status")).toContainText("您已退出");

  await page.getByLabel("电子邮箱").fill(company.email);
  await page.getByLabel("密码").fill("not the password");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("alert")).toHaveText("电子邮箱或密码不正确。");
  await expect(page.getByLabel("电子邮箱")).toHaveValue(company.email);

  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/zh-CN\/account$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("我的账户");
});

test("zh-CN: a visitor who registers on the way to booking comes back to that departure once confirmed", async ({
  page,
  server,
}) => {
  const departureId = await openDeparture(server.db, "LAZ-DUI-AKL", "45G1", 1);
  const departurePath = `/zh-CN/departures/${departureId}`;
  await page.goto(departurePath);
  await page.getByRole("link", { name: "登录后预订此班次" }).click();
  await expect(page).toHaveURL(new RegExp(`/zh-CN/login\\?redirectTo=${encodeURIComponent(departurePath)}$`));
  // "Register" keeps where the visitor was going.
  await page.getByRole("link", { name: "企业注册" }).click();
  await expect(page).toHaveURL(new RegExp(`/zh-CN/register\\?redirectTo=${encodeURIComponent(departurePath)}$`));
  expect(await seriousAxeViolations(page)).toEqual([]);
  const company = freshCompany();
  await fillRegistration(page, company, "Lanzhou to Duisburg 2026");
  await page.getByRole("button", { name: "注册" }).click();
  await expect(page).toHaveURL(/\/zh-CN\/login\?redirectTo=/);
  await expect(page.getByRole("status")).toContainText("请查收邮件");

  const mail = await waitForMail(MAIL_FOLDER, company.email, /请确认您在丝路通的电子邮箱/);
  const link = new URL(/https?:\/\/\S+\/zh-CN\/verify-email\?token=[\w-]+/.exec(mail.text)![0]);
  await page.goto(link.pathname + link.search);
  await page.getByRole("button", { name: "确认我的电子邮箱" }).click();
  // Signed in, welcomed, and back at the departure, ready to book it.
  await expect(page).toHaveURL(new RegExp(`${departurePath}$`));
  await expect(page.getByRole("status")).toContainText("欢迎");
  await expect(page.getByRole("button", { name: "预订此班次" })).toBeVisible();
  expect(await seriousAxeViolations(page)).toEqual([]);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("zh-CN: a bad registration shows each message at its field, keeps the other input, never echoes the password", async ({
    page,
  }) => {
    const company = freshCompany();
    await page.goto("/zh-CN/register");
    await fillRegistration(page, { ...company, creditCode: "91350100M000100Y44" }, "Lanzhou-Duisburg by rail");
    await page.getByLabel("再次输入密码").fill("something else entirely");
    await page.getByRole("button", { name: "注册" }).click();

    await expect(page.locator("#field-creditCode-error")).toHaveText("统一社会信用代码无效，请核对 18 位代码。");
    await expect(page.locator("#field-confirmPassword-error")).toHaveText("两次输入的密码不一致。");
    await expect(page.getByLabel("统一社会信用代码")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("企业中文名称")).toHaveValue("兰州丝路进出口有限公司");
    await expect(page.getByLabel("电子邮箱")).toHaveValue(company.email);
    await expect(page.getByLabel("密码", { exact: true })).toHaveValue("");
  });
});

test("en: reset a forgotten password through the e-mailed link", async ({ page }) => {
  const company = freshCompany();
  await registerAndConfirm(page, company, "First password for rail");
  await page.getByRole("button", { name: "退出" }).click();

  await page.goto("/en/forgot-password");
  await page.getByLabel("E-mail address").fill(company.email);
  await page.getByRole("button", { name: "Send link" }).click();
  await expect(page.getByRole("status")).toContainText("If an account uses this address");

  // The account's language is zh-CN, so the message is in Chinese whatever page asked for it.
  const mail = await waitForMail(MAIL_FOLDER, company.email, /重置您的丝路通密码/);
  const link = new URL(/https?:\/\/\S+reset-password\?token=[\w-]+/.exec(mail.text)![0]);
  await page.goto(`/en/reset-password${link.search}`);
  await page.getByLabel("New password", { exact: true }).fill("Second password for rail");
  await page.getByLabel("Repeat the new password").fill("Second password for rail");
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page).toHaveURL(/\/en\/login$/);
  await expect(page.getByRole("status")).toContainText("Your password is changed");

  await page.getByLabel("E-mail address").fill(company.email);
  await page.getByLabel("Password").fill("Second password for rail");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/en\/account$/);
});

test("a cross-site form post is refused", async ({ request }) => {
  const response = await request.post("/en/login", {
    headers: { Origin: "https://evil.example" },
    form: { email: "a@example.com", password: "whatever it is" },
  });
  expect(response.status()).toBe(403);
});

test("HTML responses carry the security headers with a per-response script nonce", async ({ request }) => {
  // A page that is never public (the anonymous board's scripts are allowed by hash: e2e/http-caching.spec.ts).
  const first = await request.get("/en/login");
  const second = await request.get("/en/login");
  const csp = first.headers()["content-security-policy"] ?? "";
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  expect(second.headers()["content-security-policy"]).not.toBe(csp);
  expect(first.headers()["x-content-type-options"]).toBe("nosniff");
  expect(first.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  const nonce = /'nonce-([^']+)'/.exec(csp)![1];
  const html = await first.text();
  expect(html).toContain(`nonce="${nonce}"`);
});

test("zh-CN: an admin invites a colleague and a partner; the colleague joins, the partner accepts in Russian", async ({
  page,
  browser,
}) => {
  const company = freshCompany();
  await registerAndConfirm(page, company, "Lanzhou-Duisburg by rail");

  await page.getByRole("link", { name: "公司" }).click();
  await expect(page).toHaveURL(/\/zh-CN\/company$/);
  const colleagueEmail = `colleague.${company.email}`;
  await page.getByLabel("同事的电子邮箱").fill(colleagueEmail);
  await page.locator("#colleague-role").selectOption("BOOKER");
  await page
    .locator("section", { has: page.getByLabel("同事的电子邮箱") })
    .getByRole("button", { name: "发送邀请" })
    .click();
  await expect(page.getByRole("status")).toContainText(colleagueEmail);

  const partnerEmail = `partner.${company.email}`;
  await page.getByLabel("合作伙伴的电子邮箱").fill(partnerEmail);
  await page.locator("#partner-locale").selectOption("ru");
  await page
    .locator("section", { has: page.getByLabel("合作伙伴的电子邮箱") })
    .getByRole("button", { name: "发送邀请" })
    .click();
  await expect(page.getByRole("status")).toContainText(partnerEmail);

  // The colleague, in a browser of their own.
  const colleagueMail = await waitForMail(MAIL_FOLDER, colleagueEmail, /邀请您加入公司在丝路通的团队/);
  const colleagueLink = new URL(/https?:\/\/\S+invitations\/accept\?token=[\w-]+/.exec(colleagueMail.text)![0]);
  const colleagueContext = await browser.newContext();
  const colleague = await colleagueContext.newPage();
  await colleague.goto(colleagueLink.pathname + colleagueLink.search);
  await colleague.locator("#field-name").fill("李强");
  await colleague.locator("#field-password").fill("Booking trains from Lanzhou");
  await colleague.getByRole("button", { name: "接受邀请" }).click();
  await expect(colleague).toHaveURL(/\/zh-CN\/account$/);
  await expect(colleague.getByText("兰州丝路进出口有限公司")).toBeVisible();
  await expect(colleague.getByText("订舱员")).toBeVisible();
  await colleagueContext.close();

  // The partner opens the Russian link and chooses Russian and Moscow time.
  const partnerMail = await waitForMail(MAIL_FOLDER, partnerEmail, /[А-Яа-я]/);
  const partnerLink = new URL(/https?:\/\/\S+\/ru\/invitations\/accept\?token=[\w-]+/.exec(partnerMail.text)![0]);
  const partnerContext = await browser.newContext({ locale: "ru-RU" });
  const partner = await partnerContext.newPage();
  await partner.goto(partnerLink.pathname + partnerLink.search);
  await expect(partner.locator("html")).toHaveAttribute("lang", "ru");
  await partner.locator("#field-name").fill("Ольга Петрова");
  await partner.locator("#field-password").fill("Poezd iz Lanchzhou 2026");
  await partner.locator("#accept-locale").selectOption("ru");
  await partner.locator("#accept-timeZone").selectOption("Europe/Moscow");
  await partner.locator("form.stacked-form button[type=submit]").click();
  await expect(partner).toHaveURL(/\/ru\/account$/);
  await expect(partner.locator("html")).toHaveAttribute("lang", "ru");
  const russian = JSON.parse(fs.readFileSync("locales/ru/account.json", "utf8")) as { account: { title: string } };
  await expect(partner.getByRole("heading", { level: 1 })).toHaveText(russian.account.title);
  await expect(partner.getByRole("heading", { level: 1 })).toHaveText(/[А-Яа-я]/);
  await partnerContext.close();
});

test("Lanzhou port staff sign in and land on their port's console", async ({ page, signInAs }) => {
  await signInAs(page, "staff.lanzhou@silu-gateway.example");
  // The sign-in page sends whoever is signed in to where signing in lands them.
  await page.goto("/zh-CN/login");
  await expect(page).toHaveURL(/\/zh-CN\/staff$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("口岸工作台");
  await expect(page.getByTestId("staff-ports")).toContainText("兰州国际陆港");
  // The week's departures from their ports, on the dashboard.
  await expect(page.getByTestId("dashboard-week").getByRole("listitem").first()).toContainText("兰州");
});

test("the platform admin lands on administration and puts a company on account", async ({
  page,
  signInAs,
  newExporter,
}) => {
  // A prepaying company of the test's own (the demo companies' terms stay as seeded).
  const { companyName } = await newExporter({ role: "ADMIN", creditStatus: "PREPAY" });
  await signInAs(page, "admin@silu-gateway.example");
  await page.goto("/en/login");
  await expect(page).toHaveURL(/\/en\/admin$/);
  const select = page.getByLabel(`Credit status of ${companyName}`);
  await expect(select).toHaveValue("PREPAY");
  await select.selectOption("ON_ACCOUNT");
  await select.locator("xpath=ancestor::form").getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved.");
  await page.reload();
  await expect(page.getByLabel(`Credit status of ${companyName}`)).toHaveValue("ON_ACCOUNT");

  // Places: correct Jiayuguan's English name; the change shows at once.
  await page.getByRole("link", { name: "Jiayuguan Airport" }).click();
  await expect(page).toHaveURL(/\/en\/admin\/ports\/CNJGN$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Jiayuguan");
  await page.getByLabel("English").fill("Jiayuguan Jiuquan Airport");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/en\/admin$/);
  await expect(page.getByRole("status")).toHaveText("Saved.");
  await expect(page.getByRole("link", { name: "Jiayuguan Jiuquan Airport" })).toBeVisible();

  // And back: places are reference data the worker's other tests share.
  await page.getByRole("link", { name: "Jiayuguan Jiuquan Airport" }).click();
  await page.getByLabel("English").fill("Jiayuguan Airport");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("link", { name: "Jiayuguan Airport" })).toBeVisible();
});
