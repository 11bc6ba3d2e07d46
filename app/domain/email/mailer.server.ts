import { randomUUID } from "node:crypto";
import nodemailer, { type Transporter } from "nodemailer";
import type { Locale } from "~/i18n/config";
import type { Db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { TRANSACTION_OPTIONS, type Tx } from "~/utils/transactions.server";
import { jobLeaseMs } from "~/domain/ops/jobs.server";
import { renderEmail, type EmailParams, type EmailTemplate, type RenderedEmail } from "./templates.server";
import { countEmail } from "~/domain/ops/metrics.server";
import { logger } from "~/domain/ops/logger.server";

/*
 * The outbox (decision 027). Every e-mail is an OutboxMessage row first. A message a request
 * causes (verification, password reset, invitation…) is written already claimed by this
 * process and sent at once; a message of a background job (a booking's change, an alert) is
 * written in the same transaction that marks its cause done, and the outbox sender sends it.
 * A sender claims a due row with a conditional update that sets a lease (JOB_LEASE_SECONDS):
 * a process killed mid-send leaves the row to any instance's sender once the lease has run out.
 * A transient SMTP failure is tried again with a growing wait, up to MAX_SEND_ATTEMPTS; a
 * permanent one (5xx), or the last try, marks the message failed, its error kept. Without
 * SMTP_URL messages stay in the outbox, unsent (the development mail page shows them).
 *
 * Where a message's life is counted (metrics): queued once committed — `queueEmailsWithClaim`
 * after its transaction (a job's messages) and `deliverEmail` after its write (a request's);
 * sent and failed for good in `sendClaimed`, the one place every send ends.
 */

/** Tries before a message is given up as failed. */
export const MAX_SEND_ATTEMPTS = 8;
/** The wait after the first failed try; doubled after each further one, at most an hour. */
export const SEND_BACKOFF_BASE_MS = 30_000;
const SEND_BACKOFF_MAX_MS = 60 * 60_000;
const BATCH = 50;

let transport: Transporter | undefined;
let transportKey: string | undefined;

/**
 * One SMTP transport per URL. Its timeouts stay well inside the lease, so a send that hangs
 * gives up before another instance may take the message over.
 */
function smtpTransport(url: string): Transporter {
  const timeoutMs = Math.min(60_000, Math.floor(jobLeaseMs() / 3));
  const key = `${url} ${timeoutMs}`;
  if (!transport || transportKey !== key) {
    transport = nodemailer.createTransport({
      url,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
    transportKey = key;
  }
  return transport;
}

/** A message ready to be written to the outbox; its id is chosen before (an alert row keeps it). */
export interface OutgoingEmail {
  id: string;
  to: string;
  locale: Locale;
  template: string;
  rendered: RenderedEmail;
  /** Extra mail headers (the alerts' List-Unsubscribe, RFC 8058). */
  headers?: Record<string, string>;
}

export function outgoingEmail(message: Omit<OutgoingEmail, "id">): OutgoingEmail {
  return { id: randomUUID(), ...message };
}

/**
 * Writes messages to the outbox, due now — the one place a message is queued. Inside a job's
 * transaction (with the claim of what caused them), or claimed by this process (`claimToken`)
 * when the caller sends it at once.
 */
export async function queueEmails(
  tx: Tx | Db,
  messages: OutgoingEmail[],
  now = new Date(),
  claimToken?: string,
): Promise<void> {
  const sending = Boolean(env().SMTP_URL);
  for (const message of messages) {
    await tx.outboxMessage.create({
      data: {
        id: message.id,
        to: message.to,
        locale: message.locale,
        template: message.template,
        ...message.rendered,
        headers: message.headers ? JSON.stringify(message.headers) : null,
        // Without SMTP nothing is to be sent: the message stays for the development mail page.
        nextAttemptAt: sending ? now : null,
        ...(claimToken && sending
          ? { claimToken, leaseUntil: new Date(now.getTime() + jobLeaseMs()), attempts: 1 }
          : {}),
      },
    });
  }
}

/**
 * Marks the work that caused `messages` done and queues them, in one transaction: both or
 * neither. `claim` is the conditional update that marks it done; false (another instance did
 * it first) writes nothing. Returns whether this call did it.
 */
export async function queueEmailsWithClaim(
  db: Db,
  claim: (tx: Tx) => Promise<boolean>,
  messages: OutgoingEmail[],
  now = new Date(),
): Promise<boolean> {
  const queued = await db.$transaction(async (tx) => {
    if (!(await claim(tx))) return false;
    await queueEmails(tx, messages, now);
    return true;
  }, TRANSACTION_OPTIONS);
  // Committed: `messages` are queued now (not before: a lost claim rolls them back).
  if (queued) countEmail("queued", messages.length);
  return queued;
}

/**
 * Renders a message in the recipient's language, records it in the outbox and (with SMTP_URL)
 * delivers it at once (a failure is recorded on the message and retried, not thrown at the
 * user); without SMTP_URL the development mail page shows it.
 */
export async function sendEmail(
  db: Db,
  message: { to: string; locale: Locale; template: EmailTemplate; params: EmailParams },
): Promise<{ id: string; delivered: boolean }> {
  const rendered = await renderEmail(message.template, message.locale, message.params);
  return deliverEmail(db, { to: message.to, locale: message.locale, template: message.template, rendered });
}

/**
 * Records a rendered message in the outbox, claimed by this process, and delivers it at once
 * (see sendEmail). Should the process die before it is sent, the claim's lease runs out and any
 * instance's outbox sender sends it.
 */
export async function deliverEmail(
  db: Db,
  message: { to: string; locale: Locale; template: string; rendered: RenderedEmail; headers?: Record<string, string> },
): Promise<{ id: string; delivered: boolean }> {
  const email = outgoingEmail(message);
  const token = randomUUID();
  const now = new Date();
  await queueEmails(db, [email], now, token);
  // Committed: the message is queued now.
  countEmail("queued");
  if (!env().SMTP_URL) return { id: email.id, delivered: false };
  return { id: email.id, delivered: await sendClaimed(db, email, token, 1, now) };
}

/** Whether an SMTP failure is final: the server refused the message for good (5xx). */
export function isPermanentSmtpFailure(error: unknown): boolean {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}

/** The wait before try `attempts + 1` after `attempts` failed ones. */
export function sendBackoffMs(attempts: number): number {
  return Math.min(SEND_BACKOFF_MAX_MS, SEND_BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

type SendOutcome = "SENT" | "RETRY" | "FAILED";

/**
 * Sends a message this process has claimed (`token`, try number `attempts`) and records what
 * became of it: sent, to be tried again after a wait, or failed.
 */
async function sendClaimed(
  db: Db,
  email: { id: string; to: string; rendered: RenderedEmail; headers?: Record<string, string> },
  token: string,
  attempts: number,
  now: Date,
): Promise<boolean> {
  const { SMTP_URL, MAIL_FROM } = env();
  if (!SMTP_URL) return false;
  let outcome: SendOutcome;
  try {
    await smtpTransport(SMTP_URL).sendMail({
      from: MAIL_FROM,
      to: email.to,
      ...email.rendered,
      ...(email.headers ? { headers: email.headers } : {}),
    });
    outcome = "SENT";
    countEmail("sent");
    // Sent is sent, even if the lease ran out meanwhile (another sender then finds it done).
    await db.outboxMessage.updateMany({
      where: { id: email.id },
      data: { sentAt: new Date(), error: null, nextAttemptAt: null, claimToken: null, leaseUntil: null },
    });
  } catch (error) {
    const reason = (error as Error).message.slice(0, 500);
    const final = isPermanentSmtpFailure(error) || attempts >= MAX_SEND_ATTEMPTS;
    outcome = final ? "FAILED" : "RETRY";
    if (final) countEmail("failed");
    logger.error("E-mail not delivered", { emailId: email.id, attempt: attempts, outcome, reason });
    await db.outboxMessage.updateMany({
      where: { id: email.id, claimToken: token, sentAt: null },
      data: {
        error: reason,
        claimToken: null,
        leaseUntil: null,
        ...(final
          ? { failedAt: now, nextAttemptAt: null }
          : { nextAttemptAt: new Date(now.getTime() + sendBackoffMs(attempts)) }),
      },
    });
  }
  return outcome === "SENT";
}

/** Unsent, not given up, due, and claimed by nobody (or by someone whose lease has run out). */
const dueWhere = (now: Date) => ({
  sentAt: null,
  failedAt: null,
  nextAttemptAt: { lte: now },
  OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }],
});

/**
 * The outbox sender: claims each due message with a conditional update (a lease), sends it and
 * records the outcome, page after page until nothing is due (at most `maxPages` pages a run; the
 * next run goes on). Any number of instances may run it at once: each message is claimed by
 * one. Returns how many it sent.
 */
export async function sendDueEmails(db: Db, now = new Date(), maxPages = 20): Promise<number> {
  if (!env().SMTP_URL) return 0;
  let sent = 0;
  for (let page = 0; page < maxPages; page += 1) {
    // Every message read leaves the due set (sent, waiting for its next try, failed, or claimed
    // by another sender), so the pages end.
    const due = await db.outboxMessage.findMany({
      where: dueWhere(now),
      orderBy: { nextAttemptAt: "asc" },
      take: BATCH,
      select: { id: true },
    });
    if (due.length === 0) break;
    for (const { id } of due) {
      const token = randomUUID();
      const { count } = await db.outboxMessage.updateMany({
        where: { id, ...dueWhere(now) },
        data: { claimToken: token, leaseUntil: new Date(now.getTime() + jobLeaseMs()), attempts: { increment: 1 } },
      });
      if (count !== 1) continue;
      const row = await db.outboxMessage.findUniqueOrThrow({ where: { id } });
      const email = {
        id,
        to: row.to,
        rendered: { subject: row.subject, text: row.text, html: row.html },
        headers: row.headers ? (JSON.parse(row.headers) as Record<string, string>) : undefined,
      };
      if (await sendClaimed(db, email, token, row.attempts, now)) sent += 1;
    }
  }
  return sent;
}

/** The newest messages of the outbox (the development mail page). */
export function recentOutbox(db: Db, take = 50) {
  return db.outboxMessage.findMany({ orderBy: { createdAt: "desc" }, take });
}
