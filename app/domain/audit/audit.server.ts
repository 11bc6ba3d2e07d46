import type { Db } from "~/utils/db.server";

export interface AuditEntry {
  actorId?: string | null;
  /** e.g. "auth.sign_in", "auth.sign_in_failed", "auth.password_reset", "company.registered" */
  action: string;
  entity?: string;
  entityId?: string;
  ipAddress?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Records a security event or a staff/admin action. Snapshots are stored as JSON. */
export async function recordAudit(db: Pick<Db, "auditEvent">, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({
    data: {
      actorId: entry.actorId ?? null,
      action: entry.action,
      entity: entry.entity ?? null,
      entityId: entry.entityId ?? null,
      ipAddress: entry.ipAddress ?? null,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    },
  });
}
