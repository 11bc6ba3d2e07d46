import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { CARRIAGE_TERMS_VERSION } from "~/domain/booking/carriage-terms";
import { holdBooking } from "~/domain/booking/hold-booking.server";
import { sendBookingNotifications, startBookingNotifier } from "~/domain/booking/notifications.server";
import {
  deliverEmail,
  MAX_SEND_ATTEMPTS,
  outgoingEmail,
  queueEmails,
  SEND_BACKOFF_BASE_MS,
  sendDueEmails,
} from "~/domain/email/mailer.server";
import { loadActor } from "~/domain/identity/actor.server";
import { seedDemoAccounts } from "../../seeds/demo-accounts";
import { seedDatabase } from "../../seeds/seed";
import { createReviewedDrafts } from "../support/drafts";
import { createDb, type Db } from "~/utils/db.server";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

/*
 * The outbox on several instances (decision 027): each message is claimed with a lease before it
 * is sent, so racing senders send it once; a message claimed by an instance that was killed is
 * sent by another once the lease has run out; transient SMTP failures are retried with a
 * growing wait, then the message is marked failed with its error.
 */

const NOW = new Date("2026-12-01T00:00:00Z");
const LEASE_MS = 120_000;
const at = (ms: number) => new Date(NOW.getTime() + ms);
let test: TestDatabase;
/** Another instance: on PostgreSQL a second client (its own connections); SQLite serialises writers in one process. */
let other: Db;
let smtp: SMTPServer;
const received: { to: string[]; subject: string }[] = [];
/** The SMTP stand-in's answer to RCPT TO for an address: a reply code to refuse with. */
const refusals = new Map<string, number>();
let delayMs = 0;
/** Subjects whose DATA the stand-in has started to read (a send in flight). */
const receiving: string[] = [];

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onRcptTo(address, _session, callback) {
      const code = refusals.get(address.address);
      if (!code) return callback();
      const error = Object.assign(new Error(`refused with ${code}`), { responseCode: code });
      callback(error);
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          receiving.push(mail.subject ?? "");
          if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
          received.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), subject: mail.subject ?? "" });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  process.env.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  test = await createTestDatabase();
  other = test.provider === "postgresql" ? createDb(test.url) : test.db;
});

beforeEach(async () => {
  received.length = 0;
  receiving.length = 0;
  refusals.clear();
  delayMs = 0;
  await test.db.outboxMessage.deleteMany();
});

afterAll(async () => {
  if (other && other !== test.db) await other.$disconnect();
  await test?.drop();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  delete process.env.SMTP_URL;
});

const message = (to: string, subject: string) =>
  outgoingEmail({
    to,
    locale: "en",
    template: "test",
    rendered: { subject, text: subject, html: `<p>${subject}</p>` },
  });

const subjects = () => received.map((mail) => mail.subject).sort();

