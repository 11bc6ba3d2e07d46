import { parse } from "csv-parse/sync";
import iconv from "iconv-lite";
import type { CsvEncoding } from "./encodings";

export { CSV_ENCODINGS, type CsvEncoding } from "./encodings";

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * The text of a CSV file. With `chosen` the bytes are read that way; otherwise a UTF-8 BOM, or
 * bytes that are valid UTF-8 throughout, mean UTF-8, and anything else is read as GB18030 (what
 * Chinese spreadsheet tools write when saving "CSV"). ASCII-only files are the same in both.
 * A UTF-16 file (another of Excel's "Unicode" choices) is refused rather than misread.
 */
export function decodeCsv(
  bytes: Uint8Array,
  chosen?: CsvEncoding,
): { ok: true; text: string; encoding: CsvEncoding } | { ok: false; code: "csvUtf16" | "csvNotUtf8" } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, code: "csvUtf16" };
  }
  const hasBom = UTF8_BOM.every((byte, index) => bytes[index] === byte);
  const body = hasBom ? bytes.subarray(3) : bytes;
  if (chosen === "GB18030") return { ok: true, text: iconv.decode(Buffer.from(body), "gb18030"), encoding: chosen };
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body);
    return { ok: true, text, encoding: "UTF-8" };
  } catch {
    if (chosen === "UTF-8" || hasBom) return { ok: false, code: "csvNotUtf8" };
    return { ok: true, text: iconv.decode(Buffer.from(body), "gb18030"), encoding: "GB18030" };
  }
}

/** One record of the file, with its row number as a spreadsheet shows it (the header is row 1). */
export interface CsvRecord {
  row: number;
  cells: string[];
}

/**
 * RFC 4180 records: quoted fields may hold commas, quotes ("") and line breaks; each record is
 * one spreadsheet row whatever its line breaks. Rows whose cells are all blank, and rows whose
 * first cell starts with "#" (the template's example and notes), are left out. A file that is
 * not CSV at all (an unclosed quote) answers the row where reading stopped.
 */
export function parseCsv(
  text: string,
): { ok: true; header: CsvRecord | null; records: CsvRecord[] } | { ok: false; row: number } {
  let rows: string[][];
  try {
    rows = parse(text, { relax_column_count: true, skip_empty_lines: false, trim: false }) as string[][];
  } catch (error) {
    const records = (error as { records?: number }).records;
    return { ok: false, row: typeof records === "number" ? records + 1 : 1 };
  }
  const kept: CsvRecord[] = [];
  rows.forEach((cells, index) => {
    if (cells.every((cell) => cell.trim() === "")) return;
    if ((cells[0] ?? "").trimStart().startsWith("#")) return;
    kept.push({ row: index + 1, cells: cells.map((cell) => cell.trim()) });
  });
  const [header = null, ...records] = kept;
  return { ok: true, header, records };
}
