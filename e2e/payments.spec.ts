import { seriousAxeViolations } from "./support/axe";
import { holdHighCubesZh } from "./support/booking";
import { MAIL_FOLDER } from "./support/environment";
import { expect, test } from "./support/fixtures";
import { waitForMail } from "./support/mailbox";

// Each journey books through the wizard first, and two browsers take turns: more than 30 s on CI.
test.describe.configure({ timeout: 90_000 });

test("bank transfer: the exporter takes an invoice, Lanzhou staff record the money, the booking is confirmed", async ({
  browser,
  server,
  signInAs,
  newExporter,
}) => {
  // A company of the test's own that pays before its bookings are confirmed, like the demo Wuwei.
  const { email } = await newExporter({ role: "ADMIN", creditStatus: "PREPAY" });
  const exporter = await (await browser.newContext()).newPage();
  await signInAs(exporter, email);
  const reference = await holdHighCubesZh(exporter, server.db, 1);

  // Bank transfer is offered to every company.
  const payment = exporter.getByTestId("payment-section");
  // The cancellation terms from then on are shown with dates and amounts, and must be accepted.
  await expect(payment.getByTestId("cancellation-terms")).toContainText("免费");
  await payment.getByLabel("我接受上述取消条款").check();
  await payment.getByRole("button", { name: "银行转账（凭付款通知书）" }).click();
  await expect(exporter.getByRole("status")).toContainText(/付款通知书 SGI-\d{4}-\d{6} 已开具/);
  await expect(exporter.getByTestId("booking-status")).toHaveText("待付款");
  const invoiceNumber = /SGI-\d{4}-\d{6}/.exec((await exporter.getByRole("status").textContent()) ?? "")![0];
  const invoiceMail = await waitForMail(
    MAIL_FOLDER,
    email,
    new RegExp(`订舱 ${reference}：付款通知书 ${invoiceNumber}`),
  );
  expect(invoiceMail.text).toContain(invoiceNumber);

  // The invoice, on screen and as a PDF.
  await payment.getByRole("link", { name: `付款通知书 ${invoiceNumber}` }).click();
  await expect(exporter.getByRole("heading", { level: 1 })).toHaveText(`付款通知书 ${invoiceNumber}`);
  await expect(exporter.getByText("BKCHCNBJ870")).toBeVisible();
  const pdf = await exporter.request.get(`/zh-CN/invoices/${invoiceNumber}/pdf`);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
  const outstanding = (await exporter.getByTestId("invoice-outstanding").textContent()) ?? "";
  const amount = outstanding.replace(/[^\d.]/g, "");
  // The exporter cannot record money themselves.
  await expect(exporter.getByRole("button", { name: "登记到账" })).toHaveCount(0);

  // Lanzhou's supervisor finds the invoice among the payments to confirm and records the money.
  const staff = await (await browser.newContext()).newPage();
  await signInAs(staff, "staff.lanzhou@silu-gateway.example");
  await staff.goto("/zh-CN/staff");
  await staff.getByRole("link", { name: "待确认的银行付款" }).click();
  await staff.getByTestId("payments-to-confirm").getByRole("link", { name: invoiceNumber }).click();
  // A bad amount is refused at its field; the rest is kept.
  await staff.getByLabel("到账金额").fill("abc");
  // Value dates are checked against today (a week ahead at most), so the test types today's.
  await staff.getByLabel("起息日").fill(new Date().toISOString().slice(0, 10));
  await staff.getByLabel("银行流水号").fill("BOC-E2E-0001");
  await staff.getByRole("button", { name: "登记到账" }).click();
  await expect(staff.locator("#field-amount-error")).toContainText("请输入到账金额");
  await expect(staff.getByLabel("银行流水号")).toHaveValue("BOC-E2E-0001");
  // The exporter sent 10.00 too much: the booking is confirmed and the difference goes back.
  await staff.getByLabel("到账金额").fill((Number(amount) + 10).toFixed(2));
  await staff.getByRole("button", { name: "登记到账" }).click();
  await expect(staff.getByRole("status")).toContainText(`订舱 ${reference} 已确认`);
  await expect(staff.getByTestId("invoice-status")).toHaveText("已付款");
  const refund = staff.getByTestId("refund");
  await expect(refund).toContainText("多付");
  await expect(refund).toContainText("待银行转账退款");
  await refund.getByLabel("退款银行流水号").fill("BOC-E2E-BACK-1");
  await refund.getByRole("button", { name: "已退款" }).click();
  await expect(staff.getByRole("status")).toContainText("退款已登记为已完成");
  await expect(staff.getByTestId("refund")).toContainText("已退款");
  // The invoice was issued again with the money received: both versions are listed, each as a PDF.
  const versions = staff.getByTestId("invoice-versions");
  await expect(versions).toContainText("第 1 版");
  await expect(versions).toContainText("第 2 版");
  const first = await staff.request.get(`/zh-CN/invoices/${invoiceNumber}/pdf?version=1`);
  expect(first.headers()["content-disposition"]).toContain(`${invoiceNumber}.pdf`);
  const second = await staff.request.get(`/zh-CN/invoices/${invoiceNumber}/pdf?version=2`);
  expect(second.headers()["content-disposition"]).toContain(`${invoiceNumber}-v2.pdf`);
  expect((await staff.request.get(`/zh-CN/invoices/${invoiceNumber}/pdf?version=3`)).status()).toBe(404);

  // The exporter is told in their language, and sees it confirmed.
  await waitForMail(MAIL_FOLDER, email, new RegExp(`订舱 ${reference} 已确认`));
  await exporter.goto(`/zh-CN/bookings/${reference}`);
  await expect(exporter.getByTestId("booking-status")).toHaveText("已确认");
  await expect(exporter.getByTestId("payment-records")).toContainText("已付款");
});

