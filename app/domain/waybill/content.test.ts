import canonicalize from "canonicalize";
import { describe, expect, it } from "vitest";
import { readDocumentPayload } from "~/domain/documents/document-versions.server";
import { sha256Hex } from "~/utils/hash.server";
import { airWaybillInput, railWaybillInput } from "../../../tests/support/waybill";
import {
  buildWaybillContent,
  fingerprint,
  fingerprintOfSha256,
  waybillHash,
  WaybillContentSchema,
  type WaybillContent,
} from "./content";

/** The same value with every object's keys in reverse order (arrays keep theirs). */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([key, inner]) => [key, reverseKeys(inner)]),
    );
  }
  return value;
}

describe("buildWaybillContent", () => {
  const content = buildWaybillContent(railWaybillInput());

  it("draws the through journey door to door", () => {
    expect(content.number).toMatch(/^SGW-LAZ-26-000123-.$/);
    expect(content.version).toBe(1);
    expect(content.issue).toEqual({ place: { code: "CNLAZ", name: "Lanzhou", nameZh: "兰州" }, date: "2026-12-01" });
    expect(content.placeOfReceipt).toEqual({
      kind: "DOOR",
      address: { addressLines: ["Warehouse 4, Lanzhou New Area"], city: "Lanzhou", postcode: null, countryCode: "CN" },
    });
    expect(content.placeOfDelivery).toEqual({
      kind: "TERMINAL",
      place: { code: "DEDUI", name: "Duisburg", nameZh: "杜伊斯堡" },
    });
    expect(content.legs.map((leg) => [leg.sequence, leg.from.code, leg.to.code, leg.gaugeChange])).toEqual([
      [1, "CNLAZ", "CNAKL", "1435>1520"],
      [2, "CNAKL", "PLMAA", "1520>1435"],
      [3, "PLMAA", "DEDUI", null],
    ]);
    expect(content.legs[0]!.plannedDeparture).toBe("2026-12-04T02:00:00.000Z");
    expect(content.legs.map((leg) => leg.endsAtBorder)).toEqual([true, true, false]);
    expect(content.negotiable).toBe(false);
    expect(content.consignee).toMatchObject({ toOrder: false, orderOf: null, party: { name: "Rhein Foods GmbH" } });
    expect(content.priceReference).toEqual({ bookingReference: "SG-7K3M-9QX2", invoiceNumber: "SGI-2026-000045" });
    expect(content.carriageTerms.version).toBe("2026-11");
    expect(content.carriageTerms.clauses).toContain("railLiability");
  });

  it("lists containers by size type and sequence with their goods, DG and reefer settings", () => {
    expect(content.containers.map((unit) => [unit.isoSizeType, unit.containerNumber])).toEqual([
      ["42G1", "CSQU3054383"],
      ["45R1", "TEXU3070079"],
    ]);
    const [dry, reefer] = content.containers;
    expect(reefer!.reeferSetpointC).toBe(-18);
    expect(dry!.reeferSetpointC).toBeNull();
    expect(dry!.goods[0]).toMatchObject({ hsCode: "081340", marks: null, dangerousGoods: null });
    expect(dry!.goods[1]!.dangerousGoods).toEqual({ unNumber: "UN3481", dgClass: "9", packingGroup: "II" });
    expect(reefer!.goods[0]!.hsCode).toBe("020442");
    expect(content.totals).toEqual({ containers: 2, packages: 1810, grossWeightKg: 41_000.3, volumeM3: 105.3 });
    expect(content.air).toBeNull();
  });

  it("draws an air consignment to order", () => {
    const air = buildWaybillContent(airWaybillInput());
    expect(air.number).toBeNull();
    expect(air.issue).toBeNull();
    expect(air.containers).toEqual([]);
    expect(air.air?.pieces).toHaveLength(1);
    expect(air.negotiable).toBe(true);
    expect(air.consignee.orderOf).toBe("Bank of Almaty JSC");
    expect(air.totals).toEqual({ containers: 0, packages: 4, grossWeightKg: 1400, volumeM3: 3.84 });
  });

  it("is deterministic: the same input, in any order of units, gives the same bytes", () => {
    const input = railWaybillInput();
    const again = buildWaybillContent({ ...input, units: [...input.units].reverse(), legs: [...input.legs].reverse() });
    expect(waybillHash(again).json).toBe(waybillHash(content).json);
    expect(waybillHash(buildWaybillContent(railWaybillInput())).sha256).toBe(waybillHash(content).sha256);
  });

  it("writes optional text left blank as null", () => {
    const input = railWaybillInput();
    const blank = buildWaybillContent({
      ...input,
      parties: { ...input.parties, shipper: { ...input.parties.shipper, postcode: " ", phone: "", taxId: undefined } },
    });
    expect(blank.shipper).toMatchObject({ postcode: null, phone: null, taxId: null, contactName: "Li Wei" });
  });

  it("refuses what cannot be issued", () => {
    const input = railWaybillInput();
    expect(() => buildWaybillContent({ ...input, parties: { ...input.parties, consignee: null } })).toThrow(
      "names its consignee",
    );
    expect(() => buildWaybillContent({ ...input, issue: { ...input.issue!, version: 2 } })).toThrow("reason");
    expect(() =>
      buildWaybillContent({ ...input, booking: { ...input.booking, carriageTermsVersion: "2019-01" } }),
    ).toThrow("not known");
    expect(() =>
      buildWaybillContent({ ...input, issue: { ...input.issue!, number: "SGW-LAZ-26-000123-0" } }),
    ).toThrow();
    expect(() => buildWaybillContent({ ...input, originals: 4 })).toThrow();
  });

  it("keeps an amendment's reason with its version", () => {
    const input = railWaybillInput();
    const amended = buildWaybillContent({
      ...input,
      issue: { ...input.issue!, version: 2, amendmentReason: " Consignee's name corrected " },
    });
    expect(amended.version).toBe(2);
    expect(amended.amendmentReason).toBe("Consignee's name corrected");
    expect(content.amendmentReason).toBeNull();
    expect(fingerprint(amended)).not.toBe(fingerprint(content));
  });
});

