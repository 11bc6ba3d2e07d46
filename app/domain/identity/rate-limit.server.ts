import type { Db } from "~/utils/db.server";
import { everyPeriod, jobPeriodMs } from "~/domain/ops/jobs.server";
import { env } from "~/utils/env.server";
import { AppError, isUniqueViolation } from "~/utils/app-error";

/**
 * One abuse limit: at most `limit` slots per `windowMs` under `key`; with `backoff`, after
 * `free` slots in the window each further slot waits twice as long as the one before
 * (`baseMs`, 2×, 4× … up to `maxMs`). The rules and their reasons: docs/decisions/008-abuse-limits.md.
 */
export interface Limit {
  key: string;
  limit: number;
  windowMs: number;
  backoff?: { free: number; baseMs: number; maxMs: number };
}

/** A refused slot: which limit, and when a slot is free again. */
export interface Refusal {
  key: string;
  retryAt: Date;
}

/** A slot that was taken, to give back when the request turns out not to count. */
export interface TakenSlot {
  key: string;
  windowStart: Date;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Compare-and-set rounds before a slot is refused as contended (each lost round means another request won one). */
const MAX_ROUNDS = 200;

function nextAtAfter(limit: Limit, count: number, now: Date): Date | null {
  const backoff = limit.backoff;
  if (!backoff || count < backoff.free) return null;
  const delay = Math.min(backoff.baseMs * 2 ** (count - backoff.free), backoff.maxMs);
  return new Date(now.getTime() + delay);
}

/**
 * Takes one slot of `limit`, or says when the next one is free. The counter row is changed
 * only by a compare-and-set on the values just read, so however many requests race — in one
 * process or on several app instances, on SQLite or PostgreSQL — no more than `limit` of
 * them get a slot in a window.
 */
export async function takeSlot(db: Db, limit: Limit, now = new Date()): Promise<TakenSlot | Refusal> {
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const row = await db.rateCounter.findUnique({ where: { key: limit.key } });
    if (!row) {
      try {
        await db.rateCounter.create({
          data: { key: limit.key, count: 1, windowStart: now, nextAt: nextAtAfter(limit, 1, now) },
        });
        return { key: limit.key, windowStart: now };
      } catch (error) {
        if (isUniqueViolation(error)) continue;
        throw error;
      }
    }
    const expired = row.windowStart.getTime() + limit.windowMs <= now.getTime();
    const count = expired ? 0 : row.count;
    const windowStart = expired ? now : row.windowStart;
    if (count >= limit.limit) return { key: limit.key, retryAt: new Date(windowStart.getTime() + limit.windowMs) };
    if (!expired && row.nextAt && row.nextAt > now) return { key: limit.key, retryAt: row.nextAt };
    const { count: swapped } = await db.rateCounter.updateMany({
      where: { key: limit.key, count: row.count, windowStart: row.windowStart },
      data: { count: count + 1, windowStart, nextAt: nextAtAfter(limit, count + 1, now) },
    });
    if (swapped === 1) return { key: limit.key, windowStart };
  }
  return { key: limit.key, retryAt: new Date(now.getTime() + MINUTE) };
}

export function isRefusal(result: TakenSlot | TakenSlot[] | Refusal): result is Refusal {
  return !Array.isArray(result) && "retryAt" in result;
}

/**
 * Takes a slot of every limit, or none: when one refuses, the slots already taken are given
 * back and the refusal with the latest retry time is answered.
 */
export async function takeSlots(db: Db, limits: Limit[], now = new Date()): Promise<TakenSlot[] | Refusal> {
  const taken: TakenSlot[] = [];
  for (const limit of limits) {
    const result = await takeSlot(db, limit, now);
    if (isRefusal(result)) {
      await giveBack(db, taken);
      return result;
    }
    taken.push(result);
  }
  return taken;
}

/** Gives slots back (in the window they were taken in), for requests that turned out not to count. */
export async function giveBack(db: Db, slots: TakenSlot[]): Promise<void> {
  for (const slot of slots) {
    await db.rateCounter.updateMany({
      where: { key: slot.key, windowStart: slot.windowStart, count: { gt: 0 } },
      data: { count: { decrement: 1 } },
    });
  }
}

/** Counters untouched for two days count nothing any more (every window is shorter). */
export async function pruneRateCounters(db: Db, now = new Date()): Promise<number> {
  const { count } = await db.rateCounter.deleteMany({
    where: { updatedAt: { lt: new Date(now.getTime() - 48 * HOUR) } },
  });
  return count;
}

