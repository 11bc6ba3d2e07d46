import { describe, expect, it } from "vitest";
import { InstructionsContentSchema, type InstructionsContent, type InstructionsLine } from "./content";
import { contentErrors } from "./content";
import { instructionsFromForm } from "./form";
import { submissionErrors, type InstructionsFacts } from "./rules.server";

const GOJI = { hsCode: "081340", hsSubheading: "081340", grossWeightKg: 30_000 };
const facts: InstructionsFacts = {
  air: false,
  units: [
    { id: "unit-1", isoSizeType: "45G1", shipperOwned: true, tareKg: null },
    { id: "unit-2", isoSizeType: "45G1", shipperOwned: false, tareKg: 3_900 },
  ],
  bookedLines: [GOJI],
};

const line = (overrides: Partial<InstructionsLine> = {}): InstructionsLine => ({
  description: "Dried goji berries in cartons",
  hsCode: "0813.40",
  packages: 600,
  packageType: "CARTONS",
  grossWeightKg: 15_000,
  volumeM3: 30,
  marks: "NINGXIA GOJI 1-600",
  ...overrides,
});

function complete(): InstructionsContent {
  return {
    freightTerms: "PREPAID",
    originals: 0,
    consigneeToOrder: false,
    units: [
      {
        unitId: "unit-1",
        containerNumber: "CSQU3054383",
        seals: ["SL-1001"],
        vgmKg: 18_900,
        vgmMethod: "METHOD_2",
        vgmResponsible: "Li Qiang",
        cargo: [line()],
      },
      {
        unitId: "unit-2",
        seals: ["SL-1002", "SL-1003"],
        vgmKg: 18_900,
        vgmMethod: "METHOD_1",
        vgmResponsible: "Li Qiang",
        cargo: [line()],
      },
    ],
    cargo: [],
  };
}

describe("shipping instructions: what may be submitted", () => {
  it("accepts complete instructions (a carrier's box may leave its number to gate-in)", () => {
    expect(submissionErrors(complete(), facts)).toEqual({});
  });

  it("asks for terms, the own box's number, seals, the VGM with its method and responsible person", () => {
    const content = complete();
    delete content.freightTerms;
    delete content.originals;
    content.units[0] = { unitId: "unit-1", seals: [], cargo: [line()] };
    expect(submissionErrors(content, facts)).toEqual({
      freightTerms: "errors.required",
      originals: "errors.required",
      "units.0.containerNumber": "errors.containerNumberRequired",
      "units.0.seals": "errors.sealsRequired",
      "units.0.vgmKg": "errors.required",
      "units.0.vgmMethod": "errors.required",
      "units.0.vgmResponsible": "errors.required",
    });
  });

  it("refuses one container number for two boxes", () => {
    const content = complete();
    content.units[1]!.containerNumber = "CSQU3054383";
    expect(submissionErrors(content, facts)).toEqual({ "units.1.containerNumber": "errors.containerNumberTwice" });
  });

  it("keeps the VGM at least the goods plus the tare where the tare is known, else the goods", () => {
    const content = complete();
    content.units[0]!.vgmKg = 14_999;
    // Unit 2's tare is recorded (3 900 kg): 15 000 + 3 900 = 18 900 is the least.
    content.units[1]!.vgmKg = 18_899;
    expect(submissionErrors(content, facts)).toEqual({
      "units.0.vgmKg": "errors.vgmBelowGoods?minimum=15000",
      "units.1.vgmKg": "errors.vgmBelowGoodsAndTare?minimum=18900",
    });
    // A tare given in the instructions counts too.
    content.units[0]!.vgmKg = 18_000;
    content.units[0]!.tareKg = 3_800;
    content.units[1]!.vgmKg = 18_900;
    expect(submissionErrors(content, facts)).toEqual({ "units.0.vgmKg": "errors.vgmBelowGoodsAndTare?minimum=18800" });
  });

  it("keeps each box's goods within its payload", () => {
    const content = complete();
    content.units[0]!.cargo = [line({ grossWeightKg: 20_000 }), line({ grossWeightKg: 10_000 })];
    content.units[0]!.vgmKg = 34_000;
    content.units[1]!.cargo = [];
    const errors = submissionErrors(content, facts);
    expect(errors["units.0.cargo.1.grossWeightKg"]).toBe("errors.unitOverPayload?limit=26500&total=30000");
    expect(errors["units.1.cargo.0.description"]).toBe("errors.noCargo");
  });

  it("takes only the goods booked, all of them, at about the booked weight", () => {
    const strange = complete();
    strange.units[1]!.cargo = [line({ hsCode: "8471.30", description: "Laptop computers" })];
    expect(submissionErrors(strange, facts)).toEqual({
      "units.1.cargo.0.hsCode": "errors.hsNotBooked",
      // Without unit 2's goji the goji weigh 15 000 kg of the 30 000 booked.
      "units.0.cargo.0.grossWeightKg": "errors.grossNotAsBooked?hs=081340&booked=30000&total=15000",
    });
    const vague = complete();
    vague.units[0]!.cargo = [line({ description: "general cargo", hsCode: "9999.99" })];
    expect(submissionErrors(vague, facts)).toMatchObject({
      "units.0.cargo.0.description": "errors.vagueDescription",
      "units.0.cargo.0.hsCode": "errors.hsCode",
    });
    // Within 10 % of the booked weight is the same goods, weighed.
    const weighed = complete();
    weighed.units[0]!.cargo = [line({ grossWeightKg: 16_400 })];
    weighed.units[0]!.vgmKg = 20_000;
    expect(submissionErrors(weighed, facts)).toEqual({});
    const missing = submissionErrors(complete(), {
      ...facts,
      bookedLines: [GOJI, { hsCode: "070310", hsSubheading: "070310", grossWeightKg: 100 }],
    });
    expect(missing).toEqual({ form: "errors.bookedGoodsMissing?hs=070310" });
  });

  it("refuses instructions about other units than the booking's", () => {
    const content = complete();
    content.units[1]!.unitId = "someone-else";
    expect(submissionErrors(content, facts)).toEqual({ form: "errors.changedMeanwhile" });
  });

  it("asks an air consignment to confirm its pieces and give its goods", () => {
    const air: InstructionsFacts = { air: true, units: [], bookedLines: [{ ...GOJI, grossWeightKg: 500 }] };
    const content: InstructionsContent = {
      freightTerms: "COLLECT",
      originals: 3,
      consigneeToOrder: true,
      units: [],
      cargo: [],
    };
    expect(submissionErrors(content, air)).toEqual({
      piecesConfirmed: "errors.piecesConfirm",
      "cargo.0.description": "errors.noCargo",
      form: "errors.bookedGoodsMissing?hs=081340",
    });
    content.piecesConfirmed = true;
    content.cargo = [line({ grossWeightKg: 480, packages: 20 })];
    expect(submissionErrors(content, air)).toEqual({});
  });
});

