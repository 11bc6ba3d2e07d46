/**
 * The through waybill's lifecycle (decision 015), aligned with DCSA eBL 3.0: where DCSA has a
 * transport-document status for a state, the portal uses its exact name from
 * `TransportDocument.transportDocumentStatus` (DRAFT, APPROVED, ISSUED, SURRENDERED_FOR_DELIVERY,
 * VOIDED). Two states are the portal's own — in DCSA both are a DRAFT transport document whose
 * shipping instructions are being updated — and `dcsaTransportDocumentStatus` maps them back.
 * Like the booking lifecycle (app/domain/booking/lifecycle.ts): pure, no database, no clock.
 *
 * The document number and version 1 are given at issue; an amendment after issue is a new
 * immutable version (the status stays ISSUED, the version goes up by one and the one before is
 * superseded). Drafts have no number and no version.
 */
export const WAYBILL_STATUSES = [
  /** Drawn from submitted shipping instructions; waiting for the exporter. */
  "DRAFT",
  /** The exporter asked for changes: they correct the shipping instructions and resubmit. */
  "CHANGES_REQUESTED",
  /** Origin port staff sent it back to the exporter with a comment. */
  "RETURNED",
  /** The exporter approved the draft; it is issued once the booking is paid. */
  "APPROVED",
  /** Issued with a number and a verification code; amendments are new versions. */
  "ISSUED",
  /** The destination port recorded delivery: the document has done its work. */
  "SURRENDERED_FOR_DELIVERY",
  /** The booking was cancelled. */
  "VOIDED",
] as const;
export type WaybillStatus = (typeof WAYBILL_STATUSES)[number];

export type WaybillAction =
  /** Submit corrected shipping instructions (or another consignee language), which redraws the draft. */
  | "resubmit"
  /** The exporter accepts the draft as it is. */
  | "approve"
  /** The exporter asks for changes to the draft. */
  | "requestChanges"
  /** Origin port staff send the draft back to the exporter, with a comment. */
  | "return"
  /** Origin port staff issue an approved draft of a paid booking. */
  | "issue"
  /** A change after issue (consignee, cargo description, container swap …): the next version. */
  | "amend"
  /** The destination port records delivery. */
  | "surrender"
  /** The booking is cancelled. */
  | "void";

export const WAYBILL_ACTIONS: readonly WaybillAction[] = [
  "resubmit",
  "approve",
  "requestChanges",
  "return",
  "issue",
  "amend",
  "surrender",
  "void",
];

/** Who takes part: the exporter company, its partners named on the booking, and the two ports' staff. */
export const WAYBILL_ROLES = ["EXPORTER", "PARTNER", "ORIGIN_PORT_STAFF", "DESTINATION_PORT_STAFF"] as const;
export type WaybillRole = (typeof WAYBILL_ROLES)[number];

/** Statuses from which nothing more happens to the document. */
export const FINAL_WAYBILL_STATUSES: readonly WaybillStatus[] = ["SURRENDERED_FOR_DELIVERY", "VOIDED"];

/** Statuses in which the exporter may still change the shipping instructions: the draft is redrawn from them. */
export const INSTRUCTIONS_OPEN_STATUSES: readonly WaybillStatus[] = ["DRAFT", "CHANGES_REQUESTED", "RETURNED"];

/** Everything before issue: no number, no version, and the booking's data may still change it. */
const BEFORE_ISSUE: readonly WaybillStatus[] = ["DRAFT", "CHANGES_REQUESTED", "RETURNED", "APPROVED"];

