import { describe, expect, it } from "vitest";
import { isAllowedAddress, callbackShape } from "./callback-url.server";
import { notificationSignature, retryDelayMs, BACKOFF_BASE_MS } from "./subscription-delivery.server";
import {
  CreateSubscriptionSchema,
  filtersOf,
  matchesFilters,
  offendingField,
  type DcsaEventLike,
} from "./subscription-filters";

const transport: DcsaEventLike = {
  eventType: "TRANSPORT",
  transportEventTypeCode: "DEPA",
  documentReferences: [
    { documentReferenceType: "BKG", documentReferenceValue: "SG-AAAA-0001" },
    { documentReferenceType: "TRD", documentReferenceValue: "CNLAZ26000001" },
  ],
  transportCall: { transportCallID: "dep-1-CNLAZ", carrierServiceCode: "X9021", UNLocationCode: "CNLAZ" },
};
const equipment: DcsaEventLike = {
  eventType: "EQUIPMENT",
  equipmentEventTypeCode: "GTIN",
  equipmentReference: "AAAU1000001",
  eventLocation: { UNLocationCode: "CNLAZ" },
  references: [{ referenceType: "EQ", referenceValue: "AAAU1000001" }],
};
const shipment: DcsaEventLike = {
  eventType: "SHIPMENT",
  shipmentEventTypeCode: "ISSU",
  documentTypeCode: "TRD",
  documentID: "CNLAZ26000001",
};

describe("subscription filters", () => {
  it("matches every filter given (AND), any value of a list (OR), and everything without filters", () => {
    expect([transport, equipment, shipment].every((event) => matchesFilters(event, {}))).toBe(true);
    expect(matchesFilters(transport, { eventType: ["SHIPMENT", "TRANSPORT"] })).toBe(true);
    expect(matchesFilters(equipment, { eventType: ["SHIPMENT", "TRANSPORT"] })).toBe(false);
    expect(matchesFilters(transport, { eventType: ["TRANSPORT"], transportEventTypeCode: ["ARRI"] })).toBe(false);
    expect(matchesFilters(transport, { carrierBookingReference: "SG-AAAA-0001", UNLocationCode: "CNLAZ" })).toBe(true);
    expect(matchesFilters(transport, { carrierBookingReference: "SG-AAAA-0002" })).toBe(false);
    expect(matchesFilters(transport, { transportDocumentReference: "CNLAZ26000001" })).toBe(true);
    expect(matchesFilters(shipment, { transportDocumentReference: "CNLAZ26000001", documentTypeCode: ["TRD"] })).toBe(
      true,
    );
    expect(matchesFilters(shipment, { documentTypeCode: ["BKG"] })).toBe(false);
    expect(
      matchesFilters(equipment, { equipmentReference: "AAAU1000001", equipmentEventTypeCode: ["GTIN", "LOAD"] }),
    ).toBe(true);
    expect(matchesFilters(equipment, { equipmentReference: "AAAU1000002" })).toBe(false);
    // A filter on a code the event does not have excludes it: every filter must hold.
    expect(matchesFilters(transport, { equipmentEventTypeCode: ["GTIN"] })).toBe(false);
    expect(matchesFilters(transport, { carrierServiceCode: "X9021", transportCallID: "dep-1-CNLAZ" })).toBe(true);
    expect(matchesFilters(transport, { vesselIMONumber: "9321483" })).toBe(false);
  });

  it("with the bookings an event concerns, keeps those of the bookings the references name", () => {
    const named = new Set(["booking-1"]);
    expect(
      matchesFilters(shipment, { carrierBookingReference: "SG-AAAA-0001" }, { bookingIds: ["booking-1"], named }),
    ).toBe(true);
    expect(matchesFilters(transport, { carrierBookingReference: "SG-X" }, { bookingIds: ["booking-2"], named })).toBe(
      false,
    );
    expect(matchesFilters(transport, {}, { bookingIds: ["booking-2"], named: null })).toBe(true);
    // A container number: the train's transport events and that box's equipment events, no shipment events.
    const box = { equipmentReference: "AAAU1000001" };
    const concerns = { bookingIds: ["booking-1"], named };
    expect(matchesFilters(transport, box, concerns)).toBe(true);
    expect(matchesFilters(equipment, box, concerns)).toBe(true);
    expect(matchesFilters({ ...equipment, equipmentReference: "AAAU1000002", references: [] }, box, concerns)).toBe(
      false,
    );
    expect(matchesFilters(shipment, box, concerns)).toBe(false);
  });

  it("keeps the filters given, without empty lists or repeats, and names the offending field", () => {
    const parsed = CreateSubscriptionSchema.parse({
      callbackUrl: "https://hooks.example/x",
      secret: Buffer.alloc(32, 7).toString("base64"),
      eventType: ["TRANSPORT", "TRANSPORT"],
      equipmentEventTypeCode: [],
    });
    expect(filtersOf(parsed)).toEqual({ eventType: ["TRANSPORT"] });
    const secret = Buffer.alloc(16).toString("base64");
    const refused = CreateSubscriptionSchema.safeParse({ callbackUrl: "x", secret, transportEventTypeCode: ["X"] });
    expect(refused.success || offendingField(refused.error)).toBe("transportEventTypeCode");
    const short = CreateSubscriptionSchema.safeParse({ callbackUrl: "x", secret: "AAAA" });
    expect(short.success || offendingField(short.error)).toBe("secret");
    const unknown = CreateSubscriptionSchema.safeParse({
      callbackUrl: "x",
      secret: Buffer.alloc(16).toString("base64"),
      vessel: 1,
    });
    expect(unknown.success || offendingField(unknown.error)).toBe("vessel");
  });
});

