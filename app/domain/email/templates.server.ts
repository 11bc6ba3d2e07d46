import type { TFunction } from "i18next";
import { fixedT } from "~/i18n/i18next.server";
import { textDirection, type Locale } from "~/i18n/config";

/**
 * E-mails are written in the recipient's language (their saved preference), never the
 * sender's: each is rendered with a t() fixed to that locale, as plain text and HTML.
 */
export type EmailTemplate =
  | "verifyEmail"
  | "resetPassword"
  | "inviteColleague"
  | "invitePartner"
  | "staffWelcome"
  | "registrationAttempt";

export interface EmailParams {
  /** The recipient's name; invitations go to people the portal does not know yet. */
  name?: string;
  /** Who invites, and to which company (invitations). */
  inviter?: string;
  company?: string;
  /** The one link the message is about. */
  link: string;
  /** How long the link works (links that carry a token). */
  hours?: number;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!);

export async function renderEmail(
  template: EmailTemplate,
  locale: Locale,
  params: EmailParams,
): Promise<RenderedEmail> {
  const t = await fixedT(locale, "emails");
  return layoutEmail(locale, t, {
    subject: t(`${template}.subject`),
    greeting: params.name ? t("greeting", { name: params.name }) : t("greetingAnonymous"),
    paragraphs: [t(`${template}.body`, { inviter: params.inviter, company: params.company })],
    action: { label: t(`${template}.action`), link: params.link },
    notes: [...(params.hours ? [t("expiry", { count: params.hours })] : []), t(`${template}.ignore`)],
    showLink: params.hours !== undefined,
  });
}

/** What every message of the portal looks like, as plain text and as HTML (RTL for Arabic). */
export function layoutEmail(
  locale: Locale,
  t: TFunction,
  message: {
    subject: string;
    greeting: string;
    paragraphs: string[];
    action: { label: string; link: string };
    notes: string[];
    /** Links that carry a token are also written out, for mail clients that hide buttons. */
    showLink?: boolean;
    /** A visible unsubscribe link at the foot (alert e-mails, RFC 8058 also puts it in a header). */
    unsubscribe?: { label: string; link: string };
  },
): RenderedEmail {
  const { subject, greeting, paragraphs, action, notes, unsubscribe } = message;
  const footer = t("footer");
  const text = [
    greeting,
    "",
    ...paragraphs.flatMap((paragraph) => [paragraph, ""]),
    `${action.label}: ${action.link}`,
    "",
    ...notes,
    "",
    ...(unsubscribe ? [`${unsubscribe.label}: ${unsubscribe.link}`, ""] : []),
    "—",
    footer,
  ].join("\n");
  const dir = textDirection(locale);
  const html = `<!DOCTYPE html>
<html lang="${locale}" dir="${dir}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:system-ui,sans-serif;color:#1d2733;line-height:1.5;max-width:36rem;margin:0 auto;padding:1rem">
<p style="font-weight:700;color:#9c2f1f">${escapeHtml(t("brand"))}</p>
<p>${escapeHtml(greeting)}</p>
${paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join("\n")}
<p><a href="${escapeHtml(action.link)}" style="display:inline-block;background:#1f5f9c;color:#fff;padding:0.6rem 1.2rem;border-radius:4px;text-decoration:none">${escapeHtml(action.label)}</a></p>
<p style="font-size:0.9rem;color:#5b6776">${notes.map(escapeHtml).join(" ")}</p>
${message.showLink ? `<p style="font-size:0.8rem;color:#5b6776;word-break:break-all">${escapeHtml(action.link)}</p>\n` : ""}${unsubscribe ? `<p style="font-size:0.8rem;color:#5b6776"><a href="${escapeHtml(unsubscribe.link)}" style="color:#5b6776">${escapeHtml(unsubscribe.label)}</a></p>\n` : ""}<hr style="border:0;border-top:1px solid #d6dde5"><p style="font-size:0.8rem;color:#5b6776">${escapeHtml(footer)}</p>
</body></html>`;
  return { subject, text, html };
}
