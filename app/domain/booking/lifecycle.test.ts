import { describe, expect, it } from "vitest";
import {
  allows,
  BOOKING_ACTIONS,
  canAmend,
  canCancel,
  canCorrectParties,
  canGiveInstructions,
  canPay,
  feeFor,
  holdLapsed,
  nextStatus,
  type BookingAction,
} from "./lifecycle";
import { BOOKING_STATUSES, type BookingStatus } from "./statuses";
import { cancellationSchedule, DEFAULT_POLICY } from "./cancellation-policy";

/**
 * The lifecycle as the product describes it, written out pair by pair: every status × action
 * the portal knows is listed, with where it leads, or "-" where it is refused.
 */
const EXPECTED: Record<BookingStatus, Record<BookingAction, BookingStatus | "-">> = {
  DRAFT: {
    editDraft: "DRAFT",
    hold: "HELD",
    amend: "-",
    pay: "-",
    awaitTransfer: "-",
    confirm: "-",
    expire: "-",
    cancel: "CANCELLED",
    correctParties: "-",
    giveInstructions: "-",
  },
  HELD: {
    editDraft: "-",
    hold: "-",
    amend: "HELD",
    pay: "HELD",
    awaitTransfer: "AWAITING_PAYMENT",
    confirm: "CONFIRMED",
    expire: "EXPIRED",
    cancel: "CANCELLED",
    correctParties: "HELD",
    giveInstructions: "-",
  },
  AWAITING_PAYMENT: {
    editDraft: "-",
    hold: "-",
    amend: "-",
    pay: "-",
    awaitTransfer: "-",
    confirm: "CONFIRMED",
    expire: "EXPIRED",
    cancel: "CANCELLED",
    correctParties: "AWAITING_PAYMENT",
    giveInstructions: "-",
  },
  CONFIRMED: {
    editDraft: "-",
    hold: "-",
    amend: "-",
    pay: "-",
    awaitTransfer: "-",
    confirm: "-",
    expire: "-",
    cancel: "CANCELLED",
    correctParties: "CONFIRMED",
    giveInstructions: "CONFIRMED",
  },
  REJECTED: none(),
  DECLINED: none(),
  CANCELLED: none(),
  EXPIRED: {
    editDraft: "-",
    hold: "-",
    amend: "-",
    pay: "-",
    awaitTransfer: "-",
    confirm: "CONFIRMED",
    expire: "-",
    cancel: "-",
    correctParties: "-",
    giveInstructions: "-",
  },
  COMPLETED: none(),
};

function none(): Record<BookingAction, "-"> {
  return Object.fromEntries(BOOKING_ACTIONS.map((action) => [action, "-"])) as Record<BookingAction, "-">;
}

const NOW = new Date("2026-12-01T08:00:00Z");
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

describe("booking lifecycle", () => {
  const pairs = BOOKING_STATUSES.flatMap((status) => BOOKING_ACTIONS.map((action) => [status, action] as const));

  it("covers every status and action", () => {
    expect(pairs).toHaveLength(BOOKING_STATUSES.length * BOOKING_ACTIONS.length);
    expect(Object.keys(EXPECTED).sort()).toEqual([...BOOKING_STATUSES].sort());
  });

  it.each(pairs)("%s → %s", (status, action) => {
    const expected = EXPECTED[status][action];
    expect(allows(status, action)).toBe(expected !== "-");
    if (expected === "-") expect(() => nextStatus(status, action)).toThrow(`A ${status} booking cannot ${action}`);
    else expect(nextStatus(status, action)).toBe(expected);
  });

  it("knows no other status", () => {
    expect(allows("SHIPPED", "cancel")).toBe(false);
    expect(() => nextStatus("", "hold")).toThrow();
  });
});

