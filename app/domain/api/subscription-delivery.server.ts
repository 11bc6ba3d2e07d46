import { createHmac, randomUUID } from "node:crypto";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import type { OperationalEvent } from "~/generated/prisma/sqlite/client";
import type { Db } from "~/utils/db.server";
import { everyPeriod, jobLeaseMs, jobPeriodMs } from "~/domain/ops/jobs.server";
import { isUniqueViolation } from "~/utils/app-error";
import { callbackShape, checkedAddresses, defaultCallbackPolicy, type CallbackPolicy } from "./callback-url.server";
import { TNT_API_VERSION } from "./dcsa-http.server";
import {
  matchesFilters,
  parseStoredFilters,
  type DcsaEventLike,
  type SubscriptionFilters,
} from "./subscription-filters";
import { CompanyEventView } from "./company-events.server";

/*
 * Event subscriptions' notifications (decision 026). A sweep reads the event store by
 * createdAt from a high-water mark (less an overlap, for transactions that commit late) and
 * queues one EventDelivery per (subscription, event) the subscription's company may see and its
 * filters match — unique, so re-reading queues nothing twice. Senders claim due rows with a
 * conditional update (so two servers never send one twice), POST the DCSA events signed with
 * the subscription's secret, and retry with an exponential backoff until MAX_ATTEMPTS.
 */

/** Tries before a notification is given up as failed (then listed for the company's admin). */
export const MAX_ATTEMPTS = 8;
/** The wait after the first failed try; doubled after each further one, at most an hour. */
export const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 60 * 60_000;
/** How far before the mark each sweep reads again (a transaction may commit after a later one). */
export const FANOUT_OVERLAP_MS = 5 * 60_000;
const SEND_TIMEOUT_MS = 5_000;
/** At most this many notifications of one company per run. */
const PER_COMPANY_PER_RUN = 8;
const PAGE = 200;
const PARALLEL_SENDS = 8;
const MARK_ID = "events";

/** A DCSA event a company may see, with the company's bookings it concerns. */
export interface SeenEvent {
  event: object;
  bookingIds: string[];
}

/** The DCSA events a company may see of each of these stored events, by stored id (empty: none). */
export type Visibility = (db: Db, companyId: string, events: OperationalEvent[]) => Promise<Map<string, SeenEvent[]>>;

/** The partner API's own view of the store (the same as GET /v2/events shows the company), one batch at a time. */
const eventsForCompany: Visibility = async (db, companyId, events) => {
  const view = new CompanyEventView(db, companyId);
  await view.prepare(events);
  return new Map(events.map((event) => [event.id, view.map(event)]));
};

/**
 * The bookings a subscription's reference filters name (booking reference, waybill number,
 * container number; all given must name the same booking), or null when it has none.
 */
async function namedBookings(db: Db, filters: SubscriptionFilters): Promise<Set<string> | null> {
  const sets: string[][] = [];
  if (filters.carrierBookingReference) {
    const booking = await db.booking.findUnique({
      where: { reference: filters.carrierBookingReference },
      select: { id: true },
    });
    sets.push(booking ? [booking.id] : []);
  }
  if (filters.transportDocumentReference) {
    const waybill = await db.waybill.findUnique({
      where: { number: filters.transportDocumentReference },
      select: { bookingId: true },
    });
    sets.push(waybill ? [waybill.bookingId] : []);
  }
  if (filters.equipmentReference) {
    const units = await db.shipmentEquipment.findMany({
      where: { containerNumber: filters.equipmentReference },
      select: { bookingId: true },
    });
    sets.push(units.map((unit) => unit.bookingId));
  }
  if (sets.length === 0) return null;
  return new Set(sets.reduce((kept, next) => kept.filter((id) => next.includes(id))));
}

/** The events of `seen` that pass the subscription's filters. */
function matching(seen: SeenEvent[], filters: SubscriptionFilters, named: Set<string> | null) {
  return seen
    .filter((mapped) =>
      matchesFilters(mapped.event as DcsaEventLike, filters, { bookingIds: mapped.bookingIds, named }),
    )
    .map((mapped) => mapped.event);
}

/** The wait before try `attempts + 1`, after `attempts` failed tries. */
export function retryDelayMs(attempts: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_MS);
}

/** DCSA's Notification-Signature: HMAC-SHA256 of the exact body bytes, keyed with the secret's bytes (base64-decoded). */
export function notificationSignature(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", Buffer.from(secret, "base64")).update(body, "utf8").digest("hex")}`;
}

/**
 * Queues the notifications of events stored since the last sweep. Returns how many were queued.
 * A subscription gets the events created from its own creation on.
 */
