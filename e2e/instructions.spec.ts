import type { Page } from "@playwright/test";
import { seriousAxeViolations } from "./support/axe";
import { holdHighCubesZh } from "./support/booking";
import { expect, sessionCookie, test } from "./support/fixtures";
import { waitForHydration } from "./support/hydration";

// Each journey books and confirms through the wizard first.
test.describe.configure({ timeout: 90_000 });

/** A confirmed booking of one 40' HQ (15 000 kg of goji) of a new on-account exporter, made in zh-CN. */
async function confirmedHighCube(page: Page, db: Parameters<typeof holdHighCubesZh>[1]): Promise<string> {
  const reference = await holdHighCubesZh(page, db, 1);
  await page.getByTestId("payment-section").getByLabel("我接受上述取消条款").check();
  await page.getByTestId("payment-section").getByRole("button", { name: "月结（账期）确认" }).click();
  await expect(page.getByTestId("booking-status")).toHaveText("已确认");
  return reference;
}

test("an exporter gives the shipping instructions in English: draft, a wrong container number refused at its field, submitted", async ({
  page,
  server,
  signInAs,
  newExporter,
}) => {
  const { email } = await newExporter({ role: "BOOKER", creditStatus: "ON_ACCOUNT" });
  await signInAs(page, email);
  const reference = await confirmedHighCube(page, server.db);

  await page.goto(`/en/bookings/${reference}`);
  await page.getByRole("link", { name: "Shipping instructions" }).click();
  await expect(page).toHaveURL(new RegExp(`/en/bookings/${reference}/instructions$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Shipping instructions for booking ${reference}`);
  await expect(page.getByTestId("instructions-status")).toHaveText("Not given yet");
  await waitForHydration(page);
  expect(await seriousAxeViolations(page)).toEqual([]);

  // Prefilled from the booking: its goods, all in the one box.
  const unit = page.getByTestId("unit-0");
  await expect(unit.getByLabel("Description of the goods").first()).toHaveValue("枸杞干，纸箱包装");
  await expect(unit.getByLabel("Gross weight (kg)").first()).toHaveValue("15000");

  await page.getByLabel("Freight terms").selectOption({ label: "Prepaid" });
  await page.getByLabel("Original waybills").selectOption({ label: "0 (electronic waybill only)" });
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("status")).toHaveText("The draft of the shipping instructions is saved.");
  await expect(page.getByTestId("instructions-status")).toHaveText("Draft saved");
  await expect(page.getByLabel("Freight terms")).toHaveValue("PREPAID");

  // MSKU1234567: its check digit should be 5.
  await unit.getByLabel("Container number").fill("MSKU1234567");
  await unit.getByLabel("Seal numbers").fill("SL-1001");
  await unit.getByLabel("Tare (kg)").fill("3900");
  await unit.getByLabel("Verified gross mass, VGM (kg)").fill("19000");
  await unit.getByLabel("VGM method").selectOption({ label: "Method 2: the contents weighed and added to the tare" });
  await unit.getByLabel("Person responsible for the VGM").fill("Li Qiang");
  await unit.getByLabel("Marks and numbers").first().fill("GOJI LANZHOU 1-1200");
  await page.getByRole("button", { name: "Submit shipping instructions" }).click();
  const containerNumber = unit.getByLabel("Container number");
  await expect(containerNumber).toHaveAttribute("aria-invalid", "true");
  await expect(unit.locator("#field-u0_containerNumber-error")).toContainText("Not a valid container number");
  // What was typed stays.
  await expect(unit.getByLabel("Person responsible for the VGM")).toHaveValue("Li Qiang");
  expect(await seriousAxeViolations(page)).toEqual([]);

  await containerNumber.fill("MSKU1234565");
  await page.getByRole("button", { name: "Submit shipping instructions" }).click();
  // Submitted: the draft waybill drawn from them waits for the exporter's approval.
  await expect(page).toHaveURL(new RegExp(`/en/bookings/${reference}/waybill$`));
  await expect(page.getByRole("status")).toHaveText("The draft waybill is ready: please check and approve it.");
  const box = await server.db.shipmentEquipment.findFirstOrThrow({ where: { booking: { reference } } });
  expect(box).toMatchObject({ containerNumber: "MSKU1234565", seals: '["SL-1001"]', vgmKg: 19_000 });

  await page.goto(`/en/bookings/${reference}/instructions`);
  await expect(page.getByTestId("instructions-status")).toContainText("Submitted: version 1");
});

