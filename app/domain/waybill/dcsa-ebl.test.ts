import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AppError } from "~/utils/app-error";
import { complaints, DCSA_REFERENCE, transportDocumentValidator } from "../../../tests/support/dcsa";
import { airWaybillInput, DEMO_SEA_VOYAGE, railWaybillInput, seaWaybillInput } from "../../../tests/support/waybill";
import { buildWaybillContent, withSeaVoyages, type WaybillContent, type WaybillInput } from "./content";
import { textLines, toDcsaTransportDocument, type EblSettings } from "./dcsa-ebl";

/*
 * The DCSA eBL 3.0 export of a through waybill with a sea leg (decision 016), checked against
 * the official schema (EBL_v3.0.3.yaml, `TransportDocument`) with Ajv.
 */
const validate = transportDocumentValidator();
const SETTINGS: EblSettings = {
  status: "ISSUED",
  latestVersion: 1,
  termsAndConditions: "Carried under the Silu Gateway carriage terms, version 2026-11.",
  contact: { name: "Silu Gateway documentation", email: "documents@silu-gateway.example" },
};

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const ebl = (content: WaybillContent, settings: Partial<EblSettings> = {}) =>
  toDcsaTransportDocument(content, { ...SETTINGS, ...settings }) as Doc;
const sea = (overrides: Partial<WaybillInput> = {}) => buildWaybillContent(seaWaybillInput(overrides));

