import type { TFunction } from "i18next";
import { can, type Actor } from "~/domain/identity/permissions";
import { readDetails } from "~/domain/booking/consignment";
import { VGM_METHODS } from "~/domain/booking/cargo-rules";
import type { Locale } from "~/i18n/config";
import { formatLocalDateTime, formatNumber } from "~/i18n/format";
import { cargoTotals } from "~/domain/booking/cargo-rules";
import { FREIGHT_TERMS, MAX_ORIGINALS, MAX_UNIT_LINES, readContent, type InstructionsContent } from "./content";
import { formValues, prefilledContent } from "./form";
import {
  currentContent,
  instructionsOpen,
  waybillFollowsInstructions,
  type InstructionsBooking,
} from "./instructions.server";
import { PACKAGE_TYPES } from "~/schemas/booking";
import { CONSIGNEE_LOCALES, suggestedConsigneeLocale } from "~/domain/waybill/consignee-language";

/**
 * The shipping instructions page for one of the booking's company: the form filled with the
 * working copy, else the submitted version, else the booking's goods shared among its boxes;
 * whether the reader may write them now, until when, and what was submitted.
 */
export function presentInstructions(
  target: InstructionsBooking,
  reader: { actor: Actor; locale: Locale; timeZone: string; now: Date; t: TFunction },
) {
  const { booking, units, instructions } = target;
  const { locale, timeZone, now, t } = reader;
  const when = (date: Date) => formatLocalDateTime(date, locale, timeZone);
  const details = readDetails(booking.details);
  const air = booking.departure.service.mode === "AIR";
  const content = currentContent(target) ?? prefilledContent(units, details.cargo?.lines ?? []);
  const shownValues: Record<string, string> = {
    ...formValues(content),
    // The waybill's second language: as chosen before, else what the destination's country reads.
    consigneeLocale:
      target.waybill?.consigneeLocale ??
      suggestedConsigneeLocale(booking.departure.service.destinationCode.slice(0, 2)),
  };
  const reopened = instructions?.reopenedUntil && instructions.reopenedUntil > now ? instructions.reopenedUntil : null;
  const confirmed = booking.status === "CONFIRMED";
  const submitted = instructions?.submitted ? readContent(instructions.submitted) : null;
  const mayGive = can(reader.actor, "give:instructions", { companyId: booking.companyId });
  const locked = !waybillFollowsInstructions(target);
  const open = instructionsOpen(target, now) && !locked;
  return {
    title: t("page.title", { reference: booking.reference }),
    reference: booking.reference,
    air,
    status: instructions?.status ?? null,
    version: instructions?.version ?? 0,
    submittedAt: instructions?.submittedAt ? when(instructions.submittedAt) : null,
    docCutoff: when(booking.departure.docCutoffAt),
    reopenedUntil: reopened ? when(reopened) : null,
    confirmed,
    // Writable now by this reader: the form, else what was given, read-only.
    writable: confirmed && mayGive && open,
    /** Why a confirmed booking's instructions are not a form for this reader: past the cut-off, or only readable. */
    readOnlyReason: locked ? ("locked" as const) : !open ? ("closed" as const) : ("viewer" as const),
    units: units.map((unit, index) => ({
      index,
      id: unit.id,
      isoSizeType: unit.isoSizeType,
      sequence: unit.sequence,
      shipperOwned: unit.shipperOwned,
      reeferSetpointC: unit.reeferSetpointC,
      // The saved lines and a spare row (the form works without JavaScript).
      rows: Math.min(MAX_UNIT_LINES, (content.units[index]?.cargo.length ?? 0) + 1),
    })),
    airRows: Math.min(MAX_UNIT_LINES, content.cargo.length + 1),
    pieces: (details.pieces ?? []).map((piece) => ({
      quantity: formatNumber(piece.quantity, locale),
      dimensions: `${formatNumber(piece.lengthCm, locale)} × ${formatNumber(piece.widthCm, locale)} × ${formatNumber(piece.heightCm, locale)}`,
      grossKg: formatNumber(piece.grossKg, locale),
    })),
    booked: (details.cargo?.lines ?? []).map((line) => ({
      description: line.description,
      hsCode: line.hsCode,
      packages: formatNumber(line.packages, locale),
      grossKg: formatNumber(line.grossWeightKg, locale),
    })),
    values: shownValues,
    /** The through waybill drawn from these instructions, once submitted (decision 015). */
    waybillStatus: target.waybill?.status ?? null,
    // For those who read without writing (viewers, after the cut-off): what was submitted.
    summary: submitted && !(confirmed && mayGive && open) ? summarize(target, submitted, locale) : null,
    options: {
      freightTerms: FREIGHT_TERMS,
      originals: Array.from({ length: MAX_ORIGINALS + 1 }, (_, count) => count),
      vgmMethods: VGM_METHODS,
      packageTypes: PACKAGE_TYPES,
      consigneeLocales: CONSIGNEE_LOCALES,
    },
  };
}
export type InstructionsView = ReturnType<typeof presentInstructions>;

/** The submitted instructions in a few lines: terms, and per box its number, seals, VGM and goods. */
function summarize(target: InstructionsBooking, content: InstructionsContent, locale: Locale) {
  const number = (value: number) => formatNumber(value, locale);
  const goods = (lines: InstructionsContent["cargo"]) => {
    const totals = cargoTotals(lines);
    return { packages: number(totals.packages), grossKg: number(totals.grossWeightKg) };
  };
  return {
    freightTerms: content.freightTerms ?? null,
    originals: content.originals ?? null,
    toOrder: content.consigneeToOrder,
    toOrderOf: content.toOrderOf ?? null,
    airGoods: target.units.length === 0 ? goods(content.cargo) : null,
    units: target.units.map((unit, index) => ({
      id: unit.id,
      label: `${unit.isoSizeType} #${unit.sequence}`,
      containerNumber: unit.containerNumber,
      seals: (JSON.parse(unit.seals) as string[]).join(" "),
      vgmKg: unit.vgmKg === null ? null : number(unit.vgmKg),
      goods: goods(content.units[index]?.cargo ?? []),
    })),
  };
}
