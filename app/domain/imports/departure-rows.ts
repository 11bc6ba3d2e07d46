import { DISPLAY_CURRENCIES } from "~/domain/pricing/currencies";
import { EQUIPMENT_CODES } from "~/domain/scheduling/equipment";
import type { CsvRecord } from "./csv-file";

/**
 * The departures CSV (issue 13): one row per departure of an existing service. Headers may carry
 * a label in any language before the machine key in brackets — "服务代码 [service_code]" — or be the
 * bare key; only the key counts. Per equipment type, four columns: `capacity_45G1`, `tariff_45G1`,
 * `min_charge_45G1`, `currency_45G1`.
 */
export const FIXED_COLUMNS = [
  "service_code",
  "departure_date",
  "departure_time",
  "cargo_cutoff",
  "doc_cutoff",
] as const;
export type FixedColumn = (typeof FIXED_COLUMNS)[number];
export const OFFER_FIELDS = ["capacity", "tariff", "min_charge", "currency"] as const;
export type OfferField = (typeof OFFER_FIELDS)[number];

/** A problem with one cell, one row or the file: `code` is a key under `imports:rowErrors`. */
export interface RowIssue {
  /** Spreadsheet row (the header is row 1); 0 for the file as a whole. */
  row: number;
  /** The column's machine key, or "" for the row. */
  column: string;
  code: string;
  values?: Record<string, string | number>;
}

export interface RowOffer {
  equipmentCode: string;
  total: number;
  tariffMinor: number;
  minChargeMinor: number | null;
  currency: string;
}

/** A row whose cells read well; whether it fits its service and departure is checked later. */
export interface ReadRow {
  row: number;
  serviceCode: string;
  /** YYYY-MM-DD and HH:MM on the origin's clocks. */
  departureDate: string;
  departureTime: string;
  cargoCutoff: { date: string; time: string } | null;
  docCutoff: { date: string; time: string } | null;
  offers: RowOffer[];
}

export interface HeaderMap {
  fixed: Partial<Record<FixedColumn, number>>;
  offers: Map<string, Partial<Record<OfferField, number>>>;
}

/** The machine key of a header cell: what is in the last [brackets] (or parentheses), else the cell. */
export function columnKey(cell: string): string {
  const match = /[[(（【]\s*([A-Za-z0-9_]+)\s*[\])）】]\s*$/.exec(cell);
  const key = (match ? match[1]! : cell).trim();
  const offer = /^(capacity|tariff|min_charge|currency)_([A-Za-z0-9]+)$/i.exec(key);
  return offer ? `${offer[1]!.toLowerCase()}_${offer[2]!.toUpperCase()}` : key.toLowerCase();
}

export function readHeader(header: CsvRecord): { ok: true; map: HeaderMap } | { ok: false; issues: RowIssue[] } {
  const map: HeaderMap = { fixed: {}, offers: new Map() };
  const issues: RowIssue[] = [];
  const seen = new Set<string>();
  header.cells.forEach((cell, index) => {
    if (cell === "") return;
    const key = columnKey(cell);
    if (seen.has(key)) {
      issues.push({ row: header.row, column: key, code: "columnTwice" });
      return;
    }
    seen.add(key);
    if ((FIXED_COLUMNS as readonly string[]).includes(key)) {
      map.fixed[key as FixedColumn] = index;
      return;
    }
    const offer = /^(capacity|tariff|min_charge|currency)_(.+)$/.exec(key);
    if (offer && (EQUIPMENT_CODES as readonly string[]).includes(offer[2]!)) {
      const fields = map.offers.get(offer[2]!) ?? {};
      fields[offer[1] as OfferField] = index;
      map.offers.set(offer[2]!, fields);
      return;
    }
    issues.push({ row: header.row, column: cell, code: "columnUnknown" });
  });
  for (const column of ["service_code", "departure_date", "departure_time"] as const) {
    if (map.fixed[column] === undefined) issues.push({ row: header.row, column, code: "columnMissing" });
  }
  if (map.offers.size === 0) issues.push({ row: header.row, column: "", code: "noEquipmentColumns" });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, map };
}

