import type { Tx } from "~/utils/transactions.server";
import type { Db } from "~/utils/db.server";

export type RevisionKind = "CONTAINERS" | "EQUIPMENT_UNIT" | "PARTIES";

/**
 * Writes the booking's next revision (decision 010): who changed what, from what to what. Call
 * it in the transaction that makes the change, after that transaction has written the booking's
 * row — so two changes of one booking take turns, and their numbers follow each other.
 */
export async function recordRevision(
  tx: Tx,
  revision: {
    bookingId: string;
    actorId: string | null;
    kind: RevisionKind;
    before: unknown;
    after: unknown;
    now: Date;
  },
): Promise<number> {
  const number = (await tx.bookingRevision.count({ where: { bookingId: revision.bookingId } })) + 1;
  await tx.bookingRevision.create({
    data: {
      bookingId: revision.bookingId,
      number,
      kind: revision.kind,
      actorId: revision.actorId,
      before: JSON.stringify(revision.before),
      after: JSON.stringify(revision.after),
      createdAt: revision.now,
    },
  });
  return number;
}

/** A booking's revisions, newest first, with the name of who made each. */
export async function listRevisions(db: Db, bookingId: string) {
  const revisions = await db.bookingRevision.findMany({ where: { bookingId }, orderBy: { number: "desc" } });
  const actorIds = [...new Set(revisions.map((revision) => revision.actorId).filter((id): id is string => !!id))];
  const actors = await db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } });
  const names = new Map(actors.map((actor) => [actor.id, actor.name]));
  return revisions.map((revision) => ({
    number: revision.number,
    kind: revision.kind as RevisionKind,
    by: revision.actorId ? (names.get(revision.actorId) ?? null) : null,
    at: revision.createdAt,
    before: JSON.parse(revision.before) as Record<string, unknown>,
    after: JSON.parse(revision.after) as Record<string, unknown>,
  }));
}
