import { describe, expect, it } from "vitest";
import { containerCheckDigit, isValidContainerNumber, normalizeContainerNumber } from "./iso6346";

describe("ISO 6346 container numbers", () => {
  it("accepts the standard's example number, as typed with spaces, dashes or in lower case", () => {
    for (const number of ["CSQU3054383", "csqu 305438-3", "CSQU 305438 3", "CsQu3054383"]) {
      expect(isValidContainerNumber(number), number).toBe(true);
    }
    expect(normalizeContainerNumber(" csqu 305438-3 ")).toBe("CSQU3054383");
  });

  it("computes the check digit (10 counts as 0)", () => {
    expect(containerCheckDigit("CSQU305438")).toBe(3);
    // C13 S30 Q28 U32 0 0 0 0 0 1 → 13 + 60 + 112 + 256 + 512 = 953; 953 mod 11 = 7.
    expect(containerCheckDigit("CSQU000001")).toBe(7);
  });

  it("refuses a wrong check digit, a wrong category, and anything not shaped like a number", () => {
    for (const number of [
      "CSQU3054384",
      "CSQX3054383",
      "CSQU305438",
      "CSQU30543833",
      "C5QU3054383",
      "",
      "CSQU305438\u00003",
    ]) {
      expect(isValidContainerNumber(number), JSON.stringify(number)).toBe(false);
    }
  });
});

describe("ISO 6346: the numbers of the issue's list", () => {
  it("accepts the known-valid numbers", () => {
    for (const number of ["CSQU3054383", "TEXU3070079", "HLXU2008419", "APZU4812090"]) {
      expect(isValidContainerNumber(number), number).toBe(true);
    }
  });

  it("refuses the known-invalid numbers, naming the check digit they should have had", () => {
    // MSKU123456 gives 5: MSKU1234565 would be valid, MSKU1234567 is a typing error.
    expect(containerCheckDigit("MSKU123456")).toBe(5);
    expect(isValidContainerNumber("MSKU1234567")).toBe(false);
    expect(isValidContainerNumber("MSKU1234565")).toBe(true);
    // TEXU307007 gives 9 (TEXU3070079 above), not 0.
    expect(isValidContainerNumber("TEXU3070070")).toBe(false);
  });

  it("gives check digit 0 for a remainder of 10, and refuses any other last digit for such a serial", () => {
    // C13 S30 Q28 U32 3 0 5 4 0 7: 13 + 60 + 112 + 256 + 48 + 0 + 320 + 512 + 0 + 3584 = 4905; 4905 mod 11 = 10.
    expect(containerCheckDigit("CSQU305407")).toBe(0);
    expect(isValidContainerNumber("CSQU3054070")).toBe(true);
    for (const last of ["1", "9"]) expect(isValidContainerNumber(`CSQU305407${last}`), last).toBe(false);
    // "10" cannot be written as one check digit: eleven digits after the owner code are refused.
    expect(isValidContainerNumber("CSQU30540710")).toBe(false);
  });
});
