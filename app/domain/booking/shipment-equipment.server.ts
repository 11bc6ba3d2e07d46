import type { Tx } from "~/utils/transactions.server";
import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { authorize } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import { AIR_KG } from "~/domain/scheduling/equipment";
import { isReefer, type VgmMethod } from "./cargo-rules";
import { isValidContainerNumber, normalizeContainerNumber } from "./iso6346";
import type { DraftDetails } from "./quote";
import { recordRevision } from "./revisions.server";

/**
 * Keeps a booking's container units (`ShipmentEquipment`, one row per box) in step with its
 * containers: called in the transaction that holds or amends it. Units keep their numbers —
 * an amendment from 3 to 2 removes unit 3, from 2 to 3 adds it — so what was already recorded
 * for units 1 and 2 (container number, seals, VGM) stays. Air bookings have no units.
 */
export async function syncShipmentEquipment(
  tx: Tx,
  booking: { id: string; details: Pick<DraftDetails, "containers" | "cargo"> },
  /** The booking is being held for the first time: it has no units yet (one insert, on the busiest path). */
  options: { fresh?: boolean } = {},
): Promise<void> {
  const lines = (booking.details.containers ?? []).filter((line) => line.quantity > 0 && line.equipmentCode !== AIR_KG);
  const setpoint = (code: string) => (isReefer(code) ? (booking.details.cargo?.reeferTemperatureC ?? null) : null);
  if (options.fresh) {
    await tx.shipmentEquipment.createMany({
      data: lines.flatMap((line) =>
        Array.from({ length: line.quantity }, (_, index) => ({
          bookingId: booking.id,
          isoSizeType: line.equipmentCode,
          sequence: index + 1,
          shipperOwned: line.shipperOwned,
          reeferSetpointC: setpoint(line.equipmentCode),
        })),
      ),
    });
    return;
  }
  await tx.shipmentEquipment.deleteMany({
    where: { bookingId: booking.id, isoSizeType: { notIn: lines.map((line) => line.equipmentCode) } },
  });
  for (const line of lines) {
    const reeferSetpointC = setpoint(line.equipmentCode);
    await tx.shipmentEquipment.deleteMany({
      where: { bookingId: booking.id, isoSizeType: line.equipmentCode, sequence: { gt: line.quantity } },
    });
    await tx.shipmentEquipment.updateMany({
      where: { bookingId: booking.id, isoSizeType: line.equipmentCode },
      data: { shipperOwned: line.shipperOwned, reeferSetpointC },
    });
    const present = await tx.shipmentEquipment.count({
      where: { bookingId: booking.id, isoSizeType: line.equipmentCode },
    });
    if (present < line.quantity) {
      await tx.shipmentEquipment.createMany({
        data: Array.from({ length: line.quantity - present }, (_, index) => ({
          bookingId: booking.id,
          isoSizeType: line.equipmentCode,
          sequence: present + index + 1,
          shipperOwned: line.shipperOwned,
          reeferSetpointC,
        })),
      });
    }
  }
}

export interface EquipmentDetails {
  containerNumber?: string | null;
  seals?: string[];
  tareKg?: number | null;
  vgmKg?: number | null;
  vgmMethod?: VgmMethod | null;
}

/** Statuses whose boxes are being packed, weighed and sealed. */
const RECORDABLE = ["HELD", "AWAITING_PAYMENT", "CONFIRMED"];

/**
 * Records what is known of one unit: its container number (ISO 6346, check digit verified),
 * seals, tare and verified gross mass with its SOLAS method. Refusals name the field.
 */
export async function recordEquipmentDetails(
  db: Db,
  actor: Actor,
  reference: string,
  equipmentId: string,
  details: EquipmentDetails,
  now = new Date(),
) {
  const unit = await db.shipmentEquipment.findFirst({
    where: { id: equipmentId, booking: { reference } },
    include: { booking: { select: { companyId: true, status: true } } },
  });
  if (!unit) throw new AppError("notFound", 404);
  authorize(actor, "update:booking", { companyId: unit.booking.companyId });
  if (!RECORDABLE.includes(unit.booking.status)) throw new AppError("notAmendable", 409);

  const containerNumber =
    details.containerNumber === undefined || details.containerNumber === null
      ? details.containerNumber
      : normalizeContainerNumber(details.containerNumber);
  if (containerNumber && !isValidContainerNumber(containerNumber)) {
    throw new AppError("containerNumberInvalid", 400, "containerNumber");
  }
  const seals = details.seals?.map((seal) => seal.trim()).filter(Boolean);
  if (seals && (seals.length > 3 || seals.some((seal) => !/^[A-Z0-9-]{1,20}$/i.test(seal)))) {
    throw new AppError("sealsInvalid", 400, "seals");
  }
  const tareKg = details.tareKg === undefined ? unit.tareKg : details.tareKg;
  const vgmKg = details.vgmKg === undefined ? unit.vgmKg : details.vgmKg;
  const vgmMethod = details.vgmMethod === undefined ? unit.vgmMethod : details.vgmMethod;
  if (vgmKg !== null && !vgmMethod) throw new AppError("vgmMethodRequired", 400, "vgmMethod");
  if (vgmKg !== null && tareKg !== null && vgmKg < tareKg) throw new AppError("vgmBelowTare", 400, "vgmKg");

  const changes = {
    ...(containerNumber !== undefined ? { containerNumber } : {}),
    ...(seals ? { seals: JSON.stringify(seals) } : {}),
    tareKg,
    vgmKg,
    vgmMethod,
  };
  return db.$transaction(async (tx) => {
    // The booking's row first: its changes take turns and their revisions are numbered in order.
    await tx.booking.update({ where: { id: unit.bookingId }, data: { updatedAt: now } });
    return writeUnitDetails(tx, unit, changes, actor.userId, now);
  });
}

type UnitRow = Awaited<ReturnType<Tx["shipmentEquipment"]["findUniqueOrThrow"]>>;
const UNIT_FIELDS = [
  "containerNumber",
  "seals",
  "tareKg",
  "vgmKg",
  "vgmMethod",
  "vgmResponsible",
  // Gate-in at the origin terminal (app/domain/operations/gate-in.server.ts).
  "gatedInAt",
  "gateInReeferC",
  "gateInDamage",
] as const;
type UnitChanges = Partial<Pick<UnitRow, (typeof UNIT_FIELDS)[number]>>;

/**
 * Writes a unit's details and, when something changed, its revision with the changed fields
 * before and after. Call it in a transaction that has written the booking's row first.
 */
export async function writeUnitDetails(tx: Tx, unit: UnitRow, changes: UnitChanges, actorId: string, now: Date) {
  const changed = UNIT_FIELDS.filter((field) => field in changes && changes[field] !== unit[field]);
  const updated = await tx.shipmentEquipment.update({ where: { id: unit.id }, data: changes });
  if (changed.length > 0) {
    const pick = (source: Record<string, unknown>) =>
      Object.fromEntries(changed.map((field) => [field, source[field] ?? null]));
    await recordRevision(tx, {
      bookingId: unit.bookingId,
      actorId,
      kind: "EQUIPMENT_UNIT",
      before: { unit: `${unit.isoSizeType} #${unit.sequence}`, ...pick(unit) },
      after: { unit: `${unit.isoSizeType} #${unit.sequence}`, ...pick(updated) },
      now,
    });
  }
  return updated;
}
