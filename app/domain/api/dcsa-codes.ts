/**
 * DCSA Track & Trace 2.2's code lists (TNT_v2.2.0-resolved.yaml), one copy for the event query
 * and the subscriptions' filters.
 */
export const EVENT_TYPES = ["SHIPMENT", "TRANSPORT", "EQUIPMENT"] as const;
export const SHIPMENT_EVENT_TYPE_CODES = [
  "RECE",
  "DRFT",
  "PENA",
  "PENU",
  "REJE",
  "APPR",
  "ISSU",
  "SURR",
  "SUBM",
  "VOID",
  "CONF",
  "REQS",
  "CMPL",
  "HOLD",
  "RELS",
] as const;
export const DOCUMENT_TYPE_CODES = [
  "CBR",
  "BKG",
  "SHI",
  "SRM",
  "TRD",
  "ARN",
  "VGM",
  "CAS",
  "CUS",
  "DGD",
  "OOG",
] as const;
export const TRANSPORT_EVENT_TYPE_CODES = ["ARRI", "DEPA"] as const;
export const EQUIPMENT_EVENT_TYPE_CODES = [
  "LOAD",
  "DISC",
  "GTIN",
  "GTOT",
  "STUF",
  "STRP",
  "PICK",
  "DROP",
  "INSP",
  "RSEA",
  "RMVD",
] as const;