describe("callback addresses", () => {
  it.each([
    ["203.0.113.10", true],
    ["8.8.8.8", true],
    ["2001:4860:4860::8888", true],
    ["127.0.0.1", false],
    ["10.0.0.1", false],
    ["172.31.255.255", false],
    ["172.32.0.1", true],
    ["192.168.1.1", false],
    ["169.254.169.254", false],
    ["100.64.1.1", false],
    ["0.0.0.0", false],
    ["224.0.0.1", false],
    ["255.255.255.255", false],
    ["::1", false],
    ["::", false],
    ["fe80::1", false],
    ["fd00::1", false],
    ["::ffff:127.0.0.1", false],
    ["::ffff:7f00:1", false],
    ["::ffff:8.8.8.8", true],
    ["64:ff9b::a9fe:a9fe", false],
    ["not an address", false],
  ])("%s is public: %s", (address, allowed) => {
    expect(isAllowedAddress(address, false)).toBe(allowed);
  });

  it("allows loopback (only) where local callbacks are allowed", () => {
    expect(isAllowedAddress("127.0.0.1", true)).toBe(true);
    expect(isAllowedAddress("::1", true)).toBe(true);
    expect(isAllowedAddress("10.0.0.1", true)).toBe(false);
    expect(callbackShape("http://localhost:3000/x", true)).toHaveProperty("url");
    expect(callbackShape("http://localhost:3000/x", false)).toEqual({ refusal: "notHttps" });
    expect(callbackShape("http://203.0.113.10/x", true)).toEqual({ refusal: "notHttps" });
    expect(callbackShape("https://hooks.example/x#frag", false)).toEqual({ refusal: "invalid" });
  });
});

describe("notification signing and backoff", () => {
  it("signs the exact body bytes with HMAC-SHA256 of the secret's bytes (DCSA Notification-Signature)", () => {
    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
    expect(notificationSignature(Buffer.from("Jefe").toString("base64"), "what do ya want for nothing?")).toBe(
      "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
  });

  it("doubles the wait after each failed try, up to an hour", () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([1, 2, 4, 8].map((factor) => factor * BACKOFF_BASE_MS));
    expect(retryDelayMs(30)).toBe(3_600_000);
  });
});