/** From which statuses each action may start, and the status it leaves the waybill in. */
const TRANSITIONS: Record<WaybillAction, { from: readonly WaybillStatus[]; to: WaybillStatus }> = {
  // A draft not yet approved is redrawn when the instructions are resubmitted (or its language changes).
  resubmit: { from: ["DRAFT", "CHANGES_REQUESTED", "RETURNED"], to: "DRAFT" },
  approve: { from: ["DRAFT"], to: "APPROVED" },
  requestChanges: { from: ["DRAFT"], to: "CHANGES_REQUESTED" },
  // Staff review what the exporter approved too: an approved draft can still be sent back.
  return: { from: ["DRAFT", "APPROVED"], to: "RETURNED" },
  issue: { from: ["APPROVED"], to: "ISSUED" },
  amend: { from: ["ISSUED"], to: "ISSUED" },
  surrender: { from: ["ISSUED"], to: "SURRENDERED_FOR_DELIVERY" },
  void: { from: [...BEFORE_ISSUE, "ISSUED"], to: "VOIDED" },
};

/**
 * Who may take each action (the caller still checks that the actor belongs to the booking's
 * company, origin port or destination port). Partners only view. The exporter voids only by
 * cancelling the booking; an amendment is asked for by the exporter and made by origin staff.
 */
export const WAYBILL_ACTORS: Record<WaybillAction, readonly WaybillRole[]> = {
  resubmit: ["EXPORTER"],
  approve: ["EXPORTER"],
  requestChanges: ["EXPORTER"],
  return: ["ORIGIN_PORT_STAFF"],
  issue: ["ORIGIN_PORT_STAFF"],
  amend: ["ORIGIN_PORT_STAFF"],
  surrender: ["DESTINATION_PORT_STAFF"],
  void: ["EXPORTER", "ORIGIN_PORT_STAFF"],
};

/** Everyone involved may view the document, in any status (partners only view). */
export const WAYBILL_VIEWERS: readonly WaybillRole[] = WAYBILL_ROLES;

export function isWaybillStatus(value: string): value is WaybillStatus {
  return (WAYBILL_STATUSES as readonly string[]).includes(value);
}

/** Whether a waybill in `status` may undergo `action` (the lifecycle alone; payment and roles below). */
export function allows(status: string, action: WaybillAction): boolean {
  return isWaybillStatus(status) && TRANSITIONS[action].from.includes(status);
}

/** Where `action` leads from `status`; throws for a transition the lifecycle does not have. */
export function next(status: string, action: WaybillAction): WaybillStatus {
  if (!allows(status, action)) throw new Error(`A ${status} waybill cannot ${action}`);
  return TRANSITIONS[action].to;
}

/** Whether `role` may take `action` at all (whatever the status). */
export function mayAct(role: WaybillRole, action: WaybillAction): boolean {
  return WAYBILL_ACTORS[action].includes(role);
}

/** The actions `role` may take on a waybill in `status`: which buttons to show. */
export function actionsFor(status: string, role: WaybillRole): WaybillAction[] {
  return WAYBILL_ACTIONS.filter((action) => allows(status, action) && mayAct(role, action));
}

/** Issue needs the exporter's approval and the booking paid (confirmed): one price, one document. */
export function canIssue(waybill: { status: string }, booking: { status: string }): boolean {
  return allows(waybill.status, "issue") && booking.status === "CONFIRMED";
}

/**
 * The version an action leaves the document at: 1 at issue, one more at each amendment, none
 * before issue; other actions keep the version they find.
 */
export function versionAfter(action: WaybillAction, version: number | null): number | null {
  if (action === "issue") return 1;
  if (action === "amend") {
    if (version === null) throw new Error("An amendment needs an issued version");
    return version + 1;
  }
  return version;
}

/** Whether a version is the current one or was replaced by a later amendment. */
export function versionState(version: number, latestVersion: number): "CURRENT" | "SUPERSEDED" {
  if (!Number.isInteger(version) || version < 1 || version > latestVersion) {
    throw new Error(`Version ${version} of ${latestVersion} does not exist`);
  }
  return version === latestVersion ? "CURRENT" : "SUPERSEDED";
}

/** The status a DCSA eBL 3.0 `TransportDocument` export carries for a waybill in `status`. */
export function dcsaTransportDocumentStatus(status: WaybillStatus): string {
  return status === "CHANGES_REQUESTED" || status === "RETURNED" ? "DRAFT" : status;
}
