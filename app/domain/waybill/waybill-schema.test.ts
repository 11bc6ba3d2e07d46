import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { airWaybillInput, railWaybillInput, seaWaybillInput } from "../../../tests/support/waybill";
import { buildWaybillContent, WAYBILL_SCHEMA_ID, WaybillContentSchema, type WaybillContent } from "./content";

/*
 * public/schemas/waybill-v1.json (served at /schemas/waybill-v1.json) is the published
 * contract of the JSON form: everything the builder makes must validate against it, and what
 * it refuses the content schema (which reads stored versions back) refuses too.
 */
const schema = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, "../../../public/schemas/waybill-v1.json"), "utf8"),
);
const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
addFormats.default(ajv);
const validate = ajv.compile<WaybillContent>(schema);

const rail = buildWaybillContent(railWaybillInput());

/** A deep copy of the rail content, changed by `change`. */
function altered(change: (content: WaybillContent) => void): unknown {
  const copy = structuredClone(rail);
  change(copy);
  return copy;
}

describe("waybill JSON Schema v1", () => {
  it("is the schema the content names", () => {
    expect(schema.$id).toBe(WAYBILL_SCHEMA_ID);
    expect(schema.properties.schemaVersion.const).toBe(rail.schemaVersion);
  });

  it("accepts issued, draft, amended, to-order and air contents", () => {
    const input = railWaybillInput();
    const contents = [
      rail,
      buildWaybillContent({ ...input, issue: null }),
      buildWaybillContent({ ...input, issue: { ...input.issue!, version: 2, amendmentReason: "Container swapped" } }),
      buildWaybillContent({ ...input, consigneeToOrder: true, parties: { ...input.parties, consignee: null } }),
      buildWaybillContent(airWaybillInput()),
      buildWaybillContent(seaWaybillInput()),
    ];
    for (const content of contents) {
      expect(validate(content), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  const INVALID: [string, (content: WaybillContent) => void][] = [
    ["a missing field", (content) => delete (content as Partial<WaybillContent>).freightTerms],
    ["a field it does not know", (content) => Object.assign(content, { price: 1200 })],
    ["a number without its shape", (content) => (content.number = "SGW-LAZ-2026-000123-Q")],
    ["an unknown schema version", (content) => Object.assign(content, { schemaVersion: 2 })],
    ["a straight consignee without a party", (content) => (content.consignee.party = null)],
    ["a container number of the wrong shape", (content) => (content.containers[0]!.containerNumber = "TEXU307007")],
    ["four seals", (content) => (content.containers[0]!.seals = ["A1", "A2", "A3", "A4"])],
    ["a negative weight", (content) => (content.containers[0]!.goods[0]!.grossWeightKg = -1)],
    ["an unknown transport mode", (content) => Object.assign(content.legs[0]!, { mode: "BARGE" })],
    ["a planned time without its zone", (content) => (content.legs[0]!.plannedDeparture = "2026-12-04T02:00:00")],
    ["a planned time that never was", (content) => (content.legs[0]!.plannedDeparture = "2026-02-30T02:00:00.000Z")],
    ["a door without an address", (content) => Object.assign(content, { placeOfReceipt: { kind: "DOOR" } })],
    ["an unknown freight term", (content) => Object.assign(content, { freightTerms: "THIRD_PARTY" })],
    ["too many originals", (content) => (content.originals = 4)],
    ["an issue date that is no date", (content) => (content.issue!.date = "2026-13-45")],
    [
      "a VGM method SOLAS does not have",
      (content) => Object.assign(content.containers[0]!.vgm!, { method: "METHOD_3" }),
    ],
    [
      "a vessel on a rail leg",
      (content) => (content.legs[0]!.vessel = { name: "BEIBU GULF PIONEER", imoNumber: null, voyageNumber: "1S" }),
    ],
    [
      "a carrier code list DCSA does not know",
      (content) =>
        Object.assign(content.multimodalTransportOperator, { carrierCode: { code: "SGWX", listProvider: "IATA" } }),
    ],
    [
      "a UN number without its prefix",
      (content) => (content.containers[0]!.goods[1]!.dangerousGoods!.unNumber = "3481"),
    ],
  ];

  it("refuses an IMO number of the wrong shape on a sea leg, as the content schema does", () => {
    const copy = structuredClone(buildWaybillContent(seaWaybillInput()));
    copy.legs[2]!.vessel!.imoNumber = "98123";
    expect(validate(copy)).toBe(false);
    expect(WaybillContentSchema.safeParse(copy).success).toBe(false);
  });

  it("still accepts a version drawn before the vessel and carrier code were recorded", () => {
    const old = structuredClone(rail) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    delete old.multimodalTransportOperator.carrierCode;
    for (const leg of old.legs) delete leg.vessel;
    expect(validate(old), JSON.stringify(validate.errors)).toBe(true);
    expect(WaybillContentSchema.safeParse(old).success).toBe(true);
  });

  for (const [what, change] of INVALID) {
    it(`refuses ${what}, as the content schema does`, () => {
      const content = altered(change);
      expect(validate(content)).toBe(false);
      expect(WaybillContentSchema.safeParse(content).success).toBe(false);
    });
  }
});
