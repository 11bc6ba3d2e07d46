import { describe, expect, it } from "vitest";
import {
  CargoLineSchema,
  formFieldOfCargo,
  incotermsFor,
  parseAirPieces,
  parseCargoForm,
  parseContainerLines,
  parsePartiesForm,
  type Cargo,
} from "~/schemas/booking";
import { hasDangerousGoods } from "./cargo-rules";
import { canonicalCargo, validateCargo } from "./cargo.server";
import { holdEnd } from "./holds.server";
import { quoteForm, type QuoteBasis } from "./live-quote";
import { quote } from "./quote";

const form = (entries: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(entries)) data.set(key, value);
  return data;
};

const cargoLine = (overrides: Record<string, string> = {}) =>
  CargoLineSchema.parse({
    description: "Frozen boneless beef cuts",
    hsCode: "0202.30",
    grossWeightKg: "42000",
    packages: "1800",
    packageType: "CARTONS",
    volumeM3: "110",
    ...overrides,
  });
const cargo = (overrides: Record<string, string> = {}, reeferTemperatureC?: number): Cargo => ({
  lines: [cargoLine(overrides)],
  reeferTemperatureC,
});

describe("equipment step", () => {
  it("reads container quantities for what the departure offers and refuses an empty or silly order", () => {
    const offered = ["45G1", "22G1", "45R1"];
    expect(parseContainerLines(form({ qty_45G1: "2", qty_22G1: "0", soc_45G1: "on" }), offered)).toEqual({
      lines: [{ equipmentCode: "45G1", quantity: 2, shipperOwned: true }],
      errors: {},
    });
    expect(parseContainerLines(form({ qty_45G1: "0" }), offered).errors).toEqual({ form: "errors.nothingToBook" });
    expect(parseContainerLines(form({ qty_45G1: "1.5" }), offered).errors).toEqual({ qty_45G1: "errors.quantity" });
    expect(parseContainerLines(form({ qty_42G1: "3" }), offered).errors).toEqual({ form: "errors.nothingToBook" });
  });

  it("reads air pieces row by row, skipping empty rows and naming the bad field", () => {
    const parsed = parseAirPieces(
      form({
        piece_0_quantity: "3",
        piece_0_lengthCm: "120",
        piece_0_widthCm: "80",
        piece_0_heightCm: "100",
        piece_0_grossKg: "40",
        piece_2_quantity: "1",
        piece_2_lengthCm: "50",
        piece_2_widthCm: "-5",
        piece_2_heightCm: "50",
        piece_2_grossKg: "5",
      }),
    );
    expect(parsed.pieces).toHaveLength(1);
    expect(parsed.errors).toEqual({ piece_2_widthCm: "errors.dimension" });
  });
});

