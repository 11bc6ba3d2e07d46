import type { LocalizedNames } from "~/domain/places/names";

export interface PlaceSeed {
  /** UN/LOCODE (2024) where one exists, otherwise an internal code such as "CN-WUW". */
  code: string;
  iataCode?: string;
  kind: "RAIL_PORT" | "AIRPORT" | "BORDER" | "SEA_PORT" | "TERMINAL";
  countryCode: string;
  timeZone: string;
  latitude: number;
  longitude: number;
  names: LocalizedNames;
}

export interface CorridorSeed {
  code: "CHINA_EUROPE" | "CENTRAL_ASIA" | "WESTERN_LAND_SEA" | "SOUTH_ASIA" | "AIR_CHARTER";
  sortOrder: number;
  names: LocalizedNames;
}