describe(`the outbox sender (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("two senders racing send each queued message exactly once", async () => {
    const queued = Array.from({ length: 8 }, (_, index) => message(`race${index}@example.com`, `race ${index}`));
    await queueEmails(test.db, queued, NOW);
    delayMs = 40;
    const runs = await Promise.all([sendDueEmails(test.db, NOW), sendDueEmails(other, NOW)]);
    expect(runs[0] + runs[1]).toBe(8);
    expect(subjects()).toEqual(queued.map((mail) => mail.rendered.subject).sort());
    const rows = await test.db.outboxMessage.findMany();
    expect(rows.every((row) => row.sentAt && row.attempts === 1 && !row.claimToken && !row.error)).toBe(true);
    expect(await sendDueEmails(test.db, at(3_600_000))).toBe(0);
    expect(received).toHaveLength(8);
  });

  it("a message claimed by an instance that was killed mid-send goes out once, after the lease", async () => {
    const [mail] = [message("killed@example.com", "left behind")];
    await queueEmails(test.db, [mail], NOW);
    // The dead instance's claim: its token and lease, one try counted, nothing sent.
    await test.db.outboxMessage.update({
      where: { id: mail.id },
      data: { claimToken: "dead", leaseUntil: at(LEASE_MS), attempts: 1 },
    });
    expect(await sendDueEmails(test.db, at(60_000))).toBe(0);
    expect(received).toHaveLength(0);
    const runs = await Promise.all([sendDueEmails(test.db, at(LEASE_MS + 1)), sendDueEmails(other, at(LEASE_MS + 1))]);
    expect(runs[0] + runs[1]).toBe(1);
    expect(subjects()).toEqual(["left behind"]);
    expect(await test.db.outboxMessage.findUniqueOrThrow({ where: { id: mail.id } })).toMatchObject({
      attempts: 2,
      claimToken: null,
      error: null,
    });
  });

  it("a request's message is sent at once; if its process dies first, another instance sends it after the lease", async () => {
    const sent = await deliverEmail(test.db, message("prompt@example.com", "at once"));
    expect(sent.delivered).toBe(true);
    expect(subjects()).toEqual(["at once"]);
    expect(await sendDueEmails(test.db, at(10 * LEASE_MS))).toBe(0);

    // Written claimed by a process that died before sending (deliverEmail's first step alone).
    const orphan = message("orphan@example.com", "orphaned");
    const written = new Date();
    await queueEmails(test.db, [orphan], written, "the-dead-process");
    expect(await sendDueEmails(test.db, new Date(written.getTime() + 1_000))).toBe(0);
    expect(await sendDueEmails(test.db, new Date(written.getTime() + LEASE_MS + 1_000))).toBe(1);
    expect(subjects()).toEqual(["at once", "orphaned"]);
  });

  it("retries a transient failure with a doubling wait, then marks it failed and keeps the error", async () => {
    const error = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    refusals.set("busy@example.com", 451);
    const mail = message("busy@example.com", "busy");
    await queueEmails(test.db, [mail], NOW);
    let now = NOW;
    const waits: number[] = [];
    for (let attempt = 1; attempt <= MAX_SEND_ATTEMPTS; attempt += 1) {
      expect(await sendDueEmails(test.db, now)).toBe(0);
      const row = await test.db.outboxMessage.findUniqueOrThrow({ where: { id: mail.id } });
      expect(row.attempts).toBe(attempt);
      expect(row.error).toContain("451");
      if (attempt === MAX_SEND_ATTEMPTS) {
        expect(row).toMatchObject({ nextAttemptAt: null, sentAt: null, claimToken: null });
        expect(row.failedAt).not.toBeNull();
        break;
      }
      expect(row.failedAt).toBeNull();
      const wait = row.nextAttemptAt!.getTime() - now.getTime();
      waits.push(wait);
      // Not before its time.
      expect(await sendDueEmails(test.db, new Date(now.getTime() + wait - 1))).toBe(0);
      now = row.nextAttemptAt!;
    }
    expect(waits.slice(0, 4)).toEqual([1, 2, 4, 8].map((factor) => factor * SEND_BACKOFF_BASE_MS));
    // Failed is final.
    refusals.clear();
    expect(await sendDueEmails(test.db, at(30 * 86_400_000))).toBe(0);
    expect(received).toHaveLength(0);
    error.mockRestore();
  });

  it("a transient failure then success sends the message once; a permanent refusal fails at once", async () => {
    const error = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    refusals.set("later@example.com", 421);
    refusals.set("nobody@example.com", 550);
    const later = message("later@example.com", "later");
    const nobody = message("nobody@example.com", "nobody");
    await queueEmails(test.db, [later, nobody], NOW);
    expect(await sendDueEmails(test.db, NOW)).toBe(0);
    expect(await test.db.outboxMessage.findUniqueOrThrow({ where: { id: nobody.id } })).toMatchObject({
      attempts: 1,
      nextAttemptAt: null,
      error: expect.stringContaining("550"),
    });
    refusals.delete("later@example.com");
    expect(await sendDueEmails(test.db, at(SEND_BACKOFF_BASE_MS))).toBe(1);
    expect(subjects()).toEqual(["later"]);
    expect(await test.db.outboxMessage.findUniqueOrThrow({ where: { id: later.id } })).toMatchObject({
      attempts: 2,
      error: null,
    });
    expect((await test.db.outboxMessage.findUniqueOrThrow({ where: { id: later.id } })).sentAt).not.toBeNull();
    error.mockRestore();
  });
});

describe(`stopping the jobs (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("the notifier's stop resolves only once the send in flight has finished, and no run starts after it", async () => {
    const mail = message("slow@example.com", "in flight");
    await queueEmails(test.db, [mail], new Date());
    delayMs = 500;
    const stop = startBookingNotifier(test.db, 20);
    await vi.waitFor(() => expect(receiving).toEqual(["in flight"]), { timeout: 10_000, interval: 10 });
    await stop();
    // The run was not cut off: the message is out and recorded as sent when stop() resolves.
    expect(subjects()).toEqual(["in flight"]);
    expect((await test.db.outboxMessage.findUniqueOrThrow({ where: { id: mail.id } })).sentAt).not.toBeNull();
    await queueEmails(test.db, [message("after@example.com", "after stop")], new Date());
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(subjects()).toEqual(["in flight"]);
  });
});