describe("shipping instructions: well-formed even as a draft", () => {
  it("normalises container numbers and refuses a wrong check digit, too many seals, an originals count out of range", () => {
    const parsed = InstructionsContentSchema.safeParse({
      originals: 4,
      consigneeToOrder: false,
      units: [
        { unitId: "unit-1", containerNumber: "csqu 305438-3", seals: ["a1"], cargo: [] },
        { unitId: "unit-2", containerNumber: "MSKU1234567", seals: ["1", "2", "3", "4"], cargo: [] },
      ],
      cargo: [],
    });
    expect(parsed.success).toBe(false);
    expect(contentErrors(parsed.error!)).toEqual({
      originals: "errors.originals",
      "units.1.containerNumber": "errors.containerNumberInvalid",
      "units.1.seals": "errors.sealsInvalid",
    });
    const fine = InstructionsContentSchema.parse({
      consigneeToOrder: false,
      units: [{ unitId: "unit-1", containerNumber: "csqu 305438-3", seals: ["a1"], cargo: [] }],
      cargo: [],
    });
    expect(fine.units[0]).toMatchObject({ containerNumber: "CSQU3054383", seals: ["A1"] });
  });

  it("reads the form's rows, skipping blank ones, and shows a line's message at its row", () => {
    const form = new URLSearchParams({
      freightTerms: "PREPAID",
      originals: "0",
      u0_containerNumber: "CSQU3054384",
      u0_seals: "SL-1, SL-2",
      u0_vgmKg: "abc",
      u0_l0_packageType: "PALLETS",
      u0_l1_description: "Dried goji berries",
      u0_l1_hsCode: "081340",
      u0_l1_packages: "10",
      u0_l1_packageType: "CARTONS",
      u0_l1_grossWeightKg: "100,5",
      u0_l1_volumeM3: "1",
    });
    const { content, formField } = instructionsFromForm(form, ["unit-1"], false);
    expect(content.units[0]!.seals).toEqual(["SL-1", "SL-2"]);
    expect(content.units[0]!.cargo).toHaveLength(1);
    expect(content.units[0]!.cargo[0]).toMatchObject({ grossWeightKg: 100.5, packages: 10 });
    const parsed = InstructionsContentSchema.safeParse(content);
    const errors = contentErrors(parsed.error!);
    expect(Object.keys(errors).map(formField).sort()).toEqual(["u0_containerNumber", "u0_vgmKg"]);
    expect(formField("units.0.cargo.0.hsCode")).toBe("u0_l1_hsCode");
    expect(formField("cargo.0.description")).toBe("air_l0_description");
  });
});
