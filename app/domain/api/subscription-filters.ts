import { z } from "zod";
import {
  DOCUMENT_TYPE_CODES,
  EQUIPMENT_EVENT_TYPE_CODES,
  EVENT_TYPES,
  SHIPMENT_EVENT_TYPE_CODES,
  TRANSPORT_EVENT_TYPE_CODES,
} from "./dcsa-codes";

/*
 * DCSA T&T 2.2 subscription bodies (`subscriptionBody`, `subscriptionBodyWithSecret`,
 * `subscription`) and how their filters select events (decision 026): all filters given must
 * hold (AND); a list filter holds when one of its values does (OR). Deprecated fields of the
 * spec are refused as unknown, so a subscriber learns at once that they filter nothing here.
 */

const list = <T extends readonly [string, ...string[]]>(values: T) => z.array(z.enum(values)).max(values.length * 2);
const text = (max: number) => z.string().trim().min(1).max(max);

/** The filters of a subscription, as DCSA names them. */
export const FilterShape = {
  eventType: list(EVENT_TYPES),
  shipmentEventTypeCode: list(SHIPMENT_EVENT_TYPE_CODES),
  documentTypeCode: list(DOCUMENT_TYPE_CODES),
  carrierBookingReference: text(35),
  transportDocumentReference: text(20),
  transportEventTypeCode: list(TRANSPORT_EVENT_TYPE_CODES),
  transportCallID: text(100),
  vesselIMONumber: z.string().regex(/^\d{7}$/),
  exportVoyageNumber: text(50),
  carrierServiceCode: text(5),
  UNLocationCode: z.string().regex(/^[A-Z]{2}[A-Z2-9]{3}$/),
  equipmentEventTypeCode: list(EQUIPMENT_EVENT_TYPE_CODES),
  equipmentReference: text(15),
} as const;

export type SubscriptionFilters = { [K in keyof typeof FilterShape]?: z.infer<(typeof FilterShape)[K]> };
export const FILTER_NAMES = Object.keys(FilterShape) as (keyof typeof FilterShape)[];

/** DCSA's callbackUrl: an absolute URI (where it may lead is callback-url.server.ts's question). */
const callbackUrl = z.string().trim().min(1).max(2000);
/** DCSA's secret: base64 (`format: byte`), at least 128 bits, at most 1 KiB. */
export const SecretSchema = z
  .string()
  .max(1400)
  .regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/)
  .refine((value) => Buffer.from(value, "base64").length >= 16 && Buffer.from(value, "base64").length <= 1024);

const filterObject = z.object(FilterShape).partial();

/** POST /v2/event-subscriptions: `subscriptionBodyWithSecret`. */
export const CreateSubscriptionSchema = filterObject.extend({ callbackUrl, secret: SecretSchema }).strict();
/** PUT /v2/event-subscriptions/{id}: `subscription` — no secret (the spec: only valid in POST). */
export const UpdateSubscriptionSchema = filterObject
  .extend({ callbackUrl, subscriptionID: z.string().optional() })
  .strict();
/** PUT /v2/event-subscriptions/{id}/secret. */
export const SecretBodySchema = z.object({ secret: SecretSchema }).strict();

/**
 * The name of the first field a zod failure is about (what DCSA's 400 names): the unknown key
 * for an unexpected field, the body's field otherwise (not the index within a list).
 */
export function offendingField(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "body";
  if (issue.code === "unrecognized_keys") return issue.keys[0] ?? "body";
  return issue.path.length > 0 ? String(issue.path[0]) : "body";
}

/** The filters a parsed body sets: empty lists filter nothing and are left out. */
export function filtersOf(body: Record<string, unknown>): SubscriptionFilters {
  const filters: Record<string, unknown> = {};
  for (const name of FILTER_NAMES) {
    const value = body[name];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    filters[name] = Array.isArray(value) ? [...new Set(value)] : value;
  }
  return filters as SubscriptionFilters;
}

