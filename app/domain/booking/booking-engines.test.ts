import { describe, expect, it } from "vitest";
import { cancellationFee, DEFAULT_POLICY, policyFor } from "./cancellation-policy";
import { CONTAINER_LIMITS, isVagueDescription, normalizeUnNumber, packingGroupApplies } from "./cargo-rules";
import { chargeableWeight } from "./chargeable-weight";
import { lookupHsCode, normalizeHsCode } from "./hs-codes.server";
import { priceBooking, SURCHARGES } from "./pricing";
import { newBookingReference } from "./reference";

describe("HS codes (HS 2022)", () => {
  it("accepts 6- to 10-digit codes whose subheading exists, with dots or spaces", () => {
    expect(lookupHsCode("020130")).toMatchObject({
      subheading: "020130",
      description: expect.stringMatching(/bovine/i),
    });
    expect(lookupHsCode("8471.30.00")).toMatchObject({ code: "84713000", subheading: "847130" });
    expect(lookupHsCode("0703 10 19 00")).toMatchObject({ subheading: "070310" });
    expect(normalizeHsCode("8471.30")).toBe("847130");
  });

  it("refuses short codes, unknown subheadings and letters", () => {
    expect(lookupHsCode("8471")).toBeNull();
    expect(lookupHsCode("999999")).toBeNull();
    expect(lookupHsCode("84713A")).toBeNull();
    expect(lookupHsCode("84713000001")).toBeNull();
  });
});

describe("cargo descriptions, dangerous goods, containers", () => {
  it("refuses descriptions ICS2 rejects as vague, in any of our languages", () => {
    for (const vague of [
      "General cargo",
      "goods",
      "FAK",
      "Spare parts",
      "普货",
      "配件",
      "said to contain machinery",
      "товары",
      "x",
    ]) {
      expect(isVagueDescription(vague)).toBe(true);
    }
    for (const precise of [
      "Frozen boneless beef cuts",
      "冷冻去骨牛肉",
      "Laptop computers, 14 inch",
      "Dried goji berries (Lycium barbarum)",
    ]) {
      expect(isVagueDescription(precise)).toBe(false);
    }
  });

  it("normalizes UN numbers and refuses impossible ones", () => {
    expect(normalizeUnNumber("1203")).toBe("UN1203");
    expect(normalizeUnNumber("un 3480")).toBe("UN3480");
    expect(normalizeUnNumber("UN0003")).toBeNull();
    expect(normalizeUnNumber("UN9999")).toBeNull();
    expect(normalizeUnNumber("UN12")).toBeNull();
  });

  it("knows which classes take a packing group", () => {
    expect(packingGroupApplies("3")).toBe(true);
    expect(packingGroupApplies("8")).toBe(true);
    expect(packingGroupApplies("2.1")).toBe(false);
    expect(packingGroupApplies("1.4")).toBe(false);
    expect(packingGroupApplies("7")).toBe(false);
  });

  it("has payload limits for every container sold and set-point ranges for reefers", () => {
    expect(CONTAINER_LIMITS["45G1"]!.payloadKg).toBeGreaterThan(20_000);
    expect(CONTAINER_LIMITS["45R1"]!.reeferRange).toEqual([-30, 30]);
    expect(CONTAINER_LIMITS["22G1"]!.reeferRange).toBeUndefined();
  });
});

describe("chargeable weight", () => {
  it("is the gross weight for dense cargo", () => {
    expect(chargeableWeight([{ quantity: 10, lengthCm: 60, widthCm: 40, heightCm: 40, grossKg: 35 }])).toMatchObject({
      pieces: 10,
      grossKg: 350,
      volumetricKg: 160,
      chargeableKg: 350,
    });
  });

  it("is the volume / 6000 for light cargo, rounded up to the next half kilogram", () => {
    const light = chargeableWeight([
      { quantity: 3, lengthCm: 120, widthCm: 80, heightCm: 100, grossKg: 40 },
      { quantity: 1, lengthCm: 50, widthCm: 50, heightCm: 51, grossKg: 5.2 },
    ]);
    expect(light.volumeCm3).toBe(3 * 960_000 + 127_500);
    expect(light.volumetricKg).toBeCloseTo(501.25, 3);
    expect(light.chargeableKg).toBe(501.5);
  });
});

