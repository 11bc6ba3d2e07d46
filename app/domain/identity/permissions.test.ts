import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { can, ROLE_PERMISSIONS, type Actor } from "./permissions";

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
    expect(can(lanzhou, "read:departure", { portCode: "CNLAZ" })).toBe(true);
    expect(can(lanzhou, "read:departure", { portCode: "CN-WUW" })).toBe(false);
    expect(can(lanzhou, "confirm:payment", { portCode: "CNLAZ" })).toBe(false);
    const supervisor = actor({ kind: "STAFF", staffRole: "SUPERVISOR", staffPorts: ["CNLAZ"] });
    expect(can(supervisor, "confirm:payment", { portCode: "CNLAZ" })).toBe(true);
    expect(can(supervisor, "confirm:payment", { portCode: "CN-WUW" })).toBe(false);
  });

  it("gives partners nothing of the company they work with until tracking shares it", () => {
    const partner = actor({ kind: "PARTNER", partnerOf: ["lanzhou-trading"] });
    expect(can(partner, "read:booking", { companyId: "lanzhou-trading" })).toBe(false);
    expect(can(partner, "read:member", { companyId: "lanzhou-trading" })).toBe(false);
  });

  it("lets a partner read what a company they work with shared with them, and nothing else", () => {
    const partner = actor({ kind: "PARTNER", partnerOf: ["lanzhou-trading"] });
    expect(can(partner, "read:booking", { sharedByCompanyIds: ["lanzhou-trading"] })).toBe(true);
    expect(can(partner, "read:waybill", { sharedByCompanyIds: ["lanzhou-trading"] })).toBe(true);
    // Shared by a company they are not (or no longer) a partner of, or not shared at all.
    expect(can(partner, "read:waybill", { sharedByCompanyIds: ["wuwei-foods"] })).toBe(false);
    expect(can(partner, "read:waybill", { sharedByCompanyIds: [] })).toBe(false);
    expect(can(partner, "update:booking", { sharedByCompanyIds: ["lanzhou-trading"] })).toBe(false);
    // An exporter's own company rights are no "shared" rights.
    const booker = actor({ memberships: [{ companyId: "lanzhou-trading", role: "BOOKER" }] });
    expect(can(booker, "read:waybill", { sharedByCompanyIds: ["lanzhou-trading"] })).toBe(false);
  });

  it("gives the platform admin administration but no company's bookings", () => {
    const platform = actor({ kind: "ADMIN" });
    expect(can(platform, "manage:staff")).toBe(true);
    expect(can(platform, "manage:company", { companyId: "anything" })).toBe(true);
    expect(can(platform, "read:booking", { companyId: "lanzhou-trading" })).toBe(false);
  });
});

describe("granted permissions", () => {
  const APP = path.resolve(import.meta.dirname, "..", "..");
  const sources = (fs.readdirSync(APP, { recursive: true }) as string[])
    .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file) && !file.startsWith("generated"))
    .filter((file) => !file.endsWith(path.join("identity", "permissions.ts")))
    .map((file) => fs.readFileSync(path.join(APP, file), "utf8"))
    .join("\n");
  const granted = [...new Set(Object.values(ROLE_PERMISSIONS).flat())].map((permission) =>
    permission.split(":").slice(0, 2).join(":"),
  );

  it.each([...new Set(granted)])("%s is checked by some operation (no grant that nothing asks for)", (wanted) => {
    expect(sources).toContain(`"${wanted}"`);
  });
});