/** The refusal `toDcsaTransportDocument` throws for `content`. */
function refusal(content: WaybillContent): AppError {
  try {
    ebl(content);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("exported");
}

describe("DCSA eBL 3.0 validator (the official schema)", () => {
  const examples = readdirSync(path.join(DCSA_REFERENCE, "examples/valid"))
    .filter((file) => /^(ebl|pint)\d+-/.test(file))
    .map((file) => {
      const json = JSON.parse(readFileSync(path.join(DCSA_REFERENCE, "examples/valid", file), "utf8"));
      return [file, json.document ?? json] as const;
    });

  it("accepts DCSA's own example transport documents", () => {
    expect(examples.length).toBeGreaterThanOrEqual(7);
    for (const [file, document] of examples) expect(validate(document), `${file} ${complaints(validate)}`).toBe(true);
  });

  it("refuses an example without its vessel, or with a document type DCSA does not have", () => {
    const [, example] = examples.find(([file]) => file === "ebl303-td-regularSTDExample.json")!;
    const noVessel = structuredClone(example);
    delete noVessel.transports.vesselVoyages;
    expect(validate(noVessel)).toBe(false);
    expect(validate({ ...example, transportDocumentTypeCode: "CMR" })).toBe(false);
    expect(validate({ ...example, carrierCode: "TOOLONG" })).toBe(false);
  });
});

describe("through waybill → DCSA TransportDocument", () => {
  it("exports a Qinzhou → Singapore document that validates: rail pre-carriage, the ship, a sea waybill", () => {
    const document = ebl(sea());
    expect(validate(document), complaints(validate)).toBe(true);
    expect(document).toMatchObject({
      transportDocumentReference: railWaybillInput().issue!.number,
      transportDocumentSubReference: "1",
      transportDocumentStatus: "ISSUED",
      // Straight consignee and no paper originals: a sea waybill, nothing to surrender.
      transportDocumentTypeCode: "SWB",
      isToOrder: false,
      isElectronic: true,
      isShippedOnBoardType: false,
      receivedForShipmentDate: "2026-12-01",
      issueDate: "2026-12-01",
      freightPaymentTermCode: "COL",
      receiptTypeAtOrigin: "SD",
      deliveryTypeAtDestination: "CY",
      cargoMovementTypeAtOrigin: "FCL",
      carrierCode: "SGWX",
      carrierCodeListProvider: "NMFTA",
      placeOfIssue: { UNLocationCode: "CNLAZ", locationName: "Lanzhou" },
      // Collect: payable where the goods are handed over.
      invoicePayableAt: { UNLocationCode: "SGSIN" },
    });
    expect(document.numberOfOriginalsWithoutCharges).toBeUndefined();
    expect(document.transports).toEqual({
      // On the China calendar, as everywhere on the document: 14:00 UTC is 22:00 in Qinzhou.
      plannedDepartureDate: "2026-12-10",
      plannedArrivalDate: "2026-12-16",
      // Picked up at the shipper's door by truck, then rail to Qinzhou.
      preCarriageBy: "MULTIMODAL",
      placeOfReceipt: {
        address: { street: "Warehouse 4, Lanzhou New Area", city: "Lanzhou", countryCode: "CN" },
        addressLines: ["Warehouse 4, Lanzhou New Area"],
      },
      portOfLoading: { UNLocationCode: "CNQZH", locationName: "Qinzhou Port" },
      portOfDischarge: { UNLocationCode: "SGSIN", locationName: "Singapore" },
      vesselVoyages: [{ vesselName: DEMO_SEA_VOYAGE.vesselName, carrierExportVoyageNumber: "2650S" }],
    });
  });

  it("names the parties: shipper, consignee with the portal's code, notify party, the operator issuing", () => {
    const { documentParties: parties } = ebl(sea());
    expect(parties.shipper).toMatchObject({
      partyName: "Gansu Plateau Produce Co.",
      address: { street: "88 Yantan Road, Chengguan District", postCode: "730000", city: "Lanzhou", countryCode: "CN" },
      taxLegalReferences: [{ type: "USCI", countryCode: "CN", value: "91620102MA73ABCD1X" }],
      partyContactDetails: [{ name: "Li Wei", phone: "+86 931 123 4567", email: "li.wei@example.cn" }],
    });
    expect(parties.consignee).toMatchObject({
      partyName: "Lion City Provisions Pte. Ltd.",
      identifyingCodes: [{ codeListProvider: "ZZZ", partyCode: "SG-7K3M-9QX2/CONSIGNEE" }],
      taxLegalReferences: [{ type: "TIN", countryCode: "SG", value: "201912345K" }],
    });
    expect(parties.notifyParties).toHaveLength(1);
    expect(parties.notifyParties[0].partyName).toBe("Straits Customs Brokers Pte. Ltd.");
    expect(parties.issuingParty).toMatchObject({
      partyName: "Silu Gateway Multimodal Transport Co., Ltd.",
      address: { street: "1 Lanzhou Land Port Road", city: "Lanzhou", countryCode: "CN" },
    });
  });

  it("lists the containers with their numbers, ISO codes, seals and reefer set point, and the goods per container", () => {
    const document = ebl(sea());
    expect(document.utilizedTransportEquipments).toEqual([
      {
        equipment: { equipmentReference: "CSQU3054383", ISOEquipmentCode: "42G1" },
        isShipperOwned: true,
        seals: [
          { number: "CN7654321", source: "SHI" },
          { number: "CN7654322", source: "SHI" },
        ],
      },
      {
        equipment: { equipmentReference: "TEXU3070079", ISOEquipmentCode: "45R1" },
        isShipperOwned: false,
        activeReeferSettings: { temperatureSetpoint: -18, temperatureUnit: "CEL" },
        seals: [{ number: "QZ1234567", source: "SHI" }],
      },
    ]);
    const goji = document.consignmentItems.find((item: Doc) => item.HSCodes[0] === "081340");
    expect(goji).toEqual({
      carrierBookingReference: "SG-7K3M-9QX2",
      descriptionOfGoods: ["Dried goji berries in 25 kg paper", "bags"],
      HSCodes: ["081340"],
      cargoItems: [
        {
          equipmentReference: "CSQU3054383",
          cargoGrossWeight: { value: 15_000.2, unit: "KGM" },
          cargoGrossVolume: { value: 40.1, unit: "MTQ" },
          outerPackaging: { packageCode: "BG", numberOfPackages: 600, description: "Bags" },
        },
      ],
    });
    const mutton = document.consignmentItems.find((item: Doc) => item.HSCodes[0] === "020442");
    expect(mutton.shippingMarks).toEqual(["GPP/DUI 1-1200"]);
    expect(mutton.cargoItems[0].outerPackaging.packageCode).toBe("CT");
  });

  it("makes one consignment item of the same goods in several containers", () => {
    const input = seaWaybillInput();
    const [reefer, dry] = input.units;
    const line = dry!.goods[0]!;
    const content = buildWaybillContent({
      ...input,
      units: [
        reefer!,
        { ...dry!, goods: [line] },
        { ...dry!, sequence: 2, containerNumber: "HLXU2008419", goods: [line] },
      ],
    });
    const document = ebl(content);
    expect(validate(document), complaints(validate)).toBe(true);
    const goji = document.consignmentItems.filter((item: Doc) => item.HSCodes[0] === "081340");
    expect(goji).toHaveLength(1);
    expect(goji[0].cargoItems.map((item: Doc) => item.equipmentReference)).toEqual(["CSQU3054383", "HLXU2008419"]);
  });

  it("makes a to-order document a bill of lading: to the bank's order, paper originals without charges, prepaid", () => {
    const content = sea({
      consigneeToOrder: true,
      toOrderOf: "DBS Bank Ltd., Singapore",
      originals: 3,
      freightTerms: "PREPAID",
    });
    const document = ebl(content);
    expect(validate(document), complaints(validate)).toBe(true);
    expect(document).toMatchObject({
      transportDocumentTypeCode: "BOL",
      isToOrder: true,
      isElectronic: false,
      numberOfOriginalsWithCharges: 0,
      numberOfOriginalsWithoutCharges: 3,
      freightPaymentTermCode: "PRE",
      invoicePayableAt: { UNLocationCode: "CNLAZ" },
    });
    expect(document.documentParties.consignee).toEqual({
      partyName: "DBS Bank Ltd., Singapore",
      identifyingCodes: [
        { codeListProvider: "ZZZ", codeListName: "SILU_GATEWAY_BOOKING_PARTY", partyCode: "SG-7K3M-9QX2/ORDER_OF" },
      ],
    });
  });

  it("makes a straight document with paper originals a (straight) bill of lading, and to the shipper's order names no consignee", () => {
    expect(ebl(sea({ originals: 2 }))).toMatchObject({ transportDocumentTypeCode: "BOL", isToOrder: false });
    const toShipper = ebl(sea({ consigneeToOrder: true, toOrderOf: null }));
    expect(validate(toShipper), complaints(validate)).toBe(true);
    expect(toShipper.documentParties.consignee).toBeUndefined();
    expect(toShipper).toMatchObject({ transportDocumentTypeCode: "BOL", isToOrder: true, isElectronic: true });
  });

  it("takes a terminal-to-terminal journey as rail pre-carriage from the origin port, and on-carriage after the ship", () => {
    const input = seaWaybillInput();
    const kuala = { code: "MYKUL", name: "Kuala Lumpur", nameZh: "吉隆坡" };
    const content = buildWaybillContent({
      ...input,
      parties: { ...input.parties, pickupAddress: null },
      destination: kuala,
      legs: [
        ...input.legs,
        {
          sequence: 4,
          mode: "RAIL",
          from: input.legs[2]!.to,
          to: kuala,
          toIsBorder: true,
          gaugeChange: null,
          startAt: new Date("2026-12-17T00:00:00Z"),
          endAt: new Date("2026-12-18T00:00:00Z"),
        },
      ],
    });
    const document = ebl(content);
    expect(validate(document), complaints(validate)).toBe(true);
    expect(document.receiptTypeAtOrigin).toBe("CY");
    expect(document.transports).toMatchObject({
      preCarriageBy: "RAIL",
      placeOfReceipt: { UNLocationCode: "CNLAZ", locationName: "Lanzhou" },
      onCarriageBy: "RAIL",
      placeOfDelivery: { UNLocationCode: "MYKUL", locationName: "Kuala Lumpur" },
    });
  });

  it("says which version it is: an amended one's predecessor is surrendered for amendment", () => {
    const input = seaWaybillInput();
    const v2 = buildWaybillContent({
      ...input,
      issue: { ...input.issue!, version: 2, amendmentReason: "Notify party" },
    });
    expect(ebl(v2, { latestVersion: 2 })).toMatchObject({
      transportDocumentSubReference: "2",
      transportDocumentStatus: "ISSUED",
    });
    expect(ebl(sea(), { latestVersion: 2 }).transportDocumentStatus).toBe("SURRENDERED_FOR_AMENDMENT");
    expect(ebl(sea(), { status: "SURRENDERED_FOR_DELIVERY" }).transportDocumentStatus).toBe("SURRENDERED_FOR_DELIVERY");
    expect(ebl(sea(), { status: "VOIDED" }).transportDocumentStatus).toBe("VOIDED");
    for (const status of ["SURRENDERED_FOR_DELIVERY", "VOIDED"] as const) {
      expect(validate(ebl(sea(), { status })), complaints(validate)).toBe(true);
    }
  });

  it("does not pretend: a rail-only or air document has no vessel, so no DCSA eBL", () => {
    expect(refusal(buildWaybillContent(railWaybillInput())).code).toBe("waybillNoSeaLeg");
    const air = airWaybillInput();
    const issuedAir = buildWaybillContent({ ...air, issue: railWaybillInput().issue });
    expect(refusal(issuedAir).code).toBe("waybillNoSeaLeg");
    expect(refusal(issuedAir).status).toBe(409);
  });

  it("waits for the vessel and voyage of the sea leg", () => {
    const input = seaWaybillInput();
    const unknown = buildWaybillContent({
      ...input,
      legs: input.legs.map((leg) => ({ ...leg, vessel: null })),
    });
    expect(unknown.legs[2]!.vessel).toBeNull();
    expect(refusal(unknown).code).toBe("waybillVesselUnknown");
  });

  it("lists what a DCSA document needs and the waybill lacks, never inventing it", () => {
    const input = seaWaybillInput();
    const [reefer, dry] = railWaybillInput().units;
    const content = buildWaybillContent({
      ...input,
      operator: { ...input.operator, carrierCode: null },
      // A box staff have not numbered yet, a DG line (no proper shipping name recorded), a 4-digit HS heading.
      units: [
        { ...reefer!, containerNumber: null, seals: [] },
        { ...dry!, goods: dry!.goods.map((line, index) => (index === 0 ? { ...line, hsCode: "0813" } : line)) },
      ],
    });
    const error = refusal(content);
    expect(error.code).toBe("waybillEblIncomplete");
    expect(error.fields).toEqual({
      "multimodalTransportOperator.carrierCode": "missing",
      "containers[0].goods[0].hsCode": "missing",
      "containers[0].goods[1].dangerousGoods": "unsupported",
      "containers[1].containerNumber": "missing",
      "containers[1].seals": "missing",
    });
  });

  it("refuses a draft: only issued versions have a number", () => {
    expect(refusal(buildWaybillContent({ ...seaWaybillInput(), issue: null })).code).toBe("waybillState");
  });

  it("breaks descriptions into DCSA's lines of 35 characters, between words where it can", () => {
    expect(textLines("Dried goji berries in 25 kg paper bags")).toEqual(["Dried goji berries in 25 kg paper", "bags"]);
    expect(textLines("  a   b  ")).toEqual(["a b"]);
    expect(textLines("x".repeat(80))).toEqual(["x".repeat(35), "x".repeat(35), "x".repeat(10)]);
    for (const line of textLines("Frozen boneless mutton, vacuum packed, ".repeat(20))) {
      expect(line.length).toBeLessThanOrEqual(35);
      expect(line).toMatch(/^\S(?:.*\S)?$/);
    }
  });
});

describe("the sea voyage copied into the content (withSeaVoyages)", () => {
  it("puts the departure's vessel on the sea leg only, and the carrier code on the operator", () => {
    const input = seaWaybillInput();
    const without = buildWaybillContent({
      ...input,
      operator: { ...input.operator, carrierCode: null },
      legs: input.legs.map((leg) => ({ ...leg, vessel: null })),
    });
    const voyages = new Map([
      [3, { vesselName: "SILU SEA STAR", imoNumber: "9483011", voyageNumber: "26511S" }],
      [1, { vesselName: "NOT A SHIP", imoNumber: null, voyageNumber: "X" }],
    ]);
    const copied = withSeaVoyages(without, voyages, { code: "SGWX", listProvider: "SMDG" });
    expect(copied.legs.map((leg) => leg.vessel?.name ?? null)).toEqual([null, null, "SILU SEA STAR"]);
    expect(copied.multimodalTransportOperator.carrierCode).toEqual({ code: "SGWX", listProvider: "SMDG" });
    expect(validate(ebl(copied)), complaints(validate)).toBe(true);
    // What staff no longer know is not kept: the departure's record counts.
    expect(withSeaVoyages(copied, new Map(), null).legs[2]!.vessel).toBeNull();
  });

  it("refuses an IMO number with a wrong check digit in the content", () => {
    const input = seaWaybillInput();
    const legs = input.legs.map((leg) =>
      leg.vessel ? { ...leg, vessel: { ...leg.vessel, imoNumber: "9812342" } } : leg,
    );
    expect(() => buildWaybillContent({ ...input, legs })).toThrow();
  });
});
