import { describe, expect, it } from "vitest";
import { can, type Actor } from "./permissions";

const actor = (overrides: Partial<Actor>): Actor => ({
  userId: "u",
  kind: "EXPORTER",
  staffRole: null,
  memberships: [],
  staffPorts: [],
  partnerOf: [],
  emailVerified: true,
  ...overrides,
});

describe("permissions", () => {
  const admin = actor({ memberships: [{ companyId: "lanzhou-trading", role: "ADMIN" }] });
  const viewer = actor({ memberships: [{ companyId: "lanzhou-trading", role: "VIEWER" }] });

  it("lets a company admin invite colleagues of their own company only", () => {
    expect(can(admin, "invite:member", { companyId: "lanzhou-trading" })).toBe(true);
    expect(can(admin, "invite:member", { companyId: "wuwei-foods" })).toBe(false);
    expect(can(admin, "invite:member")).toBe(false);
  });

  it("gives viewers reading only", () => {
    expect(can(viewer, "read:booking", { companyId: "lanzhou-trading" })).toBe(true);
    expect(can(viewer, "create:booking", { companyId: "lanzhou-trading" })).toBe(false);
    expect(can(viewer, "invite:partner", { companyId: "lanzhou-trading" })).toBe(false);
  });

  it("keeps port staff to their own ports", () => {
    const lanzhou = actor({ kind: "STAFF", staffRole: "OPERATOR", staffPorts: ["CNLAZ"] });
    expect(can(lanzhou, "update:departure", { portCode: "CNLAZ" })).toBe(true);
    expect(can(lanzhou, "update:departure", { portCode: "CN-WUW" })).toBe(false);
    expect(can(lanzhou, "publish:schedule", { portCode: "CNLAZ" })).toBe(false);
    const supervisor = actor({ kind: "STAFF", staffRole: "SUPERVISOR", staffPorts: ["CNLAZ"] });
    expect(can(supervisor, "publish:schedule", { portCode: "CNLAZ" })).toBe(true);
  });

  it("shows partners only what a company they work with shared", () => {
    const partner = actor({ kind: "PARTNER", partnerOf: ["lanzhou-trading"] });
    expect(can(partner, "read:consignment", { sharedByCompanyIds: ["lanzhou-trading"] })).toBe(true);
    expect(can(partner, "read:consignment", { sharedByCompanyIds: ["wuwei-foods"] })).toBe(false);
    expect(can(partner, "read:booking", { companyId: "lanzhou-trading" })).toBe(false);
  });

  it("gives the platform admin administration but no company's bookings", () => {
    const platform = actor({ kind: "ADMIN" });
    expect(can(platform, "manage:staff")).toBe(true);
    expect(can(platform, "manage:company", { companyId: "anything" })).toBe(true);
    expect(can(platform, "read:booking", { companyId: "lanzhou-trading" })).toBe(false);
  });
});
