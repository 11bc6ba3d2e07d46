import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { can, type Actor } from "~/domain/identity/permissions";

/**
 * What origin port staff may reopen: confirmed bookings on departures from their ports that
 * have not left yet, by documents cut-off, with their instructions' state. No such port: 404.
 */
export async function instructionsAtPorts(db: Db, actor: Actor, now: Date) {
  const ports = actor.staffPorts.filter((portCode) => can(actor, "reopen:instructions", { portCode }));
  if (ports.length === 0) throw new AppError("notFound", 404);
  const bookings = await db.booking.findMany({
    where: {
      status: "CONFIRMED",
      departure: { departureAt: { gt: now }, service: { originCode: { in: ports } } },
    },
    include: {
      company: { select: { legalNameZh: true } },
      departure: { select: { docCutoffAt: true, departureAt: true } },
      instructions: { select: { status: true, version: true, reopenedUntil: true } },
    },
    orderBy: { departure: { docCutoffAt: "asc" } },
    take: 100,
  });
  return { ports, bookings };
}
