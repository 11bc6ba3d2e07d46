/*
 * The sea leg's vessel and voyage, and the operator's carrier code: what a DCSA eBL 3.0
 * transport document needs beyond the through waybill's own data (decision 016). Pure.
 */

/** Who keeps the list the operator's carrier code comes from: SMDG (liner codes) or NMFTA (SCAC). */
export const CARRIER_CODE_LIST_PROVIDERS = ["SMDG", "NMFTA"] as const;
export type CarrierCodeListProvider = (typeof CARRIER_CODE_LIST_PROVIDERS)[number];

/** An SMDG liner code or an NMFTA SCAC: 2 to 4 capital letters or digits (DCSA allows at most 4). */
export const CARRIER_CODE_PATTERN = /^[A-Z0-9]{2,4}$/;

export interface CarrierCode {
  code: string;
  listProvider: CarrierCodeListProvider;
}

/** The vessel and export voyage of a sea leg, as staff record them per departure. */
export interface SeaVoyage {
  vesselName: string;
  /** IMO ship identification number, 7 digits; null when not known. */
  imoNumber: string | null;
  voyageNumber: string;
}

/**
 * Whether `value` is an IMO ship identification number: seven digits, the last the check digit
 * — the first six multiplied by 7, 6, 5, 4, 3 and 2, summed, modulo 10 (IMO Res. A.1117(30)).
 * "IMO 9074729" is accepted as "9074729".
 */
export function isValidImoNumber(value: string): boolean {
  const digits = value.replace(/^IMO\s*/i, "");
  if (!/^\d{7}$/.test(digits)) return false;
  const sum = [7, 6, 5, 4, 3, 2].reduce((total, weight, index) => total + weight * Number(digits[index]), 0);
  return sum % 10 === Number(digits[6]);
}

/** The check digit that completes the six digits `first` into an IMO number. */
export function imoCheckDigit(first: string): number {
  if (!/^\d{6}$/.test(first)) throw new Error("Six digits expected");
  return [7, 6, 5, 4, 3, 2].reduce((total, weight, index) => total + weight * Number(first[index]), 0) % 10;
}

/** The operator's carrier code from its settings, or null while none is configured. */
export function carrierCodeOf(code: string | undefined, listProvider: CarrierCodeListProvider): CarrierCode | null {
  return code ? { code, listProvider } : null;
}
