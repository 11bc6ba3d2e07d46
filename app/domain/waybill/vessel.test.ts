import { describe, expect, it } from "vitest";
import { imoCheckDigit, isValidImoNumber } from "./vessel";

describe("IMO ship identification numbers", () => {
  it("accepts numbers whose check digit is right, with or without the IMO prefix", () => {
    // IMO's own worked example (9074729: 9×7 + 0×6 + 7×5 + 4×4 + 7×3 + 2×2 = 139 → 9), and real ships.
    for (const number of ["9074729", "IMO 9074729", "9811000", "9839430", "9812341"]) {
      expect(isValidImoNumber(number), number).toBe(true);
    }
  });

  it("refuses a wrong check digit, a swap of neighbours, and other shapes", () => {
    for (const number of ["9074728", "9704729", "907472", "90747290", "IMO", "907472X"]) {
      expect(isValidImoNumber(number), number).toBe(false);
    }
  });

  it("completes six digits with their check digit", () => {
    expect(imoCheckDigit("907472")).toBe(9);
    expect(imoCheckDigit("981234")).toBe(1);
    expect(() => imoCheckDigit("90747")).toThrow();
  });
});
