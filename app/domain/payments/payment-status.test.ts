import { describe, expect, it } from "vitest";
import {
  ATTEMPT_IN_FLIGHT,
  CLOSED_FOR_MONEY,
  isIn,
  isPaymentStatus,
  MONEY_CAME_IN,
  OPEN_PAYMENT_STATUSES,
  PAYMENT_STATUSES,
  statusAfterRefunds,
} from "./payment-status";

describe("payment statuses", () => {
  it("groups only known statuses, and never calls a payment both open and closed for money", () => {
    for (const group of [ATTEMPT_IN_FLIGHT, OPEN_PAYMENT_STATUSES, CLOSED_FOR_MONEY, MONEY_CAME_IN]) {
      expect(group.every((status) => isPaymentStatus(status))).toBe(true);
    }
    expect(OPEN_PAYMENT_STATUSES.filter((status) => isIn(status, CLOSED_FOR_MONEY))).toEqual([]);
    expect(ATTEMPT_IN_FLIGHT.every((status) => isIn(status, OPEN_PAYMENT_STATUSES))).toBe(true);
    expect(MONEY_CAME_IN.filter((status) => isIn(status, OPEN_PAYMENT_STATUSES))).toEqual([]);
    expect(isPaymentStatus("PAID")).toBe(false);
    expect(new Set(PAYMENT_STATUSES).size).toBe(PAYMENT_STATUSES.length);
  });

  it("is refunded when all that came in went back, partly refunded otherwise", () => {
    expect(statusAfterRefunds({ receivedMinor: 10_000, refundedMinor: 10_000 })).toBe("REFUNDED");
    expect(statusAfterRefunds({ receivedMinor: 10_000, refundedMinor: 12_000 })).toBe("REFUNDED");
    expect(statusAfterRefunds({ receivedMinor: 10_000, refundedMinor: 2_500 })).toBe("PARTIALLY_REFUNDED");
  });
});
