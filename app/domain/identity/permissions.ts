/**
 * Permissions as data: "action:entity:scope". A role grants a list of them; `can` checks one
 * against a resource's owner (company, port, or what was shared with a partner). Every loader
 * and action asks through `can` (here) or `authorize` (actor.server.ts), never by comparing roles.
 */
export type Scope = "company" | "port" | "shared" | "any";
export type Permission = `${string}:${string}:${Scope}`;

export const COMPANY_ROLES = ["ADMIN", "BOOKER", "VIEWER"] as const;
export type CompanyRole = (typeof COMPANY_ROLES)[number];
export const STAFF_ROLES = ["OPERATOR", "SUPERVISOR"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/*
 * Only what some operation checks is granted (scripts/route-rules.test.ts enforces it): port
 * operations and partner tracking add their permissions with the operations that check them.
 */
const EXPORTER_VIEWER: Permission[] = ["read:member:company", "read:booking:company"];
const EXPORTER_BOOKER: Permission[] = [
  ...EXPORTER_VIEWER,
  "create:booking:company",
  "update:booking:company",
  "give:instructions:company",
  "invite:partner:company",
];
const EXPORTER_ADMIN: Permission[] = [
  ...EXPORTER_BOOKER,
  "invite:member:company",
  "update:member:company",
  // Keys for the partner API (decision 019): created, listed and revoked by the company's admins.
  "manage:apiKey:company",
];

export const ROLE_PERMISSIONS: Record<string, readonly Permission[]> = {
  "company:VIEWER": EXPORTER_VIEWER,
  "company:BOOKER": EXPORTER_BOOKER,
  "company:ADMIN": EXPORTER_ADMIN,
  // A partner sees only the bookings an exporter shared with them, one by one (decision 017): the
  // consignment on their tracking page and its issued through waybill.
  partner: ["read:booking:shared", "read:waybill:shared"],
  // Origin port staff issue and amend the through waybills of their port's departures (decision 015),
  // and reopen shipping instructions after the documents cut-off (decision 014).
  // At the terminal (decision 018) operators gate boxes in and record events; after the cargo
  // cut-off only a supervisor accepts a box, and only a supervisor confirms a booking by hand.
  // Operators see their ports' services and timetables; supervisors edit them and each departure's
  // times, cut-offs, capacity and tariffs (issue 13).
  "staff:OPERATOR": [
    "read:departure:port",
    "issue:waybill:port",
    "surrender:waybill:port",
    "reopen:instructions:port",
    "record:gateIn:port",
    "record:event:port",
    "read:service:port",
  ],
  // Exchange rates are the platform's, not a port's: supervisors (who confirm payments) and
  // the platform admin keep them (decision 013).
  "staff:SUPERVISOR": [
    "read:departure:port",
    "issue:waybill:port",
    "surrender:waybill:port",
    "reopen:instructions:port",
    "record:gateIn:port",
    "record:event:port",
    "accept:lateGateIn:port",
    "confirm:booking:port",
    "confirm:payment:port",
    "manage:exchangeRate:any",
    "read:service:port",
    "manage:service:port",
    "manage:departure:port",
    // Supervisors import departures of their ports' services from a CSV (issue 13).
    "import:departure:port",
  ],
  admin: ["manage:staff:any", "manage:company:any", "manage:port:any", "manage:exchangeRate:any"],
};

/** Everything needed to decide: who the user is and what they belong to. */
export interface Actor {
  userId: string;
  kind: string;
  staffRole: string | null;
  memberships: { companyId: string; role: string }[];
  staffPorts: string[];
  partnerOf: string[];
  /** Whether the user has confirmed their e-mail address (needed to hold capacity or invite). */
  emailVerified: boolean;
}

/** What a permission is asked about: the company or port that owns it. */
export interface ResourceOwner {
  companyId?: string;
  portCode?: string;
  /**
   * For the "shared" scope: the companies that shared this very resource with the asking user
   * (e.g. a BookingShare of the booking to them, not revoked). It counts only while the user is
   * still that company's partner.
   */
  sharedByCompanyIds?: string[];
}

function grants(actor: Actor): { permission: Permission; companyId?: string }[] {
  const granted: { permission: Permission; companyId?: string }[] = [];
  for (const membership of actor.memberships) {
    for (const permission of ROLE_PERMISSIONS[`company:${membership.role}`] ?? []) {
      granted.push({ permission, companyId: membership.companyId });
    }
  }
  // Whoever is some company's partner (a partner account, or an exporter invited as one).
  if (actor.partnerOf.length > 0) for (const permission of ROLE_PERMISSIONS.partner!) granted.push({ permission });
  if (actor.kind === "STAFF" && actor.staffRole) {
    for (const permission of ROLE_PERMISSIONS[`staff:${actor.staffRole}`] ?? []) granted.push({ permission });
  }
  if (actor.kind === "ADMIN") for (const permission of ROLE_PERMISSIONS.admin!) granted.push({ permission });
  return granted;
}

/** `wanted` is "action:entity", e.g. "invite:member"; the scope comes from the grant. */
export function can(actor: Actor, wanted: `${string}:${string}`, owner: ResourceOwner = {}): boolean {
  return grants(actor).some(({ permission, companyId }) => {
    const [action, entity, scope] = permission.split(":") as [string, string, Scope];
    if (`${action}:${entity}` !== wanted) return false;
    switch (scope) {
      case "any":
        return true;
      case "company":
        return owner.companyId !== undefined && owner.companyId === companyId;
      case "port":
        return owner.portCode !== undefined && actor.staffPorts.includes(owner.portCode);
      case "shared":
        return (owner.sharedByCompanyIds ?? []).some((id) => actor.partnerOf.includes(id));
    }
  });
}
