import { describe, expect, it } from "vitest";
import { effectiveStatus } from "./departure-status";

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
