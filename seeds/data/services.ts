import type { CorridorSeed } from "./types";

export interface LegSeed {
  mode: "ROAD" | "RAIL" | "SEA" | "AIR";
  from: string;
  to: string;
  hours: number;
  /** Gauge change where this leg ends, e.g. "1435>1520". */
  gaugeChange?: string;
}

export interface OfferSeed {
  /** ISO 6346 size-type code, or "KG" for chargeable air weight. */
  equipment: string;
  total: number;
  /** All-in tariff per unit in minor units of the service's currency. */
  tariffMinor: number;
  minChargeMinor?: number;
}

export interface ServiceSeed {
  code: string;
  corridor: CorridorSeed["code"];
  origin: string;
  destination: string;
  mode: "RAIL" | "AIR";
  serviceNumber: string;
  operatorName: string;
  currency: "CNY" | "USD" | "EUR";
  weekdays: number[];
  departureLocalTime: string;
  cargoCutoff: { daysBefore: number; localTime: string };
  docCutoff: { daysBefore: number; localTime: string };
  legs: LegSeed[];
  offers: OfferSeed[];
}

/** A China-Europe block train: about 50 FEU, mostly 40' high cubes. */
const blockTrain = (fortyHq: number, twenty: number, reefer: number): OfferSeed[] => [
  { equipment: "45G1", total: 30, tariffMinor: fortyHq },
  { equipment: "42G1", total: 8, tariffMinor: Math.round(fortyHq * 0.96) },
  { equipment: "22G1", total: 10, tariffMinor: twenty },
  { equipment: "45R1", total: 4, tariffMinor: reefer },
];

const railCutoffs = {
  cargoCutoff: { daysBefore: 2, localTime: "17:00" },
  docCutoff: { daysBefore: 3, localTime: "12:00" },
};
const airCutoffs = {
  cargoCutoff: { daysBefore: 0, localTime: "06:00" },
  docCutoff: { daysBefore: 1, localTime: "16:00" },
};

/**
 * Illustrative services (realistic routes and transit times, not a real timetable). Tariffs
 * are all-in terminal-to-terminal prices per container, or per kg on charters.
 */
