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