describe("time rules", () => {
  it("a hold lapses at its end, and so does an invoice's reservation; other statuses never", () => {
    expect(holdLapsed({ status: "HELD", holdExpiresAt: minutes(1) }, NOW)).toBe(false);
    expect(holdLapsed({ status: "HELD", holdExpiresAt: NOW }, NOW)).toBe(true);
    expect(holdLapsed({ status: "AWAITING_PAYMENT", holdExpiresAt: minutes(-1) }, NOW)).toBe(true);
    expect(holdLapsed({ status: "CONFIRMED", holdExpiresAt: minutes(-1) }, NOW)).toBe(false);
    expect(holdLapsed({ status: "HELD", holdExpiresAt: null }, NOW)).toBe(false);
  });

  it("pays only a hold that is still running", () => {
    expect(canPay({ status: "HELD", holdExpiresAt: minutes(5) }, NOW)).toBe(true);
    expect(canPay({ status: "HELD", holdExpiresAt: minutes(-5) }, NOW)).toBe(false);
    expect(canPay({ status: "HELD", holdExpiresAt: null }, NOW)).toBe(false);
    expect(canPay({ status: "AWAITING_PAYMENT", holdExpiresAt: minutes(5) }, NOW)).toBe(false);
  });

  it("amends container holds before the cargo cut-off, never air pieces", () => {
    expect(canAmend({ status: "HELD", mode: "RAIL", cargoCutoffAt: minutes(60) }, NOW)).toBe(true);
    expect(canAmend({ status: "HELD", mode: "RAIL", cargoCutoffAt: NOW }, NOW)).toBe(false);
    expect(canAmend({ status: "HELD", mode: "AIR", cargoCutoffAt: minutes(60) }, NOW)).toBe(false);
    expect(canAmend({ status: "CONFIRMED", mode: "RAIL", cargoCutoffAt: minutes(60) }, NOW)).toBe(false);
  });

  it("cancels what is not yet over", () => {
    expect(["DRAFT", "HELD", "AWAITING_PAYMENT", "CONFIRMED"].every((status) => canCancel({ status }))).toBe(true);
    expect(["CANCELLED", "EXPIRED", "COMPLETED"].some((status) => canCancel({ status }))).toBe(false);
  });

  it("charges a cancellation fee only once something is committed, under the corridor's policy", () => {
    const booking = (status: string, corridorCode = "CHINA_EUROPE") => ({
      status,
      totalMinor: 1_000_000,
      departure: {
        departureAt: new Date(NOW.getTime() + 5 * 86_400_000),
        cargoCutoffAt: new Date(NOW.getTime() + 3 * 86_400_000),
        service: { corridorCode },
      },
    });
    expect(feeFor(booking("HELD"), NOW)).toEqual({ tier: "FREE", percent: 0, feeMinor: 0 });
    expect(feeFor(booking("DRAFT"), NOW)).toEqual({ tier: "FREE", percent: 0, feeMinor: 0 });
    // Five days before departure: past the 7 free days, before the cut-off.
    expect(feeFor(booking("CONFIRMED"), NOW)).toEqual({ tier: "BEFORE_CUTOFF", percent: 50, feeMinor: 500_000 });
    expect(feeFor(booking("AWAITING_PAYMENT", "AIR_CHARTER"), NOW)).toEqual({
      tier: "BEFORE_CUTOFF",
      percent: 75,
      feeMinor: 750_000,
    });
  });
});

describe("party corrections", () => {
  const docCutoffAt = minutes(60);
  it("are taken after the hold until the documents cut-off, not for a draft or a closed booking", () => {
    expect(canCorrectParties({ status: "HELD", docCutoffAt }, NOW)).toBe(true);
    expect(canCorrectParties({ status: "CONFIRMED", docCutoffAt }, minutes(59))).toBe(true);
    expect(canCorrectParties({ status: "CONFIRMED", docCutoffAt }, minutes(60))).toBe(false);
    expect(canCorrectParties({ status: "DRAFT", docCutoffAt }, NOW)).toBe(false);
    expect(canCorrectParties({ status: "CANCELLED", docCutoffAt }, NOW)).toBe(false);
  });
});

describe("cancellation schedule", () => {
  const booking = { totalMinor: 1_000_000, departureAt: minutes(20 * 24 * 60), cargoCutoffAt: minutes(18 * 24 * 60) };
  it("lists the tiers to come with their dates and fees, and leaves out those already past", () => {
    const tiers = cancellationSchedule(DEFAULT_POLICY, booking, NOW);
    expect(tiers.map((tier) => [tier.tier, tier.feeMinor])).toEqual([
      ["FREE", 0],
      ["BEFORE_CUTOFF", 500_000],
      ["AFTER_CUTOFF", 1_000_000],
    ]);
    expect(tiers[0]!.until).toEqual(minutes(13 * 24 * 60));
    expect(tiers[1]).toMatchObject({ from: minutes(13 * 24 * 60), until: booking.cargoCutoffAt });
    const late = cancellationSchedule(DEFAULT_POLICY, booking, minutes(15 * 24 * 60));
    expect(late.map((tier) => tier.tier)).toEqual(["BEFORE_CUTOFF", "AFTER_CUTOFF"]);
    // The fee charged at any moment is the schedule's tier at that moment.
    expect(
      feeFor(
        { status: "CONFIRMED", ...booking, departure: { ...booking, service: { corridorCode: "X" } } },
        minutes(15 * 24 * 60),
      ).feeMinor,
    ).toBe(late[0]!.feeMinor);
  });
});

describe("shipping instructions", () => {
  const docCutoffAt = minutes(60);
  it("are given once confirmed, until the documents cut-off or while staff have reopened them", () => {
    expect(canGiveInstructions({ status: "CONFIRMED", docCutoffAt }, null, minutes(59))).toBe(true);
    expect(canGiveInstructions({ status: "CONFIRMED", docCutoffAt }, null, minutes(60))).toBe(false);
    expect(canGiveInstructions({ status: "HELD", docCutoffAt }, null, NOW)).toBe(false);
    expect(canGiveInstructions({ status: "AWAITING_PAYMENT", docCutoffAt }, null, NOW)).toBe(false);
    expect(canGiveInstructions({ status: "CANCELLED", docCutoffAt }, minutes(120), minutes(90))).toBe(false);
    // Reopened by staff until two hours from now: open again after the cut-off, until then.
    expect(canGiveInstructions({ status: "CONFIRMED", docCutoffAt }, minutes(120), minutes(90))).toBe(true);
    expect(canGiveInstructions({ status: "CONFIRMED", docCutoffAt }, minutes(120), minutes(120))).toBe(false);
  });
});
