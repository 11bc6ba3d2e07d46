import { loadActor } from "../app/domain/identity/actor.server";
import { approveWaybillDraft, submitWaybillDraft } from "../app/domain/waybill/draft-waybill.server";
import { issueWaybill } from "../app/domain/waybill/issue-waybill.server";
import { submitDemoInstructions } from "../tests/support/waybill";
import { seriousAxeViolations } from "./support/axe";
import { holdHighCubesZh } from "./support/booking";
import { expect, test } from "./support/fixtures";

// The waybill's own screens are others' work: the instructions, draft, approval and issue are made
// through the domain; the sharing page and the partner's tracking page are the real ones.
test("de: an exporter shares a booking with one partner, who sees it and its waybill on /de/track; the other partner does not", async ({
  page,
  browser,
  server,
  signInAs,
  newExporter,
}) => {
  const { email } = await newExporter({ role: "BOOKER", creditStatus: "ON_ACCOUNT" });
  await signInAs(page, email);
  const reference = await holdHighCubesZh(page, server.db, 2);
  await page.getByTestId("payment-section").getByLabel("我接受上述取消条款").check();
  await page.getByTestId("payment-section").getByRole("button", { name: "月结（账期）确认" }).click();
  await expect(page.getByTestId("booking-status")).toHaveText("已确认");

  // Two partners of the exporter's company, both reading German in Berlin.
  const { companyId } = await server.db.membership.findFirstOrThrow({ where: { user: { email } } });
  const partner = async (name: string) => {
    const address = `${name.toLowerCase().replace(" ", ".")}.${Date.now()}@duisburg-logistics.example`;
    await server.db.user.create({
      data: {
        email: address,
        name,
        passwordHash: "scrypt$unused",
        kind: "PARTNER",
        locale: "de",
        timeZone: "Europe/Berlin",
        emailVerifiedAt: new Date(),
        partnerLinks: { create: { companyId } },
      },
    });
    return address;
  };
  const klaus = await partner("Klaus Weber");
  const petra = await partner("Petra Lang");

  // The exporter ticks Klaus only — in a browser without JavaScript: the page is a plain form.
  await page.getByRole("link", { name: "关注这批货物的合作伙伴" }).click();
  await expect(page).toHaveURL(new RegExp(`/zh-CN/bookings/${reference}/partners$`));
  const plain = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await signInAs(plain, email);
  await plain.goto(`/zh-CN/bookings/${reference}/partners`);
  await expect(plain.getByRole("heading", { level: 1 })).toHaveText(`关注订舱 ${reference} 的合作伙伴`);
  await expect(plain.getByTestId("booking-partners")).toContainText(klaus);
  await expect(plain.getByTestId("booking-partners")).toContainText(petra);
  await plain.getByLabel("跟踪这批货物: Klaus Weber").check();
  await plain.getByRole("button", { name: "保存" }).click();
  await expect(plain.getByRole("status")).toHaveText("已保存：您勾选的合作伙伴可以跟踪这批货物。");
  await expect(plain.getByLabel("跟踪这批货物: Klaus Weber")).toBeChecked();
  await expect(plain.getByLabel("跟踪这批货物: Petra Lang")).not.toBeChecked();
  await plain.context().close();
  // The exporter's own (scripted) page shows the same choice.
  await page.reload();
  await expect(page.getByLabel("跟踪这批货物: Klaus Weber")).toBeChecked();
  expect(await seriousAxeViolations(page)).toEqual([]);

  const actorOf = async (address: string) =>
    loadActor(server.db, (await server.db.user.findUniqueOrThrow({ where: { email: address } })).id);
  const exporter = await actorOf(email);
  await submitDemoInstructions(server.db, exporter, reference);
  await submitWaybillDraft(server.db, { actor: exporter, reference, consigneeLocale: "de" });
  await approveWaybillDraft(server.db, { actor: exporter, reference });
  const { number } = await issueWaybill(server.db, {
    actor: await actorOf("staff.lanzhou@silu-gateway.example"),
    reference,
  });

  // Klaus, in German: his tracking page lists the consignment with its waybill and links.
  const klausPage = await (await browser.newContext({ locale: "de-DE" })).newPage();
  await signInAs(klausPage, klaus);
  // Signed in, a partner lands on tracking; it is also in their navigation.
  await klausPage.goto("/de/login");
  await expect(klausPage).toHaveURL(/\/de\/track$/);
  await klausPage.goto("/de/account");
  await klausPage.getByRole("link", { name: "Sendungsverfolgung" }).first().click();
  await expect(klausPage).toHaveURL(/\/de\/track$/);
  await expect(klausPage.getByRole("heading", { level: 1 })).toHaveText("Sendungsverfolgung");
  const row = klausPage.getByTestId(`consignment-${reference}`);
  await expect(row).toContainText("Gansu Test Export Co., Ltd.");
  await expect(row).toContainText(number);
  await expect(row).toContainText("Ausgestellt");
  await expect(row).toContainText("Version 1");
  // No prices on a partner's page.
  await expect(klausPage.locator("main")).not.toContainText(/USD|CNY|EUR/);
  expect(await seriousAxeViolations(klausPage)).toEqual([]);
  const pdfLink = row.getByRole("link", { name: "PDF" });
  const pdf = await klausPage.request.get((await pdfLink.getAttribute("href"))!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  const json = await klausPage.request.get((await row.getByRole("link", { name: "JSON" }).getAttribute("href"))!);
  expect(await json.json()).toMatchObject({ number, version: 1, bookingReference: reference });

  // Petra was not ticked: nothing on her page, and the waybill's address answers 404.
  const petraPage = await (await browser.newContext({ locale: "de-DE" })).newPage();
  await signInAs(petraPage, petra);
  await petraPage.goto("/de/track");
  await expect(petraPage.getByText("Es wurde noch keine Sendung für Sie freigegeben.")).toBeVisible();
  await expect(petraPage.getByText(reference)).toHaveCount(0);
  expect((await petraPage.request.get(`/de/waybills/${number}.pdf`)).status()).toBe(404);
  expect((await petraPage.request.get(`/de/waybills/${number}.json`)).status()).toBe(404);
});
