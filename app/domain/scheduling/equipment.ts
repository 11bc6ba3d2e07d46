/** Container size-type codes (ISO 6346) sold on trains, plus chargeable kilograms on flights. */
export const CONTAINER_TYPES = [
  { code: "22G1", teu: 1, reefer: false },
  { code: "42G1", teu: 2, reefer: false },
  { code: "45G1", teu: 2, reefer: false },
  { code: "22R1", teu: 1, reefer: true },
  { code: "45R1", teu: 2, reefer: true },
  { code: "22U1", teu: 1, reefer: false },
  { code: "22T1", teu: 1, reefer: false },
] as const;

export type ContainerTypeCode = (typeof CONTAINER_TYPES)[number]["code"];
/** Air charters sell chargeable weight by the kilogram. */
export const AIR_KG = "KG";
export type EquipmentCode = ContainerTypeCode | typeof AIR_KG;
export const EQUIPMENT_CODES = [
  "22G1",
  "42G1",
  "45G1",
  "22R1",
  "45R1",
  "22U1",
  "22T1",
  AIR_KG,
] as const satisfies readonly EquipmentCode[];

export function isEquipmentCode(value: string): value is EquipmentCode {
  return (EQUIPMENT_CODES as readonly string[]).includes(value);
}

export const TRANSPORT_MODES = ["ROAD", "RAIL", "SEA", "AIR"] as const;
export type TransportMode = (typeof TRANSPORT_MODES)[number];

/** What a departure sells: container slots on a train, kilograms on a flight. */
export const SERVICE_MODES = ["RAIL", "AIR"] as const;
export type ServiceMode = (typeof SERVICE_MODES)[number];