export async function queueNotifications(
  db: Db,
  { now = new Date(), visible = eventsForCompany }: { now?: Date; visible?: Visibility } = {},
): Promise<number> {
  const subscriptions = await db.eventSubscription.findMany({
    select: { id: true, companyId: true, filters: true, createdAt: true },
  });
  const mark = await db.eventFanoutMark.findUnique({ where: { id: MARK_ID } });
  let queued = 0;
  if (subscriptions.length > 0) {
    const earliest = Math.min(...subscriptions.map((subscription) => subscription.createdAt.getTime()));
    const from = new Date(Math.max(earliest, mark ? mark.createdAt.getTime() - FANOUT_OVERLAP_MS : earliest));
    const withFilters = await Promise.all(
      subscriptions.map(async (subscription) => {
        const filters = parseStoredFilters(subscription.filters);
        return { ...subscription, filters, named: await namedBookings(db, filters) };
      }),
    );
    const byCompany = new Map<string, typeof withFilters>();
    for (const subscription of withFilters) {
      byCompany.set(subscription.companyId, [...(byCompany.get(subscription.companyId) ?? []), subscription]);
    }
    let after: { createdAt: Date; id: string } | null = null;
    for (;;) {
      const page: OperationalEvent[] = await db.operationalEvent.findMany({
        where: after
          ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] }
          : { createdAt: { gte: from } },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        take: PAGE,
      });
      // What an earlier sweep queued (the overlap is read again) is not asked about twice.
      const queuedBefore = new Set(
        (
          await db.eventDelivery.findMany({
            where: { eventId: { in: page.map((event) => event.id) } },
            select: { subscriptionId: true, eventId: true },
          })
        ).map((row) => `${row.subscriptionId}/${row.eventId}`),
      );
      const due = (subscription: { id: string; createdAt: Date }, event: OperationalEvent) =>
        subscription.createdAt <= event.createdAt && !queuedBefore.has(`${subscription.id}/${event.id}`);
      // Each company's view of the page, read once, then each of its subscriptions' filters.
      for (const [companyId, own] of byCompany) {
        const wanted = page.filter((event) => own.some((subscription) => due(subscription, event)));
        if (wanted.length === 0) continue;
        const seen = await visible(db, companyId, wanted);
        for (const event of wanted) {
          for (const subscription of own) {
            if (!due(subscription, event)) continue;
            const kept = matching(seen.get(event.id) ?? [], subscription.filters, subscription.named);
            if (kept.length > 0 && (await enqueue(db, subscription.id, event.id, now))) queued += 1;
          }
        }
      }
      if (page.length < PAGE) break;
      after = page.at(-1)!;
    }
  }
  await advanceMark(db, now);
  return queued;
}

async function enqueue(db: Db, subscriptionId: string, eventId: string, now: Date): Promise<boolean> {
  try {
    await db.eventDelivery.create({ data: { subscriptionId, eventId, nextAttemptAt: now, createdAt: now } });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    // The subscription was deleted meanwhile (foreign key): nothing to queue.
    if ((error as { code?: string }).code === "P2003") return false;
    throw error;
  }
}

async function advanceMark(db: Db, now: Date) {
  try {
    await db.eventFanoutMark.upsert({
      where: { id: MARK_ID },
      create: { id: MARK_ID, createdAt: now },
      update: { createdAt: now },
    });
  } catch (error) {
    // Two sweeps creating the mark at once: the other one's is as good.
    if (!isUniqueViolation(error)) throw error;
  }
}

const dueWhere = (now: Date) => ({
  OR: [
    { status: "PENDING", nextAttemptAt: { lte: now } },
    { status: "SENDING", leaseUntil: { lt: now } },
  ],
});

export interface SendOptions {
  now?: Date;
  policy?: CallbackPolicy;
  visible?: Visibility;
  timeoutMs?: number;
  /** At most this many notifications per run. */
  limit?: number;
}

export type DeliveryOutcome = "SENT" | "RETRY" | "FAILED" | "SKIPPED";

/** Sends the notifications that are due. Returns what became of each one this run claimed. */
export async function sendDueNotifications(db: Db, options: SendOptions = {}): Promise<DeliveryOutcome[]> {
  const now = options.now ?? new Date();
  const limit = options.limit ?? 50;
  const candidates = await db.eventDelivery.findMany({
    where: dueWhere(now),
    orderBy: { nextAttemptAt: "asc" },
    take: limit * 4,
    select: { id: true, subscription: { select: { companyId: true } } },
  });
  // Fair shares: a few per company each run, so one company's slow or dead receivers (each call
  // up to the timeout, however many subscriptions it makes) do not hold back everyone else's.
  const perCompany = new Map<string, number>();
  const due = candidates
    .filter((row) => {
      const taken = perCompany.get(row.subscription.companyId) ?? 0;
      perCompany.set(row.subscription.companyId, taken + 1);
      return taken < PER_COMPANY_PER_RUN;
    })
    .slice(0, limit);
  // A few at a time: one slow receiver (up to the timeout) does not hold up everyone else's.
  const outcomes: DeliveryOutcome[] = [];
  for (let start = 0; start < due.length; start += PARALLEL_SENDS) {
    const batch = due.slice(start, start + PARALLEL_SENDS);
    for (const outcome of await Promise.all(batch.map(({ id }) => sendOne(db, id, { ...options, now })))) {
      if (outcome) outcomes.push(outcome);
    }
  }
  return outcomes;
}

