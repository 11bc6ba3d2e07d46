import { describe, expect, it } from "vitest";
import { priceFrom } from "./board.server";

describe("priceFrom", () => {
  it("is the cheapest unit price among equipment with free capacity", () => {
    expect(
      priceFrom([
        { available: 0, tariffMinor: 100_000, currency: "USD" },
        { available: 3, tariffMinor: 460_000, currency: "USD" },
        { available: 1, tariffMinor: 720_000, currency: "USD" },
      ]),
    ).toEqual({ amountMinor: 460_000, currency: "USD" });
  });

  it("falls back to the cheapest price when everything is sold out, and to null with no offer", () => {
    expect(
      priceFrom([
        { available: 0, tariffMinor: 720_000, currency: "EUR" },
        { available: 0, tariffMinor: 460_000, currency: "EUR" },
      ]),
    ).toEqual({ amountMinor: 460_000, currency: "EUR" });
    expect(priceFrom([])).toBeNull();
  });
});