test("on account: a trusted company confirms at once", async ({ page, server, signInAs, newExporter }) => {
  const { email } = await newExporter({ role: "BOOKER", creditStatus: "ON_ACCOUNT" });
  await signInAs(page, email);
  const reference = await holdHighCubesZh(page, server.db, 1);
  await page.getByTestId("payment-section").getByLabel("我接受上述取消条款").check();
  await page.getByTestId("payment-section").getByRole("button", { name: "月结（账期）确认" }).click();
  await expect(page.getByRole("status")).toContainText("订舱已按月结（账期）确认");
  await expect(page.getByTestId("booking-status")).toHaveText("已确认");
  await waitForMail(MAIL_FOLDER, email, new RegExp(`订舱 ${reference} 已确认`));
});

test("card: the exporter pays on the (stand-in) Stripe Checkout page; the signed webhook confirms", async ({
  page,
  server,
  signInAs,
  newExporter,
}) => {
  const { email } = await newExporter({ role: "ADMIN", creditStatus: "PREPAY" });
  await signInAs(page, email);
  const reference = await holdHighCubesZh(page, server.db, 1);
  await page.getByTestId("payment-section").getByLabel("我接受上述取消条款").check();
  await page.getByTestId("payment-section").getByRole("button", { name: "银行卡、支付宝或微信支付" }).click();
  // Stripe's page (the stand-in): paying there sends the portal a signed webhook, then returns.
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/pay\/cs_test_/);
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page).toHaveURL(new RegExp(`/zh-CN/bookings/${reference}\\?payment=returned$`));
  await expect(page.getByRole("status")).toContainText("Stripe 通知付款成功后订舱即予确认");
  await expect(page.getByTestId("booking-status")).toHaveText("已确认");
  await expect(page.getByTestId("payment-records")).toContainText("银行卡、支付宝或微信支付（Stripe）");
  await waitForMail(MAIL_FOLDER, email, new RegExp(`订舱 ${reference} 已确认`));
  // No secret reaches the browser.
  expect(await page.content()).not.toMatch(/sk_test_|whsec_/);
});

