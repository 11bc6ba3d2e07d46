import type { Cargo, StoredCargo } from "~/schemas/booking";
import { CONTAINER_LIMITS, isReefer, isVagueDescription, normalizeUnNumber, packingGroupApplies } from "./cargo-rules";
import { lookupHsCode } from "./hs-codes.server";
import { fieldMessage } from "~/utils/field-message";

/**
 * The cargo rules that depend on what is booked: for each line a precise description (ICS2), a
 * real HS 2022 code, a real UN number with its packing group; for the consignment a weight the
 * boxes can carry and a reefer set point the box can hold. Returns messages (translation keys,
 * booking namespace) by path: "lines.<i>.<field>", or the consignment's field.
 */
export function validateCargo(
  cargo: Cargo,
  containers: { equipmentCode: string; quantity: number }[],
): Record<string, string> {
  const errors: Record<string, string> = {};
  cargo.lines.forEach((line, index) => {
    const at = (field: string) => `lines.${index}.${field}`;
    if (isVagueDescription(line.description)) errors[at("description")] = "errors.vagueDescription";
    if (!lookupHsCode(line.hsCode)) errors[at("hsCode")] = "errors.hsCode";
    if (line.dangerous) {
      if (line.unNumber && !normalizeUnNumber(line.unNumber)) errors[at("unNumber")] = "errors.unNumber";
      if (line.dgClass && packingGroupApplies(line.dgClass) && !line.packingGroup)
        errors[at("packingGroup")] = "errors.required";
    }
  });
  const payloadKg = containers.reduce(
    (sum, line) => sum + (CONTAINER_LIMITS[line.equipmentCode]?.payloadKg ?? 0) * line.quantity,
    0,
  );
  const grossKg = cargo.lines.reduce((sum, line) => sum + line.grossWeightKg, 0);
  if (containers.length > 0 && grossKg > payloadKg) {
    // The message gives the limit, so the exporter knows how much to move to another box.
    errors[`lines.${cargo.lines.length - 1}.grossWeightKg`] = fieldMessage("errors.overPayload", {
      limit: payloadKg,
      total: grossKg,
    });
  }
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
export function canonicalCargo(cargo: Cargo): StoredCargo {
  return {
    ...cargo,
    lines: cargo.lines.map((line) => {
      const hs = lookupHsCode(line.hsCode);
      return {
        ...line,
        hsCode: hs?.code ?? line.hsCode,
        hsSubheading: hs?.subheading ?? "",
        unNumber: line.dangerous && line.unNumber ? (normalizeUnNumber(line.unNumber) ?? line.unNumber) : undefined,
      };
    }),
  };
}
