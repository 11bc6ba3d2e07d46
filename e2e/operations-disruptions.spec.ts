import { DateTime } from "luxon";
import { CARRIAGE_TERMS_VERSION } from "../app/domain/booking/carriage-terms";
import { holdBooking } from "../app/domain/booking/hold-booking.server";
import { loadActor } from "../app/domain/identity/actor.server";
import { confirmOnAccount } from "../app/domain/payments/confirm-on-account.server";
import { setBookingShares } from "../app/domain/tracking/shares.server";
import { createReviewedDrafts } from "../tests/support/drafts";
import { seriousAxeViolations } from "./support/axe";
import { MAIL_FOLDER } from "./support/environment";
import { expect, test } from "./support/fixtures";
import { waitForHydration } from "./support/hydration";
import { waitForMail } from "./support/mailbox";

test.describe.configure({ timeout: 90_000 });

const DAY = 86_400_000;
const meta = { ipAddress: "127.0.0.1", userAgent: "playwright" };

test("a supervisor delays a departure (exporter told in English, partner in German), then cancels it; the exporter moves the booking in one click", async ({
  page,
  browser,
  server,
  signInAs,
  newExporter,
}) => {
  // A train of its own on the Lanzhou → Duisburg service, so no other test's departure moves.
  const service = await server.db.service.findUniqueOrThrow({
    where: { code: "LAZ-DUI-AKL" },
    include: { origin: true },
  });
  const at = new Date(Math.ceil((Date.now() + 30 * DAY) / 60_000) * 60_000 + 7 * 60_000);
  const departure = await server.db.departure.create({
    data: {
      serviceId: service.id,
      status: "OPEN",
      departureAt: at,
      cargoCutoffAt: new Date(at.getTime() - 2 * DAY),
      docCutoffAt: new Date(at.getTime() - 3 * DAY),
      etaAt: new Date(at.getTime() + 16 * DAY),
      capacities: {
        create: { equipmentCode: "45G1", total: 10, available: 10, tariffMinor: 2_600_000, currency: "CNY" },
      },
    },
  });

  // And a later train of the same service at the same price (seeded trains sell in US dollars),
  // after the delayed one.
  const laterTrain = new Date(at.getTime() + 3 * DAY);
  await server.db.departure.create({
    data: {
      serviceId: service.id,
      status: "OPEN",
      departureAt: laterTrain,
      cargoCutoffAt: new Date(laterTrain.getTime() - 2 * DAY),
      docCutoffAt: new Date(laterTrain.getTime() - 3 * DAY),
      etaAt: new Date(laterTrain.getTime() + 16 * DAY),
      capacities: {
        create: { equipmentCode: "45G1", total: 10, available: 10, tariffMinor: 2_600_000, currency: "CNY" },
      },
    },
  });

  // The exporter reads English in Shanghai; their partner German in Berlin.
  const { email } = await newExporter({ role: "BOOKER", creditStatus: "ON_ACCOUNT" });
  const exporterUser = await server.db.user.update({
    where: { email },
    data: { locale: "en", timeZone: "Asia/Shanghai", name: "Li Qiang" },
    include: { memberships: true },
  });
  const partnerEmail = `klaus.${Date.now()}@duisburg-logistics.example`;
  const partner = await server.db.user.create({
    data: {
      email: partnerEmail,
      name: "Klaus Weber",
      passwordHash: "scrypt$unused",
      kind: "PARTNER",
      locale: "de",
      timeZone: "Europe/Berlin",
      emailVerifiedAt: new Date(),
      partnerLinks: { create: { companyId: exporterUser.memberships[0]!.companyId } },
    },
  });
  const exporter = await loadActor(server.db, exporterUser.id);
  const [reference] = await createReviewedDrafts(server.db, {
    companyId: exporterUser.memberships[0]!.companyId,
    userId: exporterUser.id,
    departureId: departure.id,
    count: 1,
    containers: [{ equipmentCode: "45G1", quantity: 1 }],
  });
  await holdBooking(server.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: exporter, reference: reference! });
  await confirmOnAccount(server.db, exporter, reference!, "en");
  await setBookingShares(server.db, { actor: exporter, reference: reference!, partnerIds: [partner.id], meta });

  // The supervisor delays the train by a day and a half.
  await signInAs(page, "staff.lanzhou@silu-gateway.example");
  await page.goto(`/en/staff/departures/${departure.id}`);
  await waitForHydration(page);
  const newDeparture = new Date(at.getTime() + 36 * 3_600_000);
  const newEta = new Date(departure.etaAt.getTime() + 36 * 3_600_000);
  const local = (date: Date, zone: string) => DateTime.fromJSDate(date, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
  const delay = page.getByTestId("delay-form");
  await delay.getByLabel(/^New departure/).fill(local(newDeparture, service.origin.timeZone));
  await delay.getByLabel(/^New arrival/).fill(local(newEta, "Europe/Berlin"));
  await delay.getByLabel("Reason").selectOption({ label: "Congestion at the border crossing" });
  await delay.getByLabel(/Remark for customers/).fill("Wagons wait at Alashankou.");
  await delay.getByRole("button", { name: "Record the delay and tell customers" }).click();
  await expect(page.getByRole("status")).toHaveText(
    "Delay recorded. Everyone with a booking on this departure is being told by e-mail.",
  );

  const english = await waitForMail(MAIL_FOLDER, email, new RegExp(`^Booking ${reference}: train .+ is delayed$`));
  expect(english.text).toContain("Reason: Congestion at the border crossing.");
  expect(english.text).toContain("Note from the port: Wagons wait at Alashankou.");
  expect(english.text).toContain("Times are in your time zone (Asia/Shanghai).");
  const german = await waitForMail(
    MAIL_FOLDER,
    partnerEmail,
    new RegExp(`^Buchung ${reference}: Zug .+ verspätet sich$`),
  );
  expect(german.text).toContain("Grund: Stau am Grenzübergang.");
  expect(german.text).toContain("Alle Zeiten in Ihrer Zeitzone (Europe/Berlin).");
  expect(german.text).toContain("/de/track");

  // Then the train is cancelled: the booking waits for its exporter's choice.
  await waitForHydration(page);
  const cancel = page.getByTestId("cancel-departure-form");
  await cancel.getByLabel("Reason").selectOption({ label: "Track works" });
  await cancel.getByRole("button", { name: "Cancel the departure and tell customers" }).click();
  await expect(page.getByRole("status")).toHaveText(
    "Departure cancelled. Everyone with a booking on it is being told by e-mail.",
  );
  await expect(page.getByTestId("undecided-bookings")).toContainText(reference!);
  expect(await seriousAxeViolations(page)).toEqual([]);
  await waitForMail(MAIL_FOLDER, email, new RegExp(`^Booking ${reference}: train .+ is cancelled$`));

  // The exporter moves it to a later train in one click; the price stays.
  const exporterPage = await (await browser.newContext({ locale: "en-GB" })).newPage();
  await signInAs(exporterPage, email);
  await exporterPage.goto(`/en/bookings/${reference}`);
  await waitForHydration(exporterPage);
  const choice = exporterPage.getByTestId("departure-cancelled");
  await expect(choice).toContainText("The operator cancelled this departure");
  await expect(choice).toContainText("At the same price, one click moves the booking.");
  expect(await seriousAxeViolations(exporterPage)).toEqual([]);
  const before = await server.db.booking.findUniqueOrThrow({ where: { reference } });
  await choice
    .getByRole("button", { name: /^Move to / })
    .first()
    .click();
  await expect(exporterPage.getByRole("status")).toHaveText(
    "Booking moved to the new departure. The price is unchanged.",
  );
  await expect(exporterPage.getByTestId("departure-cancelled")).toHaveCount(0);
  const after = await server.db.booking.findUniqueOrThrow({ where: { reference } });
  expect(after.departureId).not.toBe(departure.id);
  expect(after).toMatchObject({ status: "CONFIRMED", totalMinor: before.totalMinor });
  const old = await server.db.departureCapacity.findFirstOrThrow({ where: { departureId: departure.id } });
  expect(old).toMatchObject({ available: 10, booked: 0 });

  // The staff page no longer lists it as waiting.
  await page.reload();
  await expect(page.getByTestId("undecided-none")).toBeVisible();
  await exporterPage.context().close();
});
