import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import type { Actor } from "~/domain/identity/permissions";
import { env } from "~/utils/env.server";
import { withSeaVoyages } from "./content";
import { amendWaybill } from "./amend-waybill.server";
import { isValidImoNumber, type CarrierCode, type SeaVoyage } from "./vessel";

/*
 * The vessel and voyage of a departure's sea leg (DepartureVoyage, decision 016), and the
 * operator's carrier code (settings): what the waybill copies at issue for a DCSA eBL. Staff
 * screens to record voyages belong to port operations (later); the seed and tests call
 * `saveSeaVoyage` directly, and callers authorize (origin port staff of the departure).
 */

/** The operator's carrier code from its settings, or null while none is configured. */
export function operatorCarrierCode(): CarrierCode | null {
  const { OPERATOR_CARRIER_CODE: code, OPERATOR_CARRIER_CODE_LIST: listProvider } = env();
  return code ? { code, listProvider } : null;
}

/** The known voyages of a departure's sea legs, by leg sequence. */
export async function seaVoyagesOf(db: Db, departureId: string): Promise<Map<number, SeaVoyage>> {
  const rows = await db.departureVoyage.findMany({ where: { departureId } });
  return new Map(
    rows.map((row) => [
      row.legSequence,
      { vesselName: row.vesselName, imoNumber: row.vesselImo, voyageNumber: row.voyageNumber },
    ]),
  );
}

/**
 * Records (or corrects) the vessel and voyage of a departure's SEA leg. Refused for a leg that
 * is not at sea, and for an IMO number whose check digit is wrong.
 */
export async function saveSeaVoyage(
  db: Db,
  input: { departureId: string; legSequence: number } & SeaVoyage,
): Promise<void> {
  const departure = await db.departure.findUnique({
    where: { id: input.departureId },
    select: { service: { select: { legs: { where: { sequence: input.legSequence }, select: { mode: true } } } } },
  });
  if (!departure) throw new AppError("notFound", 404);
  if (departure.service.legs[0]?.mode !== "SEA") throw new AppError("waybillNoSeaLeg", 409, "legSequence");
  const vesselName = input.vesselName.trim();
  const voyageNumber = input.voyageNumber.trim();
  // The staff form (port operations, later) checks these at its fields; here they guard the data.
  if (!vesselName || vesselName.length > 50) throw new Error("A vessel name of 1 to 50 characters is needed");
  if (!voyageNumber || voyageNumber.length > 50) throw new Error("A voyage number of 1 to 50 characters is needed");
  if (input.imoNumber !== null && !isValidImoNumber(input.imoNumber)) throw new Error("Not an IMO number");
  const data = {
    vesselName,
    vesselImo: input.imoNumber?.replace(/^IMO\s*/i, "") ?? null,
    voyageNumber,
  };
  await db.departureVoyage.upsert({
    where: { departureId_legSequence: { departureId: input.departureId, legSequence: input.legSequence } },
    create: { departureId: input.departureId, legSequence: input.legSequence, ...data },
    update: data,
  });
}

/**
 * Origin port staff add the vessel and voyage staff now know (and the operator's carrier code)
 * to an issued waybill: the next version, as any amendment (decision 015). `waybillUnchanged`
 * when the latest version already says so.
 */
export async function amendWaybillSeaVoyages(
  db: Db,
  { actor, reference, reason, now }: { actor: Actor; reference: string; reason: string; now?: Date },
) {
  const booking = await db.booking.findUnique({ where: { reference }, select: { departureId: true } });
  const voyages = booking ? await seaVoyagesOf(db, booking.departureId) : new Map<number, SeaVoyage>();
  return amendWaybill(db, {
    actor,
    reference,
    reason,
    now,
    change: (latest) => withSeaVoyages(latest, voyages, operatorCarrierCode()),
  });
}