/** A DCSA event as the mapper makes it (the fields the filters read). */
export interface DcsaEventLike {
  eventType: string;
  shipmentEventTypeCode?: string;
  transportEventTypeCode?: string;
  equipmentEventTypeCode?: string;
  documentTypeCode?: string;
  documentID?: string;
  equipmentReference?: string;
  documentReferences?: { documentReferenceType: string; documentReferenceValue: string }[];
  references?: { referenceType: string; referenceValue: string }[];
  eventLocation?: { UNLocationCode?: string };
  transportCall?: {
    transportCallID?: string;
    carrierServiceCode?: string;
    exportVoyageNumber?: string;
    UNLocationCode?: string;
    location?: { UNLocationCode?: string };
    vessel?: { vesselIMONumber?: string };
  };
}

function documentValues(event: DcsaEventLike, types: string[]): string[] {
  const values = (event.documentReferences ?? [])
    .filter((reference) => types.includes(reference.documentReferenceType))
    .map((reference) => reference.documentReferenceValue);
  // A shipment event is about the document it names.
  if (event.eventType === "SHIPMENT" && event.documentID && types.includes(event.documentTypeCode ?? "")) {
    values.push(event.documentID);
  }
  return values;
}

/**
 * What a DCSA event concerns, as the feed knows it: the company's bookings it is about, and the
 * bookings the subscription's reference filters name (null: it names none).
 */
export interface Concerns {
  bookingIds: string[];
  named: ReadonlySet<string> | null;
}

/**
 * Whether a DCSA event passes every filter of a subscription, as `GET /v2/events` filters: a
 * booking reference, waybill number or container number keeps the events of the bookings they
 * name (with `concerns`; from the event's own references without); a container number keeps
 * transport events and that box's equipment events; codes, places and calls from the event.
 */
export function matchesFilters(event: DcsaEventLike, filters: SubscriptionFilters, concerns?: Concerns): boolean {
  const oneOf = (allowed: readonly string[] | undefined, value: string | undefined) =>
    allowed === undefined || (value !== undefined && allowed.includes(value));
  const equals = (wanted: string | undefined, values: (string | undefined)[]) =>
    wanted === undefined || values.some((value) => value === wanted);
  const call = event.transportCall;
  const box = filters.equipmentReference;
  const references = concerns
    ? concerns.named === null || concerns.bookingIds.some((id) => concerns.named!.has(id))
    : // A booking's customs release names the booking (its documentID is the booking reference).
      equals(filters.carrierBookingReference, documentValues(event, ["BKG", "CBR", "CUS"])) &&
      equals(filters.transportDocumentReference, documentValues(event, ["TRD"]));
  return (
    references &&
    (box === undefined ||
      (concerns ? event.eventType === "TRANSPORT" : false) ||
      (event.eventType === "EQUIPMENT" &&
        equals(box, [
          event.equipmentReference,
          ...(event.references ?? []).filter((ref) => ref.referenceType === "EQ").map((ref) => ref.referenceValue),
        ]))) &&
    oneOf(filters.eventType, event.eventType) &&
    oneOf(filters.shipmentEventTypeCode, event.shipmentEventTypeCode) &&
    oneOf(filters.documentTypeCode, event.eventType === "SHIPMENT" ? event.documentTypeCode : undefined) &&
    oneOf(filters.transportEventTypeCode, event.transportEventTypeCode) &&
    oneOf(filters.equipmentEventTypeCode, event.equipmentEventTypeCode) &&
    equals(filters.UNLocationCode, [
      call?.UNLocationCode,
      call?.location?.UNLocationCode,
      event.eventLocation?.UNLocationCode,
    ]) &&
    equals(filters.transportCallID, [call?.transportCallID]) &&
    equals(filters.carrierServiceCode, [call?.carrierServiceCode]) &&
    equals(filters.exportVoyageNumber, [call?.exportVoyageNumber]) &&
    equals(filters.vesselIMONumber, [call?.vessel?.vesselIMONumber])
  );
}

/** The stored filters of a subscription (JSON written by this module). */
export function parseStoredFilters(stored: string): SubscriptionFilters {
  const parsed = filterObject.safeParse(JSON.parse(stored));
  return parsed.success ? filtersOf(parsed.data) : {};
}
