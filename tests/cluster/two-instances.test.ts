import { randomBytes } from "node:crypto";
import net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { defaultCallbackPolicy } from "~/domain/api/callback-url.server";
import { createSubscription } from "~/domain/api/event-subscriptions.server";
import { CARRIAGE_TERMS_VERSION } from "~/domain/booking/carriage-terms";
import { createSession } from "~/domain/identity/session.server";
import { sha256Hex } from "~/utils/hash.server";
import { DEMO_PASSWORD } from "../../seeds/data/demo-accounts";
import { SESSION_SECRET } from "../../e2e/support/environment";
import { receiver, type Receiver } from "../support/callback-receiver";
import { leaveAvailable } from "../support/capacity";
import { createReviewedDrafts } from "../support/drafts";
import { newKey } from "../support/tnt-fixture";
import { CLUSTER_SETTINGS, eventually, sleep, startCluster, type Cluster, type Instance } from "./cluster";

/*
 * Issue 15: two instances of the built portal on one PostgreSQL database. Each test would fail
 * if what it names held only within one process: sessions, rate limits, the hold race, the
 * background jobs' claims and leases, the board cache's bound, and a graceful shutdown.
 */

const BOOKER = "booker@lanzhou-silkroad.example";
const JOB_PERIOD_MS = Number(CLUSTER_SETTINGS.JOB_INTERVAL_SECONDS) * 1_000;
const LEASE_MS = Number(CLUSTER_SETTINGS.JOB_LEASE_SECONDS) * 1_000;

let cluster: Cluster;
/** The demo booker's session (written by the app's own createSession), as a Cookie header. */
let cookie: string;
let booker: { userId: string; companyId: string };
/** Open departures from Lanzhou far from their cut-offs: one per test, so no test sees another's holds. */
let departures: { id: string; departureAt: Date }[];

beforeAll(async () => {
  cluster = await startCluster();
  // The app's code in this process (sessions) reads the same settings as the servers.
  Object.assign(process.env, {
    DATABASE_URL: cluster.databaseUrl,
    SESSION_SECRET,
    APP_URL: cluster.a.url,
    EVENT_CALLBACK_ALLOW_LOCAL: "1",
  });
  const user = await cluster.db.user.findUniqueOrThrow({ where: { email: BOOKER }, include: { memberships: true } });
  booker = { userId: user.id, companyId: user.memberships[0]!.companyId };
  cookie = (await createSession(cluster.db, user.id, { ipAddress: "127.0.0.1", userAgent: "cluster test" })).split(
    ";",
  )[0]!;
  const soon = new Date(Date.now() + 3 * 86_400_000);
  departures = await cluster.db.departure.findMany({
    where: {
      status: "OPEN",
      cargoCutoffAt: { gt: soon },
      docCutoffAt: { gt: soon },
      service: { originCode: "CNLAZ" },
      capacities: { some: { equipmentCode: "45G1" } },
    },
    orderBy: { departureAt: "asc" },
    take: 5,
    select: { id: true, departureAt: true },
  });
  expect(departures).toHaveLength(5);
}, 180_000);

afterAll(async () => {
  await cluster?.close();
}, 60_000);

afterEach(() => {
  // A test's slow or stalled stand-ins stay with it.
  cluster.mailbox.waitBeforeAccepting = undefined;
  cluster.stripe.waitBeforeAnswering = undefined;
});

