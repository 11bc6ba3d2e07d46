import { describe, expect, it } from "vitest";
import { isOpenForBooking, priceFrom } from "./board.server";

const offer = (equipmentCode: string, available: number, tariffMinor: number, currency = "USD") => ({
  equipmentCode,
  available,
  tariffMinor,
  currency,
});

describe("priceFrom", () => {
  it("is the cheapest unit price among equipment with free capacity", () => {
    expect(priceFrom([offer("22G1", 0, 100_000), offer("42G1", 3, 460_000), offer("45G1", 1, 720_000)])).toEqual({
      amountMinor: 460_000,
      currency: "USD",
    });
  });

  it("falls back to the cheapest price when everything is sold out, and to null with no offer", () => {
    expect(priceFrom([offer("45G1", 0, 720_000, "EUR"), offer("22G1", 0, 460_000, "EUR")])).toEqual({
      amountMinor: 460_000,
      currency: "EUR",
    });
    expect(priceFrom([])).toBeNull();
  });

  it("follows the equipment filter: the filtered type's tariff, not the cheapest of any type", () => {
    const offers = [offer("22G1", 5, 300_000), offer("45G1", 2, 720_000), offer("45R1", 0, 990_000)];
    expect(priceFrom(offers, "45G1")).toEqual({ amountMinor: 720_000, currency: "USD" });
    // Full for that type: still its tariff (the departure shows as closed for it).
    expect(priceFrom(offers, "45R1")).toEqual({ amountMinor: 990_000, currency: "USD" });
    expect(priceFrom(offers, "22K2")).toBeNull();
  });
});

describe("isOpenForBooking", () => {
  const now = new Date("2026-12-01T00:00:00Z");
  const departure = {
    status: "OPEN",
    cargoCutoffAt: new Date("2026-12-03T00:00:00Z"),
    docCutoffAt: new Date("2026-12-02T00:00:00Z"),
    capacities: [
      { ...offer("22G1", 2, 100), total: 10, minChargeMinor: null },
      { ...offer("45G1", 0, 200), total: 10, minChargeMinor: null },
    ],
  };

  it("is open before both cut-offs with free capacity", () => {
    expect(isOpenForBooking(departure, now)).toBe(true);
  });

  it("closes at the documents cut-off when it comes before the cargo cut-off", () => {
    expect(isOpenForBooking(departure, new Date("2026-12-02T00:00:00Z"))).toBe(false);
  });

  it("is closed when full for the filtered equipment type, or not OPEN", () => {
    expect(isOpenForBooking(departure, now, "45G1")).toBe(false);
    expect(isOpenForBooking(departure, now, "22G1")).toBe(true);
    expect(isOpenForBooking({ ...departure, status: "CANCELLED" }, now)).toBe(false);
    expect(
      isOpenForBooking(
        { ...departure, capacities: departure.capacities.map((capacity) => ({ ...capacity, available: 0 })) },
        now,
      ),
    ).toBe(false);
  });
});
