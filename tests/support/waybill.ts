import type { Actor } from "~/domain/identity/permissions";
import { readDetails } from "~/domain/booking/consignment";
import { submitInstructions } from "~/domain/instructions/submit.server";
import type { WaybillInput } from "~/domain/waybill/content";
import type { Db } from "~/utils/db.server";
import { formatWaybillNumber } from "~/domain/waybill/number";

/*
 * Waybill inputs for tests: a China-Europe block train from Lanzhou to Duisburg (door to door,
 * gauge changes at Alashankou and Małaszewicze, two boxes, one reefer with dangerous goods) and
 * a charter flight from Lanzhou Zhongchuan to Almaty.
 */

const LANZHOU = { code: "CNLAZ", name: "Lanzhou", nameZh: "兰州" };
const ALASHANKOU = { code: "CNAKL", name: "Alashankou", nameZh: "阿拉山口" };
const MALASZEWICZE = { code: "PLMAA", name: "Małaszewicze", nameZh: "马拉舍维奇" };
const DUISBURG = { code: "DEDUI", name: "Duisburg", nameZh: "杜伊斯堡" };

const at = (iso: string) => new Date(iso);

export function railWaybillInput(overrides: Partial<WaybillInput> = {}): WaybillInput {
  return {
    issue: {
      number: formatWaybillNumber({ portCode: "LAZ", year: 2026, sequence: 123 }),
      version: 1,
      place: LANZHOU,
      issuedAt: at("2026-12-01T02:30:00Z"),
    },
    operator: {
      name: "Silu Gateway Multimodal Transport Co., Ltd.",
      taxId: "91620100MA74XXXX0Q",
      addressLines: ["1 Lanzhou Land Port Road"],
      city: "Lanzhou",
      countryCode: "CN",
    },
    booking: {
      reference: "SG-7K3M-9QX2",
      revision: 3,
      carriageTermsVersion: "2026-11",
      invoiceNumber: "SGI-2026-000045",
    },
    service: { number: "X8024", mode: "RAIL" },
    parties: {
      shipper: {
        name: "Gansu Plateau Produce Co.",
        addressLines: ["88 Yantan Road", "Chengguan District"],
        city: "Lanzhou",
        postcode: "730000",
        countryCode: "CN",
        contactName: "Li Wei",
        phone: "+86 931 123 4567",
        email: "li.wei@example.cn",
        taxId: "91620102MA73ABCD1X",
      },
      consignee: {
        name: "Rhein Foods GmbH",
        addressLines: ["Hafenstraße 12"],
        city: "Duisburg",
        postcode: "47119",
        countryCode: "DE",
        taxId: "DE123456789012345",
      },
      notify: null,
      pickupAddress: { addressLines: ["Warehouse 4, Lanzhou New Area"], city: "Lanzhou", countryCode: "CN" },
      deliveryAddress: null,
    },
    consigneeToOrder: false,
    origin: LANZHOU,
    destination: DUISBURG,
    legs: [
      {
        sequence: 2,
        mode: "RAIL",
        from: ALASHANKOU,
        to: MALASZEWICZE,
        toIsBorder: true,
        gaugeChange: "1520>1435",
        startAt: at("2026-12-07T06:00:00Z"),
        endAt: at("2026-12-15T18:00:00Z"),
      },
      {
        sequence: 1,
        mode: "RAIL",
        from: LANZHOU,
        to: ALASHANKOU,
        toIsBorder: true,
        gaugeChange: "1435>1520",
        startAt: at("2026-12-04T02:00:00Z"),
        endAt: at("2026-12-07T04:00:00Z"),
      },
      {
        sequence: 3,
        mode: "RAIL",
        from: MALASZEWICZE,
        to: DUISBURG,
        toIsBorder: false,
        gaugeChange: null,
        startAt: at("2026-12-16T00:00:00Z"),
        endAt: at("2026-12-18T12:00:00Z"),
      },
    ],
    units: [
      {
        sequence: 1,
        isoSizeType: "45R1",
        shipperOwned: false,
        containerNumber: "TEXU3070079",
        seals: ["CN1234567"],
        vgm: { kg: 28_450, method: "METHOD_2", responsiblePerson: "Li Wei" },
        reeferSetpointC: -18,
        goods: [
          {
            description: "Frozen boneless mutton, vacuum packed",
            hsCode: "0204.42",
            packages: 1200,
            packageType: "CARTONS",
            grossWeightKg: 24_000.1,
            volumeM3: 60.2,
            marks: "GPP/DUI 1-1200",
          },
        ],
      },
      {
        sequence: 1,
        isoSizeType: "42G1",
        shipperOwned: true,
        containerNumber: "CSQU3054383",
        seals: ["CN7654321", "CN7654322"],
        vgm: { kg: 21_000, method: "METHOD_1", responsiblePerson: "Zhang Min" },
        goods: [
          {
            description: "Dried goji berries in 25 kg paper bags",
            hsCode: "081340",
            packages: 600,
            packageType: "BAGS",
            grossWeightKg: 15_000.2,
            volumeM3: 40.1,
            marks: " ",
          },
          {
            description: "Lithium-ion batteries packed with equipment",
            hsCode: "850760",
            packages: 10,
            packageType: "CRATES",
            grossWeightKg: 2_000,
            volumeM3: 5,
            dangerousGoods: { unNumber: "UN3481", dgClass: "9", packingGroup: "II" },
          },
        ],
      },
    ],
    air: null,
    freightTerms: "PREPAID",
    originals: 3,
    ...overrides,
  };
}