describe("cargo step", () => {
  it("accepts a precise declaration and keeps codes canonical", () => {
    const valid = cargo();
    expect(validateCargo(valid, [{ equipmentCode: "45G1", quantity: 2 }])).toEqual({});
    expect(canonicalCargo(valid).lines[0]).toMatchObject({ hsCode: "020230", hsSubheading: "020230" });
  });

  it("refuses vague descriptions, unknown HS codes and more weight than the boxes carry, at the line", () => {
    const lines = {
      lines: [
        cargoLine({ grossWeightKg: "30000" }),
        cargoLine({ description: "General cargo", hsCode: "999999", grossWeightKg: "30000" }),
      ],
    };
    expect(validateCargo(lines, [{ equipmentCode: "45G1", quantity: 2 }])).toEqual({
      "lines.1.description": "errors.vagueDescription",
      "lines.1.hsCode": "errors.hsCode",
      // The message says how much the boxes carry and how much was declared.
      "lines.1.grossWeightKg": "errors.overPayload?limit=53000&total=60000",
    });
    // 2 × 45G1 carry 53,000 kg: the lines' sum counts, not each line.
    expect(validateCargo(lines, [{ equipmentCode: "45G1", quantity: 3 }])).not.toHaveProperty("lines.1.grossWeightKg");
  });

  it("asks dangerous goods for a real UN number, a class and (where it applies) a packing group", () => {
    expect(CargoLineSchema.safeParse({ ...cargoLine(), dangerous: "on" }).success).toBe(false);
    const dg = cargo({ dangerous: "on", unNumber: "UN9999", dgClass: "3" });
    expect(validateCargo(dg, [{ equipmentCode: "22G1", quantity: 2 }])).toEqual({
      "lines.0.unNumber": "errors.unNumber",
      "lines.0.packingGroup": "errors.required",
    });
    const gas = cargo({ dangerous: "on", unNumber: "1978", dgClass: "2.1" });
    expect(validateCargo(gas, [{ equipmentCode: "22G1", quantity: 2 }])).toEqual({});
    expect(canonicalCargo(gas).lines[0]!.unNumber).toBe("UN1978");
    expect(hasDangerousGoods(gas)).toBe(true);
    expect(hasDangerousGoods(cargo())).toBe(false);
  });

  it("needs a reefer set point within the box's range", () => {
    const lines = [{ equipmentCode: "45R1", quantity: 1 }];
    expect(validateCargo(cargo({ grossWeightKg: "20000" }), lines)).toEqual({ reeferTemperatureC: "errors.required" });
    expect(validateCargo(cargo({ grossWeightKg: "20000" }, -35), lines)).toEqual({
      reeferTemperatureC: "errors.temperature",
    });
    expect(validateCargo(cargo({ grossWeightKg: "20000" }, -18), lines)).toEqual({});
  });

  it("reads the form's rows as lines, drops blank rows, and shows each message at its row", () => {
    const line = (row: number, values: Record<string, string>) =>
      Object.fromEntries(Object.entries(values).map(([field, value]) => [`line_${row}_${field}`, value]));
    const typed = {
      description: "Frozen boneless beef cuts",
      hsCode: "0202.30",
      grossWeightKg: "20000",
      packages: "900",
      packageType: "CARTONS",
      volumeM3: "55",
    };
    const parsed = parseCargoForm(
      form({
        ...line(0, typed),
        ...line(1, { packageType: "PALLETS" }), // only the default: a blank row
        ...line(2, {
          ...typed,
          description: "Dried goji berries",
          hsCode: "081340",
          dangerous: "on",
          unNumber: "1203",
          dgClass: "3",
        }),
        reeferTemperatureC: "",
      }),
    );
    expect(parsed.errors).toEqual({});
    expect(parsed.rows).toEqual([0, 2]);
    expect(parsed.cargo.lines.map((one) => one.description)).toEqual([
      "Frozen boneless beef cuts",
      "Dried goji berries",
    ]);
    expect(formFieldOfCargo("lines.1.packingGroup", parsed.rows)).toBe("line_2_packingGroup");
    expect(formFieldOfCargo("reeferTemperatureC", parsed.rows)).toBe("reeferTemperatureC");

    const blankRow = {
      description: "",
      hsCode: "",
      grossWeightKg: "",
      packages: "",
      packageType: "PALLETS",
      volumeM3: "",
    };
    const partly = line(3, { ...blankRow, description: "Tyres", volumeM3: "Infinity" });
    expect(parseCargoForm(form({ ...line(0, typed), ...partly })).errors).toEqual({
      line_3_hsCode: "errors.required",
      line_3_grossWeightKg: "errors.weight",
      line_3_packages: "errors.quantity",
      line_3_volumeM3: "errors.volume",
    });
    expect(parseCargoForm(form({})).errors).toEqual({ line_0_description: "errors.noCargo" });
  });
});

describe("Incoterms by route", () => {
  it("offers the sea rules only where a leg is at sea", () => {
    expect(incotermsFor(["RAIL", "RAIL"])).toEqual(["EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP"]);
    expect(incotermsFor(["AIR"])).not.toContain("FOB");
    expect(incotermsFor(["RAIL", "SEA"])).toEqual([
      "EXW",
      "FCA",
      "FAS",
      "FOB",
      "CFR",
      "CIF",
      "CPT",
      "CIP",
      "DAP",
      "DPU",
      "DDP",
    ]);
  });
});

