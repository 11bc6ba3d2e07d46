import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CallbackPolicy } from "~/domain/api/callback-url.server";
import { revokeApiKey } from "~/domain/api/api-keys.server";
import { createSubscription } from "~/domain/api/event-subscriptions.server";
import { ApiProblem } from "~/domain/api/dcsa-http.server";
import {
  deleteCompanySubscription,
  listCompanySubscriptions,
  retryDelivery,
} from "~/domain/api/subscription-admin.server";
import {
  MAX_ATTEMPTS,
  queueNotifications,
  retryDelayMs,
  sendDueNotifications,
} from "~/domain/api/subscription-delivery.server";
import { loadActor } from "~/domain/identity/actor.server";
import { createDb } from "~/utils/db.server";
import { sha256Hex } from "~/utils/hash.server";
import { receiver, type Receiver } from "../support/callback-receiver";
import { complaints, tntComponentValidator, tntEventValidator } from "../support/dcsa";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { BOXES, buildTntWorld, newKey, type TntWorld } from "../support/tnt-fixture";

const engine = process.env.TEST_DATABASE ?? "sqlite";
let test: TestDatabase;
let world: TntWorld;
/** Keys that may manage subscriptions, per company (A's comes with the fixture). */
const keys: Record<"a" | "b" | "c", string> = { a: "", b: "", c: "" };

type Json = Record<string, unknown>;
type RouteModule = {
  loader?: (args: unknown) => Promise<Response>;
  action?: (args: unknown) => Promise<Response>;
};
const route = (file: string) => import(`../../app/routes/${file}`) as Promise<RouteModule>;

const secret = () => randomBytes(32).toString("base64");

/** Names the tests resolve: public, private, mixed; anything else is unknown. */
const NAMES: Record<string, string[]> = {
  "hooks.partner.example": ["203.0.113.10"],
  "internal.partner.example": ["10.0.0.5"],
  "mixed.partner.example": ["203.0.113.11", "192.168.1.20"],
  "metadata.partner.example": ["169.254.169.254"],
  "v6.partner.example": ["fd12::1"],
};
const resolve = async (host: string) => {
  const found = NAMES[host];
  if (!found) throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
  return found;
};
/** Tests deliver to the local receiver: plain HTTP to loopback allowed, as EVENT_CALLBACK_ALLOW_LOCAL=1 does. */
const local: CallbackPolicy = { allowLocal: true, resolve };
const strict: CallbackPolicy = { allowLocal: false, resolve };

async function subscriptionKey(companyId: string, createdById: string) {
  const key = newKey();
  await test.db.apiKey.create({
    data: {
      companyId,
      name: "subscriptions",
      prefix: key.slice(0, 12),
      secretHash: sha256Hex(key),
      scopes: JSON.stringify(["subscriptions:write"]),
      createdById,
    },
  });
  return key;
}

beforeAll(async () => {
  test = await createTestDatabase();
  // The routes reach the database through db(), which reads DATABASE_URL on first use.
  process.env.DATABASE_URL = test.url;
  process.env.EVENT_CALLBACK_ALLOW_LOCAL = "1";
  world = await buildTntWorld(test.db);
  const adminOf = async (companyId: string) =>
    (await test.db.membership.findFirstOrThrow({ where: { companyId } })).userId;
  keys.a = world.keys.noScope;
  keys.b = await subscriptionKey(world.companies.b, await adminOf(world.companies.b));
  keys.c = world.keys.c;
});

afterAll(async () => {
  await test?.drop();
});

