import nodemailer, { type Transporter } from "nodemailer";
import type { Locale } from "~/i18n/config";
import type { Db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { renderEmail, type EmailParams, type EmailTemplate, type RenderedEmail } from "./templates.server";
import { countEmail } from "~/domain/ops/metrics.server";

let transport: Transporter | undefined;
let transportUrl: string | undefined;

function smtpTransport(url: string): Transporter {
  if (!transport || transportUrl !== url) {
    transport = nodemailer.createTransport(url);
    transportUrl = url;
  }
  return transport;
}

/**
 * Renders a message in the recipient's language and records it in the outbox. With SMTP_URL
 * set it is delivered at once (a failure is recorded on the message, not thrown at the user);
 * without, the development mail page shows it.
 */
export async function sendEmail(
  db: Db,
  message: { to: string; locale: Locale; template: EmailTemplate; params: EmailParams },
): Promise<{ id: string; delivered: boolean }> {
  const rendered = await renderEmail(message.template, message.locale, message.params);
  return deliverEmail(db, { to: message.to, locale: message.locale, template: message.template, rendered });
}

/**
 * Records a rendered message in the outbox and delivers it (see sendEmail). `headers` are extra
 * mail headers (the alerts' List-Unsubscribe, RFC 8058), kept with the message.
 */
export async function deliverEmail(
  db: Db,
  message: { to: string; locale: Locale; template: string; rendered: RenderedEmail; headers?: Record<string, string> },
): Promise<{ id: string; delivered: boolean }> {
  const { rendered, headers } = message;
  const stored = await db.outboxMessage.create({
    data: {
      to: message.to,
      locale: message.locale,
      template: message.template,
      ...rendered,
      headers: headers ? JSON.stringify(headers) : null,
    },
  });
  countEmail("queued");
  const { SMTP_URL, MAIL_FROM } = env();
  if (!SMTP_URL) return { id: stored.id, delivered: false };
  try {
    await smtpTransport(SMTP_URL).sendMail({
      from: MAIL_FROM,
      to: message.to,
      ...rendered,
      ...(headers ? { headers } : {}),
    });
    await db.outboxMessage.update({ where: { id: stored.id }, data: { sentAt: new Date() } });
    countEmail("sent");
    return { id: stored.id, delivered: true };
  } catch (error) {
    console.error(`E-mail ${stored.id} to ${message.to} not delivered:`, (error as Error).message);
    await db.outboxMessage.update({
      where: { id: stored.id },
      data: { error: (error as Error).message.slice(0, 500) },
    });
    countEmail("failed");
    return { id: stored.id, delivered: false };
  }
}

/** The newest messages of the outbox (the development mail page). */
export function recentOutbox(db: Db, take = 50) {
  return db.outboxMessage.findMany({ orderBy: { createdAt: "desc" }, take });
}
