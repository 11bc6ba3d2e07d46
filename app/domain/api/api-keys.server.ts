import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { env } from "~/utils/env.server";
import { hashToken, newToken } from "~/domain/identity/tokens.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { authorize } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import { takeSlot } from "~/domain/identity/rate-limit.server";
import { isApiScope, type ApiScope } from "./scopes";

/*
 * Keys for the partner API (decision 019). A key is "sgw_" + 32 random bytes in base64url:
 * 256 bits, shown to the admin once. Only its SHA-256 is stored (a key is random, so a plain
 * hash is enough: there is nothing to guess from it), with the first 12 characters as its
 * prefix, to name it in the list and in the audit log.
 */
const KEY_PREFIX = "sgw_";
const PREFIX_LENGTH = 12;
const KEY_PATTERN = /^sgw_[A-Za-z0-9_-]{43}$/;

/** At most this many live keys per company: a leaked-key clean-up stays a short list. */
export const MAX_LIVE_KEYS = 20;

function newKey(): string {
  return `${KEY_PREFIX}${newToken()}`;
}

function scopesOf(stored: string): ApiScope[] {
  const parsed = JSON.parse(stored) as unknown;
  return Array.isArray(parsed) ? parsed.filter(isApiScope) : [];
}

/** The company's keys for its admin: names, prefixes, scopes and use — never the secrets. */
export async function listApiKeys(db: Db, actor: Actor, companyId: string) {
  authorize(actor, "manage:apiKey", { companyId });
  const keys = await db.apiKey.findMany({ where: { companyId }, orderBy: { createdAt: "desc" } });
  return keys.map((key) => ({
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    scopes: scopesOf(key.scopes),
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt,
    requestCount: key.requestCount,
    revokedAt: key.revokedAt,
  }));
}

/** A new key for the company: the plain key is returned this once and never again. */
export async function createApiKey(
  db: Db,
  {
    actor,
    companyId,
    name,
    scopes,
    ipAddress,
  }: { actor: Actor; companyId: string; name: string; scopes: ApiScope[]; ipAddress?: string },
) {
  authorize(actor, "manage:apiKey", { companyId });
  if (scopes.length === 0) throw new AppError("apiKeyScopes", 400, "scopes");
  const live = await db.apiKey.count({ where: { companyId, revokedAt: null } });
  if (live >= MAX_LIVE_KEYS) throw new AppError("apiKeyLimit", 409);
  const key = newKey();
  const row = await db.apiKey.create({
    data: {
      companyId,
      name,
      prefix: key.slice(0, PREFIX_LENGTH),
      secretHash: hashToken(key),
      scopes: JSON.stringify([...new Set(scopes)].sort()),
      createdById: actor.userId,
    },
  });
  await recordAudit(db, {
    actorId: actor.userId,
    action: "apiKey.created",
    entity: "ApiKey",
    entityId: row.id,
    ipAddress,
    after: { name, prefix: row.prefix, scopes },
  });
  return { key, id: row.id, prefix: row.prefix };
}

/** Revokes one of the company's keys at once; another company's key is not found. */
export async function revokeApiKey(
  db: Db,
  { actor, companyId, keyId, ipAddress }: { actor: Actor; companyId: string; keyId: string; ipAddress?: string },
) {
  authorize(actor, "manage:apiKey", { companyId });
  await db.$transaction(async (tx) => {
    const { count } = await tx.apiKey.updateMany({
      where: { id: keyId, companyId, revokedAt: null },
      data: { revokedAt: new Date(), revokedById: actor.userId },
    });
    if (count !== 1) throw new AppError("notFound", 404);
    // A key that may have leaked must not keep pushing the company's events to wherever it
    // subscribed them (decision 026): its subscriptions go with it, and their queued notifications.
    const subscriptions = await tx.eventSubscription.findMany({
      where: { companyId, createdByKeyId: keyId },
      select: { id: true, callbackUrl: true },
    });
    await tx.eventSubscription.deleteMany({ where: { id: { in: subscriptions.map((row) => row.id) } } });
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "apiKey.revoked",
      entity: "ApiKey",
      entityId: keyId,
      ipAddress,
      after: { subscriptionsDeleted: subscriptions.map((row) => ({ id: row.id, host: hostOf(row.callbackUrl) })) },
    });
  });
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "";
  }
}

/** Calls per key per minute (API_KEY_PER_MINUTE, 120 unless set). */
export const apiKeyLimit = () => ({ limit: env().API_KEY_PER_MINUTE, windowMs: 60_000 });

/**
 * The company behind an API request's key (`Authorization: Bearer sgw_…`), if the key is live
 * and has `scope`: 401 for a missing, malformed, unknown or revoked key (the same answer), 403
 * for a key without the scope, 429 when the key has used its minute. Each accepted call is
 * counted on the key.
 */
export async function authenticateApiKey(
  db: Db,
  { authorization, scope, now = new Date() }: { authorization: string | null; scope: ApiScope; now?: Date },
): Promise<{ keyId: string; companyId: string }> {
  const presented = /^Bearer (\S+)$/.exec(authorization ?? "")?.[1] ?? "";
  // Compared by its hash through the unique index: no per-character timing to learn from.
  const key = KEY_PATTERN.test(presented)
    ? await db.apiKey.findUnique({ where: { secretHash: hashToken(presented) } })
    : null;
  if (!key || key.revokedAt) throw new AppError("apiKeyInvalid", 401);
  if (!scopesOf(key.scopes).includes(scope)) throw new AppError("apiKeyScope", 403);
  const slot = await takeSlot(db, { key: `api-key:${key.id}`, ...apiKeyLimit() }, now);
  if ("retryAt" in slot) throw new AppError("tooManyAttempts", 429);
  await db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: now, requestCount: { increment: 1 } } });
  return { keyId: key.id, companyId: key.companyId };
}