describe("parties step", () => {
  const party = (role: string, values: Record<string, string>) =>
    Object.fromEntries(Object.entries(values).map(([field, value]) => [`${role}_${field}`, value]));
  const shipper = party("shipper", {
    name: "兰州丝路进出口有限公司",
    addressLines: "兰州新区综合保税区\n3 号库",
    city: "兰州",
    postcode: "730087",
    countryCode: "CN",
    taxId: "91620100MA72X4K3QK",
  });
  const consignee = party("consignee", {
    name: "Duisburg Foods GmbH",
    addressLines: "Hafenstraße 1",
    city: "Duisburg",
    postcode: "47119",
    countryCode: "de",
    phone: "+49 203 123456",
    email: "Import@Duisburg-Foods.example",
  });

  it("reads shipper and consignee as structured parties; a blank notify party is none", () => {
    const { parties, errors } = parsePartiesForm(form({ ...shipper, ...consignee, incoterm: "FCA" }));
    expect(errors).toEqual({});
    expect(parties).toEqual({
      shipper: {
        name: "兰州丝路进出口有限公司",
        addressLines: ["兰州新区综合保税区", "3 号库"],
        city: "兰州",
        postcode: "730087",
        countryCode: "CN",
        taxId: "91620100MA72X4K3QK",
      },
      consignee: {
        name: "Duisburg Foods GmbH",
        addressLines: ["Hafenstraße 1"],
        city: "Duisburg",
        postcode: "47119",
        countryCode: "DE",
        phone: "+49 203 123456",
        email: "import@duisburg-foods.example",
      },
      doorPickup: false,
      doorDelivery: false,
      incoterm: "FCA",
    });
  });

  it("refuses what a waybill could not carry, at its field", () => {
    const { parties, errors } = parsePartiesForm(
      form({
        ...shipper,
        ...party("consignee", {
          name: "Duisburg Foods GmbH",
          addressLines: "a\nb\nc\nd\ne",
          countryCode: "XX",
          phone: "0203 123456",
        }),
        ...party("notify", { name: "Broker", city: "Duisburg" }),
        incoterm: "FOB Lanzhou",
      }),
    );
    expect(parties).toBeNull();
    expect(errors).toEqual({
      consignee_addressLines: "errors.addressLines",
      consignee_city: "errors.required",
      consignee_countryCode: "errors.country",
      consignee_phone: "errors.phone",
      notify_addressLines: "errors.required",
      notify_countryCode: "errors.country",
      incoterm: "errors.required",
    });
  });

  it("needs an address for each door leg asked for, and ignores one not asked for", () => {
    const pickup = party("pickup", { addressLines: "兰州新区 3 号库", city: "兰州", countryCode: "CN" });
    const delivery = party("delivery", { addressLines: "Hafenstraße 1", city: "Duisburg", countryCode: "DE" });
    const asked = parsePartiesForm(
      form({ ...shipper, ...consignee, ...delivery, doorPickup: "on", doorDelivery: "on", incoterm: "DAP" }),
    );
    expect(asked.errors).toEqual({
      pickup_addressLines: "errors.required",
      pickup_city: "errors.required",
      pickup_countryCode: "errors.country",
    });
    const notAsked = parsePartiesForm(
      form({ ...shipper, ...consignee, ...pickup, ...delivery, doorDelivery: "on", incoterm: "DAP" }),
    );
    expect(notAsked.parties).toMatchObject({
      doorPickup: false,
      pickupAddress: undefined,
      doorDelivery: true,
      deliveryAddress: { city: "Duisburg", countryCode: "DE" },
    });
  });
});

describe("quote", () => {
  const capacities = [
    { equipmentCode: "45G1", tariffMinor: 720_000, currency: "USD", minChargeMinor: null },
    { equipmentCode: "22G1", tariffMinor: 460_000, currency: "USD", minChargeMinor: null },
  ];

  it("prices containers at the departure's tariff and takes their units", () => {
    const result = quote({
      capacities,
      containers: [{ equipmentCode: "45G1", quantity: 2 }],
      doorPickup: true,
      doorDelivery: false,
      dangerousGoods: false,
    });
    expect(result.takes).toEqual([{ equipmentCode: "45G1", quantity: 2 }]);
    expect(result.price.lines[0]).toMatchObject({ kind: "FREIGHT", amountMinor: 1_440_000 });
    expect(result.price.lines.map((line) => line.kind)).toContain("DOOR_PICKUP");
  });

  it("prices air cargo by chargeable weight and takes whole kilograms of capacity", () => {
    const air = [{ equipmentCode: "KG", tariffMinor: 1_850, currency: "CNY", minChargeMinor: 200_000 }];
    const result = quote({
      capacities: air,
      pieces: [{ quantity: 3, lengthCm: 120, widthCm: 80, heightCm: 100, grossKg: 40 }],
      doorPickup: false,
      doorDelivery: false,
      dangerousGoods: false,
    });
    expect(result.chargeableKg).toBe(480);
    expect(result.takes).toEqual([{ equipmentCode: "KG", quantity: 480 }]);
    expect(result.price.lines[0]).toMatchObject({ kind: "AIR_FREIGHT", amountMinor: 888_000 });
  });
});

