import { incotermsFor, PartiesSchema, type Cargo, type Parties } from "~/schemas/booking";
import { canonicalCargo, validateCargo } from "./cargo.server";
import { readDetails } from "./consignment";
import type { Db } from "~/utils/db.server";
import { AppError, invalidFields } from "~/utils/app-error";
import { authorize } from "~/domain/identity/actor.server";
import { type Actor } from "~/domain/identity/permissions";
import { allows } from "./lifecycle";
import { type DraftDetails } from "./quote";
import { findCompanyBooking } from "./find-bookings.server";

/** Saves one step of a draft; a booking past its draft cannot be edited this way. */
async function saveDraftStep(
  db: Db,
  actor: Actor,
  reference: string,
  patch: (booking: Awaited<ReturnType<typeof findCompanyBooking>>, details: DraftDetails) => DraftDetails,
) {
  const booking = await findCompanyBooking(db, actor, reference);
  authorize(actor, "create:booking", { companyId: booking.companyId });
  if (!allows(booking.status, "editDraft")) throw new AppError("notDraft", 409);
  const current = readDetails(booking.details);
  const details = { ...current, ...patch(booking, current) };
  // Conditional on what was read: a hold or another step saved meanwhile is never overwritten.
  const { count } = await db.booking.updateMany({
    where: { id: booking.id, status: "DRAFT", details: booking.details },
    data: { details: JSON.stringify(details) },
  });
  if (count !== 1) throw new AppError("changedMeanwhile", 409);
  return details;
}

/**
 * Step 1: the containers of a train booking (only types the departure sells), or the pieces of
 * a charter; choosing one clears the other.
 */
export function saveEquipmentStep(
  db: Db,
  actor: Actor,
  reference: string,
  equipment: { containers: NonNullable<DraftDetails["containers"]> } | { pieces: NonNullable<DraftDetails["pieces"]> },
) {
  return saveDraftStep(db, actor, reference, (booking) => {
    const air = booking.departure.service.mode === "AIR";
    if ("pieces" in equipment) {
      if (!air || equipment.pieces.length === 0) throw new AppError("nothingToBook", 400);
      return { pieces: equipment.pieces, containers: [] };
    }
    const offered = new Set(booking.departure.capacities.map((capacity) => capacity.equipmentCode));
    const containers = equipment.containers.filter((line) => line.quantity > 0);
    if (air || containers.length === 0 || containers.some((line) => !offered.has(line.equipmentCode)))
      throw new AppError("nothingToBook", 400);
    return { containers, pieces: [] };
  });
}

/**
 * Step 2: the cargo lines, checked against what step 1 booked (weight, reefer set point) and
 * the HS and UN lists; each broken rule is refused at its field ("lines.<i>.<field>").
 */
export function saveCargoStep(db: Db, actor: Actor, reference: string, cargo: Cargo) {
  return saveDraftStep(db, actor, reference, (_booking, current) => {
    const errors = validateCargo(cargo, current.containers ?? []);
    if (Object.keys(errors).length > 0) throw invalidFields(errors);
    return { cargo: canonicalCargo(cargo) };
  });
}

/** Step 3: shipper, consignee, notify party, the door legs and the Incoterm. */
export function savePartiesStep(db: Db, actor: Actor, reference: string, parties: Parties) {
  return saveDraftStep(db, actor, reference, (booking) => {
    const legModes = booking.departure.service.legs.map((leg) => leg.mode);
    if (!incotermsFor(legModes).includes(parties.incoterm)) throw invalidFields({ incoterm: "errors.incotermMode" });
    return { parties: PartiesSchema.parse(parties) };
  });
}