test("the shipping instructions work without JavaScript", async ({ browser, page, server, signInAs, newExporter }) => {
  const { email } = await newExporter({ role: "BOOKER", creditStatus: "ON_ACCOUNT" });
  await signInAs(page, email);
  const reference = await confirmedHighCube(page, server.db);

  const context = await browser.newContext({ javaScriptEnabled: false, baseURL: server.baseURL });
  await context.addCookies([await sessionCookie(server, email)]);
  const plain = await context.newPage();
  await plain.goto(`/en/bookings/${reference}/instructions`);
  const unit = plain.getByTestId("unit-0");
  await plain.getByLabel("Freight terms").selectOption("COLLECT");
  await plain.getByLabel("Original waybills").selectOption("3");
  await unit.getByLabel("Seal numbers").fill("SL-2001 SL-2002");
  await unit.getByLabel("Verified gross mass, VGM (kg)").fill("18900");
  await unit.getByLabel("VGM method").selectOption("METHOD_1");
  await unit.getByLabel("Person responsible for the VGM").fill("Wang Fang");
  await plain.getByRole("button", { name: "Submit shipping instructions" }).click();
  await expect(plain).toHaveURL(new RegExp(`/en/bookings/${reference}/waybill$`));
  await expect(plain.getByRole("status")).toHaveText("The draft waybill is ready: please check and approve it.");
  // The draft is approved without JavaScript too.
  await plain.getByRole("button", { name: "Approve the draft" }).click();
  await expect(plain.getByTestId("waybill-status")).toHaveText("Approved: waiting for issue");
  const instructions = await server.db.shippingInstructions.findFirstOrThrow({ where: { booking: { reference } } });
  expect(instructions).toMatchObject({ status: "SUBMITTED", version: 1 });
  await context.close();
});

test("after the documents cut-off Lanzhou staff reopen the instructions, and the exporter may give them again", async ({
  browser,
  page,
  server,
  signInAs,
  newExporter,
}) => {
  const { email } = await newExporter({ role: "BOOKER", creditStatus: "ON_ACCOUNT" });
  await signInAs(page, email);
  const reference = await confirmedHighCube(page, server.db);
  const booking = await server.db.booking.findUniqueOrThrow({ where: { reference }, include: { departure: true } });
  const { docCutoffAt } = booking.departure;
  // The documents cut-off has just passed (put back afterwards: other tests book this departure).
  await server.db.departure.update({
    where: { id: booking.departureId },
    data: { docCutoffAt: new Date(Date.now() - 60_000) },
  });
  try {
    await page.goto(`/en/bookings/${reference}/instructions`);
    await expect(page.getByText("The documents cut-off has passed")).toBeVisible();
    await expect(page.getByRole("button", { name: "Submit shipping instructions" })).toHaveCount(0);

    const staffContext = await browser.newContext({ baseURL: server.baseURL });
    await staffContext.addCookies([await sessionCookie(server, "staff.lanzhou@silu-gateway.example")]);
    const staff = await staffContext.newPage();
    await staff.goto("/en/staff");
    await staff.getByRole("link", { name: "Shipping instructions: reopen after the documents cut-off" }).click();
    await expect(staff).toHaveURL(/\/en\/staff\/instructions$/);
    expect(await seriousAxeViolations(staff)).toEqual([]);
    await staff.getByLabel(`Reopen booking ${reference} until (your time zone)`).fill("2099-01-01T10:00");
    await staff
      .getByTestId("instructions-to-reopen")
      .getByRole("row")
      .filter({ hasText: reference })
      .getByRole("button", { name: "Reopen" })
      .click();
    // After the departure: refused, nothing reopened.
    await expect(staff.getByRole("alert")).toHaveText("Choose a time after now and before the departure.");
    const until = new Date(Date.now() + 2 * 3_600_000).toLocaleString("sv-SE", { timeZone: "Asia/Shanghai" });
    await staff
      .getByLabel(`Reopen booking ${reference} until (your time zone)`)
      .fill(until.slice(0, 16).replace(" ", "T"));
    await staff
      .getByTestId("instructions-to-reopen")
      .getByRole("row")
      .filter({ hasText: reference })
      .getByRole("button", { name: "Reopen" })
      .click();
    await expect(staff.getByRole("status")).toHaveText(
      `The shipping instructions of booking ${reference} are reopened.`,
    );
    await staffContext.close();

    await page.reload();
    await expect(page.getByText("The port staff have reopened these shipping instructions until")).toBeVisible();
    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(page.getByRole("status")).toHaveText("The draft of the shipping instructions is saved.");
  } finally {
    await server.db.departure.update({ where: { id: booking.departureId }, data: { docCutoffAt } });
  }
});
