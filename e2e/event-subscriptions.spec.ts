import { createHmac, randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { sha256Hex } from "../app/utils/hash.server";
import { seriousAxeViolations } from "./support/axe";
import { expect, test } from "./support/fixtures";
import { waitForHydration } from "./support/hydration";

test("ru: a company's system subscribes through the API and is called back signed; the admin sends a failed notification again", async ({
  page,
  request,
  server,
  signInAs,
  newExporter,
}) => {
  test.setTimeout(90_000);
  const { email } = await newExporter({ role: "ADMIN", creditStatus: "PREPAY" });
  const admin = await server.db.user.update({ where: { email }, data: { locale: "ru", timeZone: "Europe/Moscow" } });
  const { companyId } = await server.db.membership.findFirstOrThrow({ where: { userId: admin.id } });
  const key = `sgw_${randomBytes(32).toString("base64url")}`;
  await server.db.apiKey.create({
    data: {
      companyId,
      name: "ERP",
      prefix: key.slice(0, 12),
      secretHash: sha256Hex(key),
      scopes: JSON.stringify(["subscriptions:write"]),
      createdById: admin.id,
    },
  });

  // The company's system: a receiver on this machine.
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const receiver = http.createServer((incoming, answer) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      received.push({ headers: incoming.headers, body: Buffer.concat(chunks).toString("utf8") });
      answer.statusCode = 204;
      answer.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const { port } = receiver.address() as AddressInfo;
  try {
    const secret = randomBytes(32).toString("base64");
    const created = await request.post("/v2/event-subscriptions", {
      headers: { Authorization: `Bearer ${key}`, "API-Version": "2" },
      data: { callbackUrl: `http://127.0.0.1:${port}/silu`, secret, eventType: ["EQUIPMENT"] },
    });
    expect(created.status()).toBe(201);
    const subscription = (await created.json()) as { subscriptionID: string };
    expect(JSON.stringify(subscription)).not.toContain(secret);

    // A box of the company's is gated in: the server's worker calls the receiver back.
    const departure = await server.db.departure.findFirstOrThrow({ orderBy: { departureAt: "asc" } });
    const booking = await server.db.booking.create({
      data: {
        reference: `SG-E2E${randomBytes(2).toString("hex").toUpperCase()}-SUBS`.slice(0, 14),
        companyId,
        departureId: departure.id,
        createdById: admin.id,
        status: "CONFIRMED",
        currency: "USD",
        totalMinor: 100,
        priceLines: "[]",
        details: "{}",
        equipment: { create: { isoSizeType: "45G1", sequence: 1, containerNumber: "CSQU3054383" } },
      },
    });
    const eventId = randomUUID();
    await server.db.operationalEvent.create({
      data: {
        id: eventId,
        eventType: "EQUIPMENT",
        classifier: "ACT",
        typeCode: "GTIN",
        milestone: "GATE_IN",
        eventAt: new Date(),
        createdAt: new Date(),
        placeCode: "CNLAZ",
        facilityType: "RAMP",
        departureId: departure.id,
        bookingId: booking.id,
        equipmentReference: "CSQU3054383",
        isoEquipmentCode: "45G1",
        emptyIndicator: "LADEN",
      },
    });
    await expect.poll(() => received.length, { timeout: 40_000 }).toBe(1);
    const [call] = received;
    const signature = createHmac("sha256", Buffer.from(secret, "base64")).update(call!.body, "utf8").digest("hex");
    expect(call!.headers["notification-signature"]).toBe(`sha256=${signature}`);
    expect(call!.headers["subscription-id"]).toBe(subscription.subscriptionID);
    expect(JSON.parse(call!.body)).toEqual([
      expect.objectContaining({ eventID: eventId, equipmentEventTypeCode: "GTIN", equipmentReference: "CSQU3054383" }),
    ]);

    // A notification that failed after its last try, as the admin finds it.
    const failedEvent = randomUUID();
    await server.db.eventDelivery.create({
      data: {
        subscriptionId: subscription.subscriptionID,
        eventId: failedEvent,
        status: "FAILED",
        attempts: 8,
        lastStatus: 503,
        lastError: "HTTP 503",
        lastAttemptAt: new Date(),
        nextAttemptAt: new Date(),
      },
    });
    await signInAs(page, email);
    await page.goto("/ru/company/api-keys");
    await page.getByRole("link", { name: /Подписки на события/ }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Подписки на события");
    await waitForHydration(page);
    const subscriptions = page.getByTestId("event-subscriptions");
    await expect(subscriptions).toContainText(`127.0.0.1:${port}`);
    await expect(subscriptions).toContainText("eventType=EQUIPMENT");
    const problem = page.getByTestId("delivery-problems").getByRole("row").filter({ hasText: failedEvent });
    await expect(problem).toContainText("HTTP 503");
    await expect(problem).toContainText("отправка прекращена");
    expect(await seriousAxeViolations(page)).toEqual([]);

    await problem.getByRole("button", { name: `Снова отправить уведомление о событии ${failedEvent}` }).click();
    await expect(page.getByRole("status")).toHaveText("Уведомление скоро будет отправлено снова.");
    expect((await server.db.eventDelivery.findFirstOrThrow({ where: { eventId: failedEvent } })).status).not.toBe(
      "FAILED",
    );

    await page.getByRole("button", { name: `Удалить подписку, отправляющую на 127.0.0.1:${port}` }).click();
    await expect(page.getByRole("status")).toHaveText("Подписка удалена: на неё больше ничего не отправляется.");
    await expect(page.getByText("Подписок на события пока нет.", { exact: false })).toBeVisible();
    const gone = await request.get(`/v2/event-subscriptions/${subscription.subscriptionID}`, {
      headers: { Authorization: `Bearer ${key}` },
    });
    expect(gone.status()).toBe(404);
  } finally {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
});