async function sendOne(db: Db, id: string, options: SendOptions & { now: Date }): Promise<DeliveryOutcome | null> {
  const { now } = options;
  const token = randomUUID();
  const claimed = await db.eventDelivery.updateMany({
    where: { id, ...dueWhere(now) },
    data: {
      status: "SENDING",
      claimToken: token,
      // How long the claim holds: a sender that died mid-send leaves the row claimable after it.
      leaseUntil: new Date(now.getTime() + jobLeaseMs()),
      attempts: { increment: 1 },
      lastAttemptAt: now,
    },
  });
  if (claimed.count !== 1) return null;
  const delivery = await db.eventDelivery.findUnique({ where: { id }, include: { subscription: true } });
  if (!delivery) return null;
  const finish = (data: Record<string, unknown>) =>
    db.eventDelivery.updateMany({
      where: { id, claimToken: token, status: "SENDING" },
      data: { claimToken: null, leaseUntil: null, ...data },
    });

  // Seen again now: a share revoked (or a filter changed) since the event was queued stops it.
  const { subscription } = delivery;
  const event = await db.operationalEvent.findUnique({ where: { id: delivery.eventId } });
  const filters = parseStoredFilters(subscription.filters);
  const events = event
    ? matching(
        (await (options.visible ?? eventsForCompany)(db, subscription.companyId, [event])).get(event.id) ?? [],
        filters,
        await namedBookings(db, filters),
      )
    : [];
  if (events.length === 0) {
    await finish({ status: "SKIPPED", lastError: "notVisible" });
    return "SKIPPED";
  }

  const body = JSON.stringify(events);
  const result = await postNotification(
    subscription.callbackUrl,
    body,
    {
      "Content-Type": "application/json",
      "API-Version": TNT_API_VERSION,
      "Subscription-ID": subscription.id,
      "Notification-Signature": notificationSignature(subscription.secret, body),
      "User-Agent": "SiluGateway-Notifications/2.2",
    },
    { policy: options.policy ?? defaultCallbackPolicy(), timeoutMs: options.timeoutMs ?? SEND_TIMEOUT_MS },
  );
  const ok = "status" in result && result.status >= 200 && result.status < 300;
  if (ok) {
    await finish({ status: "SENT", sentAt: now, lastStatus: result.status, lastError: null });
    await db.eventSubscription.updateMany({ where: { id: subscription.id }, data: { lastSuccessAt: now } });
    return "SENT";
  }
  const failure = "status" in result ? { lastStatus: result.status, lastError: `HTTP ${result.status}` } : result;
  if (delivery.attempts >= MAX_ATTEMPTS) {
    await finish({ status: "FAILED", ...failure });
    return "FAILED";
  }
  await finish({
    status: "PENDING",
    nextAttemptAt: new Date(now.getTime() + retryDelayMs(delivery.attempts)),
    ...failure,
  });
  return "RETRY";
}

/**
 * POSTs one notification: the URL's shape and the addresses its host resolves to now are
 * checked, and the connection goes to the checked address (no second lookup a DNS answer could
 * change). No redirects are followed (a 3xx is a failure); the whole exchange has a timeout.
 */
export async function postNotification(
  url: string,
  body: string,
  headers: Record<string, string>,
  { policy, timeoutMs }: { policy: CallbackPolicy; timeoutMs: number },
): Promise<{ status: number } | { lastStatus: null; lastError: string }> {
  const failed = (reason: string) => ({ lastStatus: null, lastError: reason.slice(0, 200) });
  const shape = callbackShape(url, policy.allowLocal);
  if ("refusal" in shape) return failed(`refused: ${shape.refusal}`);
  const checked = await checkedAddresses(shape.url, policy);
  if ("refusal" in checked) return failed(`refused: ${checked.refusal}`);
  const address = checked.addresses[0]!;
  const family = isIP(address);
  const client = shape.url.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (value: { status: number } | { lastStatus: null; lastError: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(value);
    };
    const request = client.request(
      shape.url,
      {
        method: "POST",
        agent: false,
        headers: { ...headers, "Content-Length": String(Buffer.byteLength(body, "utf8")) },
        lookup: ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) =>
          options.all
            ? callback(null, [{ address, family }])
            : callback(null, address, family)) as unknown as LookupFunction,
      },
      (response) => {
        settle({ status: response.statusCode ?? 0 });
        // The answer's body is not needed: dropped, not read.
        response.destroy();
      },
    );
    const timer = setTimeout(() => request.destroy(new Error("timeout")), timeoutMs);
    request.on("error", (error: NodeJS.ErrnoException) => settle(failed(error.code ?? error.message)));
    request.end(body);
  });
}

/**
 * The running server's subscription worker: every `everyMs` it queues what new events call for
 * and sends what is due. Runs never overlap within the process; other servers are kept apart
 * by the unique queue rows and the conditional claims. Returns a function that stops it.
 */
export function startSubscriptionWorker(db: Db, everyMs = jobPeriodMs(10_000)): () => Promise<void> {
  return everyPeriod("Event subscriptions", everyMs, async () => {
    await queueNotifications(db);
    await sendDueNotifications(db);
  }).stop;
}
