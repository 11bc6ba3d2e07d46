import { holdLapsed } from "./lifecycle";
import { releaseExpiredHolds } from "./holds.server";
import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { authorize } from "~/domain/identity/actor.server";
import { can, type Actor } from "~/domain/identity/permissions";

/** The booking with this reference, if it belongs to a company the actor may read it for. */
export async function findCompanyBooking(db: Db, actor: Actor, reference: string) {
  const booking = await db.booking.findUnique({
    where: { reference },
    include: {
      lines: true,
      events: { orderBy: { createdAt: "asc" } },
      departure: {
        include: { service: { include: { legs: { select: { mode: true } } } }, capacities: true },
      },
    },
  });
  // A reference alone opens nothing: the booking must be the actor's company's.
  if (!booking) throw new AppError("notFound", 404);
  authorize(actor, "read:booking", { companyId: booking.companyId });
  return booking;
}

/**
 * A booking as its page reads it: an expired hold gives its capacity back when it is looked at,
 * not only when swept; only then is the booking read again.
 */
export async function readCompanyBooking(db: Db, actor: Actor, reference: string, now = new Date()) {
  const found = await findCompanyBooking(db, actor, reference);
  if (!holdLapsed(found, now)) return found;
  await releaseExpiredHolds(db, now, { departureId: found.departureId });
  return findCompanyBooking(db, actor, found.reference);
}

/**
 * The bookings of the actor's companies (those it may read them for), newest first, with the
 * departures they are on for the filter. A departure or reference of another company finds
 * nothing: the company condition is always there.
 */
export async function listCompanyBookings(
  db: Db,
  actor: Actor,
  filters: { status?: string; departure?: string; reference?: string },
) {
  const companyIds = actor.memberships
    .map((membership) => membership.companyId)
    .filter((companyId) => can(actor, "read:booking", { companyId }));
  const [bookings, departures] = await Promise.all([
    db.booking.findMany({
      where: {
        companyId: { in: companyIds },
        ...(filters.status ? { status: filters.status } : {}),
        ...(filters.departure ? { departureId: filters.departure } : {}),
        ...(filters.reference ? { reference: { contains: filters.reference.toUpperCase() } } : {}),
      },
      include: { departure: { include: { service: true } } },
      orderBy: { createdAt: "desc" },
      take: 100,
    }),
    db.departure.findMany({
      where: { bookings: { some: { companyId: { in: companyIds } } } },
      include: { service: true },
      orderBy: { departureAt: "asc" },
      take: 200,
    }),
  ]);
  return { bookings, departures, companyIds };
}
