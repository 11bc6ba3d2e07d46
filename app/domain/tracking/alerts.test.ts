import { describe, expect, it } from "vitest";
import {
  actualEventFacts,
  currentEstimate,
  etaChangeWorthTelling,
  groupDigest,
  hasActualArrival,
  nextDigestAt,
  type SweptEvent,
} from "./alerts";
import { buildCalendar } from "./calendar";

const H = 3_600_000;
const t0 = new Date("2026-12-10T00:00:00Z");
const at = (hours: number) => new Date(t0.getTime() + hours * H);

let n = 0;
function event(fields: Partial<SweptEvent> & { milestone: string }): SweptEvent {
  n += 1;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    classifier: "ACT",
    eventAt: at(n),
    createdAt: at(n),
    placeCode: "CNLHW",
    bookingId: null,
    equipmentReference: null,
    supersedesId: null,
    ...fields,
  };
}

describe("ETA threshold", () => {
  it("tells a change of more than the threshold, earlier or later, and nothing at or below it", () => {
    expect(etaChangeWorthTelling(at(0), at(12), 12)).toBe(false);
    expect(etaChangeWorthTelling(at(0), at(12.01), 12)).toBe(true);
    expect(etaChangeWorthTelling(at(0), at(-13), 12)).toBe(true);
    expect(etaChangeWorthTelling(at(0), at(7), 6)).toBe(true);
    expect(etaChangeWorthTelling(at(0), at(23), 24)).toBe(false);
  });

  it("never tells with the threshold 0 (no ETA alerts)", () => {
    expect(etaChangeWorthTelling(at(0), at(1000), 0)).toBe(false);
  });
});

describe("digest", () => {
  it("is due at 08:00 in the subscriber's zone, the next one after the change", () => {
    // 05:00 in Almaty (UTC+5) → 08:00 the same day, 03:00Z.
    expect(nextDigestAt(new Date("2026-12-10T00:00:00Z"), "Asia/Almaty").toISOString()).toBe(
      "2026-12-10T03:00:00.000Z",
    );
    // 09:00 in Berlin (UTC+1) → 08:00 the next day.
    expect(nextDigestAt(new Date("2026-12-10T08:00:00Z"), "Europe/Berlin").toISOString()).toBe(
      "2026-12-11T07:00:00.000Z",
    );
    // Exactly 08:00 local has just been sent: the next is tomorrow.
    expect(nextDigestAt(new Date("2026-12-10T07:00:00Z"), "Europe/Berlin").toISOString()).toBe(
      "2026-12-11T07:00:00.000Z",
    );
  });

  it("groups the day's changes by consignment, each in the order they happened", () => {
    const items = [
      { bookingId: "b2", reference: "SG-BBBB-0002", createdAt: at(3), n: 1 },
      { bookingId: "b1", reference: "SG-AAAA-0001", createdAt: at(5), n: 2 },
      { bookingId: "b2", reference: "SG-BBBB-0002", createdAt: at(1), n: 3 },
    ];
    expect(groupDigest(items).map((section) => [section.reference, section.items.map((item) => item.n)])).toEqual([
      ["SG-AAAA-0001", [2]],
      ["SG-BBBB-0002", [3, 1]],
    ]);
  });
});

