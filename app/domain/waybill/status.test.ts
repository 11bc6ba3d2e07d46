import { describe, expect, it } from "vitest";
import {
  actionsFor,
  allows,
  canIssue,
  dcsaTransportDocumentStatus,
  isWaybillStatus,
  mayAct,
  next,
  versionAfter,
  versionState,
  WAYBILL_ACTIONS,
  WAYBILL_ACTORS,
  WAYBILL_ROLES,
  WAYBILL_STATUSES,
  type WaybillAction,
  type WaybillRole,
  type WaybillStatus,
} from "./status";

/**
 * The lifecycle as issue 12 describes it, pair by pair: every status × action, with where it
 * leads, or "-" where it is refused.
 */
const EXPECTED: Record<WaybillStatus, Record<WaybillAction, WaybillStatus | "-">> = {
  DRAFT: {
    resubmit: "DRAFT",
    approve: "APPROVED",
    requestChanges: "CHANGES_REQUESTED",
    return: "RETURNED",
    issue: "-",
    amend: "-",
    surrender: "-",
    void: "VOIDED",
  },
  CHANGES_REQUESTED: {
    resubmit: "DRAFT",
    approve: "-",
    requestChanges: "-",
    return: "-",
    issue: "-",
    amend: "-",
    surrender: "-",
    void: "VOIDED",
  },
  RETURNED: {
    resubmit: "DRAFT",
    approve: "-",
    requestChanges: "-",
    return: "-",
    issue: "-",
    amend: "-",
    surrender: "-",
    void: "VOIDED",
  },
  APPROVED: {
    resubmit: "-",
    approve: "-",
    requestChanges: "-",
    return: "RETURNED",
    issue: "ISSUED",
    amend: "-",
    surrender: "-",
    void: "VOIDED",
  },
  ISSUED: {
    resubmit: "-",
    approve: "-",
    requestChanges: "-",
    return: "-",
    issue: "-",
    amend: "ISSUED",
    surrender: "SURRENDERED_FOR_DELIVERY",
    void: "VOIDED",
  },
  SURRENDERED_FOR_DELIVERY: {
    resubmit: "-",
    approve: "-",
    requestChanges: "-",
    return: "-",
    issue: "-",
    amend: "-",
    surrender: "-",
    void: "-",
  },
  VOIDED: {
    resubmit: "-",
    approve: "-",
    requestChanges: "-",
    return: "-",
    issue: "-",
    amend: "-",
    surrender: "-",
    void: "-",
  },
};

describe("waybill status machine", () => {
  it("covers every status and action", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...WAYBILL_STATUSES].sort());
    for (const status of WAYBILL_STATUSES)
      expect(Object.keys(EXPECTED[status]).sort()).toEqual([...WAYBILL_ACTIONS].sort());
  });

  for (const status of WAYBILL_STATUSES) {
    for (const action of WAYBILL_ACTIONS) {
      const expected = EXPECTED[status][action];
      it(`${status} × ${action} → ${expected}`, () => {
        expect(allows(status, action)).toBe(expected !== "-");
        if (expected === "-") expect(() => next(status, action)).toThrow(`A ${status} waybill cannot ${action}`);
        else expect(next(status, action)).toBe(expected);
      });
    }
  }

  it("refuses statuses it does not know", () => {
    expect(isWaybillStatus("SURRENDERED")).toBe(false);
    expect(allows("SURRENDERED", "amend")).toBe(false);
    expect(() => next("VOID", "resubmit")).toThrow();
  });

  it("issues an approved draft only once the booking is paid (confirmed)", () => {
    expect(canIssue({ status: "APPROVED" }, { status: "CONFIRMED" })).toBe(true);
    for (const booking of ["HELD", "AWAITING_PAYMENT", "CANCELLED"]) {
      expect(canIssue({ status: "APPROVED" }, { status: booking })).toBe(false);
    }
    expect(canIssue({ status: "DRAFT" }, { status: "CONFIRMED" })).toBe(false);
  });
});

describe("who may do what", () => {
  const EXPECTED_ACTORS: Record<WaybillRole, WaybillAction[]> = {
    EXPORTER: ["resubmit", "approve", "requestChanges", "void"],
    PARTNER: [],
    ORIGIN_PORT_STAFF: ["return", "issue", "amend", "void"],
    DESTINATION_PORT_STAFF: ["surrender"],
  };

  it("gives each role exactly its actions", () => {
    for (const role of WAYBILL_ROLES) {
      expect(WAYBILL_ACTIONS.filter((action) => mayAct(role, action))).toEqual(EXPECTED_ACTORS[role]);
    }
    for (const action of WAYBILL_ACTIONS) expect(WAYBILL_ACTORS[action].length).toBeGreaterThan(0);
  });

  it("offers the buttons that fit both status and role", () => {
    expect(actionsFor("DRAFT", "EXPORTER")).toEqual(["resubmit", "approve", "requestChanges", "void"]);
    expect(actionsFor("DRAFT", "ORIGIN_PORT_STAFF")).toEqual(["return", "void"]);
    expect(actionsFor("APPROVED", "ORIGIN_PORT_STAFF")).toEqual(["return", "issue", "void"]);
    expect(actionsFor("ISSUED", "DESTINATION_PORT_STAFF")).toEqual(["surrender"]);
    expect(actionsFor("ISSUED", "PARTNER")).toEqual([]);
    expect(actionsFor("VOIDED", "ORIGIN_PORT_STAFF")).toEqual([]);
  });
});

describe("versions", () => {
  it("numbers version 1 at issue and one more at each amendment", () => {
    expect(versionAfter("issue", null)).toBe(1);
    expect(versionAfter("amend", 1)).toBe(2);
    expect(versionAfter("amend", 2)).toBe(3);
    expect(versionAfter("surrender", 3)).toBe(3);
    expect(versionAfter("approve", null)).toBeNull();
    expect(() => versionAfter("amend", null)).toThrow();
  });

  it("marks all but the latest version superseded", () => {
    expect(versionState(3, 3)).toBe("CURRENT");
    expect(versionState(1, 3)).toBe("SUPERSEDED");
    expect(versionState(2, 3)).toBe("SUPERSEDED");
    expect(() => versionState(4, 3)).toThrow();
    expect(() => versionState(0, 3)).toThrow();
  });
});

describe("DCSA eBL 3.0", () => {
  // TransportDocument.transportDocumentStatus in ../shared/reference/dcsa/ebl/EBL_v3.0.3.yaml.
  const DCSA_STATUSES = [
    "DRAFT",
    "APPROVED",
    "ISSUED",
    "PENDING_SURRENDER_FOR_AMENDMENT",
    "SURRENDERED_FOR_AMENDMENT",
    "PENDING_SURRENDER_FOR_DELIVERY",
    "SURRENDERED_FOR_DELIVERY",
    "VOIDED",
  ];

  it("exports every status as one DCSA knows, the portal's own two as DRAFT", () => {
    for (const status of WAYBILL_STATUSES) expect(DCSA_STATUSES).toContain(dcsaTransportDocumentStatus(status));
    expect(dcsaTransportDocumentStatus("CHANGES_REQUESTED")).toBe("DRAFT");
    expect(dcsaTransportDocumentStatus("RETURNED")).toBe("DRAFT");
    expect(dcsaTransportDocumentStatus("SURRENDERED_FOR_DELIVERY")).toBe("SURRENDERED_FOR_DELIVERY");
  });
});
