import { describe, expect, it } from "vitest";
import { bookingClosesAt, effectiveStatus } from "./departure-status";

describe("effectiveStatus", () => {
  const cutoff = new Date("2026-12-01T09:00:00Z");
  const before = new Date("2026-12-01T08:59:59Z");

  it("keeps an open departure open until the cargo cut-off, then closes it", () => {
    expect(effectiveStatus("OPEN", cutoff, before)).toBe("OPEN");
    expect(effectiveStatus("OPEN", cutoff, cutoff)).toBe("CLOSED");
    expect(effectiveStatus("SCHEDULED", cutoff, new Date("2026-12-02T00:00:00Z"))).toBe("CLOSED");
  });

  it("never reopens what staff recorded", () => {
    for (const status of ["CANCELLED", "DEPARTED", "ARRIVED", "CLOSED"] as const) {
      expect(effectiveStatus(status, cutoff, before)).toBe(status);
    }
  });
});

describe("booking closes", () => {
  it("at the documents cut-off, or at the cargo cut-off if that comes first", () => {
    const cargoCutoffAt = new Date("2026-12-10T09:00:00Z");
    const docCutoffAt = new Date("2026-12-09T04:00:00Z");
    expect(bookingClosesAt({ cargoCutoffAt, docCutoffAt })).toEqual(docCutoffAt);
    expect(bookingClosesAt({ cargoCutoffAt, docCutoffAt: new Date("2026-12-11T00:00:00Z") })).toEqual(cargoCutoffAt);
    // Between the two cut-offs the departure shows closed for new bookings.
    expect(
      effectiveStatus("OPEN", bookingClosesAt({ cargoCutoffAt, docCutoffAt }), new Date("2026-12-09T12:00:00Z")),
    ).toBe("CLOSED");
  });
});
