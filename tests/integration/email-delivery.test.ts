import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendEmail } from "~/domain/email/mailer.server";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let test: TestDatabase;
let smtp: SMTPServer;
const received: { to: string[]; mail: ParsedMail }[] = [];

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), mail });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  // env() is read on first use in this file's module graph: point it at the local server.
  process.env.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  process.env.MAIL_FROM = "Silu Gateway <no-reply@silu.test>";
  test = await createTestDatabase();
});

afterAll(async () => {
  await test?.drop();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  delete process.env.SMTP_URL;
});

describe(`e-mail delivery over SMTP (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("delivers a message in the recipient's language, as text and HTML, and records it as sent", async () => {
    const { id, delivered } = await sendEmail(test.db, {
      to: "aigerim@example.kz",
      locale: "kk",
      template: "resetPassword",
      params: { name: "Айгерім", link: "https://silu.test/kk/reset-password?token=abc", hours: 1 },
    });
    expect(delivered).toBe(true);
    expect(received).toHaveLength(1);
    const [{ to, mail }] = received as [(typeof received)[number]];
    expect(to).toEqual(["aigerim@example.kz"]);
    expect(mail.from?.text).toContain("no-reply@silu.test");
    expect(mail.subject).toMatch(/[Ә-ӨА-я]/);
    expect(mail.text).toContain("Айгерім");
    expect(mail.text).toContain("https://silu.test/kk/reset-password?token=abc");
    expect(mail.html).toContain('lang="kk"');
    expect(mail.html).toContain('href="https://silu.test/kk/reset-password?token=abc"');
    const stored = await test.db.outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(stored.sentAt).not.toBeNull();
    expect(stored.error).toBeNull();
  });

  it("writes right-to-left HTML for Arabic and escapes what the user typed", async () => {
    await sendEmail(test.db, {
      to: "omar@example.ae",
      locale: "ar",
      template: "verifyEmail",
      params: { name: "<b>عمر</b>", link: "https://silu.test/ar/verify-email?token=x", hours: 48 },
    });
    const { mail } = received.at(-1)!;
    expect(mail.html).toContain('dir="rtl"');
    expect(mail.html).toContain("&lt;b&gt;عمر&lt;/b&gt;");
    expect(mail.html).not.toContain("<b>عمر</b>");
  });
});
