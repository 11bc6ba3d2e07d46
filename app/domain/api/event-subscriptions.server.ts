import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { Db } from "~/utils/db.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { checkCallbackUrl, defaultCallbackPolicy, type CallbackPolicy } from "./callback-url.server";
import { ApiProblem } from "./dcsa-http.server";
import {
  CreateSubscriptionSchema,
  filtersOf,
  offendingField,
  parseStoredFilters,
  SecretBodySchema,
  UpdateSubscriptionSchema,
} from "./subscription-filters";

/*
 * DCSA T&T 2.2 event subscriptions of a company (decision 026), for the API routes: create,
 * list (paged), read, change, delete, new secret. A company reaches only its own; any other id
 * is the same 404 as an unknown one. The secret is written, never answered.
 */

/** At most this many subscriptions per company: each one is work on every new event. */
export const MAX_SUBSCRIPTIONS = 50;
export const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export interface Caller {
  companyId: string;
  keyId: string;
}

/** Whether a path parameter can name a subscription at all (a UUID); anything else is a plain 404. */
export function isSubscriptionId(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

type SubscriptionRow = { id: string; callbackUrl: string; filters: string };

/** A subscription as DCSA's `subscription` schema: its id, callback and filters — no secret. */
export function subscriptionJson(row: SubscriptionRow) {
  return { subscriptionID: row.id, callbackUrl: row.callbackUrl, ...parseStoredFilters(row.filters) };
}

function parseBody<T extends z.ZodTypeAny>(schema: T, body: unknown): z.infer<T> {
  if (!body || typeof body !== "object" || Array.isArray(body))
    throw new ApiProblem(400, "invalidBody", { name: "body" });
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiProblem(400, "invalidBody", { name: offendingField(parsed.error) });
  return parsed.data;
}

async function requirePublicCallback(callbackUrl: string, policy: CallbackPolicy) {
  const refusal = await checkCallbackUrl(callbackUrl, policy);
  if (refusal) {
    throw new ApiProblem(400, "invalidBody", {
      name: "callbackUrl",
      messageKey: `subscriptions.callbackRefused.${refusal}`,
    });
  }
}

async function ownSubscription(db: Db, caller: Caller, id: string) {
  const row = UUID.test(id)
    ? await db.eventSubscription.findFirst({ where: { id: id.toLowerCase(), companyId: caller.companyId } })
    : null;
  if (!row) throw new ApiProblem(404, "notFound");
  return row;
}

export async function createSubscription(
  db: Db,
  caller: Caller,
  body: unknown,
  { policy = defaultCallbackPolicy(), now = new Date() }: { policy?: CallbackPolicy; now?: Date } = {},
) {
  const input = parseBody(CreateSubscriptionSchema, body);
  await requirePublicCallback(input.callbackUrl, policy);
  if ((await db.eventSubscription.count({ where: { companyId: caller.companyId } })) >= MAX_SUBSCRIPTIONS) {
    throw new ApiProblem(409, "limitReached", { messageKey: "subscriptions.limit" });
  }
  const filters = filtersOf(input);
  const row = await db.eventSubscription.create({
    data: {
      id: randomUUID(),
      companyId: caller.companyId,
      callbackUrl: input.callbackUrl,
      secret: input.secret,
      filters: JSON.stringify(filters),
      createdByKeyId: caller.keyId,
      createdAt: now,
    },
  });
  await recordAudit(db, {
    action: "eventSubscription.created",
    entity: "EventSubscription",
    entityId: row.id,
    after: { keyId: caller.keyId, callbackHost: new URL(row.callbackUrl).host, filters },
  });
  return subscriptionJson(row);
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { t?: unknown; i?: unknown };
    if (typeof value.t === "number" && typeof value.i === "string" && UUID.test(value.i)) {
      return { at: new Date(value.t), id: value.i };
    }
  } catch {
    // answered below
  }
  throw new ApiProblem(400, "invalidCursor");
}

const encodeCursor = (row: { createdAt: Date; id: string }) =>
  Buffer.from(JSON.stringify({ t: row.createdAt.getTime(), i: row.id })).toString("base64url");

