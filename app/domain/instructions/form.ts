import { PACKAGE_TYPES, type StoredCargoLine } from "~/schemas/booking";
import { MAX_UNIT_LINES, type InstructionsContent, type InstructionsLine } from "./content";

/*
 * The shipping instructions form: plain fields, so that it works without JavaScript. A
 * container unit's fields are u<i>_<field>, its goods rows u<i>_l<row>_<field>; an air
 * consignment's rows air_l<row>_<field>. Blank rows are dropped; `rows` remembers which form
 * row each line came from, so a message about line j is shown at its row.
 */

export const LINE_FIELDS = [
  "description",
  "hsCode",
  "packages",
  "packageType",
  "grossWeightKg",
  "volumeM3",
  "marks",
] as const;
export type LineField = (typeof LINE_FIELDS)[number];
export const UNIT_FIELDS = ["containerNumber", "seals", "tareKg", "vgmKg", "vgmMethod", "vgmResponsible"] as const;

export const unitField = (unit: number, field: string) => `u${unit}_${field}`;
export const lineField = (group: string, row: number, field: string) => `${group}_l${row}_${field}`;
export const unitGroup = (unit: number) => `u${unit}`;
export const AIR_GROUP = "air";

type Form = { get(name: string): FormDataEntryValue | null };
const text = (form: Form, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};
const blankless = (value: string) => (value.trim() === "" ? undefined : value);
/** A number as typed; "abc" stays NaN, which the schema refuses at its field. */
const numberOf = (value: string) => (value.trim() === "" ? undefined : Number(value.trim().replace(",", ".")));

function readLines(form: Form, group: string): { lines: unknown[]; rows: number[] } {
  const lines: unknown[] = [];
  const rows: number[] = [];
  for (let row = 0; row < MAX_UNIT_LINES; row += 1) {
    const raw = Object.fromEntries(LINE_FIELDS.map((field) => [field, text(form, lineField(group, row, field))]));
    // A row counts when goods are typed into it (a package type alone is the form's default).
    if (LINE_FIELDS.every((field) => field === "packageType" || raw[field]!.trim() === "")) continue;
    lines.push({
      description: raw.description,
      hsCode: raw.hsCode,
      packages: numberOf(raw.packages!),
      packageType: blankless(raw.packageType!),
      grossWeightKg: numberOf(raw.grossWeightKg!),
      volumeM3: numberOf(raw.volumeM3!),
      marks: blankless(raw.marks!),
    });
    rows.push(row);
  }
  return { lines, rows };
}

/**
 * The form as instructions (not yet checked: the domain parses them) and where each of the
 * domain's paths is shown: "units.1.cargo.0.hsCode" → u1_l<row>_hsCode.
 */
export function instructionsFromForm(form: Form, unitIds: string[], air: boolean) {
  const rows: Record<string, number[]> = {};
  const units = unitIds.map((unitId, index) => {
    const field = (name: string) => text(form, unitField(index, name));
    const cargo = readLines(form, unitGroup(index));
    rows[unitGroup(index)] = cargo.rows;
    return {
      unitId,
      containerNumber: blankless(field("containerNumber")),
      seals: field("seals")
        .split(/[\s,;]+/)
        .filter(Boolean),
      tareKg: numberOf(field("tareKg")),
      vgmKg: numberOf(field("vgmKg")),
      vgmMethod: blankless(field("vgmMethod")),
      vgmResponsible: blankless(field("vgmResponsible")),
      cargo: cargo.lines,
    };
  });
  const airCargo = air ? readLines(form, AIR_GROUP) : { lines: [], rows: [] };
  rows[AIR_GROUP] = airCargo.rows;
  const toOrder = text(form, "consigneeToOrder") === "on";
  const content = {
    freightTerms: blankless(text(form, "freightTerms")),
    originals: numberOf(text(form, "originals")),
    consigneeToOrder: toOrder,
    toOrderOf: toOrder ? blankless(text(form, "toOrderOf")) : undefined,
    units,
    piecesConfirmed: air ? text(form, "piecesConfirmed") === "on" : undefined,
    cargo: airCargo.lines,
  };
  const formField = (path: string): string => {
    const line = /^(?:units\.(\d+)\.)?cargo\.(\d+)\.(\w+)$/.exec(path);
    if (line) {
      const group = line[1] === undefined ? AIR_GROUP : unitGroup(Number(line[1]));
      return lineField(group, rows[group]?.[Number(line[2])] ?? Number(line[2]), line[3]!);
    }
    const unit = /^units\.(\d+)\.(\w+)(?:\.\d+)?$/.exec(path);
    if (unit) return unitField(Number(unit[1]), unit[2]!);
    return path;
  };
  return { content, formField };
}

