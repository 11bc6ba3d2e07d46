import { DateTime } from "luxon";
import { seriousAxeViolations } from "./support/axe";
import { openDeparture } from "./support/booking";
import { MAIL_FOLDER } from "./support/environment";
import { expect, test } from "./support/fixtures";
import { waitForHydration } from "./support/hydration";
import { waitForMail } from "./support/mailbox";
import { newBookingReference } from "../app/domain/booking/reference";
import { loadActor } from "../app/domain/identity/actor.server";
import { setBookingShares } from "../app/domain/tracking/shares.server";
import { reviewedDetails } from "../tests/support/drafts";

const SUPERVISOR = "staff.lanzhou@silu-gateway.example";
const meta = { ipAddress: "127.0.0.1", userAgent: "playwright" };

test("kk: a Kazakh partner subscribes to a consignment's alerts and gets an e-mail in Kazakh when port staff record the arrival", async ({
  page,
  browser,
  request,
  server,
  signInAs,
}) => {
  // A confirmed booking of the Lanzhou exporter on a train of its own, shared with a forwarder in Almaty.
  const departureId = await openDeparture(server.db, "LAZ-DUI-AKL", "45G1", 2);
  const lanzhou = await server.db.company.findUniqueOrThrow({ where: { creditCode: "91620100MA72X4K3QK" } });
  const booker = await server.db.user.findUniqueOrThrow({ where: { email: "booker@lanzhou-silkroad.example" } });
  const reference = newBookingReference();
  await server.db.$transaction(async (tx) => {
    await tx.departureCapacity.update({
      where: { departureId_equipmentCode: { departureId, equipmentCode: "45G1" } },
      data: { available: { decrement: 1 }, booked: { increment: 1 } },
    });
    await tx.booking.create({
      data: {
        reference,
        companyId: lanzhou.id,
        departureId,
        createdById: booker.id,
        status: "CONFIRMED",
        currency: "USD",
        totalMinor: 720_000,
        priceLines: "[]",
        details: JSON.stringify(reviewedDetails([{ equipmentCode: "45G1", quantity: 1 }])),
        lines: { create: { equipmentCode: "45G1", quantity: 1 } },
        equipment: { create: { isoSizeType: "45G1", sequence: 1 } },
      },
    });
  });
  const email = `aigerim.${Date.now()}@almaty-forwarding.example`;
  const partner = await server.db.user.create({
    data: {
      email,
      name: "Айгерім Сейітова",
      passwordHash: "scrypt$unused",
      kind: "PARTNER",
      locale: "kk",
      timeZone: "Asia/Almaty",
      emailVerifiedAt: new Date(),
      partnerLinks: { create: { companyId: lanzhou.id } },
    },
  });
  await setBookingShares(server.db, {
    actor: await loadActor(server.db, booker.id),
    reference,
    partnerIds: [partner.id],
    meta,
  });

  // Aigerim finds the consignment on her tracking page and subscribes with the defaults.
  await signInAs(page, email);
  await page.goto("/kk/track");
  await page.getByTestId(`consignment-${reference}`).getByRole("link", { name: "Хабарландырулар" }).click();
  await expect(page).toHaveURL(new RegExp(`/kk/track/${reference}/alerts$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${reference} бойынша хабарландырулар`);
  await expect(page.getByTestId("alerts-status")).toHaveText("Сіз осы жүк бойынша әлі хабарландыру алмайсыз.");
  await waitForHydration(page);
  const form = page.getByTestId("alerts-form");
  await expect(form.getByLabel("Нақты оқиғалар: жөнелтілді, шекарадан өтті, келді, жеткізілді")).toBeChecked();
  await expect(form.getByLabel("ETA мына уақыттан көп жылжыса, хабарлау")).toHaveValue("12");
  await form.getByRole("button", { name: "Жазылу" }).click();
  await expect(page.getByRole("status")).toHaveText("Сақталды: сіз осы жүк бойынша хабарландырулар аласыз.");
  await expect(page.getByTestId("alerts-status")).toHaveText("Сіз осы жүк бойынша хабарландырулар аласыз.");
  expect(await seriousAxeViolations(page)).toEqual([]);

  // The Lanzhou supervisor records the train's arrival in Duisburg on the terminal page (Chinese).
  const staff = await (await browser.newContext({ locale: "zh-CN" })).newPage();
  await signInAs(staff, SUPERVISOR);
  await staff.goto(`/zh-CN/staff/departures/${departureId}/terminal`);
  await waitForHydration(staff);
  const events = staff.getByTestId("event-form");
  await events.getByLabel("发生了什么").selectOption({ label: "已到达" });
  await events.getByLabel("地点").selectOption("DEDUI");
  // The time is Duisburg's clock, a few minutes ago.
  const arrived = DateTime.now().setZone("Europe/Berlin").minus({ minutes: 5 });
  await events.getByLabel("时间（当地时间）").fill(arrived.toFormat("yyyy-MM-dd'T'HH:mm"));
  await events.getByRole("button", { name: "登记事件" }).click();
  await expect(staff.getByRole("status")).toHaveText("事件已登记。");
  await staff.context().close();

  // The e-mail, in Kazakh, with times in Almaty and a one-click unsubscribe.
  const mail = await waitForMail(MAIL_FOLDER, email, new RegExp(`^${reference}: жүк келді — `), 20_000);
  expect(mail.text).toContain("Сәлеметсіз бе");
  expect(mail.text).toContain(`${reference} жүгі келді. Орны: `);
  expect(mail.text).toContain("Уақыт сіздің уақыт белдеуіңізде (Asia/Almaty) көрсетілген.");
  expect(mail.text).toContain("Осы жүк бойынша хабарландырулардан бас тарту: ");
  expect(mail.listUnsubscribe).toMatch(/^<http:\/\/[^>]+\/unsubscribe\/[A-Za-z0-9_-]{43}>$/);
  expect(mail.listUnsubscribePost).toBe("List-Unsubscribe=One-Click");
  expect(mail.html).toContain('lang="kk"');

  // The link in the body opens the unsubscribe page in Kazakh; opening it ends nothing.
  const link = /<([^>]+)>/.exec(mail.listUnsubscribe!)![1]!;
  expect(mail.text).toContain(link);
  await page.goto(new URL(link).pathname);
  await expect(page).toHaveURL(/\/kk\/unsubscribe\//);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Жүкті қадағалау хабарландыруларынан бас тарту");
  await expect(page.getByRole("button", { name: "Жазылымнан бас тарту" })).toBeVisible();
  await page.goto(`/kk/track/${reference}/alerts`);
  await expect(page.getByTestId("alerts-status")).toHaveText("Сіз осы жүк бойынша хабарландырулар аласыз.");
  // The mail client's one-click POST (RFC 8058): no cookie, no Origin, no CSRF token.
  const oneClick = await request.post(link, { form: { "List-Unsubscribe": "One-Click" } });
  expect(oneClick.status()).toBe(200);
  await page.reload();
  await expect(page.getByTestId("alerts-status")).toHaveText("Сіз осы жүк бойынша әлі хабарландыру алмайсыз.");
});