describe("live price", () => {
  const basis = (air: boolean, saved = {}): QuoteBasis => ({
    air,
    capacities: air
      ? [{ equipmentCode: "KG", tariffMinor: 3_200, currency: "CNY", minChargeMinor: 150_000 }]
      : [
          { equipmentCode: "45G1", tariffMinor: 780_000, currency: "USD", minChargeMinor: null },
          { equipmentCode: "22G1", tariffMinor: 520_000, currency: "USD", minChargeMinor: null },
        ],
    saved,
  });

  it("prices the containers the form shows now, as the server will when the step is saved", () => {
    const live = quoteForm(form({ qty_45G1: "2", qty_22G1: "1" }), "equipment", basis(false), "en");
    const saved = quote({
      capacities: basis(false).capacities,
      containers: [
        { equipmentCode: "45G1", quantity: 2 },
        { equipmentCode: "22G1", quantity: 1 },
      ],
      doorPickup: false,
      doorDelivery: false,
      dangerousGoods: false,
    });
    expect(live?.total).toBe(
      new Intl.NumberFormat("en", { style: "currency", currency: "USD" }).format(saved.price.totalMinor / 100),
    );
    expect(live?.lines.map((line) => line.kind)).toEqual(["FREIGHT", "FREIGHT", "DOCUMENTATION"]);
  });

  it("leaves out what the server would refuse, and shows nothing until there is something to price", () => {
    expect(quoteForm(form({ qty_45G1: "0" }), "equipment", basis(false), "en")).toBeNull();
    const halfBox = quoteForm(form({ qty_45G1: "1.5", qty_22G1: "1" }), "equipment", basis(false), "en");
    expect(halfBox?.lines.filter((line) => line.kind === "FREIGHT").map((line) => line.equipmentCode)).toEqual([
      "22G1",
    ]);
  });

  it("prices air pieces by chargeable weight and adds door legs chosen on the parties step", () => {
    const air = quoteForm(
      form({
        piece_0_quantity: "2",
        piece_0_lengthCm: "120",
        piece_0_widthCm: "100",
        piece_0_heightCm: "100",
        piece_0_grossKg: "50",
      }),
      "equipment",
      basis(true),
      "en",
    );
    // 2 × 120 × 100 × 100 cm³ / 6000 = 400 kg, more than the 100 kg gross.
    expect(air?.chargeableKg).toBe(400);
    const saved = { containers: [{ equipmentCode: "45G1", quantity: 1, shipperOwned: false }] };
    const withPickup = quoteForm(form({ doorPickup: "on" }), "parties", basis(false, saved), "en");
    expect(withPickup?.lines.map((line) => line.kind)).toContain("DOOR_PICKUP");
    const without = quoteForm(form({}), "parties", basis(false, saved), "en");
    expect(without?.lines.map((line) => line.kind)).not.toContain("DOOR_PICKUP");
  });
});

describe("hold end", () => {
  const now = new Date("2026-12-01T00:00:00Z");
  it("is HOLD_MINUTES from now, or the cargo cut-off when that comes first", () => {
    expect(holdEnd(now, 30, new Date("2026-12-02T00:00:00Z"))).toEqual({
      endsAt: new Date("2026-12-01T00:30:00Z"),
      atCutoff: false,
    });
    const cutoff = new Date("2026-12-01T00:12:00Z");
    expect(holdEnd(now, 30, cutoff)).toEqual({ endsAt: cutoff, atCutoff: true });
  });
});

describe("cargo numbers", () => {
  const base = {
    description: "Frozen boneless beef cuts",
    hsCode: "0202.30",
    grossWeightKg: "42000",
    packages: "1800",
    packageType: "CARTONS",
    volumeM3: "110",
  };
  it.each([
    ["volumeM3", "Infinity", "errors.volume"],
    ["volumeM3", "1e300", "errors.volume"],
    ["grossWeightKg", "-Infinity", "errors.weight"],
    ["grossWeightKg", "1e20", "errors.weight"],
    ["packages", "1e20", "errors.quantity"],
  ])("refuses %s = %s at the field", (field, value, message) => {
    const result = CargoLineSchema.safeParse({ ...base, [field]: value });
    expect(result.error?.issues[0]).toMatchObject({ path: [field], message });
  });

  it.each([
    ["-Infinity", "errors.temperature"],
    ["1e9", "errors.temperature"],
  ])("refuses a reefer set point of %s", (value, message) => {
    const reeferForm = form({ reeferTemperatureC: value });
    expect(parseCargoForm(reeferForm).errors.reeferTemperatureC).toBe(message);
  });

  it("keeps real figures", () => {
    expect(cargoLine({ volumeM3: "67.5" })).toMatchObject({ volumeM3: 67.5 });
    expect(parseCargoForm(form({ reeferTemperatureC: "-18" })).cargo.reeferTemperatureC).toBe(-18);
  });
});