export const SERVICES: ServiceSeed[] = [
  {
    code: "LAZ-DUI-AKL",
    corridor: "CHINA_EUROPE",
    origin: "CNLAZ",
    destination: "DEDUI",
    mode: "RAIL",
    serviceNumber: "X9021",
    operatorName: "Gansu (Lanzhou) International Land Port Operations",
    currency: "USD",
    weekdays: [2, 5],
    departureLocalTime: "10:30",
    ...railCutoffs,
    legs: [
      { mode: "RAIL", from: "CNLAZ", to: "CNAKL", hours: 60, gaugeChange: "1435>1520" },
      { mode: "RAIL", from: "CNAKL", to: "BYBQT", hours: 228, gaugeChange: "1520>1435" },
      { mode: "RAIL", from: "BYBQT", to: "DEDUI", hours: 72 },
    ],
    offers: blockTrain(720_000, 460_000, 1_150_000),
  },
  {
    code: "LAZ-HAM-HRS",
    corridor: "CHINA_EUROPE",
    origin: "CNLAZ",
    destination: "DEHAM",
    mode: "RAIL",
    serviceNumber: "X9023",
    operatorName: "Gansu (Lanzhou) International Land Port Operations",
    currency: "USD",
    weekdays: [3],
    departureLocalTime: "14:00",
    ...railCutoffs,
    legs: [
      { mode: "RAIL", from: "CNLAZ", to: "CNHRS", hours: 66, gaugeChange: "1435>1520" },
      { mode: "RAIL", from: "CNHRS", to: "BYBQT", hours: 222, gaugeChange: "1520>1435" },
      { mode: "RAIL", from: "BYBQT", to: "DEHAM", hours: 84 },
    ],
    offers: blockTrain(745_000, 475_000, 1_180_000),
  },
  {
    code: "LAZ-LOD-HRS",
    corridor: "CHINA_EUROPE",
    origin: "CNLAZ",
    destination: "PLLOD",
    mode: "RAIL",
    serviceNumber: "X9025",
    operatorName: "Gansu (Lanzhou) International Land Port Operations",
    currency: "EUR",
    weekdays: [4],
    departureLocalTime: "09:00",
    ...railCutoffs,
    legs: [
      { mode: "RAIL", from: "CNLAZ", to: "CNHRS", hours: 66, gaugeChange: "1435>1520" },
      { mode: "RAIL", from: "CNHRS", to: "BYBQT", hours: 204, gaugeChange: "1520>1435" },
      { mode: "RAIL", from: "BYBQT", to: "PLLOD", hours: 18 },
    ],
    offers: blockTrain(640_000, 410_000, 1_020_000),
  },
  {
    code: "LAZ-MOW-MLX",
    corridor: "CHINA_EUROPE",
    origin: "CNLAZ",
    destination: "RUMOW",
    mode: "RAIL",
    serviceNumber: "X9031",
    operatorName: "Gansu (Lanzhou) International Land Port Operations",
    currency: "CNY",
    weekdays: [6],
    departureLocalTime: "11:00",
    ...railCutoffs,
    legs: [
      { mode: "RAIL", from: "CNLAZ", to: "CNMLX", hours: 84, gaugeChange: "1435>1520" },
      { mode: "RAIL", from: "CNMLX", to: "RUMOW", hours: 252 },
    ],
    offers: blockTrain(3_950_000, 2_600_000, 6_300_000),
  },
  {
    code: "DUI-LAZ-AKL",
    corridor: "CHINA_EUROPE",
    origin: "DEDUI",
    destination: "CNLAZ",
    mode: "RAIL",
    serviceNumber: "X9022",
    operatorName: "Gansu (Lanzhou) International Land Port Operations",
    currency: "EUR",
    weekdays: [2],
    departureLocalTime: "10:00",
    cargoCutoff: { daysBefore: 3, localTime: "16:00" },
    docCutoff: { daysBefore: 4, localTime: "12:00" },
    legs: [
      { mode: "RAIL", from: "DEDUI", to: "BYBQT", hours: 72, gaugeChange: "1435>1520" },
      { mode: "RAIL", from: "BYBQT", to: "CNAKL", hours: 240, gaugeChange: "1520>1435" },
      { mode: "RAIL", from: "CNAKL", to: "CNLAZ", hours: 60 },
    ],
    offers: blockTrain(520_000, 330_000, 860_000),
  },
  {
    code: "TSU-LOD-AKL",
    corridor: "CHINA_EUROPE",
    origin: "CNTSU",
    destination: "PLLOD",
    mode: "RAIL",
    serviceNumber: "X9051",
    operatorName: "Tianshui International Land Port Co.",
    currency: "EUR",
    weekdays: [1],
    departureLocalTime: "16:00",
    ...railCutoffs,
    legs: [
      { mode: "RAIL", from: "CNTSU", to: "CNAKL", hours: 70, gaugeChange: "1435>1520" },
      { mode: "RAIL", from: "CNAKL", to: "BYBQT", hours: 216, gaugeChange: "1520>1435" },
      { mode: "RAIL", from: "BYBQT", to: "PLLOD", hours: 18 },
    ],
    offers: blockTrain(655_000, 420_000, 1_040_000),
  },
  {
    code: "TSU-HAN-PIN",
    corridor: "WESTERN_LAND_SEA",
    origin: "CNTSU",
    destination: "VNHAN",
    mode: "RAIL",
    serviceNumber: "X8061",
    operatorName: "Tianshui International Land Port Co.",
    currency: "CNY",
    weekdays: [3, 6],
    departureLocalTime: "08:30",
    ...railCutoffs,
    legs: [
      { mode: "RAIL", from: "CNTSU", to: "CNCKG", hours: 20 },
      { mode: "RAIL", from: "CNCKG", to: "CNPIN", hours: 48 },
      { mode: "RAIL", from: "CNPIN", to: "VNHAN", hours: 30 },
    ],
    offers: [
      { equipment: "45G1", total: 24, tariffMinor: 1_280_000 },
      { equipment: "22G1", total: 12, tariffMinor: 820_000 },
      { equipment: "45R1", total: 6, tariffMinor: 1_960_000 },
    ],
  },
  {
    code: "WUW-ALA-HRS",
    corridor: "CENTRAL_ASIA",
    origin: "CN-WUW",
    destination: "KZALA",
    mode: "RAIL",
    serviceNumber: "X8091",
    operatorName: "Wuwei International Land Port Co.",
    currency: "CNY",
    weekdays: [2],
    departureLocalTime: "12:00",
    ...railCutoffs,
    legs: [
      { mode: "RAIL", from: "CN-WUW", to: "CNHRS", hours: 54, gaugeChange: "1435>1520" },
      { mode: "RAIL", from: "CNHRS", to: "KZALA", hours: 36 },
    ],
    offers: [
      { equipment: "45G1", total: 36, tariffMinor: 2_450_000 },
      { equipment: "22G1", total: 14, tariffMinor: 1_580_000 },
      { equipment: "22T1", total: 4, tariffMinor: 2_050_000 },
    ],
  },
  {
    code: "LAZ-ALA-HRS",
    corridor: "CENTRAL_ASIA",
    origin: "CNLAZ",
    destination: "KZALA",
    mode: "RAIL",
    serviceNumber: "X8011",
    operatorName: "Gansu (Lanzhou) International Land Port Operations",
    currency: "CNY",
    weekdays: [1, 4],
    departureLocalTime: "15:00",
    ...railCutoffs,
    legs: [
      { mode: "RAIL", from: "CNLAZ", to: "CNHRS", hours: 66, gaugeChange: "1435>1520" },
      { mode: "RAIL", from: "CNHRS", to: "KZALA", hours: 36 },
    ],
    offers: [
      { equipment: "45G1", total: 38, tariffMinor: 2_600_000 },
      { equipment: "42G1", total: 6, tariffMinor: 2_500_000 },
      { equipment: "22G1", total: 12, tariffMinor: 1_650_000 },
      { equipment: "45R1", total: 4, tariffMinor: 4_100_000 },
    ],
  },
  {
    code: "LAZ-TAS-AKL",
    corridor: "CENTRAL_ASIA",
    origin: "CNLAZ",
    destination: "UZTAS",
    mode: "RAIL",
    serviceNumber: "X8015",
    operatorName: "Gansu (Lanzhou) International Land Port Operations",
    currency: "USD",
    weekdays: [5],
    departureLocalTime: "10:00",
    ...railCutoffs,
    legs: [
      { mode: "RAIL", from: "CNLAZ", to: "CNAKL", hours: 60, gaugeChange: "1435>1520" },
      { mode: "RAIL", from: "CNAKL", to: "UZTAS", hours: 150 },
    ],
    offers: [
      { equipment: "45G1", total: 34, tariffMinor: 520_000 },
      { equipment: "22G1", total: 12, tariffMinor: 335_000 },
      { equipment: "22U1", total: 3, tariffMinor: 390_000 },
    ],
  },
  {
    code: "LAZ-BAK-HRS",
    corridor: "CENTRAL_ASIA",
    origin: "CNLAZ",
    destination: "AZBAK",
    mode: "RAIL",
    serviceNumber: "X8019",
    operatorName: "Gansu (Lanzhou) International Land Port Operations",
    currency: "USD",
    weekdays: [3],
    departureLocalTime: "09:30",
    ...railCutoffs,
    legs: [
      { mode: "RAIL", from: "CNLAZ", to: "CNHRS", hours: 66, gaugeChange: "1435>1520" },
      { mode: "RAIL", from: "CNHRS", to: "KZAAU", hours: 168 },
      { mode: "SEA", from: "KZAAU", to: "AZBAK", hours: 180 },
    ],
    offers: [
      { equipment: "45G1", total: 28, tariffMinor: 780_000 },
      { equipment: "22G1", total: 10, tariffMinor: 505_000 },
    ],
  },
  {
    code: "LAZ-SIN-QZH",
    corridor: "WESTERN_LAND_SEA",
    origin: "CNLAZ",
    destination: "SGSIN",
    mode: "RAIL",
    serviceNumber: "X8101",
    operatorName: "Gansu (Lanzhou) International Land Port Operations",
    currency: "USD",
    weekdays: [1, 4],
    departureLocalTime: "18:00",
    ...railCutoffs,
    legs: [
      { mode: "RAIL", from: "CNLAZ", to: "CNCKG", hours: 22 },
      { mode: "RAIL", from: "CNCKG", to: "CNQZH", hours: 54 },
      { mode: "SEA", from: "CNQZH", to: "SGSIN", hours: 144 },
    ],
    offers: [
      { equipment: "45G1", total: 40, tariffMinor: 295_000 },
      { equipment: "22G1", total: 20, tariffMinor: 190_000 },
      { equipment: "45R1", total: 8, tariffMinor: 520_000 },
    ],
  },
  {
    code: "LAZ-HAN-PIN",
    corridor: "WESTERN_LAND_SEA",
    origin: "CNLAZ",
    destination: "VNHAN",
    mode: "RAIL",
    serviceNumber: "X8105",
    operatorName: "Gansu (Lanzhou) International Land Port Operations",
    currency: "CNY",
    weekdays: [2, 6],
    departureLocalTime: "07:30",
    ...railCutoffs,
    legs: [
      { mode: "RAIL", from: "CNLAZ", to: "CNCKG", hours: 22 },
      { mode: "RAIL", from: "CNCKG", to: "CNPIN", hours: 48 },
      { mode: "RAIL", from: "CNPIN", to: "VNHAN", hours: 30 },
    ],
    offers: [
      { equipment: "45G1", total: 26, tariffMinor: 1_320_000 },
      { equipment: "22G1", total: 12, tariffMinor: 850_000 },
      { equipment: "45R1", total: 6, tariffMinor: 2_020_000 },
    ],
  },
  {
    code: "LAZ-KTM-GIR",
    corridor: "SOUTH_ASIA",
    origin: "CNLAZ",
    destination: "NPKTM",
    mode: "RAIL",
    serviceNumber: "X8201",
    operatorName: "Gansu (Lanzhou) International Land Port Operations",
    currency: "CNY",
    weekdays: [4],
    departureLocalTime: "13:00",
    ...railCutoffs,
    legs: [
      { mode: "RAIL", from: "CNLAZ", to: "CNXIG", hours: 80 },
      { mode: "ROAD", from: "CNXIG", to: "CNGIR", hours: 30 },
      { mode: "ROAD", from: "CNGIR", to: "NPKTM", hours: 40 },
    ],
    offers: [
      { equipment: "45G1", total: 20, tariffMinor: 3_350_000 },
      { equipment: "22G1", total: 10, tariffMinor: 2_150_000 },
    ],
  },
  {
    code: "LHW-ALA-AIR",
    corridor: "AIR_CHARTER",
    origin: "CNLHW",
    destination: "KZALA",
    mode: "AIR",
    serviceNumber: "CK2661",
    operatorName: "Silk Road Air Cargo Charter (B747-400F)",
    currency: "CNY",
    weekdays: [3, 7],
    departureLocalTime: "23:40",
    ...airCutoffs,
    legs: [{ mode: "AIR", from: "CNLHW", to: "KZALA", hours: 5 }],
    offers: [{ equipment: "KG", total: 100_000, tariffMinor: 1_850, minChargeMinor: 200_000 }],
  },
  {
    code: "LHW-TAS-AIR",
    corridor: "AIR_CHARTER",
    origin: "CNLHW",
    destination: "UZTAS",
    mode: "AIR",
    serviceNumber: "CK2663",
    operatorName: "Silk Road Air Cargo Charter (B757-200F)",
    currency: "USD",
    weekdays: [5],
    departureLocalTime: "01:30",
    ...airCutoffs,
    legs: [{ mode: "AIR", from: "CNLHW", to: "UZTAS", hours: 6 }],
    offers: [{ equipment: "KG", total: 30_000, tariffMinor: 310, minChargeMinor: 30_000 }],
  },
  {
    code: "LHW-BAK-AIR",
    corridor: "AIR_CHARTER",
    origin: "CNLHW",
    destination: "AZBAK",
    mode: "AIR",
    serviceNumber: "CK2671",
    operatorName: "Silk Road Air Cargo Charter (B747-400F)",
    currency: "USD",
    weekdays: [2],
    departureLocalTime: "22:15",
    ...airCutoffs,
    legs: [{ mode: "AIR", from: "CNLHW", to: "AZBAK", hours: 8 }],
    offers: [{ equipment: "KG", total: 100_000, tariffMinor: 345, minChargeMinor: 40_000 }],
  },
  {
    code: "DNH-ALA-AIR",
    corridor: "AIR_CHARTER",
    origin: "CNDNH",
    destination: "KZALA",
    mode: "AIR",
    serviceNumber: "CK2681",
    operatorName: "Silk Road Air Cargo Charter (B737-800BCF)",
    currency: "CNY",
    weekdays: [6],
    departureLocalTime: "10:20",
    ...airCutoffs,
    legs: [{ mode: "AIR", from: "CNDNH", to: "KZALA", hours: 4 }],
    offers: [{ equipment: "KG", total: 23_000, tariffMinor: 1_950, minChargeMinor: 150_000 }],
  },
];