describe("all-in price", () => {
  it("adds freight per container, door legs, reefer and documentation, in minor units", () => {
    const price = priceBooking({
      currency: "USD",
      containers: [
        { equipmentCode: "45G1", quantity: 2, tariffMinor: 720_000 },
        { equipmentCode: "45R1", quantity: 1, tariffMinor: 1_150_000 },
      ],
      doorPickup: true,
      doorDelivery: false,
      dangerousGoods: false,
    });
    const usd = SURCHARGES.USD!;
    expect(price.lines.map((line) => [line.kind, line.quantity, line.amountMinor])).toEqual([
      ["FREIGHT", 2, 1_440_000],
      ["FREIGHT", 1, 1_150_000],
      ["DOOR_PICKUP", 3, 3 * usd.doorPickupPerContainer],
      ["REEFER", 1, usd.reeferPerContainer],
      ["DOCUMENTATION", 1, usd.documentation],
    ]);
    expect(price.totalMinor).toBe(price.lines.reduce((sum, line) => sum + line.amountMinor, 0));
  });

  it("charges air freight per chargeable kg, or the minimum charge when that is more", () => {
    const heavy = priceBooking({
      currency: "CNY",
      air: { chargeableKg: 501.5, ratePerKgMinor: 1_850, minChargeMinor: 200_000 },
      doorPickup: false,
      doorDelivery: true,
      dangerousGoods: true,
    });
    expect(heavy.lines[0]).toMatchObject({ kind: "AIR_FREIGHT", amountMinor: 927_775 });
    expect(heavy.lines.map((line) => line.kind)).toEqual([
      "AIR_FREIGHT",
      "DOOR_DELIVERY",
      "DANGEROUS_GOODS",
      "DOCUMENTATION",
    ]);
    const small = priceBooking({
      currency: "CNY",
      air: { chargeableKg: 20, ratePerKgMinor: 1_850, minChargeMinor: 200_000 },
      doorPickup: false,
      doorDelivery: false,
      dangerousGoods: false,
    });
    expect(small.lines[0]).toMatchObject({ kind: "AIR_MINIMUM", amountMinor: 200_000 });
  });

  it("refuses a currency without a published tariff", () => {
    expect(() =>
      priceBooking({ currency: "GBP", containers: [], doorPickup: false, doorDelivery: false, dangerousGoods: false }),
    ).toThrow(/GBP/);
  });
});

describe("cancellation fee policy", () => {
  const departureAt = new Date("2026-12-20T02:30:00Z");
  const cargoCutoffAt = new Date("2026-12-18T09:00:00Z");
  const booking = { totalMinor: 1_000_001, departureAt, cargoCutoffAt };

  it("is free until 7 days before departure, 50 % until the cargo cut-off, 100 % after", () => {
    expect(cancellationFee(DEFAULT_POLICY, booking, new Date("2026-12-13T02:29:59Z"))).toEqual({
      tier: "FREE",
      percent: 0,
      feeMinor: 0,
    });
    expect(cancellationFee(DEFAULT_POLICY, booking, new Date("2026-12-13T02:30:00Z"))).toEqual({
      tier: "BEFORE_CUTOFF",
      percent: 50,
      feeMinor: 500_001,
    });
    expect(cancellationFee(DEFAULT_POLICY, booking, cargoCutoffAt)).toEqual({
      tier: "AFTER_CUTOFF",
      percent: 100,
      feeMinor: 1_000_001,
    });
  });

  it("can differ per corridor", () => {
    expect(policyFor("CHINA_EUROPE")).toBe(DEFAULT_POLICY);
    expect(policyFor("AIR_CHARTER").freeUntilDaysBeforeDeparture).toBe(10);
  });
});

describe("booking references", () => {
  it("are random, readable and never repeat in practice", () => {
    const references = new Set(Array.from({ length: 2000 }, () => newBookingReference()));
    expect(references.size).toBe(2000);
    for (const reference of references) expect(reference).toMatch(/^SG-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  });
});
