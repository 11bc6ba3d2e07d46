import type { Db } from "~/utils/db.server";
import type { Actor } from "~/domain/identity/permissions";
import { hasDangerousGoods, isReefer } from "~/domain/booking/cargo-rules";
import { readDetails } from "~/domain/booking/consignment";
import { AIR_KG, CONTAINER_TYPES } from "~/domain/scheduling/equipment";
import { terminalDeparture } from "./departure-access.server";

/** A 45' box counts 2.25 TEU of train length; the types the portal sells say their own. */
export function teuOf(isoSizeType: string): number {
  const known = CONTAINER_TYPES.find((type) => type.code === isoSizeType);
  if (known) return known.teu;
  if (isoSizeType.startsWith("L")) return 2.25;
  return isoSizeType.startsWith("2") ? 1 : 2;
}

export interface LoadingRow {
  unitId: string;
  reference: string;
  company: string;
  isoSizeType: string;
  sequence: number;
  containerNumber: string | null;
  seals: string[];
  grossKg: number | null;
  teu: number;
  dangerous: boolean;
  reefer: boolean;
  setpointC: number | null;
  readingC: number | null;
  damage: string | null;
  gatedInAt: Date | null;
}

/**
 * A departure's loading list: every container unit of its confirmed bookings with what the
 * terminal knows of it, and the totals against what the departure sells (capacity per type)
 * and what the train may carry (its length in TEU and gross mass, where the service says).
 */
export async function loadingList(db: Db, actor: Actor, departureId: string) {
  const departure = await terminalDeparture(db, actor, departureId, "read:departure");
  const bookings = await db.booking.findMany({
    where: { departureId: departure.id, status: "CONFIRMED" },
    orderBy: { reference: "asc" },
    include: {
      company: { select: { legalNameZh: true, legalNameLatin: true } },
      equipment: { orderBy: [{ isoSizeType: "asc" }, { sequence: "asc" }] },
    },
  });
  const rows: LoadingRow[] = bookings.flatMap((booking) => {
    const dangerous = hasDangerousGoods(readDetails(booking.details).cargo);
    return booking.equipment.map((unit) => ({
      unitId: unit.id,
      reference: booking.reference,
      company: booking.company.legalNameLatin,
      isoSizeType: unit.isoSizeType,
      sequence: unit.sequence,
      containerNumber: unit.containerNumber,
      seals: JSON.parse(unit.seals) as string[],
      grossKg: unit.vgmKg,
      teu: teuOf(unit.isoSizeType),
      dangerous,
      reefer: isReefer(unit.isoSizeType),
      setpointC: unit.reeferSetpointC,
      readingC: unit.gateInReeferC,
      damage: unit.gateInDamage,
      gatedInAt: unit.gatedInAt,
    }));
  });
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const teu = sum(rows.map((row) => row.teu));
  const grossKg = sum(rows.map((row) => row.grossKg ?? 0));
  const { maxLengthTeu, maxGrossKg } = departure.service;
  return {
    departure,
    bookings: bookings.map((booking) => ({
      id: booking.id,
      reference: booking.reference,
      company: booking.company.legalNameLatin,
    })),
    rows,
    totals: {
      units: rows.length,
      gatedIn: rows.filter((row) => row.gatedInAt).length,
      teu,
      grossKg,
      /** Units whose gross mass is not known yet (not in `grossKg`). */
      unweighed: rows.filter((row) => row.grossKg === null).length,
      dangerous: rows.filter((row) => row.dangerous).length,
      reefers: rows.filter((row) => row.reefer).length,
      maxLengthTeu,
      maxGrossKg,
      overLength: maxLengthTeu !== null && teu > maxLengthTeu,
      overWeight: maxGrossKg !== null && grossKg > maxGrossKg,
    },
    capacity: departure.capacities
      .filter((capacity) => capacity.equipmentCode !== AIR_KG)
      .sort((a, b) => a.equipmentCode.localeCompare(b.equipmentCode))
      .map((capacity) => ({
        equipmentCode: capacity.equipmentCode,
        total: capacity.total,
        booked: capacity.booked,
        held: capacity.held,
        loaded: rows.filter((row) => row.isoSizeType === capacity.equipmentCode).length,
      })),
  };
}
export type LoadingList = Awaited<ReturnType<typeof loadingList>>;

/** RFC 4180: a field in quotes when it holds a comma, quote or line break; formula starts defused. */
function csvField(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === "string") text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The loading list as CSV (UTF-8 with a BOM, so that spreadsheet tools in China read it right),
 * its header in the reader's language, one row per container, the totals last.
 */
export function loadingListCsv(list: LoadingList, header: string[], totalLabel: string): string {
  const lines = [header];
  for (const row of list.rows) {
    lines.push([
      row.reference,
      row.company,
      row.isoSizeType,
      String(row.sequence),
      row.containerNumber ?? "",
      row.seals.join(" "),
      row.grossKg === null ? "" : String(row.grossKg),
      String(row.teu),
      row.dangerous ? "DG" : "",
      row.reefer ? "RF" : "",
      row.readingC === null ? "" : String(row.readingC),
      row.gatedInAt ? row.gatedInAt.toISOString() : "",
      row.damage ?? "",
    ]);
  }
  const { totals } = list;
  lines.push([
    totalLabel,
    "",
    "",
    String(totals.units),
    "",
    "",
    String(totals.grossKg),
    String(totals.teu),
    "",
    "",
    "",
    "",
    "",
  ]);
  return `\uFEFF${lines.map((line) => line.map(csvField).join(",")).join("\r\n")}\r\n`;
}