describe(`booking e-mails through the outbox (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("notifiers racing queue and send one message per change; one refused by SMTP goes out on a later sweep", async () => {
    await seedDatabase(test.db, { now: NOW, weeks: 2 });
    await seedDemoAccounts(test.db);
    const email = "booker@lanzhou-silkroad.example";
    const booker = await loadActor(test.db, (await test.db.user.findUniqueOrThrow({ where: { email } })).id);
    const departure = await test.db.departure.findFirstOrThrow({
      where: { status: "OPEN", capacities: { some: { equipmentCode: "45G1", available: { gte: 4 } } } },
      orderBy: { departureAt: "desc" },
    });
    const references = await createReviewedDrafts(test.db, {
      companyId: booker.memberships[0]!.companyId,
      userId: booker.userId,
      departureId: departure.id,
      count: 3,
      containers: [{ equipmentCode: "45G1", quantity: 1 }],
    });
    for (const reference of references) {
      await holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: booker, reference, now: NOW });
    }
    const error = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    // SMTP is down for this address for now: queued, not lost.
    refusals.set(email, 451);
    const runs = await Promise.all([
      sendBookingNotifications(test.db, NOW),
      sendBookingNotifications(other, NOW),
      sendBookingNotifications(test.db, NOW),
    ]);
    expect(runs.reduce((sum, count) => sum + count, 0)).toBe(3);
    expect(received).toHaveLength(0);
    const queued = await test.db.outboxMessage.findMany({ where: { to: email } });
    expect(queued).toHaveLength(3);
    expect(queued.every((row) => row.attempts === 1 && row.sentAt === null && row.nextAttemptAt)).toBe(true);
    refusals.clear();
    await Promise.all([
      sendBookingNotifications(test.db, at(SEND_BACKOFF_BASE_MS)),
      sendBookingNotifications(other, at(SEND_BACKOFF_BASE_MS)),
    ]);
    expect(received).toHaveLength(3);
    for (const reference of references) {
      expect(received.filter((mail) => mail.subject.includes(reference))).toHaveLength(1);
    }
    error.mockRestore();
  });

  it("more changes than one page: racing notifiers queue each once, none left behind", async () => {
    const booking = await test.db.booking.findFirstOrThrow({ where: { status: "HELD" } });
    // 230 changes the booker is told of, as after a long outage: three pages of the sweep.
    const createdAt = new Date(NOW.getTime() + 60_000);
    await test.db.bookingEvent.createMany({
      data: Array.from({ length: 230 }, () => ({
        bookingId: booking.id,
        type: "CONFIRMED",
        detail: "{}",
        createdAt,
      })),
    });
    const later = at(120_000);
    const runs = await Promise.all([sendBookingNotifications(test.db, later), sendBookingNotifications(other, later)]);
    expect(runs[0] + runs[1]).toBe(230);
    expect(await test.db.bookingEvent.count({ where: { bookingId: booking.id, notifiedAt: null } })).toBe(0);
    const confirmed = await test.db.outboxMessage.findMany({ where: { template: "booking.confirmed" } });
    expect(confirmed).toHaveLength(230);
    expect(received.filter((mail) => mail.subject.includes(booking.reference))).toHaveLength(230);
  }, 180_000);
});
