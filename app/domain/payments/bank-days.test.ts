import { describe, expect, it } from "vitest";
import { bankTransferDueAt, businessDaysLater, lastBusinessDayEndBefore } from "./bank-days";

// Beijing time is UTC+8 all year: 17:00 there is 09:00Z.
const beijing = (local: string) => new Date(`${local}+08:00`);
const policy = { days: 3, minimumDays: 2 };

describe("bank-transfer due times", () => {
  it("fall at 17:00 Beijing time on a business day, weekends skipped", () => {
    // Tuesday morning + 3 business days: Friday 17:00.
    expect(businessDaysLater(beijing("2026-12-01T08:01:00"), 3)).toEqual(beijing("2026-12-04T17:00:00"));
    // Thursday late at night + 3: Tuesday 17:00 (the weekend is not a business day).
    expect(businessDaysLater(beijing("2026-12-03T23:40:00"), 3)).toEqual(beijing("2026-12-08T17:00:00"));
    // Saturday + 1: Monday.
    expect(businessDaysLater(beijing("2026-12-05T10:00:00"), 1)).toEqual(beijing("2026-12-07T17:00:00"));
  });

  it("come before the cargo cut-off, at the end of the business day before it", () => {
    expect(lastBusinessDayEndBefore(beijing("2026-12-07T00:40:00"))).toEqual(beijing("2026-12-04T17:00:00"));
    expect(lastBusinessDayEndBefore(beijing("2026-12-08T18:00:00"))).toEqual(beijing("2026-12-08T17:00:00"));
    // Cut-off next Tuesday 06:00: three business days would end after it, so Monday 17:00.
    expect(bankTransferDueAt(beijing("2026-12-03T09:00:00"), policy, beijing("2026-12-08T06:00:00"))).toEqual(
      beijing("2026-12-07T17:00:00"),
    );
    expect(bankTransferDueAt(beijing("2026-12-01T08:01:00"), policy, beijing("2026-12-20T06:00:00"))).toEqual(
      beijing("2026-12-04T17:00:00"),
    );
  });

  it("are not offered when the cut-off leaves fewer than the minimum business days", () => {
    // Friday evening, cut-off Monday night: one business day (Monday) only.
    expect(bankTransferDueAt(beijing("2026-12-04T19:00:00"), policy, beijing("2026-12-07T22:00:00"))).toBeNull();
    // 16 hours before the cut-off: never.
    expect(bankTransferDueAt(beijing("2026-12-01T08:00:00"), policy, beijing("2026-12-02T00:00:00"))).toBeNull();
  });
});
