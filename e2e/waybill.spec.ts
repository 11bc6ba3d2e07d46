import { createHash } from "node:crypto";
import type { Page } from "@playwright/test";
import { seriousAxeViolations } from "./support/axe";
import { holdHighCubesZh } from "./support/booking";
import { expect, sessionCookie, test } from "./support/fixtures";
import { waitForHydration } from "./support/hydration";

test.describe.configure({ timeout: 120_000 });

/** The exporter's shipping instructions for the booking's two 40' HQ, given in English. */
async function giveInstructionsInEnglish(page: Page, reference: string) {
  await page.goto(`/en/bookings/${reference}`);
  await page.getByRole("link", { name: "Shipping instructions" }).click();
  await waitForHydration(page);
  await page.getByLabel("Freight terms").selectOption({ label: "Prepaid" });
  await page.getByLabel("Original waybills").selectOption("3");
  for (const [index, containerNumber] of ["CSQU3054383", "TEXU3070079"].entries()) {
    const unit = page.getByTestId(`unit-${index}`);
    await unit.getByLabel("Container number").fill(containerNumber);
    await unit.getByLabel("Seal numbers").fill(`SL-100${index}`);
    await unit.getByLabel("Tare (kg)").fill("3900");
    await unit.getByLabel("Verified gross mass, VGM (kg)").fill("19000");
    await unit.getByLabel("VGM method").selectOption("METHOD_2");
    await unit.getByLabel("Person responsible for the VGM").fill("Li Qiang");
  }
  await page.getByLabel("Second language of the waybill").selectOption({ label: "Deutsch" });
  await page.getByRole("button", { name: "Submit shipping instructions" }).click();
}