export function airWaybillInput(): WaybillInput {
  const zhongchuan = { code: "CNLHW", name: "Lanzhou Zhongchuan", nameZh: "兰州中川" };
  const almaty = { code: "KZALA", name: "Almaty", nameZh: "阿拉木图" };
  return railWaybillInput({
    issue: null,
    service: { number: "SG-C101", mode: "AIR" },
    origin: zhongchuan,
    destination: almaty,
    legs: [
      {
        sequence: 1,
        mode: "AIR",
        from: zhongchuan,
        to: almaty,
        toIsBorder: false,
        gaugeChange: null,
        startAt: at("2026-12-05T01:00:00Z"),
        endAt: at("2026-12-05T06:30:00Z"),
      },
    ],
    units: [],
    air: {
      pieces: [{ quantity: 4, lengthCm: 120, widthCm: 80, heightCm: 100, grossKg: 350 }],
      goods: [
        {
          description: "Angelica root (Chinese medicinal herb), dried",
          hsCode: "121190",
          packages: 4,
          packageType: "PALLETS",
          grossWeightKg: 1_400,
          volumeM3: 3.84,
        },
      ],
    },
    consigneeToOrder: true,
    toOrderOf: "Bank of Almaty JSC",
    freightTerms: "COLLECT",
    originals: 0,
  });
}

/** Container numbers with valid ISO 6346 check digits, for waybills of many boxes. */
const MORE_CONTAINERS = ["HLXU2008419", "APZU4812090", "SGWU1000019", "SGWU1000024", "SGWU1000045", "SGWU1000050"];

/**
 * The rail waybill with `count` containers: its two boxes, then 40' HC dry boxes of goji berries
 * (each with its own number, seal and HS code), for layouts of one page and more.
 */
export function railWaybillInputWithContainers(count: number): WaybillInput {
  const base = railWaybillInput();
  const extra = Array.from({ length: Math.max(0, count - base.units.length) }, (_, index) => ({
    sequence: index + 2,
    isoSizeType: "45G1",
    shipperOwned: false,
    containerNumber: MORE_CONTAINERS[index]!,
    seals: [`SG${String(880_001 + index)}`],
    vgm: { kg: 18_000 + index * 100, method: "METHOD_1" as const, responsiblePerson: "Zhang Min" },
    goods: [
      {
        description: `Dried goji berries, lot ${index + 1}`,
        hsCode: `08134${index}`,
        packages: 500 + index,
        packageType: "BAGS" as const,
        grossWeightKg: 12_500 + index,
        volumeM3: 38,
        marks: `GPP/DUI L${index + 1}`,
      },
    ],
  }));
  return { ...base, units: [...base.units, ...extra].slice(0, count) };
}

/**
 * Submits complete shipping instructions for a confirmed container booking (up to 4 boxes), the
 * booked goods shared equally among them, to the order of a bank, as the exporter would on its page.
 */