function request(
  instance: Instance,
  path: string,
  options: { form?: Record<string, string>; cookie?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = options.cookie ? { Cookie: options.cookie } : {};
  if (!options.form) return fetch(`${instance.url}${path}`, { headers, redirect: "manual" });
  return fetch(`${instance.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { ...headers, Origin: instance.url, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(options.form).toString(),
  });
}

/** The review step's submit, as the booker's browser sends it (and scripts/bench.ts measures it). */
async function submitReview(instance: Instance, reference: string): Promise<number> {
  const response = await request(instance, `/zh-CN/bookings/${reference}/edit/review`, {
    form: { acceptCarriageTerms: CARRIAGE_TERMS_VERSION },
    cookie,
  });
  await response.arrayBuffer();
  return response.status;
}

function drafts(departureId: string, count: number, quantity = 1) {
  return createReviewedDrafts(cluster.db, {
    ...booker,
    departureId,
    count,
    containers: [{ equipmentCode: "45G1", quantity }],
  });
}

async function capacity45(departureId: string) {
  return cluster.db.departureCapacity.findUniqueOrThrow({
    where: { departureId_equipmentCode: { departureId, equipmentCode: "45G1" } },
  });
}

/**
 * A card payment of the booking and its refund, recorded but never sent to Stripe (a crash
 * after the commit): the refund retrier's work.
 */
async function unsentCardRefund(bookingId: string) {
  const payment = await cluster.db.payment.create({
    data: {
      bookingId,
      companyId: booker.companyId,
      method: "STRIPE_CHECKOUT",
      status: "REFUND_PENDING",
      currency: "USD",
      amountMinor: 10_000,
      receivedMinor: 10_000,
      paymentIntentId: `pi_cluster_${randomBytes(8).toString("hex")}`,
    },
  });
  return cluster.db.refund.create({
    data: {
      paymentId: payment.id,
      amountMinor: 10_000,
      currency: "USD",
      reason: "CANCELLATION",
      status: "PENDING",
      idempotencyKey: `cancel-${payment.id}`,
      createdAt: new Date(Date.now() - 10 * 60_000),
    },
  });
}

/** The Stripe refund requests the stand-in received for one refund. */
const refundRequests = (refundId: string) =>
  cluster.stripe.requests.filter(
    (sent) =>
      sent.path === "/v1/refunds" && (sent.body.metadata as { refundId?: string } | undefined)?.refundId === refundId,
  );

/** The e-mails to the booker about one booking. */
const mailsAbout = (reference: string) =>
  cluster.mails().filter((mail) => mail.to.includes(BOOKER) && mail.subject.includes(reference));

describe("two instances on one PostgreSQL database", () => {
  it("a session begun on A works on B, and signing out on B ends it on A", async () => {
    const signIn = await request(cluster.a, "/en/login", {
      form: { email: BOOKER, password: DEMO_PASSWORD, redirectTo: "" },
    });
    expect(signIn.status).toBe(302);
    const session = signIn.headers
      .getSetCookie()
      .map((header) => header.split(";")[0]!)
      .join("; ");
    expect((await request(cluster.b, "/en/bookings")).status).toBe(302);
    expect((await request(cluster.b, "/en/bookings", { cookie: session })).status).toBe(200);

    const signOut = await request(cluster.b, "/en/logout", { form: {}, cookie: session });
    expect(signOut.status).toBe(302);
    const afterwards = await request(cluster.a, "/en/bookings", { cookie: session });
    expect(afterwards.status).toBe(302);
    expect(afterwards.headers.get("location")).toMatch(/^\/en\/login/);
  });

  it("sign-in attempts alternated between A and B are refused once the limit is reached in total", async () => {
    const limit = Number(CLUSTER_SETTINGS.SIGN_IN_PER_ACCOUNT_IP);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < limit + 2; attempt += 1) {
      const response = await request(attempt % 2 === 0 ? cluster.a : cluster.b, "/en/login", {
        form: { email: "admin@wuwei-agri.example", password: "not-the-password", redirectTo: "" },
      });
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    // Each instance saw at most three attempts: only a count kept in the database reaches the limit.
    expect(statuses.slice(0, limit).every((status) => status >= 400 && status !== 429)).toBe(true);
    expect(statuses.slice(limit)).toEqual([429, 429]);
  });

  it("200 simultaneous submits split over both instances for the last 7 slots: exactly 7 holds", async () => {
    const departure = departures[0]!;
    const references = await drafts(departure.id, 200);
    await leaveAvailable(cluster.db, departure.id, "45G1", 7);
    const statuses = await Promise.all(
      references.map((reference, index) => submitReview(index % 2 === 0 ? cluster.a : cluster.b, reference)),
    );
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    const held = await cluster.db.booking.count({ where: { reference: { in: references }, status: "HELD" } });
    expect(held).toBe(7);
    const after = await capacity45(departure.id);
    expect(after.available).toBe(0);
    expect(after.available + after.held + after.booked).toBe(after.total);
  });

  it("a hold made on A shows on B's board within BOARD_CACHE_SECONDS", async () => {
    const departure = departures[2]!;
    const capacity = await capacity45(departure.id);
    // A total no other departure shows, to find this one's line on the board.
    await cluster.db.departureCapacity.update({
      where: { id: capacity.id },
      data: { total: 97, available: 10, held: 0, booked: 87 },
    });
    const day = (offset: number) =>
      new Date(departure.departureAt.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    const board = `/en/schedules?origin=CNLAZ&equipment=45G1&from=${day(-1)}&to=${day(1)}`;
    const shown = async (instance: Instance) => {
      const html = await (await request(instance, board)).text();
      const at = html.indexOf(`/en/departures/${departure.id}"`);
      expect(at).toBeGreaterThan(-1);
      const card = html.slice(at, html.indexOf("</article>", at));
      return Number(/(\d+) of 97 left/.exec(card)?.[1]);
    };
    expect(await shown(cluster.a)).toBe(10);
    expect(await shown(cluster.b)).toBe(10); // now in B's cache

    const [reference] = await drafts(departure.id, 1, 2);
    const heldAt = Date.now();
    expect(await submitReview(cluster.a, reference!)).toBe(302);
    // A forgets its own cached boards at once; B sees the hold once its cached result has expired.
    expect(await shown(cluster.a)).toBe(8);
    await eventually("B's board to show the hold", async () => ((await shown(cluster.b)) === 8 ? true : undefined));
    expect(Date.now() - heldAt).toBeLessThanOrEqual(Number(CLUSTER_SETTINGS.BOARD_CACHE_SECONDS) * 1_000 + 1_000);
  });

  describe("background jobs on both instances do each piece of work once", () => {
    let hook: Receiver;
    beforeAll(async () => {
      hook = await receiver();
    });
    afterAll(async () => {
      await hook?.close();
    });

    it("expired holds, booking e-mails, a Stripe refund, event-subscription deliveries", async () => {
      const departure = departures[1]!;
      // The company's partner system subscribes to its events (a callback on this machine, as the servers allow).
      const key = newKey();
      const apiKey = await cluster.db.apiKey.create({
        data: {
          companyId: booker.companyId,
          name: "cluster test",
          prefix: key.slice(0, 12),
          secretHash: sha256Hex(key),
          scopes: JSON.stringify(["subscriptions:write"]),
          createdById: booker.userId,
        },
      });
      await createSubscription(
        cluster.db,
        { companyId: booker.companyId, keyId: apiKey.id },
        { callbackUrl: hook.url, secret: randomBytes(32).toString("base64") },
        { policy: defaultCallbackPolicy() },
      );

      // A slow Stripe and a slow mail server: time for the other instance to take the same work, were it not claimed.
      cluster.stripe.waitBeforeAnswering = (sent) =>
        sent.path === "/v1/refunds" ? sleep(3 * JOB_PERIOD_MS) : undefined;
      cluster.mailbox.waitBeforeAccepting = () => sleep(300);

      const before = await capacity45(departure.id);
      const references = await drafts(departure.id, 4);
      const statuses = await Promise.all(
        references.map((reference, index) => submitReview(index % 2 === 0 ? cluster.a : cluster.b, reference)),
      );
      expect(statuses).toEqual([302, 302, 302, 302]);
      const bookings = await cluster.db.booking.findMany({ where: { reference: { in: references } } });

      const refund = await unsentCardRefund(bookings[0]!.id);

      // The holds run out: both instances' sweepers find them.
      await cluster.db.booking.updateMany({
        where: { reference: { in: references } },
        data: { holdExpiresAt: new Date(Date.now() - 1_000) },
      });
      await eventually("the holds to expire", async () =>
        (await cluster.db.booking.count({ where: { reference: { in: references }, status: "EXPIRED" } })) === 4
          ? true
          : undefined,
      );
      await eventually("the refund to reach Stripe", async () =>
        (await cluster.db.refund.findUniqueOrThrow({ where: { id: refund.id } })).providerRefundId ? true : undefined,
      );
      await eventually("the booking e-mails", async () =>
        references.every((reference) => mailsAbout(reference).length >= 2) ? true : undefined,
      );
      await eventually("the event notifications", async () =>
        references.every((reference) => hook.received.some((delivery) => delivery.body.includes(reference)))
          ? true
          : undefined,
      );
      // Both instances go on sweeping for a few more periods: nothing may happen twice meanwhile.
      await sleep(4 * JOB_PERIOD_MS);

      const after = await capacity45(departure.id);
      expect(after.available).toBe(before.available);
      expect(after.held).toBe(before.held);
      expect(after.available + after.held + after.booked).toBe(after.total);
      const expiries = await cluster.db.bookingEvent.groupBy({
        by: ["bookingId"],
        where: { bookingId: { in: bookings.map((booking) => booking.id) }, type: "EXPIRED" },
        _count: true,
      });
      expect(expiries.map((row) => row._count)).toEqual([1, 1, 1, 1]);

      for (const reference of references) {
        const subjects = mailsAbout(reference).map((mail) => mail.subject);
        expect(subjects.filter((subject) => subject.includes("舱位保留至"))).toHaveLength(1);
        expect(subjects.filter((subject) => subject.includes("舱位保留已结束"))).toHaveLength(1);
        expect(subjects).toHaveLength(2);
      }

      expect(refundRequests(refund.id)).toHaveLength(1);

      const eventIds = hook.received.flatMap((delivery) =>
        (JSON.parse(delivery.body) as { eventID: string }[]).map((event) => event.eventID),
      );
      expect(eventIds.length).toBeGreaterThanOrEqual(references.length);
      expect(new Set(eventIds).size).toBe(eventIds.length);
    });
  });

  it("SIGTERM: A finishes the request in flight, says it is not ready, takes no new connection and exits 0; B serves on", async () => {
    const departure = departures[3]!;
    const [reference] = await drafts(departure.id, 1);
    expect(await submitReview(cluster.a, reference!)).toBe(302);

    // Stripe answers the checkout slowly: the payment step is in flight on A when A is told to stop.
    let answerCheckout!: () => void;
    const checkoutAnswered = new Promise<void>((resolve) => (answerCheckout = resolve));
    const sessionsBefore = cluster.stripe.requests.filter((sent) => sent.path === "/v1/checkout/sessions").length;
    cluster.stripe.waitBeforeAnswering = (sent) =>
      sent.path === "/v1/checkout/sessions" ? checkoutAnswered : undefined;
    // A health check already on its way (connected, headers begun) when the signal comes.
    const readiness = await beginRequest(cluster.a, "/readyz");
    const paying = request(cluster.a, `/en/bookings/${reference}`, {
      form: { intent: "card", acceptCancellationTerms: "on" },
      cookie,
    });
    await eventually("the checkout request at Stripe", async () =>
      cluster.stripe.requests.filter((sent) => sent.path === "/v1/checkout/sessions").length > sessionsBefore
        ? true
        : undefined,
    );
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      cluster.a.process.once("exit", (code, signal) => resolve({ code, signal })),
    );
    cluster.a.process.kill("SIGTERM");
    await sleep(500);

    const ready = await readiness.finish();
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toMatchObject({ ready: false, draining: true });
    await expect(fetch(`${cluster.a.url}/healthz`)).rejects.toThrow();
    expect((await request(cluster.b, "/readyz")).status).toBe(200);

    answerCheckout();
    cluster.stripe.waitBeforeAnswering = undefined;
    const answer = await paying;
    expect(answer.status).toBe(302);
    expect(answer.headers.get("location")).toMatch(`${cluster.stripe.url}/pay/cs_test_`);
    expect(await exited).toEqual({ code: 0, signal: null });
    expect((await request(cluster.b, `/en/bookings/${reference}`, { cookie })).status).toBe(200);
  });

  it("kill -9 of A mid-job: once its lease has run out B finishes the work, nothing lost, nothing twice", async () => {
    // Only A runs jobs while the work is made: B is stopped, A (stopped by the test before) started again.
    await cluster.stop(cluster.b);
    cluster.a = await cluster.start("A");
    const departure = departures[4]!;
    const [reference] = await drafts(departure.id, 1);
    const booking = await cluster.db.booking.findUniqueOrThrow({ where: { reference: reference! } });

    // The mail server and Stripe take A's requests and never answer them.
    const never = new Promise<void>(() => {});
    let mailStalled!: () => void;
    let refundStalled!: () => void;
    const stalls = Promise.all([
      new Promise<void>((resolve) => (mailStalled = resolve)),
      new Promise<void>((resolve) => (refundStalled = resolve)),
    ]);
    let stalledAt = 0;
    cluster.mailbox.waitBeforeAccepting = (to) => {
      if (!to.includes(BOOKER)) return undefined;
      stalledAt = Date.now();
      mailStalled();
      return never;
    };
    cluster.stripe.waitBeforeAnswering = (sent) => {
      if (sent.path !== "/v1/refunds") return undefined;
      refundStalled();
      return never;
    };
    const refund = await unsentCardRefund(booking.id);
    expect(await submitReview(cluster.a, reference!)).toBe(302);
    await Promise.race([
      stalls,
      sleep(15_000).then(() => {
        throw new Error("A did not start sending the e-mail and the refund");
      }),
    ]);

    const killed = new Promise((resolve) => cluster.a.process.once("exit", resolve));
    cluster.a.process.kill("SIGKILL");
    await killed;
    cluster.mailbox.waitBeforeAccepting = undefined;
    cluster.stripe.waitBeforeAnswering = undefined;
    cluster.b = await cluster.start("B");

    await eventually(
      "B to send the e-mail",
      async () => (mailsAbout(reference!).length > 0 ? true : undefined),
      LEASE_MS + 15_000,
    );
    await eventually(
      "B to send the refund",
      async () =>
        (await cluster.db.refund.findUniqueOrThrow({ where: { id: refund.id } })).providerRefundId ? true : undefined,
      LEASE_MS + 15_000,
    );
    await sleep(4 * JOB_PERIOD_MS);

    // One e-mail delivered (A's never was), one refund made: A's request and B's carry the same key.
    const mails = mailsAbout(reference!);
    expect(mails).toHaveLength(1);
    // B took A's e-mail over only once A's claim had run out (claimed just before A began to send it).
    expect(new Date(mails[0]!.receivedAt).getTime()).toBeGreaterThanOrEqual(stalledAt + LEASE_MS - 1_000);
    expect(refundRequests(refund.id).map((sent) => sent.idempotencyKey)).toEqual([
      refund.idempotencyKey,
      refund.idempotencyKey,
    ]);
  });
});

/**
 * A GET whose request line and first header are sent now and the rest on `finish()`: a request
 * the server has begun to read (so shutting down does not close its connection as idle).
 */
async function beginRequest(instance: Instance, path: string) {
  const socket = net.connect(instance.port, "127.0.0.1");
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  const chunks: Buffer[] = [];
  socket.on("data", (chunk: Buffer) => chunks.push(chunk));
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost:${instance.port}\r\n`);
  return {
    async finish(): Promise<{ status: number; body: string }> {
      socket.write("Connection: close\r\n\r\n");
      await closed;
      const raw = Buffer.concat(chunks).toString("utf8");
      const split = raw.indexOf("\r\n\r\n");
      const head = raw.slice(0, split);
      let body = raw.slice(split + 4);
      if (/^transfer-encoding:\s*chunked/im.test(head)) {
        let decoded = "";
        for (;;) {
          const end = body.indexOf("\r\n");
          const size = Number.parseInt(body.slice(0, end), 16);
          if (!size) break;
          decoded += body.slice(end + 2, end + 2 + size);
          body = body.slice(end + 2 + size + 2);
        }
        body = decoded;
      }
      return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), body };
    },
  };
}