test("the invoice in German and Arabic: column headings, tax line, issuer's tax number, due time and zone; German tells on account from bank transfer", async ({
  page,
  server,
  signInAs,
  newExporter,
}) => {
  const serious = () => seriousAxeViolations(page);
  await signInAs(page, (await newExporter({ role: "ADMIN", creditStatus: "ON_ACCOUNT" })).email);
  const reference = await holdHighCubesZh(page, server.db, 1);

  // In German, paying later on credit ("auf Ziel") and a transfer before confirmation are two different words.
  await page.goto(`/de/bookings/${reference}`);
  const payment = page.getByTestId("payment-section");
  const bankTransfer = payment.getByRole("button", { name: "Per Banküberweisung bezahlen (Vorkasse gegen Rechnung)" });
  const onAccount = payment.getByRole("button", { name: "Auf Ziel bestätigen (Zahlung nach Abfahrt)" });
  await expect(bankTransfer).toBeVisible();
  await expect(onAccount).toBeVisible();
  await expect(payment).toContainText("Kreditlinie");
  await expect(payment).not.toContainText("auf Rechnung");
  await payment.getByLabel("Ich akzeptiere diese Stornobedingungen").check();
  await bankTransfer.click();
  const invoiceNumber = /SGI-\d{4}-\d{6}/.exec((await page.getByRole("status").textContent()) ?? "")![0];

  await page.goto(`/de/invoices/${invoiceNumber}`);
  const table = page.locator("table.price-table");
  for (const heading of ["Position", "Menge", "Einzelpreis", "Betrag"])
    await expect(table.getByRole("columnheader", { name: heading })).toBeVisible();
  await expect(page.getByTestId("invoice-due")).toHaveText(/\d{4}, 17:00 Uhr \(UTC\+8, Pekinger Zeit\)$/);
  await expect(page.getByTestId("invoice-issuer")).toContainText("Einheitlicher Sozialkreditcode 91620100MA7UNQ8D5F");
  const tax = page.getByTestId("invoice-tax");
  await expect(tax).toContainText("darin enthaltene MwSt. (0 %)");
  await expect(tax).toContainText("Betrag ohne MwSt.");
  await expect(page.getByTestId("invoice-tax-note")).toHaveText(
    "Internationale Transportleistung: unterliegt nach dem Mehrwertsteuerrecht der Volksrepublik China dem Nullsteuersatz (0 %).",
  );
  expect(await serious()).toEqual([]);

  await page.goto(`/ar/invoices/${invoiceNumber}`);
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  for (const heading of ["البند", "الكمية", "سعر الوحدة", "المبلغ"])
    await expect(page.locator("table.price-table").getByRole("columnheader", { name: heading })).toBeVisible();
  await expect(page.getByTestId("invoice-due")).toContainText("الساعة 17:00 (UTC+8، بتوقيت بكين)");
  await expect(page.getByTestId("invoice-issuer")).toContainText("91620100MA7UNQ8D5F");
  await expect(page.getByTestId("invoice-tax")).toContainText("منها ضريبة القيمة المضافة (0٪)");
  await expect(page.getByTestId("invoice-tax-note")).toContainText("خدمة نقل دولي");
  expect(await serious()).toEqual([]);

  // The PDF is one page, drawn from the same version.
  const pdf = await page.request.get(`/ar/invoices/${invoiceNumber}/pdf`);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).toString("latin1").match(/\/Type \/Page\b/g)).toHaveLength(1);
});

test("the booking page with its payment choices, the invoice page and the staff list have no serious axe violations", async ({
  browser,
  server,
  signInAs,
  newExporter,
}) => {
  const serious = seriousAxeViolations;
  const exporter = await (await browser.newContext()).newPage();
  await signInAs(exporter, (await newExporter({ role: "BOOKER", creditStatus: "ON_ACCOUNT" })).email);
  const reference = await holdHighCubesZh(exporter, server.db, 1);
  expect(await serious(exporter)).toEqual([]);
  await exporter.getByTestId("payment-section").getByLabel("我接受上述取消条款").check();
  await exporter.getByTestId("payment-section").getByRole("button", { name: "银行转账（凭付款通知书）" }).click();
  const invoiceNumber = /SGI-\d{4}-\d{6}/.exec((await exporter.getByRole("status").textContent()) ?? "")![0];
  // The invoice in Arabic, right to left.
  await exporter.goto(`/ar/invoices/${invoiceNumber}`);
  await expect(exporter.locator("html")).toHaveAttribute("dir", "rtl");
  expect(await serious(exporter)).toEqual([]);
  await exporter.goto(`/zh-CN/bookings/${reference}`);
  expect(await serious(exporter)).toEqual([]);
  // The party correction form and the cancellation's confirmation, the latter in Arabic.
  await exporter.goto(`/zh-CN/bookings/${reference}/parties`);
  await expect(exporter.locator("#field-consignee_name")).toBeVisible();
  expect(await serious(exporter)).toEqual([]);
  await exporter.goto(`/ar/bookings/${reference}/cancel`);
  await expect(exporter.getByTestId("cancellation-terms")).toBeVisible();
  expect(await serious(exporter)).toEqual([]);

  const staff = await (await browser.newContext()).newPage();
  await signInAs(staff, "staff.lanzhou@silu-gateway.example");
  await staff.goto("/zh-CN/staff/payments");
  expect(await serious(staff)).toEqual([]);
  await staff.goto(`/zh-CN/invoices/${invoiceNumber}`);
  expect(await serious(staff)).toEqual([]);
});