/** YYYY-MM-DD, also as spreadsheets write it: 2026/12/8 or 2026-12-8. */
export function readDate(value: string): string | null {
  const match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${match[1]}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** HH:MM on a 24-hour clock (9:05 and 09:05:00 too). */
export function readTime(value: string): string | null {
  const match = /^(\d{1,2}):(\d{2})(?::00)?$/.exec(value);
  if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) return null;
  return `${match[1]!.padStart(2, "0")}:${match[2]}`;
}

/** A local date and time in one cell: "2026-12-06 17:00" (or with a T). */
function readDateTime(value: string): { date: string; time: string } | null {
  const [datePart, timePart, ...rest] = value.split(/[ T]+/);
  if (!datePart || !timePart || rest.length > 0) return null;
  const date = readDate(datePart);
  const time = readTime(timePart);
  return date && time ? { date, time } : null;
}

/** A price in the currency's main unit ("7200", "7200.5", "7200.50") as minor units (cents, fen). */
export function readMoney(value: string): number | null {
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(value);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

const MAX_CAPACITY = 100_000_000;

/** The cells of one row, read; each cell that cannot be read is an issue at its column. */
export function readRow(record: CsvRecord, map: HeaderMap): { row: ReadRow | null; issues: RowIssue[] } {
  const issues: RowIssue[] = [];
  const cell = (index: number | undefined) => (index === undefined ? "" : (record.cells[index] ?? ""));
  const issue = (column: string, code: string, values?: RowIssue["values"]) =>
    issues.push({ row: record.row, column, code, ...(values ? { values } : {}) });

  const serviceCode = cell(map.fixed.service_code).toUpperCase();
  if (serviceCode === "") issue("service_code", "required");
  const departureDate = readDate(cell(map.fixed.departure_date));
  if (!departureDate) issue("departure_date", cell(map.fixed.departure_date) ? "dateInvalid" : "required");
  const departureTime = readTime(cell(map.fixed.departure_time));
  if (!departureTime) issue("departure_time", cell(map.fixed.departure_time) ? "timeInvalid" : "required");
  const cutoff = (column: "cargo_cutoff" | "doc_cutoff") => {
    const value = cell(map.fixed[column]);
    if (value === "") return null;
    const read = readDateTime(value);
    if (!read) issue(column, "dateTimeInvalid");
    return read;
  };
  const cargoCutoff = cutoff("cargo_cutoff");
  const docCutoff = cutoff("doc_cutoff");

  const offers: RowOffer[] = [];
  for (const [equipmentCode, columns] of map.offers) {
    const values = Object.fromEntries(OFFER_FIELDS.map((field) => [field, cell(columns[field])])) as Record<
      OfferField,
      string
    >;
    if (OFFER_FIELDS.every((field) => values[field] === "")) continue;
    const column = (field: OfferField) => `${field}_${equipmentCode}`;
    const before = issues.length;
    const total = /^\d+$/.test(values.capacity) ? Number(values.capacity) : null;
    if (values.capacity === "") issue(column("capacity"), "required");
    else if (total === null || total > MAX_CAPACITY) issue(column("capacity"), "capacityInvalid");
    const tariffMinor = readMoney(values.tariff);
    if (values.tariff === "") issue(column("tariff"), "required");
    else if (tariffMinor === null) issue(column("tariff"), "moneyInvalid");
    const minChargeMinor = values.min_charge === "" ? null : readMoney(values.min_charge);
    if (values.min_charge !== "" && minChargeMinor === null) issue(column("min_charge"), "moneyInvalid");
    const currency = values.currency.toUpperCase();
    if (currency === "") issue(column("currency"), "required");
    else if (!(DISPLAY_CURRENCIES as readonly string[]).includes(currency)) {
      issue(column("currency"), "currencyUnknown", { currencies: DISPLAY_CURRENCIES.join(", ") });
    }
    if (issues.length === before) {
      offers.push({ equipmentCode, total: total!, tariffMinor: tariffMinor!, minChargeMinor, currency });
    }
  }
  const offerIssues = issues.some((found) => /^(capacity|tariff|min_charge|currency)_/.test(found.column));
  if (offers.length === 0 && !offerIssues) issue("", "noOffers");
  if (issues.length > 0 || !departureDate || !departureTime) return { row: null, issues };
  return {
    row: { row: record.row, serviceCode, departureDate, departureTime, cargoCutoff, docCutoff, offers },
    issues,
  };
}
