import { randomUUID } from "node:crypto";
import { seriousAxeViolations } from "./support/axe";
import { expect, test } from "./support/fixtures";
import { newBookingReference } from "../app/domain/booking/reference";

const HOUR = 3_600_000;

test("a Lanzhou operator in zh-CN sees the week's departures with utilisation bars, a hold about to expire and a box not gated in, also on a 390 px phone", async ({
  page,
  server,
  signInAs,
}) => {
  const now = Date.now();
  const operator = await server.db.user.create({
    data: {
      email: `operator.${randomUUID().slice(0, 8)}@silu-gateway.example`,
      name: "孙丽",
      kind: "STAFF",
      staffRole: "OPERATOR",
      locale: "zh-CN",
      timeZone: "Asia/Shanghai",
      emailVerifiedAt: new Date(now),
      passwordHash: "not-used",
      staffPorts: { create: { placeCode: "CNLAZ" } },
    },
  });
  // A train of its own the day after tomorrow at the latest: cargo cut-off within the next day,
  // one 40' HQ held (the hold ends in 20 minutes) and one booked with its box not yet at the gate.
  const service = await server.db.service.findUniqueOrThrow({ where: { code: "LAZ-DUI-AKL" } });
  const departure = await server.db.departure.create({
    data: {
      serviceId: service.id,
      departureAt: new Date(now + 30 * HOUR + 13 * 60_000),
      cargoCutoffAt: new Date(now + 20 * HOUR),
      docCutoffAt: new Date(now + 10 * HOUR),
      etaAt: new Date(now + 400 * HOUR),
      status: "OPEN",
      capacities: {
        create: { equipmentCode: "45G1", total: 10, available: 8, held: 1, booked: 1, tariffMinor: 1, currency: "USD" },
      },
    },
  });
  const company = await server.db.company.findUniqueOrThrow({ where: { creditCode: "91620100MA72X4K3QK" } });
  const booker = await server.db.user.findUniqueOrThrow({ where: { email: "booker@lanzhou-silkroad.example" } });
  const booking = (status: "HELD" | "CONFIRMED", extra: object) => ({
    reference: newBookingReference(),
    companyId: company.id,
    departureId: departure.id,
    createdById: booker.id,
    status,
    currency: "USD",
    totalMinor: 720_000,
    priceLines: "[]",
    details: "{}",
    lines: { create: { equipmentCode: "45G1", quantity: 1 } },
    ...extra,
  });
  const held = await server.db.booking.create({
    data: booking("HELD", { holdExpiresAt: new Date(now + 20 * 60_000) }),
  });
  const confirmed = await server.db.booking.create({
    data: booking("CONFIRMED", {
      equipment: { create: { isoSizeType: "45G1", sequence: 1, containerNumber: "CSQU3054383" } },
    }),
  });

  await signInAs(page, operator.email);
  await page.goto("/zh-CN/staff");
  const week = page.getByTestId("dashboard-week");
  await expect(week.getByRole("heading", { level: 2 })).toHaveText("本周稍后（未来六天）");
  const train = week
    .getByRole("listitem")
    .filter({ has: page.locator(`a[href="/zh-CN/staff/departures/${departure.id}"]`) });
  await expect(train.getByRole("img", { name: "45G1：已订 1，预留 1，共 10（20%）" })).toBeVisible();
  await expect(train.getByRole("link", { name: "场站作业" })).toHaveAttribute(
    "href",
    `/zh-CN/staff/departures/${departure.id}/terminal`,
  );
  // Every departure of the week has its bars.
  expect(await week.getByRole("img").count()).toBe(await week.getByRole("listitem").count());

  await expect(
    page.getByTestId("dashboard-holds").getByRole("listitem").filter({ hasText: held.reference }),
  ).toContainText("锁舱于");
  const box = page.getByTestId("dashboard-boxes").getByRole("listitem").filter({ hasText: "CSQU3054383" });
  await expect(box).toContainText(confirmed.reference);
  await expect(page.getByTestId("dashboard-documents")).toContainText(confirmed.reference);
  expect(await seriousAxeViolations(page)).toEqual([]);

  await page.setViewportSize({ width: 390, height: 844 });
  await expect(train.getByRole("img")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  expect(await seriousAxeViolations(page)).toEqual([]);

  await box.getByRole("link", { name: "场站作业" }).click();
  await expect(page).toHaveURL(new RegExp(`/zh-CN/staff/departures/${departure.id}/terminal$`));
});