/** The server's hourly pruning (deleting the same old rows twice is harmless: no claim needed). */
export function startRateCounterPruning(db: Db, everyMs = jobPeriodMs(HOUR)): () => Promise<void> {
  return everyPeriod("Pruning rate counters", everyMs, () => pruneRateCounters(db)).stop;
}

// ---------------------------------------------------------------------------------------------
// Sign-in

const normalEmail = (email: string) => email.trim().toLowerCase();

/**
 * The sign-in limits for one attempt: per account and address (the brute force from one
 * place), per address (spraying many accounts), and per account from anywhere with a growing
 * delay (a brute force spread over many addresses). The last one does not apply on a browser
 * the account signed in on before (known-devices.server.ts), so strangers cannot keep the owner
 * out; on a new browser, a password reset ends it.
 */
export function signInLimits(email: string, ip: string, options: { deviceId?: string } = {}): Limit[] {
  const { SIGN_IN_PER_ACCOUNT_IP, SIGN_IN_PER_IP, SIGN_IN_FREE_PER_ACCOUNT } = env();
  const account = normalEmail(email);
  const local: Limit[] = [
    { key: `signin:pair:${account}|${ip}`, limit: SIGN_IN_PER_ACCOUNT_IP, windowMs: 15 * MINUTE },
    { key: `signin:ip:${ip}`, limit: SIGN_IN_PER_IP, windowMs: 15 * MINUTE },
  ];
  // A browser the owner signed in on is not held by what strangers elsewhere tried, only by
  // its own limit (which bounds a copied cookie used from many addresses).
  if (options.deviceId) {
    return [
      ...local,
      { key: `signin:device:${options.deviceId}`, limit: 2 * SIGN_IN_PER_ACCOUNT_IP, windowMs: 15 * MINUTE },
    ];
  }
  return [
    ...local,
    {
      key: `signin:account:${account}`,
      limit: 10_000,
      windowMs: 24 * HOUR,
      backoff: { free: SIGN_IN_FREE_PER_ACCOUNT, baseMs: MINUTE, maxMs: 30 * MINUTE },
    },
  ];
}

/**
 * After a successful sign-in: the account's counters start again, and the address's slot is
 * given back (people behind one office address sign in all day and must not add up).
 */
export async function signInSucceeded(db: Db, email: string, slots: TakenSlot[]): Promise<void> {
  await clearSignInLimits(db, email);
  const device = slots.find((slot) => slot.key.startsWith("signin:device:"));
  if (device) await db.rateCounter.deleteMany({ where: { key: device.key } });
  await giveBack(
    db,
    slots.filter((slot) => slot.key.startsWith("signin:ip:")),
  );
}

/** A password reset (or a sign-in) proves the owner: their account's locks end. */
export async function clearSignInLimits(db: Db, email: string): Promise<void> {
  const account = normalEmail(email);
  await db.rateCounter.deleteMany({
    where: { OR: [{ key: `signin:account:${account}` }, { key: { startsWith: `signin:pair:${account}|` } }] },
  });
}

// ---------------------------------------------------------------------------------------------
// E-mails a person can cause

/**
 * Every e-mail a request can cause counts against its sender (the signed-in user, if any),
 * its recipient and the requesting address, so neither one account, nor one address, nor
 * many accounts together can flood someone's mailbox.
 */
export function emailLimits(input: { senderId?: string | null; recipient: string; ip: string }): Limit[] {
  const { EMAILS_PER_SENDER_HOUR, EMAILS_PER_RECIPIENT_HOUR, EMAILS_PER_IP_HOUR } = env();
  const limits: Limit[] = [
    { key: `mail:recipient:${normalEmail(input.recipient)}`, limit: EMAILS_PER_RECIPIENT_HOUR, windowMs: HOUR },
    { key: `mail:ip:${input.ip}`, limit: EMAILS_PER_IP_HOUR, windowMs: HOUR },
  ];
  if (input.senderId)
    limits.unshift({ key: `mail:sender:${input.senderId}`, limit: EMAILS_PER_SENDER_HOUR, windowMs: HOUR });
  return limits;
}

/**
 * Takes the slots for one e-mail, or throws the refusal: "this address had enough mail from us
 * for now" when the recipient's limit is full (no other sender can help), otherwise "you (or
 * this network) sent too many", at `field`.
 */
export async function takeEmailSlots(
  db: Db,
  input: { senderId?: string | null; recipient: string; ip: string },
  field?: string,
  now = new Date(),
): Promise<TakenSlot[]> {
  const slots = await takeSlots(db, emailLimits(input), now);
  if (!isRefusal(slots)) return slots;
  const recipientFull = slots.key.startsWith("mail:recipient:");
  throw new AppError(recipientFull ? "tooManyEmailsToRecipient" : "tooManyEmails", 429, field);
}
