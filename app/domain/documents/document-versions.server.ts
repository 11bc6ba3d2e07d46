import canonicalize from "canonicalize";
import type { z } from "zod";
import type { Locale } from "~/i18n/config";
import type { DocumentVersion } from "~/generated/prisma/sqlite/client";
import type { Db } from "~/utils/db.server";
import { sha256Hex } from "~/utils/hash.server";
import type { Tx } from "~/utils/transactions.server";

/** What a document version can be of. */
export type DocumentKind = "INVOICE" | "WAYBILL";

/** An issued version as stored. */
export type DocumentVersionRow = DocumentVersion;

/** The canonical form (RFC 8785) of a payload and its SHA-256: equal content, equal bytes. */
export function canonicalPayload(payload: unknown): { json: string; sha256: string } {
  const json = canonicalize(payload);
  if (json === undefined) throw new Error("A document payload must be JSON");
  return { json, sha256: sha256Hex(json) };
}

/**
 * Records the next version of a document, inside the caller's transaction (which has locked
 * what the document is of, so versions of one subject follow each other). Nothing is written
 * when the content is the same as the latest version's: asking twice gives one version.
 */
export async function recordDocumentVersion(
  tx: Tx,
  document: { kind: DocumentKind; subjectId: string; locale: Locale; payload: unknown; createdById: string | null },
  now = new Date(),
): Promise<{ version: DocumentVersionRow; created: boolean }> {
  const { json, sha256 } = canonicalPayload(document.payload);
  const latest = await tx.documentVersion.findFirst({
    where: { kind: document.kind, subjectId: document.subjectId },
    orderBy: { version: "desc" },
  });
  if (latest && latest.sha256 === sha256 && latest.locale === document.locale) {
    return { version: latest, created: false };
  }
  const version = await tx.documentVersion.create({
    data: {
      kind: document.kind,
      subjectId: document.subjectId,
      version: (latest?.version ?? 0) + 1,
      payload: json,
      sha256,
      locale: document.locale,
      createdById: document.createdById,
      createdAt: now,
    },
  });
  return { version, created: true };
}

/** The versions of a document, oldest first: for listing what was issued when. */
export function listDocumentVersions(db: Db, kind: DocumentKind, subjectId: string) {
  return db.documentVersion.findMany({
    where: { kind, subjectId },
    orderBy: { version: "asc" },
    select: { version: true, sha256: true, locale: true, createdAt: true },
  });
}

/** One version of a document (the latest when none is named), or null if there is none. */
export function findDocumentVersion(
  db: Db,
  kind: DocumentKind,
  subjectId: string,
  version?: number,
): Promise<DocumentVersionRow | null> {
  return db.documentVersion.findFirst({
    where: { kind, subjectId, ...(version === undefined ? {} : { version }) },
    orderBy: { version: "desc" },
  });
}

/**
 * A version's payload, read back through the document's schema after checking that it is the
 * content its hash was taken of — a changed row is refused, not drawn.
 */
export function readDocumentPayload<Schema extends z.ZodTypeAny>(
  version: Pick<DocumentVersionRow, "payload" | "sha256">,
  schema: Schema,
): z.output<Schema> {
  if (sha256Hex(version.payload) !== version.sha256) throw new Error("A document version does not match its SHA-256");
  return schema.parse(JSON.parse(version.payload));
}
