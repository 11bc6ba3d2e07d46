/**
 * Rules a cargo declaration must meet before a slot is held: what customs (EU ICS2, China's
 * single window) and the carriers refuse.
 */

/**
 * Descriptions ICS2 rejects as too vague (and their usual Chinese and Russian forms). A
 * description that is only one of these, or says the contents are unknown, is refused.
 */
const VAGUE_DESCRIPTIONS = [
  "general cargo",
  "cargo",
  "goods",
  "merchandise",
  "freight of all kinds",
  "fak",
  "various",
  "various goods",
  "mixed goods",
  "consolidated cargo",
  "consolidation",
  "parts",
  "spare parts",
  "accessories",
  "samples",
  "gifts",
  "personal effects",
  "equipment",
  "machinery",
  "machines",
  "chemicals",
  "food",
  "foodstuff",
  "textiles",
  "electronics",
  "products",
  "普货",
  "杂货",
  "货物",
  "百货",
  "配件",
  "零件",
  "样品",
  "礼品",
  "设备",
  "日用品",
  "генеральный груз",
  "товары",
  "запчасти",
];
const VAGUE_PHRASES = [
  "said to contain",
  "as per invoice",
  "as per attached",
  "general cargo",
  "freight all kinds",
  "普货",
];

export function isVagueDescription(description: string): boolean {
  const normalized = description
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (normalized.length < 3) return true;
  return VAGUE_DESCRIPTIONS.includes(normalized) || VAGUE_PHRASES.some((phrase) => normalized.includes(phrase));
}

/** UN numbers run from UN0004 to UN3550 (UN Model Regulations, 23rd revised edition). */
export function normalizeUnNumber(input: string): string | null {
  const match = /^(?:UN\s*)?(\d{4})$/i.exec(input.trim());
  if (!match) return null;
  const value = Number(match[1]);
  return value >= 4 && value <= 3550 ? `UN${match[1]}` : null;
}

/** Hazard classes and divisions of the UN Model Regulations. */
export const DG_CLASSES = [
  "1.1",
  "1.2",
  "1.3",
  "1.4",
  "1.5",
  "1.6",
  "2.1",
  "2.2",
  "2.3",
  "3",
  "4.1",
  "4.2",
  "4.3",
  "5.1",
  "5.2",
  "6.1",
  "6.2",
  "7",
  "8",
  "9",
] as const;
export const PACKING_GROUPS = ["I", "II", "III"] as const;

/** Classes whose goods are not assigned a packing group. */
export function packingGroupApplies(dgClass: string): boolean {
  return !(dgClass.startsWith("1.") || dgClass.startsWith("2.") || dgClass === "7" || dgClass === "6.2");
}

/** Maximum cargo weight per container (payload, kg) and reefer set-point range (°C). */
export const CONTAINER_LIMITS: Record<string, { payloadKg: number; reeferRange?: [number, number] }> = {
  "22G1": { payloadKg: 28_200 },
  "42G1": { payloadKg: 26_700 },
  "45G1": { payloadKg: 26_500 },
  "22R1": { payloadKg: 27_000, reeferRange: [-30, 30] },
  "45R1": { payloadKg: 29_000, reeferRange: [-30, 30] },
  "22U1": { payloadKg: 28_100 },
  "22T1": { payloadKg: 26_000 },
};

/**
 * How a verified gross mass (SOLAS VI/2) was obtained: METHOD_1, the packed container weighed;
 * METHOD_2, its contents weighed and added to the tare.
 */
export const VGM_METHODS = ["METHOD_1", "METHOD_2"] as const;
export type VgmMethod = (typeof VGM_METHODS)[number];

export function isReefer(equipmentCode: string): boolean {
  return CONTAINER_LIMITS[equipmentCode]?.reeferRange !== undefined;
}

/** Totals of a consignment's lines, as the waybill and the review show them. */
export function cargoTotals(lines: { packages: number; grossWeightKg: number; volumeM3: number }[]) {
  return lines.reduce(
    (sum, line) => ({
      packages: sum.packages + line.packages,
      grossWeightKg: sum.grossWeightKg + line.grossWeightKg,
      volumeM3: sum.volumeM3 + line.volumeM3,
    }),
    { packages: 0, grossWeightKg: 0, volumeM3: 0 },
  );
}

/** Whether any line is dangerous goods (the surcharge and the DG declaration follow). */
export const hasDangerousGoods = (cargo: { lines: { dangerous: boolean }[] } | undefined) =>
  Boolean(cargo?.lines.some((line) => line.dangerous));