/**
 * One page of the company's subscriptions, oldest first, and the cursor of the next page (DCSA
 * `Next-Page`) if there is one. Query: `limit` (1–1000, default 100) and `cursor`; `sort` is not
 * offered (400).
 */
export async function listSubscriptions(db: Db, caller: Caller, query: URLSearchParams) {
  for (const name of query.keys()) {
    if (name !== "limit" && name !== "cursor") throw new ApiProblem(400, "invalidQuery", { name: name.slice(0, 40) });
  }
  const limitText = query.get("limit");
  const limit = limitText === null ? DEFAULT_PAGE_SIZE : Number(limitText);
  if (!/^\d{1,5}$/.test(limitText ?? "1") || !Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new ApiProblem(400, "invalidQuery", { name: "limit" });
  }
  const cursorText = query.get("cursor");
  const after = cursorText === null ? null : decodeCursor(cursorText);
  const rows = await db.eventSubscription.findMany({
    where: {
      companyId: caller.companyId,
      ...(after ? { OR: [{ createdAt: { gt: after.at } }, { createdAt: after.at, id: { gt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  return {
    subscriptions: page.map(subscriptionJson),
    nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!) : null,
  };
}

export async function getSubscription(db: Db, caller: Caller, id: string) {
  return subscriptionJson(await ownSubscription(db, caller, id));
}

/** Replaces the callback and the filters (DCSA PUT: the whole `subscription`; filters left out are dropped). */
export async function updateSubscription(
  db: Db,
  caller: Caller,
  id: string,
  body: unknown,
  { policy = defaultCallbackPolicy() }: { policy?: CallbackPolicy } = {},
) {
  const row = await ownSubscription(db, caller, id);
  const input = parseBody(UpdateSubscriptionSchema, body);
  if (input.subscriptionID !== undefined && input.subscriptionID.toLowerCase() !== row.id) {
    throw new ApiProblem(400, "invalidBody", { name: "subscriptionID" });
  }
  await requirePublicCallback(input.callbackUrl, policy);
  const filters = filtersOf(input);
  const updated = await db.eventSubscription.update({
    where: { id: row.id },
    data: { callbackUrl: input.callbackUrl, filters: JSON.stringify(filters) },
  });
  await recordAudit(db, {
    action: "eventSubscription.changed",
    entity: "EventSubscription",
    entityId: row.id,
    before: { callbackHost: new URL(row.callbackUrl).host, filters: parseStoredFilters(row.filters) },
    after: { keyId: caller.keyId, callbackHost: new URL(updated.callbackUrl).host, filters },
  });
  return subscriptionJson(updated);
}

/** Replaces the secret (PUT …/{id}/secret): notifications from now on are signed with the new one. */
export async function resetSubscriptionSecret(db: Db, caller: Caller, id: string, body: unknown) {
  const row = await ownSubscription(db, caller, id);
  const { secret } = parseBody(SecretBodySchema, body);
  await db.eventSubscription.update({ where: { id: row.id }, data: { secret } });
  await recordAudit(db, {
    action: "eventSubscription.secretChanged",
    entity: "EventSubscription",
    entityId: row.id,
    after: { keyId: caller.keyId },
  });
}

/** Stops a subscription: it and its queued notifications are deleted. */
export async function deleteSubscription(db: Db, caller: Caller, id: string, by: { actorId?: string } = {}) {
  const row = await ownSubscription(db, caller, id);
  const { count } = await db.eventSubscription.deleteMany({ where: { id: row.id, companyId: caller.companyId } });
  if (count !== 1) throw new ApiProblem(404, "notFound");
  await recordAudit(db, {
    actorId: by.actorId,
    action: "eventSubscription.deleted",
    entity: "EventSubscription",
    entityId: row.id,
    before: { keyId: caller.keyId || undefined, callbackHost: new URL(row.callbackUrl).host },
  });
}

/** A JSON request body, or DCSA's 400 when it is not JSON. */
export async function jsonBody(request: Request): Promise<unknown> {
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") throw new ApiProblem(400, "invalidBody", { name: "Content-Type" });
  try {
    return JSON.parse(await request.text()) as unknown;
  } catch {
    throw new ApiProblem(400, "invalidBody", { name: "body" });
  }
}