const shown = (value: number | string | undefined) => (value === undefined ? "" : String(value));

function lineValues(group: string, lines: InstructionsLine[], values: Record<string, string>) {
  lines.forEach((line, row) => {
    for (const field of LINE_FIELDS) values[lineField(group, row, field)] = shown(line[field]);
  });
}

/** Instructions as the form's values (field name → text). */
export function formValues(content: InstructionsContent): Record<string, string> {
  const values: Record<string, string> = {
    freightTerms: content.freightTerms ?? "",
    originals: shown(content.originals),
    consigneeToOrder: content.consigneeToOrder ? "on" : "",
    toOrderOf: content.toOrderOf ?? "",
    piecesConfirmed: content.piecesConfirmed ? "on" : "",
  };
  content.units.forEach((unit, index) => {
    values[unitField(index, "containerNumber")] = unit.containerNumber ?? "";
    values[unitField(index, "seals")] = unit.seals.join(" ");
    values[unitField(index, "tareKg")] = shown(unit.tareKg);
    values[unitField(index, "vgmKg")] = shown(unit.vgmKg);
    values[unitField(index, "vgmMethod")] = unit.vgmMethod ?? "";
    values[unitField(index, "vgmResponsible")] = unit.vgmResponsible ?? "";
    lineValues(unitGroup(index), unit.cargo, values);
  });
  lineValues(AIR_GROUP, content.cargo, values);
  return values;
}

/** `total` shared by `parts`: equal shares, the rounding left over going to the last. */
function share(total: number, parts: number, index: number, decimals: number): number {
  const factor = 10 ** decimals;
  const each = Math.floor((total * factor) / parts) / factor;
  return index < parts - 1 ? each : Math.round((total - each * (parts - 1)) * factor) / factor;
}

/**
 * First instructions, before anything is saved: the booked goods shared equally among the
 * boxes (or all of them on the flight), and what is already recorded of each box.
 */
export function prefilledContent(
  units: {
    id: string;
    containerNumber: string | null;
    seals: string;
    tareKg: number | null;
    vgmKg: number | null;
    vgmMethod: string | null;
    vgmResponsible: string | null;
  }[],
  booked: Pick<StoredCargoLine, "description" | "hsCode" | "packages" | "packageType" | "grossWeightKg" | "volumeM3">[],
): InstructionsContent {
  const linesFor = (index: number, parts: number): InstructionsLine[] =>
    booked
      .map((line) => ({
        description: line.description,
        hsCode: line.hsCode,
        packages: share(line.packages, parts, index, 0),
        packageType: (PACKAGE_TYPES as readonly string[]).includes(line.packageType) ? line.packageType : "PIECES",
        grossWeightKg: share(line.grossWeightKg, parts, index, 1),
        volumeM3: share(line.volumeM3, parts, index, 2),
      }))
      .filter((line) => line.packages > 0);
  return {
    consigneeToOrder: false,
    units: units.map((unit, index) => ({
      unitId: unit.id,
      containerNumber: unit.containerNumber ?? undefined,
      seals: JSON.parse(unit.seals) as string[],
      tareKg: unit.tareKg ?? undefined,
      vgmKg: unit.vgmKg ?? undefined,
      vgmMethod: unit.vgmMethod === "METHOD_1" || unit.vgmMethod === "METHOD_2" ? unit.vgmMethod : undefined,
      vgmResponsible: unit.vgmResponsible ?? undefined,
      cargo: linesFor(index, units.length),
    })),
    cargo: units.length === 0 ? linesFor(0, 1) : [],
  };
}