function apiRequest(key: string, path: string, method = "GET", body?: unknown) {
  const headers = new Headers({ Authorization: `Bearer ${key}`, "Accept-Language": "en" });
  if (body !== undefined) headers.set("Content-Type", "application/json");
  return new Request(`http://localhost${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function call(key: string, path: string, method = "GET", body?: unknown) {
  const id = /^\/v2\/event-subscriptions\/([^/]+)/.exec(path)?.[1];
  const file = path.endsWith("/secret")
    ? "v2.event-subscriptions.$subscriptionID.secret.ts"
    : id
      ? "v2.event-subscriptions.$subscriptionID._index.ts"
      : "v2.event-subscriptions._index.ts";
  const module = await route(file);
  const handler = method === "GET" ? module.loader! : module.action!;
  const response = await handler({
    request: apiRequest(key, path, method, body),
    params: id ? { subscriptionID: id } : {},
    context: {},
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as unknown) : null };
}

const validSubscription = tntComponentValidator("subscription");
const validError = tntComponentValidator("error");
const validEvent = tntEventValidator();

function expectRefused(result: { status: number; body: unknown }, status: number, field?: string) {
  expect(result.status).toBe(status);
  expect(validError(result.body), complaints(validError)).toBe(true);
  const [error] = (result.body as { errors: { reason: string; message: string }[] }).errors;
  if (field) expect(error!.message).toContain(field);
  return error!;
}

describe(`event subscriptions: the API (${engine})`, () => {
  it("creates, lists, reads, changes and deletes a subscription; never answers the secret", async () => {
    const body = {
      callbackUrl: "http://127.0.0.1:9/hooks/silu",
      secret: secret(),
      eventType: ["TRANSPORT", "EQUIPMENT"],
      equipmentReference: BOXES.a1[0],
    };
    const created = await call(keys.a, "/v2/event-subscriptions", "POST", body);
    expect(created.status).toBe(201);
    expect(created.headers.get("API-Version")).toBe("2.2.0");
    expect(validSubscription(created.body), complaints(validSubscription)).toBe(true);
    const { secret: sent, ...expected } = body;
    expect(created.body).toEqual({ subscriptionID: expect.any(String), ...expected });
    expect(JSON.stringify(created.body)).not.toContain(sent);
    const id = (created.body as Json).subscriptionID as string;

    const listed = await call(keys.a, "/v2/event-subscriptions");

    expect(listed.status).toBe(200);
    expect(listed.headers.get("Current-Page")).toBe("/v2/event-subscriptions");
    expect(listed.body).toEqual([created.body]);

    const read = await call(keys.a, `/v2/event-subscriptions/${id}`);
    expect(read.body).toEqual(created.body);

    const changed = await call(keys.a, `/v2/event-subscriptions/${id}`, "PUT", {
      subscriptionID: id,
      callbackUrl: "http://127.0.0.1:9/hooks/other",
      shipmentEventTypeCode: ["CONF", "VOID"],
      carrierBookingReference: world.references.a1,
    });
    expect(changed.status).toBe(200);
    expect(validSubscription(changed.body), complaints(validSubscription)).toBe(true);
    // PUT replaces: the filters left out are gone.
    expect(changed.body).toEqual({
      subscriptionID: id,
      callbackUrl: "http://127.0.0.1:9/hooks/other",
      shipmentEventTypeCode: ["CONF", "VOID"],
      carrierBookingReference: world.references.a1,
    });
    // The secret only through its own call.
    expectRefused(
      await call(keys.a, `/v2/event-subscriptions/${id}`, "PUT", { callbackUrl: body.callbackUrl, secret: secret() }),
      400,
      "secret",
    );
    const fresh = secret();
    const reset = await call(keys.a, `/v2/event-subscriptions/${id}/secret`, "PUT", { secret: fresh });
    expect(reset.status).toBe(204);
    expect((await test.db.eventSubscription.findUniqueOrThrow({ where: { id } })).secret).toBe(fresh);

    expect((await call(keys.a, `/v2/event-subscriptions/${id}`, "DELETE")).status).toBe(204);
    expectRefused(await call(keys.a, `/v2/event-subscriptions/${id}`), 404);
    expect(await test.db.auditEvent.count({ where: { entityId: id } })).toBe(4);
  });

  it("pages the list with Next-Page links, none missed or repeated", async () => {
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      const created = await call(keys.b, "/v2/event-subscriptions", "POST", {
        callbackUrl: `http://127.0.0.1:9/page/${index}`,
        secret: secret(),
      });
      ids.push((created.body as Json).subscriptionID as string);
    }
    const seen: string[] = [];
    let path: string | null = "/v2/event-subscriptions?limit=2";
    let pages = 0;
    while (path) {
      const page = await call(keys.b, path);
      expect(page.status).toBe(200);
      for (const item of page.body as Json[]) {
        expect(validSubscription(item), complaints(validSubscription)).toBe(true);
        seen.push(item.subscriptionID as string);
      }
      path = page.headers.get("Next-Page");
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual([...ids].sort());
    expectRefused(await call(keys.b, "/v2/event-subscriptions?limit=0"), 400, "limit");
    expectRefused(await call(keys.b, "/v2/event-subscriptions?cursor=nonsense"), 400);
    expectRefused(await call(keys.b, "/v2/event-subscriptions?sort=callbackUrl:DESC"), 400, "sort");
    await test.db.eventSubscription.deleteMany({ where: { id: { in: ids } } });
  });

  it("shows another company neither the subscription nor a way to change it (404), and needs the scope", async () => {
    const created = await call(keys.a, "/v2/event-subscriptions", "POST", {
      callbackUrl: "http://127.0.0.1:9/a",
      secret: secret(),
    });
    const id = (created.body as Json).subscriptionID as string;
    expect(await call(keys.b, "/v2/event-subscriptions")).toMatchObject({ status: 200, body: [] });
    expectRefused(await call(keys.b, `/v2/event-subscriptions/${id}`), 404);
    expectRefused(
      await call(keys.b, `/v2/event-subscriptions/${id}`, "PUT", { callbackUrl: "http://127.0.0.1:9/b" }),
      404,
    );
    expectRefused(await call(keys.b, `/v2/event-subscriptions/${id}/secret`, "PUT", { secret: secret() }), 404);
    expectRefused(await call(keys.b, `/v2/event-subscriptions/${id}`, "DELETE"), 404);
    expectRefused(await call(keys.b, "/v2/event-subscriptions/not-a-uuid"), 404);
    const row = await test.db.eventSubscription.findUniqueOrThrow({ where: { id } });
    expect(row.callbackUrl).toBe("http://127.0.0.1:9/a");
    // A key that may only read events may not manage subscriptions.
    expectRefused(await call(world.keys.a, "/v2/event-subscriptions"), 403);
    await test.db.eventSubscription.delete({ where: { id } });
  });

  it("refuses bodies that are not DCSA subscriptions with 400 naming the field", async () => {
    const good = { callbackUrl: "http://127.0.0.1:9/x", secret: secret() };
    const cases: [unknown, string][] = [
      [{ callbackUrl: good.callbackUrl }, "secret"],
      [{ secret: good.secret }, "callbackUrl"],
      [{ ...good, secret: "not base64!" }, "secret"],
      [{ ...good, secret: Buffer.from("short").toString("base64") }, "secret"],
      [{ ...good, eventType: ["TRANSPORT", "PARCEL"] }, "eventType"],
      [{ ...good, eventType: "TRANSPORT" }, "eventType"],
      [{ ...good, equipmentEventTypeCode: ["GTIN", "XXXX"] }, "equipmentEventTypeCode"],
      [{ ...good, equipmentReference: "X".repeat(16) }, "equipmentReference"],
      [{ ...good, carrierBookingReference: "" }, "carrierBookingReference"],
      [{ ...good, UNLocationCode: "Duisburg" }, "UNLocationCode"],
      [{ ...good, bookingReference: "SG-1" }, "bookingReference"],
      [{ ...good, subscriptionID: randomUUID() }, "subscriptionID"],
      [[good], "body"],
      ["{not json", "body"],
    ];
    for (const [body, field] of cases) {
      const error = expectRefused(await call(keys.a, "/v2/event-subscriptions", "POST", body), 400, field);
      expect(error.reason).toBe("invalidBody");
    }
    const form = new Request("http://localhost/v2/event-subscriptions", {
      method: "POST",
      headers: { Authorization: `Bearer ${keys.a}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: "callbackUrl=x",
    });
    const { action } = await route("v2.event-subscriptions._index.ts");
    expect((await action!({ request: form, params: {}, context: {} })).status).toBe(400);
    expect(await test.db.eventSubscription.count({ where: { companyId: world.companies.a } })).toBe(0);
  });

  it("refuses callbacks that are not public HTTPS (SSRF), with the reason", async () => {
    const caller = { companyId: world.companies.a, keyId: "k" };
    const refusal = async (callbackUrl: string, policy = strict) => {
      const error = await createSubscription(test.db, caller, { callbackUrl, secret: secret() }, { policy }).then(
        () => null,
        (thrown: unknown) => thrown,
      );
      expect(error, callbackUrl).toBeInstanceOf(ApiProblem);
      expect((error as ApiProblem).params.name).toBe("callbackUrl");
      return (error as ApiProblem).params.messageKey?.split(".").at(-1);
    };
    expect(await refusal("http://hooks.partner.example/cb")).toBe("notHttps");
    expect(await refusal("http://127.0.0.1:8080/cb")).toBe("notHttps");
    expect(await refusal("http://localhost:8080/cb")).toBe("notHttps");
    expect(await refusal("http://10.0.0.1/cb", local)).toBe("notHttps");
    for (const url of [
      "https://127.0.0.1/cb",
      "https://localhost/cb",
      "https://10.1.2.3/cb",
      "https://172.20.0.1/cb",
      "https://192.168.0.10/cb",
      "https://169.254.169.254/latest/meta-data",
      "https://100.64.0.1/cb",
      "https://0.0.0.0/cb",
      "https://[::1]/cb",
      "https://[::ffff:127.0.0.1]/cb",
      "https://[::ffff:a9fe:a9fe]/cb",
      "https://[fe80::1]/cb",
      "https://[fd00::5]/cb",
      "https://[::7f00:1]/cb",
      "https://[2002:7f00:1::1]/cb",
      "https://[2001:0:4136:e378::1]/cb",
      "https://internal.partner.example/cb",
      "https://mixed.partner.example/cb",
      "https://metadata.partner.example/cb",
      "https://v6.partner.example/cb",
      "https://printer.local/cb",
    ]) {
      expect(await refusal(url), url).toBe("notPublic");
    }
    // Unresolvable gets the same answer as private: no probing of internal names.
    expect(await refusal("https://nowhere.partner.example/cb")).toBe("notPublic");
    for (const url of ["ftp://hooks.partner.example/cb", "https://user:pw@hooks.partner.example/cb", "not a url"]) {
      expect(await refusal(url), url).toBe("invalid");
    }
    // A public name over HTTPS is fine; so is local HTTP where allowed (tests, development).
    const ok = await createSubscription(
      test.db,
      caller,
      { callbackUrl: "https://hooks.partner.example/cb?ref=1", secret: secret() },
      { policy: strict },
    );
    expect(ok.callbackUrl).toBe("https://hooks.partner.example/cb?ref=1");
    // Through the API the message says why.
    const viaApi = await call(keys.a, "/v2/event-subscriptions", "POST", {
      callbackUrl: "https://10.0.0.1/cb",
      secret: secret(),
    });
    expect(expectRefused(viaApi, 400).message).toMatch(/private, local or reserved/);
    await test.db.eventSubscription.deleteMany({});
  });
});

describe(`event subscriptions: notifications (${engine})`, () => {
  let hook: Receiver;
  beforeEach(async () => {
    await test.db.eventSubscription.deleteMany({});
    hook?.close();
    hook = await receiver();
  });
  afterAll(async () => {
    await hook?.close();
  });

  async function subscribe(company: "a" | "b" | "c", filters: Json = {}, callbackUrl = hook.url) {
    const key = secret();
    const created = await call(keys[company], "/v2/event-subscriptions", "POST", {
      callbackUrl,
      secret: key,
      ...filters,
    });
    expect(created.status).toBe(201);
    return { id: (created.body as Json).subscriptionID as string, secret: key };
  }

  /** A new event in the store, created now (as staff, a delay or a booking change would write it). */
  async function storeEvent(fields: {
    departureId: string;
    eventType: string;
    typeCode: string;
    milestone: string;
    placeCode: string;
    bookingId?: string;
    equipmentReference?: string;
  }) {
    const id = randomUUID();
    await test.db.operationalEvent.create({
      data: {
        id,
        classifier: "ACT",
        facilityType: "RAMP",
        eventAt: new Date(),
        createdAt: new Date(),
        isoEquipmentCode: fields.equipmentReference ? "45G1" : null,
        emptyIndicator: fields.eventType === "EQUIPMENT" ? "LADEN" : null,
        ...fields,
      },
    });
    return id;
  }

  const departedTrainOne = () =>
    storeEvent({
      departureId: world.trains.one,
      eventType: "TRANSPORT",
      typeCode: "DEPA",
      milestone: "BORDER_CROSSED",
      placeCode: "KZDOS",
    });

  function verify(delivery: Receiver["received"][number], subscriptions: { id: string; secret: string }[]) {
    const subscription = subscriptions.find((s) => s.id === delivery.headers["subscription-id"]);
    expect(subscription, "Subscription-ID names one of ours").toBeDefined();
    const expected = createHmac("sha256", Buffer.from(subscription!.secret, "base64"))
      .update(Buffer.from(delivery.body, "utf8"))
      .digest("hex");
    expect(delivery.headers["notification-signature"]).toBe(`sha256=${expected}`);
    expect(delivery.headers["api-version"]).toBe("2.2.0");
    expect(delivery.headers["content-type"]).toBe("application/json");
    const events = JSON.parse(delivery.body) as Json[];
    expect(Array.isArray(events) && events.length > 0).toBe(true);
    for (const event of events) expect(validEvent(event), complaints(validEvent)).toBe(true);
    return { subscription: subscription!, events };
  }

  it("sends each company its view of a new event, signed with its secret, once", async () => {
    const a = await subscribe("a");
    const b = await subscribe("b");
    const c = await subscribe("c");
    const eventId = await departedTrainOne();
    expect(await queueNotifications(test.db)).toBe(2);
    const outcomes = await sendDueNotifications(test.db, { policy: local });
    expect(outcomes).toEqual(["SENT", "SENT"]);
    expect(hook.received).toHaveLength(2);
    const byCompany = new Map(
      hook.received.map((delivery) => {
        const { subscription, events } = verify(delivery, [a, b, c]);
        return [subscription.id, events] as const;
      }),
    );
    // C follows A2 on train 2 only: nothing of train 1.
    expect(byCompany.has(c.id)).toBe(false);
    const [forA] = byCompany.get(a.id)!;
    const [forB] = byCompany.get(b.id)!;
    expect(forA).toMatchObject({ eventID: eventId, eventType: "TRANSPORT", transportEventTypeCode: "DEPA" });
    expect(JSON.stringify(forA)).toContain(world.references.a1);
    expect(JSON.stringify(forA)).not.toContain(world.references.b1);
    expect(JSON.stringify(forB)).toContain(world.references.b1);
    expect(JSON.stringify(forB)).not.toContain(world.references.a1);
    // The callback's own query is kept.
    expect(hook.received.map((delivery) => delivery.url)).toEqual(["/hooks/silu?partner=42", "/hooks/silu?partner=42"]);
    expect((await test.db.eventSubscription.findUniqueOrThrow({ where: { id: a.id } })).lastSuccessAt).not.toBeNull();

    // Sweeping and sending again sends nothing twice.
    expect(await queueNotifications(test.db)).toBe(0);
    expect(await sendDueNotifications(test.db, { policy: local })).toEqual([]);
    expect(hook.received).toHaveLength(2);
  });

  it("sends only what the filters ask for, as GET /v2/events filters: one box, one booking, one event type", async () => {
    const box = await subscribe("a", { equipmentReference: BOXES.a1[1] });
    const booking = await subscribe("a", { carrierBookingReference: world.references.a1, eventType: ["SHIPMENT"] });
    const other = await subscribe("a", { carrierBookingReference: world.references.a2 });
    const departures = await subscribe("a", { eventType: ["TRANSPORT"], transportEventTypeCode: ["DEPA"] });
    const mine = [box, booking, other, departures];
    const discharge = await storeEvent({
      departureId: world.trains.one,
      eventType: "EQUIPMENT",
      typeCode: "DISC",
      milestone: "DISCHARGED",
      placeCode: "DEDUI",
    });
    const departed = await departedTrainOne();
    // The waybill of A1 issued: a shipment event naming the waybill (not the booking) — still A1's.
    const issued = randomUUID();
    await test.db.operationalEvent.create({
      data: {
        id: issued,
        eventType: "SHIPMENT",
        classifier: "ACT",
        typeCode: "ISSU",
        milestone: "WAYBILL_ISSUED",
        eventAt: new Date(),
        createdAt: new Date(),
        placeCode: "CNLAZ",
        departureId: world.trains.one,
        bookingId: world.bookings.a1,
        documentTypeCode: "TRD",
        documentReference: world.waybillA1,
      },
    });
    await queueNotifications(test.db);
    await sendDueNotifications(test.db, { policy: local });
    const to = (id: string) =>
      hook.received
        .filter((delivery) => delivery.headers["subscription-id"] === id)
        .flatMap((delivery) => verify(delivery, mine).events);
    // The box: its own discharge (of A's two boxes on the train) and its train's departure.
    // (Notifications go out several at a time: in no particular order.)
    expect(to(box.id)).toHaveLength(2);
    expect(to(box.id)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ equipmentReference: BOXES.a1[1], equipmentEventTypeCode: "DISC" }),
        expect.objectContaining({ eventID: departed, transportEventTypeCode: "DEPA" }),
      ]),
    );
    expect(JSON.stringify(to(box.id))).not.toContain(BOXES.a1[0]);
    expect(to(booking.id)).toEqual([
      expect.objectContaining({ eventID: issued, shipmentEventTypeCode: "ISSU", documentID: world.waybillA1 }),
    ]);
    // A2 travels on train 2: nothing of train 1.
    expect(to(other.id)).toEqual([]);
    expect(to(departures.id).map((event) => event.eventID)).toEqual([departed]);
    expect(discharge).not.toBe(departed);
  });

  it("retries after a 500 with a backoff, then succeeds, then sends nothing more", async () => {
    const a = await subscribe("a");
    hook.answers.push(500);
    await departedTrainOne();
    await queueNotifications(test.db);
    const t = Date.now();
    expect(await sendDueNotifications(test.db, { policy: local, now: new Date(t) })).toEqual(["RETRY"]);
    const waiting = await test.db.eventDelivery.findFirstOrThrow({ where: { subscriptionId: a.id } });
    expect(waiting).toMatchObject({ status: "PENDING", attempts: 1, lastStatus: 500, lastError: "HTTP 500" });
    expect(waiting.nextAttemptAt.getTime()).toBe(t + retryDelayMs(1));
    // Not before the backoff has passed.
    expect(await sendDueNotifications(test.db, { policy: local, now: new Date(t + retryDelayMs(1) - 1_000) })).toEqual(
      [],
    );
    expect(hook.received).toHaveLength(1);
    expect(await sendDueNotifications(test.db, { policy: local, now: new Date(t + retryDelayMs(1)) })).toEqual([
      "SENT",
    ]);
    expect(hook.received).toHaveLength(2);
    // The same notification, the same bytes and signature.
    expect(hook.received[1]!.body).toBe(hook.received[0]!.body);
    expect(hook.received[1]!.headers["notification-signature"]).toBe(
      hook.received[0]!.headers["notification-signature"],
    );
    expect(await sendDueNotifications(test.db, { policy: local, now: new Date(t + 86_400_000) })).toEqual([]);
    expect(hook.received).toHaveLength(2);
    expect(await test.db.eventDelivery.findFirstOrThrow({ where: { subscriptionId: a.id } })).toMatchObject({
      status: "SENT",
      attempts: 2,
    });
  });

  it("delivers exactly once when two servers sweep and send at the same time", async () => {
    await subscribe("a");
    await subscribe("b");
    // On PostgreSQL a second client (another server); SQLite serialises writers within one process.
    const other = test.provider === "postgresql" ? createDb(test.url) : test.db;
    try {
      await departedTrainOne();
      const queued = await Promise.all([queueNotifications(test.db), queueNotifications(other)]);
      expect(queued[0]! + queued[1]!).toBe(2);
      const outcomes = await Promise.all([
        sendDueNotifications(test.db, { policy: local }),
        sendDueNotifications(other, { policy: local }),
        sendDueNotifications(test.db, { policy: local }),
      ]);
      expect(outcomes.flat()).toEqual(["SENT", "SENT"]);
      expect(hook.received).toHaveLength(2);
      expect(new Set(hook.received.map((delivery) => delivery.headers["subscription-id"])).size).toBe(2);
    } finally {
      if (other !== test.db) await other.$disconnect();
    }
  });

  it("a notification claimed by a server that was killed mid-send is sent by another once its lease has run out, once", async () => {
    await subscribe("a");
    await departedTrainOne();
    await queueNotifications(test.db);
    const row = await test.db.eventDelivery.findFirstOrThrow({ where: { status: "PENDING" } });
    // The dead server's claim: SENDING under its token, one try counted, nothing received.
    const leaseUntil = new Date(Date.now() + 60_000);
    await test.db.eventDelivery.update({
      where: { id: row.id },
      data: { status: "SENDING", claimToken: "dead", leaseUntil, attempts: 1 },
    });
    expect(await sendDueNotifications(test.db, { policy: local })).toEqual([]);
    const other = test.provider === "postgresql" ? createDb(test.url) : test.db;
    try {
      const after = new Date(leaseUntil.getTime() + 1_000);
      const outcomes = await Promise.all([
        sendDueNotifications(test.db, { policy: local, now: after }),
        sendDueNotifications(other, { policy: local, now: after }),
      ]);
      expect(outcomes.flat()).toEqual(["SENT"]);
      expect(hook.received).toHaveLength(1);
      expect(await test.db.eventDelivery.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
        status: "SENT",
        attempts: 2,
        claimToken: null,
      });
    } finally {
      if (other !== test.db) await other.$disconnect();
    }
  });

  it("gives up after the last try, lists the failure for the admin, who may send it again", async () => {
    const a = await subscribe("a");
    hook.answers.push(...Array.from({ length: MAX_ATTEMPTS }, () => 503));
    const eventId = await departedTrainOne();
    await queueNotifications(test.db);
    let t = Date.now();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const [outcome] = await sendDueNotifications(test.db, { policy: local, now: new Date(t) });
      expect(outcome).toBe(attempt === MAX_ATTEMPTS ? "FAILED" : "RETRY");
      t += retryDelayMs(attempt);
    }
    expect(hook.received).toHaveLength(MAX_ATTEMPTS);
    expect(await sendDueNotifications(test.db, { policy: local, now: new Date(t + 86_400_000) })).toEqual([]);

    const adminId = (await test.db.membership.findFirstOrThrow({ where: { companyId: world.companies.a } })).userId;
    const admin = await loadActor(test.db, adminId);
    const view = await listCompanySubscriptions(test.db, admin, world.companies.a);
    expect(view.subscriptions).toEqual([
      expect.objectContaining({
        id: a.id,
        callbackHost: `127.0.0.1:${hook.port}`,
        failedCount: 1,
        lastSuccessAt: null,
      }),
    ]);
    expect(view.problems).toEqual([
      expect.objectContaining({
        eventId,
        status: "FAILED",
        attempts: MAX_ATTEMPTS,
        lastStatus: 503,
        lastError: "HTTP 503",
        nextAttemptAt: null,
      }),
    ]);
    // Another company's admin finds neither it nor a way to retry it.
    const bAdmin = await loadActor(
      test.db,
      (await test.db.membership.findFirstOrThrow({ where: { companyId: world.companies.b } })).userId,
    );
    expect((await listCompanySubscriptions(test.db, bAdmin, world.companies.b)).problems).toEqual([]);
    const deliveryId = view.problems[0]!.id;
    await expect(
      retryDelivery(test.db, { actor: bAdmin, companyId: world.companies.b, deliveryId }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      deleteCompanySubscription(test.db, { actor: bAdmin, companyId: world.companies.b, subscriptionId: a.id }),
    ).rejects.toMatchObject({ status: 404 });

    await retryDelivery(test.db, { actor: admin, companyId: world.companies.a, deliveryId });
    expect(await sendDueNotifications(test.db, { policy: local })).toEqual(["SENT"]);
    expect((await listCompanySubscriptions(test.db, admin, world.companies.a)).problems).toEqual([]);
    await deleteCompanySubscription(test.db, { actor: admin, companyId: world.companies.a, subscriptionId: a.id });
    expect(await test.db.eventDelivery.count({ where: { subscriptionId: a.id } })).toBe(0);
  });

  it("sends each company a fair share per run: one company's pile cannot hold back another's", async () => {
    const make = (companyId: string, path: string) =>
      test.db.eventSubscription.create({
        data: {
          id: randomUUID(),
          companyId,
          callbackUrl: `http://127.0.0.1:9/${path}`,
          secret: secret(),
          filters: "{}",
        },
      });
    const [flooding, other] = [await make(world.companies.b, "flood"), await make(world.companies.c, "other")];
    const due = new Date(Date.now() - 60_000);
    // Ids of no stored event: each is claimed, then skipped (nothing to send), which is all this counts.
    const eventIds = Array.from({ length: 21 }, () => randomUUID());
    await test.db.eventDelivery.createMany({
      data: [
        ...eventIds.slice(0, 20).map((eventId) => ({ subscriptionId: flooding.id, eventId, nextAttemptAt: due })),
        // Queued last: the oldest-first order alone would reach it only after the whole pile.
        { subscriptionId: other.id, eventId: eventIds[20]!, nextAttemptAt: new Date(due.getTime() + 1_000) },
      ],
    });
    await sendDueNotifications(test.db, { policy: local, limit: 10, timeoutMs: 200 });
    const tried = async (subscriptionId: string) =>
      test.db.eventDelivery.count({ where: { subscriptionId, attempts: { gt: 0 } } });
    expect(await tried(flooding.id)).toBe(8);
    expect(await tried(other.id)).toBe(1);
    await test.db.eventSubscription.deleteMany({ where: { id: { in: [flooding.id, other.id] } } });
  });

  it("revoking the key that created a subscription deletes it and what it had queued (audited)", async () => {
    const adminId = (await test.db.membership.findFirstOrThrow({ where: { companyId: world.companies.b } })).userId;
    const key = await subscriptionKey(world.companies.b, adminId);
    const keyRow = await test.db.apiKey.findUniqueOrThrow({ where: { secretHash: sha256Hex(key) } });
    const created = await call(key, "/v2/event-subscriptions", "POST", {
      callbackUrl: "http://127.0.0.1:9/hooks/leaked",
      secret: secret(),
    });
    expect(created.status).toBe(201);
    const id = (created.body as { subscriptionID: string }).subscriptionID;
    const kept = await call(keys.b, "/v2/event-subscriptions", "POST", {
      callbackUrl: "http://127.0.0.1:9/hooks/kept",
      secret: secret(),
    });
    expect(kept.status).toBe(201);
    const admin = await loadActor(test.db, adminId);
    await revokeApiKey(test.db, { actor: admin, companyId: world.companies.b, keyId: keyRow.id });
    expect(await test.db.eventSubscription.findUnique({ where: { id } })).toBeNull();
    expect(await test.db.eventDelivery.count({ where: { subscriptionId: id } })).toBe(0);
    const keptId = (kept.body as { subscriptionID: string }).subscriptionID;
    expect(await test.db.eventSubscription.findUnique({ where: { id: keptId } })).not.toBeNull();
    const audit = await test.db.auditEvent.findFirstOrThrow({
      where: { action: "apiKey.revoked", entityId: keyRow.id },
    });
    expect(audit.after).toContain(id);
    await test.db.eventSubscription.delete({ where: { id: keptId } });
  });

  it("sends nothing of another company's booking or of a consignment not shared, and stops when a share is revoked", async () => {
    const a = await subscribe("a");
    const b = await subscribe("b");
    const c = await subscribe("c");
    // B's box at the gate: B's alone.
    await storeEvent({
      departureId: world.trains.one,
      eventType: "EQUIPMENT",
      typeCode: "GTOT",
      milestone: "OUT_FOR_DELIVERY",
      placeCode: "DEDUI",
      bookingId: world.bookings.b1,
      equipmentReference: BOXES.b1[0],
    });
    // A1 is not shared with C's member: A's alone.
    await storeEvent({
      departureId: world.trains.one,
      eventType: "EQUIPMENT",
      typeCode: "GTOT",
      milestone: "OUT_FOR_DELIVERY",
      placeCode: "DEDUI",
      bookingId: world.bookings.a1,
      equipmentReference: BOXES.a1[0],
    });
    await queueNotifications(test.db);
    await sendDueNotifications(test.db, { policy: local });
    const to = (id: string) => hook.received.filter((delivery) => delivery.headers["subscription-id"] === id);
    expect(to(a.id)).toHaveLength(1);
    expect(to(b.id)).toHaveLength(1);
    expect(to(c.id)).toHaveLength(0);
    expect(verify(to(a.id)[0]!, [a]).events[0]).toMatchObject({ equipmentReference: BOXES.a1[0] });
    expect(verify(to(b.id)[0]!, [b]).events[0]).toMatchObject({ equipmentReference: BOXES.b1[0] });

    // A2 is shared with C's member: C hears of it — unless the share is revoked before sending.
    await storeEvent({
      departureId: world.trains.two,
      eventType: "EQUIPMENT",
      typeCode: "GTOT",
      milestone: "OUT_FOR_DELIVERY",
      placeCode: "DEDUI",
      bookingId: world.bookings.a2,
      equipmentReference: BOXES.a2[0],
    });
    await queueNotifications(test.db);
    expect(await test.db.eventDelivery.count({ where: { subscriptionId: c.id } })).toBe(1);
    await test.db.bookingShare.updateMany({ where: { bookingId: world.bookings.a2 }, data: { revokedAt: new Date() } });
    try {
      const outcomes = await sendDueNotifications(test.db, { policy: local });
      expect(outcomes.sort()).toEqual(["SENT", "SKIPPED"]);
      expect(to(c.id)).toHaveLength(0);
      expect(await test.db.eventDelivery.findFirstOrThrow({ where: { subscriptionId: c.id } })).toMatchObject({
        status: "SKIPPED",
      });
    } finally {
      await test.db.bookingShare.updateMany({ where: { bookingId: world.bookings.a2 }, data: { revokedAt: null } });
    }
  });

  it("still queues an event whose transaction committed after the sweep passed its time", async () => {
    const t = Date.now();
    const a = await createSubscription(
      test.db,
      { companyId: world.companies.a, keyId: "k" },
      { callbackUrl: hook.url, secret: secret() },
      { policy: local, now: new Date(t - 10 * 60_000) },
    );
    // (It has the earlier tests' events of the last ten minutes to catch up with first.)
    await queueNotifications(test.db, { now: new Date(t) });
    // Written two minutes ago by a transaction that commits only now, after the sweep's mark.
    const late = randomUUID();
    await test.db.operationalEvent.create({
      data: {
        id: late,
        eventType: "TRANSPORT",
        classifier: "ACT",
        typeCode: "ARRI",
        milestone: "ARRIVED",
        eventAt: new Date(t - 120_000),
        createdAt: new Date(t - 120_000),
        placeCode: "DEDUI",
        facilityType: "RAMP",
        departureId: world.trains.one,
      },
    });
    expect(await queueNotifications(test.db, { now: new Date(t + 10_000) })).toBe(1);
    expect(await test.db.eventDelivery.count({ where: { subscriptionId: a.subscriptionID, eventId: late } })).toBe(1);
    expect(await queueNotifications(test.db, { now: new Date(t + 20_000) })).toBe(0);
  });

  it("does not notify a subscription of events stored before it", async () => {
    await departedTrainOne();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await subscribe("a");
    expect(await queueNotifications(test.db)).toBe(0);
  });

  it("checks where the callback leads again when sending: a name now resolving to a private address is not called", async () => {
    let answer = ["203.0.113.10"];
    const rebinding: CallbackPolicy = { allowLocal: false, resolve: async () => answer };
    const created = await createSubscription(
      test.db,
      { companyId: world.companies.a, keyId: "k" },
      { callbackUrl: `https://rebind.partner.example:${hook.port}/cb`, secret: secret() },
      { policy: rebinding },
    );
    await departedTrainOne();
    await queueNotifications(test.db);
    // The name now points at this machine (or the cloud's metadata service).
    answer = ["127.0.0.1"];
    expect(await sendDueNotifications(test.db, { policy: rebinding })).toEqual(["RETRY"]);
    answer = ["169.254.169.254"];
    expect(
      await sendDueNotifications(test.db, { policy: rebinding, now: new Date(Date.now() + retryDelayMs(1)) }),
    ).toEqual(["RETRY"]);
    expect(hook.received).toHaveLength(0);
    expect(
      await test.db.eventDelivery.findFirstOrThrow({ where: { subscriptionId: created.subscriptionID } }),
    ).toMatchObject({
      status: "PENDING",
      attempts: 2,
      lastError: "refused: notPublic",
    });
  });
});
