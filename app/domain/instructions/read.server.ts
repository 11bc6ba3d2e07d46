import type { Tx } from "~/utils/transactions.server";
import type { Db } from "~/utils/db.server";
import { readDetails } from "~/domain/booking/consignment";
import { cargoTotals } from "~/domain/booking/cargo-rules";
import { lookupHsCode } from "~/domain/booking/hs-codes.server";
import type { VgmMethod } from "~/domain/booking/cargo-rules";
import type { StoredCargoLine } from "~/schemas/booking";
import { readContent, type FreightTerms, type InstructionsLine } from "./content";

/** A line of goods as the waybill prints it: with the dangerous-goods data of the booked line it is. */
export interface InstructedLine {
  description: string;
  hsCode: string;
  packages: number;
  packageType: string;
  grossWeightKg: number;
  volumeM3: number;
  /** Marks and numbers; null: none ("N/M"). */
  marks: string | null;
  dangerous: { unNumber: string | null; dgClass: string | null; packingGroup: string | null } | null;
}

export interface InstructedUnit {
  unitId: string;
  /** ISO 6346 size-type (45G1 …) and the unit's number within it. */
  isoSizeType: string;
  sequence: number;
  shipperOwned: boolean;
  /** The box's current number and seals (staff may record a carrier's box at gate-in). */
  containerNumber: string | null;
  seals: string[];
  tareKg: number | null;
  vgm: { kg: number; method: VgmMethod; responsible: string | null } | null;
  reeferSetpointC: number | null;
  cargo: InstructedLine[];
}

/** What the through waybill takes from the shipping instructions (decision 014). */
export interface SubmittedInstructions {
  version: number;
  submittedAt: Date;
  submittedById: string | null;
  freightTerms: FreightTerms;
  /** Paper originals; 0: an electronic document only. */
  originals: number;
  /** Straight (named consignee) or to order (negotiable), of a bank or, when null, the shipper. */
  consignee: { toOrder: false } | { toOrder: true; toOrderOf: string | null };
  /** Container bookings: every unit with its goods. Empty for air. */
  units: InstructedUnit[];
  /** Air bookings: the consignment's goods, the booked pieces confirmed. Null for containers. */
  air: { piecesConfirmed: boolean; cargo: InstructedLine[] } | null;
  totals: { packages: number; grossWeightKg: number; volumeM3: number };
}

function instructedLine(line: InstructionsLine, booked: StoredCargoLine[]): InstructedLine {
  const subheading = lookupHsCode(line.hsCode)?.subheading ?? line.hsCode.slice(0, 6);
  const match = booked.find((candidate) => (candidate.hsSubheading || candidate.hsCode.slice(0, 6)) === subheading);
  return {
    description: line.description,
    hsCode: line.hsCode,
    packages: line.packages,
    packageType: line.packageType,
    grossWeightKg: line.grossWeightKg,
    volumeM3: line.volumeM3,
    marks: line.marks || null,
    dangerous: match?.dangerous
      ? { unNumber: match.unNumber ?? null, dgClass: match.dgClass ?? null, packingGroup: match.packingGroup ?? null }
      : null,
  };
}

/**
 * The booking's shipping instructions as last submitted, with its units' current numbers, seals
 * and VGM; null until they are first submitted. A working copy saved since is not included.
 * Reads inside the caller's transaction when given one (the waybill draws a version from rows
 * read together).
 */
export async function readInstructions(db: Db | Tx, bookingId: string): Promise<SubmittedInstructions | null> {
  // One after the other: inside an interactive transaction queries do not run side by side.
  const instructions = await db.shippingInstructions.findUnique({ where: { bookingId } });
  if (!instructions?.submitted || !instructions.submittedAt) return null;
  const booking = await db.booking.findUniqueOrThrow({ where: { id: bookingId }, select: { details: true } });
  const units = await db.shipmentEquipment.findMany({
    where: { bookingId },
    orderBy: [{ isoSizeType: "asc" }, { sequence: "asc" }],
  });
  const content = readContent(instructions.submitted);
  // Submission checked them: a submitted version without its terms is not one.
  if (!content.freightTerms || content.originals === undefined) throw new Error("Submitted instructions without terms");
  const booked = readDetails(booking.details).cargo?.lines ?? [];
  const byUnit = new Map(content.units.map((unit) => [unit.unitId, unit]));
  const instructedUnits = units.map((unit): InstructedUnit => {
    const given = byUnit.get(unit.id);
    return {
      unitId: unit.id,
      isoSizeType: unit.isoSizeType,
      sequence: unit.sequence,
      shipperOwned: unit.shipperOwned,
      containerNumber: unit.containerNumber,
      seals: JSON.parse(unit.seals) as string[],
      tareKg: unit.tareKg,
      vgm:
        unit.vgmKg !== null && unit.vgmMethod
          ? { kg: unit.vgmKg, method: unit.vgmMethod as VgmMethod, responsible: unit.vgmResponsible }
          : null,
      reeferSetpointC: unit.reeferSetpointC,
      cargo: (given?.cargo ?? []).map((line) => instructedLine(line, booked)),
    };
  });
  const air =
    units.length === 0
      ? {
          piecesConfirmed: content.piecesConfirmed ?? false,
          cargo: content.cargo.map((line) => instructedLine(line, booked)),
        }
      : null;
  const lines = air ? air.cargo : instructedUnits.flatMap((unit) => unit.cargo);
  return {
    version: instructions.version,
    submittedAt: instructions.submittedAt,
    submittedById: instructions.submittedById,
    freightTerms: content.freightTerms,
    originals: content.originals,
    consignee: content.consigneeToOrder ? { toOrder: true, toOrderOf: content.toOrderOf ?? null } : { toOrder: false },
    units: air ? [] : instructedUnits,
    air,
    totals: cargoTotals(lines),
  };
}
