import type { EventType } from "~/domain/operations/events";
import { ApiProblem } from "./dcsa-http.server";
import {
  DOCUMENT_TYPE_CODES,
  EQUIPMENT_EVENT_TYPE_CODES,
  EVENT_TYPES,
  SHIPMENT_EVENT_TYPE_CODES,
  TRANSPORT_EVENT_TYPE_CODES,
} from "./dcsa-codes";

/*
 * The query of `GET /v2/events` (DCSA T&T 2.2): its filters checked against the official
 * definitions (code lists, lengths, date-times), every refusal a 400 naming the parameter.
 */

/** DCSA sets no maximum; a page of more than this many events is refused. */
export const MAX_LIMIT = 1000;
export const DEFAULT_LIMIT = 100;

const CREATED_OPERATORS = ["gte", "gt", "lte", "lt", "eq"] as const;
type CreatedOperator = (typeof CREATED_OPERATORS)[number];

export interface EventFilters {
  eventTypes?: EventType[];
  shipmentEventTypeCodes?: string[];
  documentTypeCodes?: string[];
  transportEventTypeCodes?: string[];
  equipmentEventTypeCodes?: string[];
  carrierBookingReference?: string;
  transportDocumentReference?: string;
  transportCallID?: string;
  carrierServiceCode?: string;
  UNLocationCode?: string;
  equipmentReference?: string;
  created: Partial<Record<CreatedOperator, Date>>;
  /**
   * A filter no event of this carrier can match: vessels, voyages and schedules (rail legs
   * have none in the events), transport-document UUIDs (waybills are named by their number).
   */
  matchesNothing: boolean;
}

export interface EventQuery {
  filters: EventFilters;
  limit: number | null;
  cursor: string | null;
  /** The filters as a canonical query string: what a cursor is bound to. */
  canonical: string;
}

const LISTS: Record<string, { codes: readonly string[]; key: keyof EventFilters }> = {
  eventType: { codes: EVENT_TYPES, key: "eventTypes" },
  shipmentEventTypeCode: { codes: SHIPMENT_EVENT_TYPE_CODES, key: "shipmentEventTypeCodes" },
  documentTypeCode: { codes: DOCUMENT_TYPE_CODES, key: "documentTypeCodes" },
  transportEventTypeCode: { codes: TRANSPORT_EVENT_TYPE_CODES, key: "transportEventTypeCodes" },
  equipmentEventTypeCode: { codes: EQUIPMENT_EVENT_TYPE_CODES, key: "equipmentEventTypeCodes" },
};

/** Text filters and their longest value per the schema; `bookingReference` is DCSA's deprecated alias. */
const TEXTS: Record<string, { max: number; key: keyof EventFilters; pattern?: RegExp }> = {
  carrierBookingReference: { max: 35, key: "carrierBookingReference" },
  bookingReference: { max: 35, key: "carrierBookingReference" },
  transportDocumentReference: { max: 20, key: "transportDocumentReference" },
  transportCallID: { max: 100, key: "transportCallID" },
  carrierServiceCode: { max: 5, key: "carrierServiceCode" },
  UNLocationCode: { max: 5, key: "UNLocationCode", pattern: /^[A-Z]{2}[A-Z2-9]{3}$/ },
  equipmentReference: { max: 15, key: "equipmentReference" },
};

const NOTHING: Record<string, { max: number; pattern?: RegExp }> = {
  vesselIMONumber: { max: 7, pattern: /^\d{7}$/ },
  carrierVoyageNumber: { max: 50 },
  exportVoyageNumber: { max: 50 },
  scheduleID: { max: 36 },
  transportDocumentID: { max: 36, pattern: /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i },
};

const SORTS = ["eventCreatedDateTime", "eventCreatedDateTime:ASC"];

// A date-time with its offset; a "+" sent unencoded arrives as a space and is read as one.
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+ -]\d{2}:?\d{2})$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function refuse(name: string): never {
  throw new ApiProblem(400, "invalidQuery", { name: name.slice(0, 60) });
}

function parseDateTime(name: string, value: string): Date {
  const match = DATE_TIME.exec(value);
  if (!match) refuse(name);
  const offset = match[3]!.replace(/^ /, "+");
  const date = new Date(
    `${match[1]}T${match[2]}${offset === "Z" ? "Z" : offset.replace(/^([+-]\d{2})(\d{2})$/, "$1:$2")}`,
  );
  // A date JavaScript would roll over (February 30th) is refused, not moved.
  const calendar = new Date(`${match[1]}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || calendar.toISOString().slice(0, 10) !== match[1]) refuse(name);
  return date;
}

/** The query of `GET /v2/events`; anything unknown, repeated or malformed is a 400 naming it. */
export function parseEventQuery(params: URLSearchParams): EventQuery {
  const filters: EventFilters = { created: {}, matchesNothing: false };
  const seen = new Set<string>();
  const canonical: [string, string][] = [];
  let limit: number | null = null;
  let cursor: string | null = null;
  for (const [name, value] of params) {
    if (seen.has(name)) refuse(name);
    seen.add(name);
    if (value === "" || value.length > 4096 || CONTROL.test(value)) refuse(name);
    if (name === "limit") {
      if (!/^\d{1,7}$/.test(value)) refuse(name);
      limit = Number(value);
      if (limit < 1 || limit > MAX_LIMIT) refuse(name);
      continue;
    }
    if (name === "cursor") {
      cursor = value;
      continue;
    }
    if (name === "sort") {
      if (!SORTS.includes(value)) refuse(name);
      continue;
    }
    canonical.push([name, value]);
    const list = LISTS[name];
    const text = TEXTS[name];
    const nothing = NOTHING[name];
    const created = /^eventCreatedDateTime(?::(\w+))?$/.exec(name);
    if (list) {
      const codes = value.split(",").map((code) => code.trim());
      if (codes.some((code) => !list.codes.includes(code))) refuse(name);
      (filters as unknown as Record<string, string[]>)[list.key] = [...new Set(codes)];
    } else if (text) {
      if (value.length > text.max || (text.pattern && !text.pattern.test(value))) refuse(name);
      if (filters[text.key] !== undefined) refuse(name);
      (filters as unknown as Record<string, string>)[text.key] = value;
    } else if (nothing) {
      if (value.length > nothing.max || (nothing.pattern && !nothing.pattern.test(value))) refuse(name);
      filters.matchesNothing = true;
    } else if (created) {
      const operator = (created[1] ?? "eq") as CreatedOperator;
      if (!CREATED_OPERATORS.includes(operator) || filters.created[operator]) refuse(name);
      filters.created[operator] = parseDateTime(name, value);
    } else {
      refuse(name);
    }
  }
  canonical.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { filters, limit, cursor, canonical: new URLSearchParams(canonical).toString() };
}
