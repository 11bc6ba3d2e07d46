import { mod37_2 } from "cdigit";

/**
 * Through-waybill numbers (decision 015), e.g. "SGW-LAZ-26-000123-Q": the portal's prefix, the
 * origin port, the year of issue (two digits, China time), a sequence per port and year, and
 * a check character — 19 characters, within DCSA's 20 for `transportDocumentReference`.
 *
 * The check character is ISO/IEC 7064 MOD 37-2 (the `cdigit` package) over the number's
 * letters and digits without the dashes: one of 0–9, A–Z or "*". It catches every single
 * mistyped character and every swap of two neighbouring characters, so a number read over
 * the phone or typed from paper is refused before anything is looked up.
 *
 * Sequences are allocated per origin port and year by `nextWaybillNumber`
 * (numbering.server.ts), race-free inside the issuing transaction like invoice numbers.
 */
export const WAYBILL_NUMBER_PREFIX = "SGW";
export const MAX_WAYBILL_SEQUENCE = 999_999;

const FORMAT = /^SGW-([A-Z0-9]{3})-(\d{2})-(\d{6})-([0-9A-Z*])$/;

export interface WaybillNumberParts {
  /** Three letters or digits naming the origin port (see `portCodeForNumber`). */
  portCode: string;
  /** The full year of issue, e.g. 2026 (the number keeps its last two digits). */
  year: number;
  /** 1 … 999 999 within the port and year. */
  sequence: number;
}

/**
 * The three characters a place's code contributes: UN/LOCODE "CNLAZ" → "LAZ", the internal
 * "CN-WUW" → "WUW", an IATA code "LHW" as it is.
 */
export function portCodeForNumber(placeCode: string): string {
  const characters = placeCode.toUpperCase().replace(/[^A-Z0-9]/g, "");
  if (characters.length < 3) throw new Error(`"${placeCode}" cannot name a port in a waybill number`);
  return characters.slice(-3);
}

/** The check character for a number's body ("SGW-LAZ-26-000123" → "Q"). */
export function waybillCheckCharacter(body: string): string {
  return mod37_2.compute(body.replace(/-/g, ""));
}

export function formatWaybillNumber(parts: WaybillNumberParts): string {
  const { portCode, year, sequence } = parts;
  if (!/^[A-Z0-9]{3}$/.test(portCode)) throw new Error(`Port code "${portCode}" is not three letters or digits`);
  if (!Number.isInteger(year) || year < 2000 || year > 2099) throw new Error(`Year ${year} is out of range`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_WAYBILL_SEQUENCE) {
    throw new Error(`Sequence ${sequence} is out of range`);
  }
  const body = `${WAYBILL_NUMBER_PREFIX}-${portCode}-${String(year % 100).padStart(2, "0")}-${String(sequence).padStart(6, "0")}`;
  return `${body}-${waybillCheckCharacter(body)}`;
}

/**
 * A number as people type it — lower case, spaces, missing or extra dashes — in its printed
 * form, or null when it does not have the shape of one (the check character is not tested).
 */
export function normalizeWaybillNumber(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s\-‐‑–—]/g, "");
  const match = /^SGW([A-Z0-9]{3})(\d{2})(\d{6})([0-9A-Z*])$/.exec(compact);
  if (!match) return null;
  const [, port, year, sequence, check] = match;
  return `${WAYBILL_NUMBER_PREFIX}-${port}-${year}-${sequence}-${check}`;
}

/** Whether `input` (in any spelling `normalizeWaybillNumber` accepts) is a number with a correct check character. */
export function isValidWaybillNumber(input: string): boolean {
  const number = normalizeWaybillNumber(input);
  return number !== null && FORMAT.test(number) && mod37_2.validate(number.replace(/-/g, ""));
}

/** A valid number's parts (the year as 20yy), or null. */
export function parseWaybillNumber(input: string): WaybillNumberParts | null {
  const number = normalizeWaybillNumber(input);
  if (number === null || !isValidWaybillNumber(number)) return null;
  const [, portCode, year, sequence] = FORMAT.exec(number)!;
  return { portCode: portCode!, year: 2000 + Number(year), sequence: Number(sequence) };
}
