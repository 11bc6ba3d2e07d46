import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { parseMajorAmount, ReceiptSchema } from "./payments";

describe("amounts typed from a bank statement", () => {
  it("reads the usual ways of writing an amount, in minor units", () => {
    expect(parseMajorAmount("1250.00", "USD")).toBe(125_000);
    expect(parseMajorAmount("1,250.00", "USD")).toBe(125_000);
    expect(parseMajorAmount("1 250,50", "EUR")).toBe(125_050);
    expect(parseMajorAmount("1.250,5", "EUR")).toBe(125_050);
    expect(parseMajorAmount("1,250", "CNY")).toBe(125_000);
    expect(parseMajorAmount("98000", "CNY")).toBe(9_800_000);
    expect(parseMajorAmount("5000", "JPY")).toBe(5_000);
  });

  it("refuses what is not an amount (three decimals in a two-decimal currency are thousands)", () => {
    expect(parseMajorAmount("12.345", "USD")).toBe(1_234_500);
    for (const bad of ["", "abc", "-5", "0", "12.3456", "1..2", "5,00.0"])
      expect(parseMajorAmount(bad, "USD")).toBeNull();
    expect(parseMajorAmount("10.5", "JPY")).toBeNull();
  });

  it("checks the value date and the bank reference", () => {
    expect(
      ReceiptSchema.safeParse({ amount: "1", receivedOn: DateTime.utc().toISODate(), bankReference: "BOC-1" }).success,
    ).toBe(true);
    const bad = ReceiptSchema.safeParse({ amount: "", receivedOn: "2.12.2026", bankReference: "x" });
    expect([...new Set(bad.success ? [] : bad.error.issues.map((issue) => issue.message))]).toEqual([
      "errors.amount",
      "errors.receivedOn",
      "errors.bankReference",
    ]);
  });
});
