import { fixedT } from "~/i18n/i18next.server";
import { textDirection, type Locale } from "~/i18n/config";

/**
 * E-mails are written in the recipient's language (their saved preference), never the
 * sender's: each is rendered with a t() fixed to that locale, as plain text and HTML.
 */
export type EmailTemplate = "verifyEmail" | "resetPassword" | "inviteColleague" | "invitePartner" | "staffWelcome";

export interface EmailParams {
  /** The recipient's name; invitations go to people the portal does not know yet. */
  name?: string;
  /** Who invites, and to which company (invitations). */
  inviter?: string;
  company?: string;
  /** The one link the message is about. */
  link: string;
  /** How long the link works. */
  hours: number;
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
  const subject = t(`${template}.subject`);
  const greeting = params.name ? t("greeting", { name: params.name }) : t("greetingAnonymous");
  const body = t(`${template}.body`, { inviter: params.inviter, company: params.company });
  const action = t(`${template}.action`);
  const expiry = t("expiry", { count: params.hours });
  const ignore = t(`${template}.ignore`);
  const footer = t("footer");

  const text = [greeting, "", body, "", `${action}: ${params.link}`, "", expiry, ignore, "", "—", footer].join("\n");
  const dir = textDirection(locale);
  const html = `<!DOCTYPE html>
<html lang="${locale}" dir="${dir}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:system-ui,sans-serif;color:#1d2733;line-height:1.5;max-width:36rem;margin:0 auto;padding:1rem">
<p style="font-weight:700;color:#9c2f1f">${escapeHtml(t("brand"))}</p>
<p>${escapeHtml(greeting)}</p>
<p>${escapeHtml(body)}</p>
<p><a href="${escapeHtml(params.link)}" style="display:inline-block;background:#1f5f9c;color:#fff;padding:0.6rem 1.2rem;border-radius:4px;text-decoration:none">${escapeHtml(action)}</a></p>
<p style="font-size:0.9rem;color:#5b6776">${escapeHtml(expiry)} ${escapeHtml(ignore)}</p>
<p style="font-size:0.8rem;color:#5b6776;word-break:break-all">${escapeHtml(params.link)}</p>
<hr style="border:0;border-top:1px solid #d6dde5"><p style="font-size:0.8rem;color:#5b6776">${escapeHtml(footer)}</p>
</body></html>`;
  return { subject, text, html };
}
