import type { Db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { outgoingEmail, type OutgoingEmail } from "~/domain/email/mailer.server";
import { layoutEmail } from "~/domain/email/templates.server";
import { hashToken, newToken } from "~/domain/identity/tokens.server";
import { loadCatalog, placeName } from "~/domain/places/catalog.server";
import { DEFAULT_LOCALE, isLocale, type Locale } from "~/i18n/config";
import { formatLocalDate, formatLocalDateTime } from "~/i18n/format";
import { fixedT } from "~/i18n/i18next.server";
import { groupDigest } from "./alerts";

/*
 * The alert e-mails (decision 024), each in the recipient's language and time zone, with a
 * one-click unsubscribe (RFC 8058): a List-Unsubscribe header naming an address that carries a
 * fresh token (256 bits, stored hashed), List-Unsubscribe-Post, and the same link in the body.
 */

export interface AlertDetail {
  milestone?: string;
  placeCode?: string;
  eventAt?: string;
  equipmentReference?: string | null;
  previousEtaAt?: string;
  etaAt?: string;
}

export interface ClaimedDelivery {
  id: string;
  kind: "EVENT" | "ETA";
  subscriptionId: string;
  bookingId: string;
  reference: string;
  departureId: string;
  createdAt: Date;
  detail: AlertDetail;
}

interface Recipient {
  id: string;
  email: string;
  name: string;
  locale: string;
  timeZone: string;
}

/** The unsubscribe credential of one message, stored with it (in the transaction that queues it). */
export interface UnsubscribeTokenRow {
  tokenHash: string;
  userId: string;
  subscriptionId: string | null;
}

/** An alert message and its unsubscribe credential, both written by the sweep's claim. */
export interface AlertEmail {
  email: OutgoingEmail;
  unsubscribeToken: UnsubscribeTokenRow;
}

/** A new unsubscribe credential for one message: one subscription, or (null) all of the user's alerts. */
function unsubscribeLink(userId: string, subscriptionId: string | null) {
  const token = newToken();
  const link = `${env().APP_URL}/unsubscribe/${token}`;
  return {
    link,
    row: { tokenHash: hashToken(token), userId, subscriptionId },
    headers: { "List-Unsubscribe": `<${link}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  };
}

async function routeOf(db: Db, departureIds: string[]) {
  const departures = await db.departure.findMany({
    where: { id: { in: departureIds } },
    select: { id: true, service: { select: { serviceNumber: true, originCode: true, destinationCode: true } } },
  });
  return new Map(departures.map((departure) => [departure.id, departure.service]));
}

async function tools(db: Db, recipient: Recipient) {
  const locale: Locale = isLocale(recipient.locale) ? recipient.locale : DEFAULT_LOCALE;
  const [t, emails, catalog] = await Promise.all([fixedT(locale, "alerts"), fixedT(locale, "emails"), loadCatalog(db)]);
  const at = (iso: string) => formatLocalDateTime(new Date(iso), locale, recipient.timeZone);
  const place = (code: string) => placeName(catalog, code, locale);
  const day = (date: Date) => formatLocalDate(date, locale, recipient.timeZone);
  return { locale, t, emails, at, place, day };
}

/** One alert: an actual event, or an ETA change (queued by the alerts' sweep with its claim). */
export async function alertEmail(db: Db, recipient: Recipient, item: ClaimedDelivery): Promise<AlertEmail> {
  const { locale, t, emails, at, place } = await tools(db, recipient);
  const service = (await routeOf(db, [item.departureId])).get(item.departureId)!;
  const facts = {
    reference: item.reference,
    service: service.serviceNumber,
    origin: place(service.originCode),
    destination: place(service.destinationCode),
  };
  const { detail } = item;
  const paragraphs: string[] = [];
  let subject: string;
  if (item.kind === "EVENT") {
    const event = { ...facts, place: place(detail.placeCode!), time: at(detail.eventAt!) };
    subject = t(`email.event.subject.${detail.milestone}`, event);
    paragraphs.push(t(`email.event.body.${detail.milestone}`, event));
    if (detail.equipmentReference) paragraphs.push(t("email.container", { container: detail.equipmentReference }));
  } else {
    const change = { ...facts, previous: at(detail.previousEtaAt!), eta: at(detail.etaAt!) };
    subject = t("email.eta.subject", change);
    paragraphs.push(t("email.eta.body", change));
  }
  paragraphs.push(t("email.route", facts), t("email.zone", { zone: recipient.timeZone }));
  const unsubscribe = unsubscribeLink(recipient.id, item.subscriptionId);
  const base = `${env().APP_URL}/${locale}/track/${item.reference}`;
  const rendered = layoutEmail(locale, emails, {
    subject,
    greeting: emails("greeting", { name: recipient.name }),
    paragraphs,
    action: { label: t("email.open"), link: base },
    notes: [t("email.why", { reference: item.reference, link: `${base}/alerts` })],
    unsubscribe: { label: t("email.unsubscribe"), link: unsubscribe.link },
  });
  const email = outgoingEmail({
    to: recipient.email,
    locale,
    template: item.kind === "EVENT" ? `alerts.event.${detail.milestone}` : "alerts.eta",
    rendered,
    headers: unsubscribe.headers,
  });
  return { email, unsubscribeToken: unsubscribe.row };
}

/** A user's daily digest: the ETA changes of all their consignments, grouped by consignment. */
export async function alertDigest(
  db: Db,
  recipient: Recipient,
  items: ClaimedDelivery[],
  now = new Date(),
): Promise<AlertEmail> {
  const { locale, t, emails, at, place, day } = await tools(db, recipient);
  const routes = await routeOf(db, [...new Set(items.map((item) => item.departureId))]);
  const paragraphs = groupDigest(items).flatMap((section) => {
    const service = routes.get(section.items[0]!.departureId)!;
    const heading = t("email.digest.section", {
      reference: section.reference,
      service: service.serviceNumber,
      origin: place(service.originCode),
      destination: place(service.destinationCode),
    });
    const lines = section.items.map((item) =>
      item.kind === "ETA"
        ? t("email.digest.eta", { previous: at(item.detail.previousEtaAt!), eta: at(item.detail.etaAt!) })
        : t(`email.event.subject.${item.detail.milestone}`, {
            reference: section.reference,
            place: place(item.detail.placeCode!),
          }),
    );
    return [[heading, ...lines.map((line) => `• ${line}`)].join("\n")];
  });
  const unsubscribe = unsubscribeLink(recipient.id, null);
  const rendered = layoutEmail(locale, emails, {
    subject: t("email.digest.subject", { date: day(now) }),
    greeting: emails("greeting", { name: recipient.name }),
    paragraphs: [t("email.digest.lead"), ...paragraphs, t("email.zone", { zone: recipient.timeZone })],
    action: { label: t("email.openList"), link: `${env().APP_URL}/${locale}/track` },
    notes: [t("email.digest.why")],
    unsubscribe: { label: t("email.unsubscribeAll"), link: unsubscribe.link },
  });
  const email = outgoingEmail({
    to: recipient.email,
    locale,
    template: "alerts.digest",
    rendered,
    headers: unsubscribe.headers,
  });
  return { email, unsubscribeToken: unsubscribe.row };
}
