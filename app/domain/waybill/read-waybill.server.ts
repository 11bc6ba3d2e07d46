import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { can, type Actor } from "~/domain/identity/permissions";
import { findDocumentVersion } from "~/domain/documents/document-versions.server";
import { sharedOwner } from "~/domain/tracking/shares.server";
import { normalizeWaybillNumber } from "./number";
import type { Locale } from "~/i18n/config";
import type { WaybillStatus } from "./status";

/**
 * An issued version of a through waybill (the latest, or `version`), for whoever may see it:
 * the booking's company, the staff of the ports it leaves from and goes to, and the partners the exporter
 * shared the booking with (decision 017), while it is shared. Anyone else, and a version
 * that does not exist, get the same 404. The payload is the stored canonical JSON itself, so its
 * SHA-256 is the version's fingerprint.
 */
export async function findWaybillVersion(db: Db, actor: Actor, given: string, version?: number) {
  const number = normalizeWaybillNumber(given);
  const waybill = number
    ? await db.waybill.findUnique({
        where: { number },
        select: {
          id: true,
          number: true,
          status: true,
          latestVersion: true,
          verificationCode: true,
          booking: {
            select: {
              id: true,
              companyId: true,
              departure: { select: { service: { select: { originCode: true, destinationCode: true } } } },
            },
          },
        },
      })
    : null;
  const allowed =
    waybill &&
    (can(actor, "read:booking", { companyId: waybill.booking.companyId }) ||
      can(actor, "issue:waybill", { portCode: waybill.booking.departure.service.originCode }) ||
      // The destination port's staff, who check the document they take back on delivery.
      can(actor, "surrender:waybill", { portCode: waybill.booking.departure.service.destinationCode }) ||
      // Partners: a live document only (not once void).
      (waybill.status !== "VOIDED" && can(actor, "read:waybill", await sharedOwner(db, actor, waybill.booking))));
  if (!waybill || !allowed) throw new AppError("notFound", 404);
  const row = await findDocumentVersion(db, "WAYBILL", waybill.id, version);
  if (!row) throw new AppError("notFound", 404);
  return {
    number: waybill.number!,
    version: row.version,
    status: waybill.status as WaybillStatus,
    latestVersion: waybill.latestVersion,
    json: row.payload,
    sha256: row.sha256,
    locale: row.locale as Locale,
    verificationCode: waybill.verificationCode!,
  };
}

/**
 * The address the waybill's QR code carries: the verification page for this number and
 * version, with its code, in whatever language the scanner's browser asks for.
 */
export function verificationUrl(appUrl: string, issued: { number: string; version: number; verificationCode: string }) {
  return `${appUrl}/verify/${issued.number}?c=${issued.verificationCode}&v=${issued.version}`;
}
