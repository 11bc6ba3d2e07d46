import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { decodeCsv, parseCsv } from "./csv-file";
import { columnKey, readDate, readHeader, readMoney, readRow, readTime } from "./departure-rows";

const utf8 = (text: string) => new TextEncoder().encode(text);
const HEADER =
  "服务代码 [service_code],发车日期 [departure_date],departure_time,capacity_45G1,tariff_45G1,currency_45G1";

describe("decodeCsv", () => {
  it("reads UTF-8 with and without a BOM, the BOM dropped", () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("代码,日期\n")]);
    expect(decodeCsv(withBom)).toEqual({ ok: true, text: "代码,日期\n", encoding: "UTF-8" });
    expect(decodeCsv(utf8("代码,日期\n"))).toEqual({ ok: true, text: "代码,日期\n", encoding: "UTF-8" });
  });

  it("reads GBK bytes (what Chinese Excel saves) as GB18030 when they are not UTF-8", () => {
    const gbk = iconv.encode("服务代码,兰州→杜伊斯堡\n", "gbk");
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(gbk)).toThrow();
    expect(decodeCsv(gbk)).toEqual({ ok: true, text: "服务代码,兰州→杜伊斯堡\n", encoding: "GB18030" });
    // Characters outside GBK, in GB18030's four-byte form, too.
    const fourByte = iconv.encode("𠀀,€\n", "gb18030");
    expect(decodeCsv(fourByte)).toMatchObject({ ok: true, text: "𠀀,€\n" });
  });

  it("honours a chosen encoding and refuses what it cannot be", () => {
    const gbk = iconv.encode("兰州\n", "gbk");
    expect(decodeCsv(gbk, "UTF-8")).toEqual({ ok: false, code: "csvNotUtf8" });
    expect(decodeCsv(gbk, "GB18030")).toMatchObject({ ok: true, text: "兰州\n" });
    // A UTF-8 BOM promises UTF-8: broken bytes after it are not guessed at.
    expect(decodeCsv(new Uint8Array([0xef, 0xbb, 0xbf, ...gbk]))).toEqual({ ok: false, code: "csvNotUtf8" });
    expect(decodeCsv(new Uint8Array([0xff, 0xfe, 0x41, 0x00]))).toEqual({ ok: false, code: "csvUtf16" });
  });
});

describe("parseCsv", () => {
  it("keeps quoted commas, quotes and line breaks in one field, numbering rows as a spreadsheet does", () => {
    const text = 'a,b\r\n"x, y","say ""hi"""\r\n"two\nlines",z\r\n\r\n,,\r\n# a note,1\r\nlast,row\r\n';
    const parsed = parseCsv(text);
    expect(parsed).toEqual({
      ok: true,
      header: { row: 1, cells: ["a", "b"] },
      records: [
        { row: 2, cells: ["x, y", 'say "hi"'] },
        { row: 3, cells: ["two\nlines", "z"] },
        // rows 4 (empty), 5 (blank cells) and 6 (# note) are left out
        { row: 7, cells: ["last", "row"] },
      ],
    });
  });

  it("answers the row where an unclosed quote makes the rest unreadable", () => {
    const parsed = parseCsv('a,b\n1,2\n3,"open\n4,5\n');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.row).toBeGreaterThanOrEqual(3);
  });
});

describe("departure rows", () => {
  it("reads header keys from labels in brackets, in any case", () => {
    expect(columnKey("服务代码 [service_code]")).toBe("service_code");
    expect(columnKey("45G1 舱位数 [capacity_45g1]")).toBe("capacity_45G1");
    expect(columnKey("Tarif (tariff_22G1)")).toBe("tariff_22G1");
    expect(columnKey(" Departure_Date ")).toBe("departure_date");
  });

  it("reports missing, doubled and unknown columns", () => {
    const result = readHeader({ row: 1, cells: ["service_code", "service_code", "colour", "capacity_99X9"] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((issue) => `${issue.column}:${issue.code}`)).toEqual([
      "service_code:columnTwice",
      "colour:columnUnknown",
      "capacity_99X9:columnUnknown",
      "departure_date:columnMissing",
      "departure_time:columnMissing",
      ":noEquipmentColumns",
    ]);
  });

  it("reads dates, times and money as spreadsheets write them", () => {
    expect(readDate("2026/12/8")).toBe("2026-12-08");
    expect(readDate("2026-02-30")).toBeNull();
    expect(readTime("9:05")).toBe("09:05");
    expect(readTime("24:00")).toBeNull();
    expect(readMoney("7200")).toBe(720_000);
    expect(readMoney("7200.5")).toBe(720_050);
    expect(readMoney("7,200.00")).toBeNull();
    expect(readMoney("-1")).toBeNull();
  });

  it("turns a good row into a departure and a bad row into issues at their columns", () => {
    const header = readHeader({ row: 1, cells: parseCsvCells(HEADER) });
    if (!header.ok) throw new Error("header");
    const good = readRow({ row: 2, cells: ["laz-dui-akl", "2026/12/8", "10:30", "30", "7200", "usd"] }, header.map);
    expect(good).toEqual({
      issues: [],
      row: {
        row: 2,
        serviceCode: "LAZ-DUI-AKL",
        departureDate: "2026-12-08",
        departureTime: "10:30",
        cargoCutoff: null,
        docCutoff: null,
        offers: [{ equipmentCode: "45G1", total: 30, tariffMinor: 720_000, minChargeMinor: null, currency: "USD" }],
      },
    });
    const bad = readRow({ row: 3, cells: ["LAZ-DUI-AKL", "8.12.2026", "10:30", "-3", "7200", "RUB"] }, header.map);
    expect(bad.row).toBeNull();
    expect(bad.issues).toEqual([
      { row: 3, column: "departure_date", code: "dateInvalid" },
      { row: 3, column: "capacity_45G1", code: "capacityInvalid" },
      { row: 3, column: "currency_45G1", code: "currencyUnknown", values: { currencies: "CNY, EUR, USD" } },
    ]);
    const empty = readRow({ row: 4, cells: ["LAZ-DUI-AKL", "2026-12-08", "10:30", "", "", ""] }, header.map);
    expect(empty.issues).toEqual([{ row: 4, column: "", code: "noOffers" }]);
  });
});

function parseCsvCells(line: string): string[] {
  const parsed = parseCsv(line);
  if (!parsed.ok || !parsed.header) throw new Error("header");
  return parsed.header.cells;
}
