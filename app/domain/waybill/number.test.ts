import { describe, expect, it } from "vitest";
import {
  formatWaybillNumber,
  isValidWaybillNumber,
  normalizeWaybillNumber,
  parseWaybillNumber,
  portCodeForNumber,
  waybillCheckCharacter,
} from "./number";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** ISO/IEC 7064 MOD 37-2 written out from its definition, to check the library against. */
function referenceMod37_2(body: string): string {
  // Pure system: the check character c makes Σ value(i) × 2^(n−i) (c at position 0) ≡ 1 (mod 37).
  let sum = 0;
  for (const character of body) sum = ((sum + ALPHABET.indexOf(character)) * 2) % 37;
  return `${ALPHABET}*`[(38 - sum) % 37]!;
}

describe("ISO/IEC 7064 MOD 37-2 check character", () => {
  it("gives the published check characters", () => {
    // ISBT 128 donation identification numbers (ICCBBA ST-001, Appendix A.2) and python-stdnum's example.
    expect(waybillCheckCharacter("G123417654321")).toBe("A");
    expect(waybillCheckCharacter("A999914123458")).toBe("J");
    expect(waybillCheckCharacter("G123498654321")).toBe("H");
  });

  it("agrees with the definition over many bodies, including the '*' case", () => {
    let sawStar = false;
    for (let sequence = 1; sequence <= 400; sequence += 1) {
      const body = `SGWLAZ26${String(sequence).padStart(6, "0")}`;
      const check = waybillCheckCharacter(body);
      expect(check).toBe(referenceMod37_2(body));
      sawStar ||= check === "*";
    }
    expect(sawStar).toBe(true);
  });
});

describe("waybill numbers", () => {
  it("formats prefix, port, year, sequence and check character within 20 characters", () => {
    const number = formatWaybillNumber({ portCode: "LAZ", year: 2026, sequence: 123 });
    expect(number).toBe(`SGW-LAZ-26-000123-${referenceMod37_2("SGWLAZ26000123")}`);
    expect(number).toHaveLength(19);
    expect(formatWaybillNumber({ portCode: "TSU", year: 2031, sequence: 999_999 })).toMatch(/^SGW-TSU-31-999999-.$/);
    expect(isValidWaybillNumber(number)).toBe(true);
    expect(parseWaybillNumber(number)).toEqual({ portCode: "LAZ", year: 2026, sequence: 123 });
  });

  it("refuses parts out of range", () => {
    expect(() => formatWaybillNumber({ portCode: "LAZ", year: 2026, sequence: 0 })).toThrow();
    expect(() => formatWaybillNumber({ portCode: "LAZ", year: 2026, sequence: 1_000_000 })).toThrow();
    expect(() => formatWaybillNumber({ portCode: "LA", year: 2026, sequence: 1 })).toThrow();
    expect(() => formatWaybillNumber({ portCode: "LAZ", year: 1999, sequence: 1 })).toThrow();
  });

  it("takes three characters from a place's code", () => {
    expect(portCodeForNumber("CNLAZ")).toBe("LAZ");
    expect(portCodeForNumber("CN-WUW")).toBe("WUW");
    expect(portCodeForNumber("lhw")).toBe("LHW");
    expect(() => portCodeForNumber("X1")).toThrow();
  });

  it("reads numbers as people type them", () => {
    const number = formatWaybillNumber({ portCode: "LAZ", year: 2026, sequence: 42 });
    const compact = number.replace(/-/g, "");
    expect(normalizeWaybillNumber(compact.toLowerCase())).toBe(number);
    expect(normalizeWaybillNumber(` ${number.replace(/-/g, " ")} `)).toBe(number);
    expect(isValidWaybillNumber(compact.toLowerCase())).toBe(true);
    expect(normalizeWaybillNumber("SG-7K3M-9QX2")).toBeNull();
    expect(isValidWaybillNumber("")).toBe(false);
    expect(parseWaybillNumber("SGW-LAZ-26-000042")).toBeNull();
  });

  // Every position of the body and the check character, every other character there.
  const characters = `${ALPHABET}*`;
  const samples = [1, 2, 37, 123, 4_567, 99_999, 654_321].map((sequence) =>
    formatWaybillNumber({ portCode: sequence % 2 ? "LAZ" : "TSU", year: 2026 + (sequence % 5), sequence }),
  );

  it("detects every single mistyped character", () => {
    for (const number of samples) {
      expect(isValidWaybillNumber(number)).toBe(true);
      for (let position = 0; position < number.length; position += 1) {
        if (number[position] === "-") continue;
        for (const replacement of characters) {
          if (replacement === number[position]) continue;
          const typo = number.slice(0, position) + replacement + number.slice(position + 1);
          expect(isValidWaybillNumber(typo), typo).toBe(false);
        }
      }
    }
  });

  it("detects every swap of two neighbouring characters", () => {
    for (const number of samples) {
      const compact = number.replace(/-/g, "");
      for (let position = 0; position + 1 < compact.length; position += 1) {
        if (compact[position] === compact[position + 1]) continue;
        const swapped =
          compact.slice(0, position) + compact[position + 1] + compact[position] + compact.slice(position + 2);
        expect(isValidWaybillNumber(swapped), swapped).toBe(false);
      }
    }
  });
});
