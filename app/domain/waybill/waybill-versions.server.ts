import { recordAudit } from "~/domain/audit/audit.server";
import { recordDocumentVersion } from "~/domain/documents/document-versions.server";
import type { Actor } from "~/domain/identity/permissions";
import type { Locale } from "~/i18n/config";
import type { Tx } from "~/utils/transactions.server";
import type { WaybillContent } from "./content";

/**
 * Records an issued version of a waybill (an immutable document version in the consignee's
 * language) and its audit entry, in the issuing or amending transaction.
 */
export async function recordWaybillVersion(
  tx: Tx,
  {
    waybill,
    content,
    actor,
    action,
    reason,
  }: {
    waybill: { id: string; consigneeLocale: string };
    content: WaybillContent;
    actor: Actor;
    action: "waybill.issued" | "waybill.amended";
    reason?: string;
  },
  now: Date,
): Promise<void> {
  const { version } = await recordDocumentVersion(
    tx,
    {
      kind: "WAYBILL",
      subjectId: waybill.id,
      locale: waybill.consigneeLocale as Locale,
      payload: content,
      createdById: actor.userId,
    },
    now,
  );
  await recordAudit(tx, {
    actorId: actor.userId,
    action,
    entity: "Waybill",
    entityId: waybill.id,
    after: { number: content.number, version: content.version, sha256: version.sha256, ...(reason ? { reason } : {}) },
  });
}