export async function submitDemoInstructions(db: Db, actor: Actor, reference: string, now = new Date()) {
  const { id: bookingId, details } = await db.booking.findUniqueOrThrow({ where: { reference } });
  // The booked goods, shared equally among the boxes (the instructions must match the booking).
  const booked = readDetails(details).cargo!.lines;
  const totalKg = booked.reduce((sum, line) => sum + line.grossWeightKg, 0);
  const units = await db.shipmentEquipment.findMany({
    where: { bookingId },
    orderBy: [{ isoSizeType: "asc" }, { sequence: "asc" }],
  });
  await submitInstructions(db, {
    actor,
    reference,
    meta: { ipAddress: "127.0.0.1", userAgent: "test" },
    now,
    content: {
      freightTerms: "PREPAID",
      originals: 3,
      consigneeToOrder: true,
      toOrderOf: "Deutsche Bank AG, Duisburg",
      units: units.map((unit, index) => ({
        unitId: unit.id,
        containerNumber: ["CSQU3054383", "TEXU3070079", "HLXU2008419", "APZU4812090"][index],
        seals: [`SL-100${index}`],
        tareKg: 3_900,
        vgmKg: 3_900 + Math.ceil(totalKg / units.length),
        vgmMethod: "METHOD_2",
        vgmResponsible: "李强",
        cargo: [
          {
            description: "Dried goji berries in cartons",
            hsCode: booked[0]!.hsCode,
            packages: 600,
            packageType: "CARTONS",
            grossWeightKg: totalKg / units.length,
            volumeM3: 30,
            marks: `GOJI ${index + 1}/${units.length}`,
          },
        ],
      })),
      cargo: [],
    },
  });
  return bookingId;
}

const CHONGQING = { code: "CNCKG", name: "Chongqing", nameZh: "重庆" };
const QINZHOU = { code: "CNQZH", name: "Qinzhou Port", nameZh: "钦州港" };
const SINGAPORE = { code: "SGSIN", name: "Singapore", nameZh: "新加坡" };

/** A made-up feeder on Qinzhou → Singapore; 9812341 has a valid IMO check digit. */
export const DEMO_SEA_VOYAGE = { vesselName: "BEIBU GULF PIONEER", imoNumber: "9812341", voyageNumber: "2650S" };

/**
 * A Western Land-Sea through waybill (service X8101, LAZ-SIN-QZH): rail Lanzhou → Chongqing →
 * Qinzhou, then the sea leg Qinzhou → Singapore on a known vessel; picked up at the shipper's
 * door, delivered at the Singapore terminal; straight consignee, electronic only, freight
 * collect; the operator's carrier code configured. No dangerous goods (see decision 016).
 */
export function seaWaybillInput(overrides: Partial<WaybillInput> = {}): WaybillInput {
  const base = railWaybillInput();
  const [reefer, dry] = base.units;
  return railWaybillInput({
    operator: { ...base.operator, carrierCode: { code: "SGWX", listProvider: "NMFTA" } },
    service: { number: "X8101", mode: "RAIL" },
    parties: {
      ...base.parties,
      consignee: {
        name: "Lion City Provisions Pte. Ltd.",
        addressLines: ["21 Jurong Port Road", "#04-01"],
        city: "Singapore",
        postcode: "619115",
        countryCode: "SG",
        contactName: "Tan Mei Ling",
        email: "imports@lioncity.example.sg",
        taxId: "201912345K",
      },
      notify: {
        name: "Straits Customs Brokers Pte. Ltd.",
        addressLines: ["3 Pasir Panjang Terminal Road"],
        city: "Singapore",
        countryCode: "SG",
        phone: "+65 6123 4567",
      },
    },
    destination: SINGAPORE,
    legs: [
      {
        sequence: 1,
        mode: "RAIL",
        from: LANZHOU,
        to: CHONGQING,
        toIsBorder: false,
        gaugeChange: null,
        startAt: at("2026-12-07T10:00:00Z"),
        endAt: at("2026-12-08T08:00:00Z"),
      },
      {
        sequence: 2,
        mode: "RAIL",
        from: CHONGQING,
        to: QINZHOU,
        toIsBorder: false,
        gaugeChange: null,
        startAt: at("2026-12-08T08:00:00Z"),
        endAt: at("2026-12-10T14:00:00Z"),
      },
      {
        sequence: 3,
        mode: "SEA",
        from: QINZHOU,
        to: SINGAPORE,
        toIsBorder: false,
        gaugeChange: null,
        startAt: at("2026-12-10T14:00:00Z"),
        endAt: at("2026-12-16T14:00:00Z"),
        vessel: DEMO_SEA_VOYAGE,
      },
    ],
    units: [
      { ...reefer!, seals: ["QZ1234567"] },
      { ...dry!, goods: dry!.goods.filter((line) => !line.dangerousGoods) },
    ],
    freightTerms: "COLLECT",
    originals: 0,
    ...overrides,
  });
}