describe("actual events told", () => {
  const booking = { id: "booking-1", containerNumbers: ["CSQU3054383"] };

  it("tells the alert milestones of the train and of the booking's boxes recorded since subscribing", () => {
    const departed = event({ milestone: "DEPARTED" });
    const border = event({ milestone: "BORDER_CROSSED", placeCode: "KZDOS" });
    const discharged = event({ milestone: "DISCHARGED", equipmentReference: "CSQU3054383" });
    const delivered = event({ milestone: "DELIVERED", placeCode: "DEDUI", equipmentReference: "CSQU3054383" });
    const otherBox = event({ milestone: "DELIVERED", placeCode: "DEDUI", equipmentReference: "MSKU0000001" });
    const estimate = event({ milestone: "ARRIVED", classifier: "EST" });
    const facts = actualEventFacts([departed, border, discharged, delivered, otherBox, estimate], booking, at(0));
    expect(facts.map((fact) => fact.key)).toEqual([
      "EVENT:DEPARTED:CNLHW:",
      "EVENT:BORDER_CROSSED:KZDOS:",
      "EVENT:DELIVERED:DEDUI:CSQU3054383",
    ]);
    // Recorded before the subscription: not told.
    expect(actualEventFacts([departed, border], booking, at(1.5)).map((fact) => fact.key)).toEqual([
      "EVENT:BORDER_CROSSED:KZDOS:",
    ]);
  });

  it("does not tell another booking's box, even under a number this booking declared too", () => {
    const theirs = event({
      milestone: "DELIVERED",
      placeCode: "DEDUI",
      equipmentReference: "CSQU3054383",
      bookingId: "booking-of-another-company",
    });
    const ours = event({
      milestone: "DELIVERED",
      placeCode: "DEDUI",
      equipmentReference: "CSQU3054383",
      bookingId: "booking-1",
    });
    expect(actualEventFacts([theirs], booking, at(0))).toEqual([]);
    expect(actualEventFacts([theirs, ours], booking, at(0)).map((fact) => fact.event.id)).toEqual([ours.id]);
  });

  it("keys a correction like what it corrects (a fixed time is not told again); a superseded event is not told", () => {
    const arrived = event({ milestone: "ARRIVED", placeCode: "DEDUI" });
    const corrected = event({ milestone: "ARRIVED", placeCode: "DEDUI", supersedesId: arrived.id, eventAt: at(-2) });
    const facts = actualEventFacts([arrived, corrected], booking, at(0));
    expect(facts).toHaveLength(1);
    expect(facts[0]!.key).toBe("EVENT:ARRIVED:DEDUI:");
    expect(facts[0]!.event.id).toBe(corrected.id);
    // A correction of an event recorded before subscribing is not news either.
    expect(actualEventFacts([arrived, corrected], booking, new Date(arrived.createdAt.getTime() + 1))).toEqual([]);
  });

  it("reads the estimate in force and whether the train has arrived", () => {
    const first = event({ milestone: "ARRIVED", classifier: "EST", eventAt: at(100) });
    const second = event({ milestone: "ARRIVED", classifier: "EST", eventAt: at(130), supersedesId: first.id });
    expect(currentEstimate([first, second], "ARRIVED")?.eventAt).toEqual(at(130));
    expect(hasActualArrival([first, second])).toBe(false);
    expect(hasActualArrival([first, event({ milestone: "ARRIVED" })])).toBe(true);
  });
});

describe("iCalendar feed", () => {
  const base = {
    reference: "SG-7K3M-9QX2",
    departureId: "dep1",
    departureAt: new Date("2026-12-10T02:00:00Z"),
    etaAt: new Date("2026-12-26T06:00:00Z"),
    scheduledAt: new Date("2026-11-01T00:00:00Z"),
    language: "de",
    text: {
      name: "SG-7K3M-9QX2: Lanzhou → Duisburg",
      summary: (kind: string, actual: boolean) => `${kind}${actual ? " (actual)" : ""}`,
      origin: "Lanzhou",
      destination: "Duisburg",
      description: "Zug X8001",
    },
  };
  const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, "");

  it("has the departure and the ETA with stable UIDs, in UTC", () => {
    const ics = unfold(buildCalendar({ ...base, events: [] }));
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(ics).toContain("METHOD:PUBLISH");
    expect(ics).toContain("UID:SG-7K3M-9QX2-dep1-departure@silu-gateway");
    expect(ics).toContain("UID:SG-7K3M-9QX2-dep1-arrival@silu-gateway");
    expect(ics).toContain("DTSTART:20261210T020000Z");
    expect(ics).toContain("DTSTART:20261226T060000Z");
    expect(ics).toContain("LOCATION:Duisburg");
    expect(ics).toContain("SEQUENCE:0");
    expect(ics).toContain("DTSTAMP:20261101T000000Z");
    expect(ics).toBe(unfold(buildCalendar({ ...base, events: [] })));
  });

  it("moves the ETA with a delay, raising SEQUENCE and DTSTAMP; the UID stays", () => {
    const delayed = event({
      milestone: "ARRIVED",
      classifier: "EST",
      eventAt: new Date("2026-12-27T18:00:00Z"),
      createdAt: new Date("2026-12-05T09:30:00Z"),
    });
    const ics = unfold(buildCalendar({ ...base, events: [delayed] }));
    const arrival = ics.slice(ics.indexOf("UID:SG-7K3M-9QX2-dep1-arrival"));
    expect(arrival).toContain("DTSTART:20261227T180000Z");
    expect(arrival).toContain("SEQUENCE:1");
    expect(arrival).toContain("DTSTAMP:20261205T093000Z");
    expect(ics).toContain("DTSTART:20261210T020000Z");
  });
});
