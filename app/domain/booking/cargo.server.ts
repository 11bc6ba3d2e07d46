import type { Cargo } from "~/schemas/booking";
import { CONTAINER_LIMITS, isReefer, isVagueDescription, normalizeUnNumber, packingGroupApplies } from "./cargo-rules";
import { lookupHsCode } from "./hs-codes.server";

/**
 * The cargo rules that depend on what is booked: a precise description (ICS2), a real HS 2022
 * code, a real UN number with its packing group, a weight the boxes can carry and a reefer set
 * point the box can hold. Returns field errors as translation keys (booking namespace).
 */
export function validateCargo(
  cargo: Cargo,
  containers: { equipmentCode: string; quantity: number }[],
): Record<string, string> {
  const errors: Record<string, string> = {};
  if (isVagueDescription(cargo.description)) errors.description = "errors.vagueDescription";
  if (!lookupHsCode(cargo.hsCode)) errors.hsCode = "errors.hsCode";
  if (cargo.dangerous) {
    if (cargo.unNumber && !normalizeUnNumber(cargo.unNumber)) errors.unNumber = "errors.unNumber";
    if (cargo.dgClass && packingGroupApplies(cargo.dgClass) && !cargo.packingGroup)
      errors.packingGroup = "errors.required";
  }
  const payloadKg = containers.reduce(
    (sum, line) => sum + (CONTAINER_LIMITS[line.equipmentCode]?.payloadKg ?? 0) * line.quantity,
    0,
  );
  if (containers.length > 0 && cargo.grossWeightKg > payloadKg) errors.grossWeightKg = "errors.overPayload";
  const reefers = containers.filter((line) => isReefer(line.equipmentCode));
  if (reefers.length > 0) {
    const ranges = reefers.map((line) => CONTAINER_LIMITS[line.equipmentCode]!.reeferRange!);
    const min = Math.max(...ranges.map((range) => range[0]));
    const max = Math.min(...ranges.map((range) => range[1]));
    if (cargo.reeferTemperatureC === undefined) errors.reeferTemperatureC = "errors.required";
    else if (cargo.reeferTemperatureC < min || cargo.reeferTemperatureC > max)
      errors.reeferTemperatureC = "errors.temperature";
  }
  return errors;
}

/** The values stored with the booking: codes in their canonical form. */
export function canonicalCargo(cargo: Cargo): Cargo & { hsSubheading: string } {
  const hs = lookupHsCode(cargo.hsCode);
  return {
    ...cargo,
    hsCode: hs?.code ?? cargo.hsCode,
    hsSubheading: hs?.subheading ?? "",
    unNumber: cargo.dangerous && cargo.unNumber ? (normalizeUnNumber(cargo.unNumber) ?? cargo.unNumber) : undefined,
  };
}
