import type { StoredCargoLine } from "~/schemas/booking";
import { fieldMessage } from "~/utils/field-message";
import { CONTAINER_LIMITS, isVagueDescription } from "~/domain/booking/cargo-rules";
import { lookupHsCode } from "~/domain/booking/hs-codes.server";
import type { InstructionsContent, InstructionsLine } from "./content";

/** How far a goods' declared gross weight may stray from what was booked before it is an amendment. */
export const GROSS_TOLERANCE = 0.1;

/** What the rules need to know of the booking. */
export interface InstructionsFacts {
  /** Air bookings have no container units: their lines are the consignment's. */
  air: boolean;
  units: { id: string; isoSizeType: string; shipperOwned: boolean; tareKg: number | null }[];
  bookedLines: Pick<StoredCargoLine, "hsCode" | "hsSubheading" | "grossWeightKg">[];
}

const subheadingOf = (hsCode: string) => lookupHsCode(hsCode)?.subheading ?? null;

/**
 * What stops well-formed instructions from being submitted, as messages by path
 * ("units.0.vgmKg", "units.1.cargo.0.hsCode", "freightTerms", "form"). Empty: they may be.
 *
 * - Terms: freight terms and the number of originals are given.
 * - Each unit: a container number for a shipper-owned box (the carrier's get theirs at
 *   gate-in), each number once; 1 to 3 seals; a VGM with its method and the person
 *   responsible; goods in it, whose gross weight is within the box's payload; the VGM at
 *   least the goods plus the tare, where the tare is known (else at least the goods).
 * - Goods: a precise description, a real HS code, and goods that were booked: every line's
 *   HS subheading is one the booking has, every booked subheading is given, and each
 *   subheading's gross weight is within GROSS_TOLERANCE of the booked one (more is an
 *   amendment: payload and, by air, the price change).
 * - Air: the booked pieces and dimensions are confirmed.
 */
export function submissionErrors(content: InstructionsContent, facts: InstructionsFacts): Record<string, string> {
  // Instructions about other units than the booking's: nothing else is worth saying.
  if (
    !facts.air &&
    (content.units.length !== facts.units.length ||
      facts.units.some((unit, index) => content.units[index]?.unitId !== unit.id))
  ) {
    return { form: "errors.changedMeanwhile" };
  }
  const errors: Record<string, string> = {};
  const set = (path: string, message: string) => {
    errors[path] ??= message;
  };
  if (!content.freightTerms) set("freightTerms", "errors.required");
  if (content.originals === undefined) set("originals", "errors.required");

  const booked = new Map<string, number>();
  for (const line of facts.bookedLines) {
    const subheading = line.hsSubheading || subheadingOf(line.hsCode) || line.hsCode;
    booked.set(subheading, (booked.get(subheading) ?? 0) + line.grossWeightKg);
  }
  const declared = new Map<string, { kg: number; lastPath: string }>();
  const checkLines = (lines: InstructionsLine[], prefix: string) => {
    lines.forEach((line, index) => {
      const at = `${prefix}.${index}`;
      if (isVagueDescription(line.description)) set(`${at}.description`, "errors.vagueDescription");
      const subheading = subheadingOf(line.hsCode);
      if (!subheading) set(`${at}.hsCode`, "errors.hsCode");
      else if (!booked.has(subheading)) set(`${at}.hsCode`, "errors.hsNotBooked");
      else {
        const sum = declared.get(subheading);
        declared.set(subheading, { kg: (sum?.kg ?? 0) + line.grossWeightKg, lastPath: `${at}.grossWeightKg` });
      }
    });
  };

  if (facts.air) {
    if (!content.piecesConfirmed) set("piecesConfirmed", "errors.piecesConfirm");
    if (content.cargo.length === 0) set("cargo.0.description", "errors.noCargo");
    checkLines(content.cargo, "cargo");
  } else {
    const numbers = new Map<string, number>();
    facts.units.forEach((unit, index) => {
      const given = content.units[index]!;
      const at = (field: string) => `units.${index}.${field}`;
      if (given.containerNumber) {
        const first = numbers.get(given.containerNumber);
        if (first !== undefined) set(at("containerNumber"), "errors.containerNumberTwice");
        else numbers.set(given.containerNumber, index);
      } else if (unit.shipperOwned) set(at("containerNumber"), "errors.containerNumberRequired");
      if (given.seals.length === 0) set(at("seals"), "errors.sealsRequired");
      if (given.vgmKg === undefined) set(at("vgmKg"), "errors.required");
      if (!given.vgmMethod) set(at("vgmMethod"), "errors.required");
      if (!given.vgmResponsible) set(at("vgmResponsible"), "errors.required");
      if (given.cargo.length === 0) set(`${at("cargo")}.0.description`, "errors.noCargo");
      checkLines(given.cargo, at("cargo"));
      const goodsKg = Math.round(given.cargo.reduce((sum, line) => sum + line.grossWeightKg, 0));
      const payloadKg = CONTAINER_LIMITS[unit.isoSizeType]?.payloadKg;
      if (payloadKg !== undefined && goodsKg > payloadKg && given.cargo.length > 0) {
        set(
          `${at("cargo")}.${given.cargo.length - 1}.grossWeightKg`,
          fieldMessage("errors.unitOverPayload", { limit: payloadKg, total: goodsKg }),
        );
      }
      const tareKg = given.tareKg ?? unit.tareKg;
      const minimum = goodsKg + (tareKg ?? 0);
      if (given.vgmKg !== undefined && given.vgmKg < minimum) {
        set(
          at("vgmKg"),
          fieldMessage(tareKg === null ? "errors.vgmBelowGoods" : "errors.vgmBelowGoodsAndTare", { minimum }),
        );
      }
    });
  }

  for (const [subheading, bookedKg] of booked) {
    const given = declared.get(subheading);
    if (!given) {
      set("form", fieldMessage("errors.bookedGoodsMissing", { hs: subheading }));
      continue;
    }
    if (Math.abs(given.kg - bookedKg) > bookedKg * GROSS_TOLERANCE) {
      set(
        given.lastPath,
        fieldMessage("errors.grossNotAsBooked", { hs: subheading, booked: bookedKg, total: Math.round(given.kg) }),
      );
    }
  }
  return errors;
}
