import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { authorize } from "~/domain/identity/actor.server";
import { type Actor } from "~/domain/identity/permissions";
import { bookingClosesAt, effectiveStatus } from "~/domain/scheduling/departure-status";
import { newBookingReference } from "./reference";

/** Starts a draft on an open departure for the actor's company. */
export async function startDraft(db: Db, actor: Actor, departureId: string, now = new Date()) {
  const companyId = actor.memberships[0]?.companyId;
  if (!companyId) throw new AppError("notFound", 404);
  authorize(actor, "create:booking", { companyId });
  const departure = await db.departure.findUnique({ where: { id: departureId }, include: { capacities: true } });
  if (!departure) throw new AppError("notFound", 404);
  if (effectiveStatus(departure.status, bookingClosesAt(departure), now) !== "OPEN")
    throw new AppError("bookingClosed", 409);
  return db.booking.create({
    data: {
      reference: newBookingReference(),
      companyId,
      departureId,
      createdById: actor.userId,
      status: "DRAFT",
      currency: departure.capacities[0]?.currency ?? "CNY",
      totalMinor: 0,
      priceLines: "[]",
      details: "{}",
      createdAt: now,
      events: { create: { actorId: actor.userId, type: "DRAFTED", toStatus: "DRAFT", createdAt: now } },
    },
  });
}