test("en → de: the exporter gives the instructions and approves the draft, Lanzhou staff issue and amend, a partner scans: current, then superseded", async ({
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

  // Submitting the instructions draws the draft, in Chinese and German, for the exporter's approval.
  await giveInstructionsInEnglish(page, reference);
  await expect(page).toHaveURL(new RegExp(`/en/bookings/${reference}/waybill$`));
  await expect(page.getByRole("status")).toHaveText("The draft waybill is ready: please check and approve it.");
  await expect(page.getByTestId("waybill-status")).toHaveText("Draft: waiting for your approval");
  await expect(page.getByTestId("waybill-number")).toHaveText("DRAFT — not issued");
  await expect(page.getByTestId("waybill-container")).toHaveCount(2);
  await expect(page.getByTestId("waybill-container").first()).toContainText("CSQU3054383");
  await waitForHydration(page);
  expect(await seriousAxeViolations(page)).toEqual([]);
  await page.getByRole("button", { name: "Approve the draft" }).click();
  await expect(page.getByRole("status")).toHaveText("You approved the draft waybill.");
  await expect(page.getByTestId("waybill-status")).toHaveText("Approved: waiting for issue");
  // Approved: the instructions are no longer a form.
  await page.goto(`/en/bookings/${reference}/instructions`);
  await expect(page.getByText("The draft waybill drawn from these instructions was approved")).toBeVisible();
  await expect(page.getByRole("button", { name: "Submit shipping instructions" })).toHaveCount(0);

  // Lanzhou's port staff find it in their queue and issue it.
  const staffContext = await browser.newContext({ baseURL: server.baseURL });
  await staffContext.addCookies([await sessionCookie(server, "staff.lanzhou@silu-gateway.example")]);
  const staff = await staffContext.newPage();
  await staff.goto("/en/staff");
  await staff.getByRole("link", { name: "Through waybills" }).click();
  await expect(staff).toHaveURL(/\/en\/staff\/waybills$/);
  expect(await seriousAxeViolations(staff)).toEqual([]);
  await staff.getByTestId("staff-waybills").getByRole("link", { name: reference }).click();
  await expect(staff.getByTestId("waybill-status")).toHaveText("Approved: waiting for issue");
  await waitForHydration(staff);
  expect(await seriousAxeViolations(staff)).toEqual([]);
  await staff.getByRole("button", { name: "Issue the waybill" }).click();
  await expect(staff.getByRole("status")).toContainText(/^Waybill SGW-LAZ-\d{2}-\d{6}-[0-9A-Z*] is issued\.$/);
  const issued = await server.db.waybill.findFirstOrThrow({ where: { booking: { reference } } });
  const [number, verificationCode] = [issued.number!, issued.verificationCode!];
  await expect(staff.getByTestId("waybill-status")).toHaveText("Issued");

  // The exporter sees the issued document, with its number and the link for the consignee's bank.
  await page.goto(`/en/bookings/${reference}/waybill`);
  await expect(page.getByTestId("waybill-status")).toHaveText("Issued");
  await expect(page.getByTestId("waybill-number")).toHaveText(number);

  // The exporter's JSON form of the issued version, described by the schema the portal serves.
  const json = await page.request.get(`/en/waybills/${number}.json`);
  expect(json.status()).toBe(200);
  expect(json.headers()["content-type"]).toContain("application/json");
  expect(json.headers()["link"]).toBe('</schemas/waybill-v1.json>; rel="describedby"');
  expect(
    createHash("sha256")
      .update(await json.body())
      .digest("hex"),
  ).toBe(json.headers()["x-document-sha256"]);
  expect(await json.json()).toMatchObject({ number, version: 1, bookingReference: reference });
  const pdf = await page.request.get(`/en/waybills/${number}.pdf`);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  const schema = await page.request.get("/schemas/waybill-v1.json");
  expect(schema.status()).toBe(200);
  expect((await schema.json()).$id).toContain("waybill-v1.json");

  // The partner's phone: not signed in, German.
  const partner = await (await browser.newContext({ locale: "de-DE" })).newPage();
  // The QR code's address has no language: the partner's browser asks for German.
  const link = `${server.baseURL}/verify/${number}?c=${verificationCode}&v=1`;
  const answer = await partner.goto(link);
  // (A number may end in "*", its check character: escaped for the pattern.)
  await expect(partner).toHaveURL(new RegExp(`/de/verify/${number.replace(/[*]/g, "\\*")}\\?c=`));
  expect(answer?.headers()["x-robots-tag"]).toBe("noindex");
  await expect(partner.getByTestId("verification-verdict")).toHaveText(
    "Echt: Version 1 ist die gültige Fassung dieses durchgehenden Frachtbriefs.",
  );
  await expect(partner.locator('meta[name="robots"]')).toHaveAttribute("content", "noindex");
  await expect(partner.getByText("Ausgestellt")).toBeVisible();
  expect(await seriousAxeViolations(partner)).toEqual([]);
  // The number without its code tells nothing.
  expect((await partner.goto(`${server.baseURL}/de/verify/${number}?c=${"x".repeat(27)}`))?.status()).toBe(404);

  // A container is swapped at the terminal: staff amend the waybill, version 2 supersedes version 1.
  await staff.getByText("Amend the issued waybill").click();
  await staff.getByLabel("Container 1: Container number").fill("APZU4812090");
  await staff.getByLabel("Reason for amendment").fill("Container swapped at the terminal");
  await staff.getByRole("button", { name: "Issue the amended version" }).click();
  await expect(staff.getByRole("status")).toHaveText("Version 2 of the waybill is issued.");
  await page.reload();
  await expect(page.getByTestId("waybill-versions").getByRole("row")).toHaveCount(3);
  await expect(page.getByTestId("waybill-versions")).toContainText("1 · superseded");
  await expect(page.getByTestId("waybill-versions")).toContainText("Container swapped at the terminal");
  await partner.goto(link);
  await expect(partner.getByTestId("verification-verdict")).toContainText("Diese Ausfertigung (Version 1) wurde am");
  await expect(partner.getByTestId("verification-verdict")).toContainText("durch Version 2 ersetzt");
});
