import fs from "node:fs";
import path from "node:path";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/**
 * A real SMTP server on loopback for the e2e run. The portal delivers to it through SMTP_URL;
 * every message it receives is parsed and written to a folder as JSON, which tests read.
 */
export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** The raw List-Unsubscribe and List-Unsubscribe-Post header values (alert e-mails, RFC 8058). */
  listUnsubscribe?: string;
  listUnsubscribePost?: string;
  receivedAt: string;
}

export interface MailboxOptions {
  /**
   * Asked before a message is taken, with its recipients: a promise makes the sender wait for
   * it (a slow or stalled mail server; the cluster test kills a server mid-send). Nothing is kept
   * of a message whose connection has gone meanwhile.
   */
  waitBeforeAccepting?: (to: string[]) => Promise<void> | undefined;
}

export function startMailbox(port: number, folder: string, options: MailboxOptions = {}): Promise<SMTPServer> {
  fs.mkdirSync(folder, { recursive: true });
  const closed = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onClose(session) {
      closed.add(session.id);
    },
    onData(stream, session, callback) {
      const to = session.envelope.rcptTo.map((recipient) => recipient.address.toLowerCase());
      Promise.resolve(options.waitBeforeAccepting?.(to))
        .then(() => simpleParser(stream))
        .then((parsed) => {
          // The sender went before it was told the message was taken: it is not delivered.
          if (closed.has(session.id)) return callback(new Error("connection gone"));
          const mail: ReceivedMail = {
            to,
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : "",
            listUnsubscribe: rawHeader(parsed.headerLines, "list-unsubscribe"),
            listUnsubscribePost: rawHeader(parsed.headerLines, "list-unsubscribe-post"),
            receivedAt: new Date().toISOString(),
          };
          const file = path.join(folder, `${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
          // Written aside and renamed: a test reading the folder meanwhile never sees half a message.
          fs.writeFileSync(`${file}.part`, JSON.stringify(mail));
          fs.renameSync(`${file}.part`, file);
          callback();
        })
        .catch(callback);
    },
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

/** A header's value as sent (unfolded), or undefined. */
function rawHeader(lines: readonly { key: string; line: string }[], key: string): string | undefined {
  const found = lines.find((line) => line.key === key)?.line;
  return found
    ?.slice(found.indexOf(":") + 1)
    .replace(/\r?\n[ \t]+/g, " ")
    .trim();
}

/** Waits for the newest message to `to` whose subject matches. */
export async function waitForMail(
  folder: string,
  to: string,
  subject: RegExp,
  timeoutMs = 10_000,
): Promise<ReceivedMail> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const messages = fs.existsSync(folder)
      ? fs
          .readdirSync(folder)
          .filter((name) => name.endsWith(".json"))
          .sort()
          .reverse()
          .map((name) => JSON.parse(fs.readFileSync(path.join(folder, name), "utf8")) as ReceivedMail)
      : [];
    const found = messages.find((mail) => mail.to.includes(to.toLowerCase()) && subject.test(mail.subject));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`No e-mail to ${to} matching ${subject} within ${timeoutMs} ms`);
}
