import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { authorize } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";

/**
 * A departure as its origin port's staff work it: the service with its legs, its capacities.
 * Another port's staff (and everyone else) get 404 — they learn nothing of it.
 */
export async function terminalDeparture(db: Db, actor: Actor, departureId: string, wanted: `${string}:${string}`) {
  const departure = await db.departure.findUnique({
    where: { id: departureId },
    include: { service: { include: { legs: { orderBy: { sequence: "asc" } } } }, capacities: true },
  });
  if (!departure) throw new AppError("notFound", 404);
  authorize(actor, wanted, { portCode: departure.service.originCode });
  return departure;
}
export type TerminalDeparture = Awaited<ReturnType<typeof terminalDeparture>>;

/** The places of a departure's route, in order: origin, then each leg's end (with its gauge change). */
export function routePlaces(departure: TerminalDeparture): { code: string; gaugeChange: string | null }[] {
  return [
    { code: departure.service.originCode, gaugeChange: null },
    ...departure.service.legs.map((leg) => ({ code: leg.toCode, gaugeChange: leg.gaugeChange })),
  ];
}