describe("canonical JSON, hash and fingerprint", () => {
  const content = buildWaybillContent(railWaybillInput());

  it("hashes the RFC 8785 form: key order does not matter", () => {
    const shuffled = reverseKeys(content) as WaybillContent;
    expect(JSON.stringify(shuffled)).not.toBe(JSON.stringify(content));
    expect(waybillHash(shuffled)).toEqual(waybillHash(content));
    expect(fingerprint(shuffled)).toBe(fingerprint(content));
    expect(waybillHash(content).sha256).toBe(sha256Hex(canonicalize(content)!));
  });

  it("writes keys sorted by code unit and numbers in their shortest form", () => {
    expect(
      waybillHash({ b: 1, a: [1.5, "兰州"], é: 1e21, A: 0.30000000000000004 } as unknown as WaybillContent).json,
    ).toBe('{"A":0.30000000000000004,"a":[1.5,"兰州"],"b":1,"é":1e+21}');
  });

  it("shortens the SHA-256 to 16 hex digits in groups of four", () => {
    const { sha256 } = waybillHash(content);
    expect(fingerprint(content)).toMatch(/^[0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4}$/);
    expect(fingerprint(content).replace(/ /g, "")).toBe(sha256.slice(0, 16));
    expect(fingerprintOfSha256("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")).toBe(
      "e3b0 c442 98fc 1c14",
    );
    expect(() => fingerprintOfSha256("E3B0")).toThrow();
  });

  it("changes with any printed field", () => {
    const input = railWaybillInput();
    const changed = buildWaybillContent({
      ...input,
      parties: { ...input.parties, consignee: { ...input.parties.consignee!, name: "Rhein Foods AG" } },
    });
    expect(fingerprint(changed)).not.toBe(fingerprint(content));
  });

  it("reads a stored version back through the content schema", () => {
    const { json, sha256 } = waybillHash(content);
    expect(readDocumentPayload({ payload: json, sha256 }, WaybillContentSchema)).toEqual(content);
    expect(() =>
      readDocumentPayload({ payload: json.replace("Rhein", "Rhine"), sha256 }, WaybillContentSchema),
    ).toThrow("SHA-256");
  });
});
