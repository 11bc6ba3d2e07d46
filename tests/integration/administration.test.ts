import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setCreditStatus } from "~/domain/admin/companies.server";
import { updatePlace } from "~/domain/admin/ports.server";
import { loadCatalog } from "~/domain/places/catalog.server";
import { createStaff, updateStaff } from "~/domain/admin/staff.server";
import { loadActor } from "~/domain/identity/actor.server";
import { resetPassword } from "~/domain/identity/email-links.server";
import { signIn } from "~/domain/identity/sign-in.server";
import type { Actor } from "~/domain/identity/permissions";
import { seedDemoAccounts } from "../../seeds/demo-accounts";
import { seedDatabase } from "../../seeds/seed";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { statusOf } from "../support/refusals";

let test: TestDatabase;
let admin: Actor;
let exporter: Actor;
const meta = { ipAddress: "198.51.100.9", userAgent: "vitest" };

async function actorOf(email: string) {
  return loadActor(test.db, (await test.db.user.findUniqueOrThrow({ where: { email } })).id);
}

beforeAll(async () => {
  test = await createTestDatabase();
  await seedDemoAccounts(test.db);
  admin = await actorOf("admin@silu-gateway.example");
  exporter = await actorOf("admin@wuwei-agri.example");
});
afterAll(async () => {
  await test?.drop();
});

describe(`platform administration (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("sets a company's credit status, audited with before and after", async () => {
    const wuwei = await test.db.company.findUniqueOrThrow({ where: { creditCode: "91620500224460002G" } });
    await setCreditStatus(test.db, admin, wuwei.id, "ON_ACCOUNT", meta);
    expect((await test.db.company.findUniqueOrThrow({ where: { id: wuwei.id } })).creditStatus).toBe("ON_ACCOUNT");
    const audit = await test.db.auditEvent.findFirstOrThrow({
      where: { action: "company.credit_status_changed", entityId: wuwei.id },
    });
    expect(JSON.parse(audit.before!)).toEqual({ creditStatus: "PREPAY" });
    expect(audit.actorId).toBe(admin.userId);
    expect(await statusOf(setCreditStatus(test.db, exporter, wuwei.id, "PREPAY", meta))).toBe(403);
  });

  it("creates port staff who choose their own password from the welcome e-mail", async () => {
    const staff = await createStaff(
      test.db,
      admin,
      { email: "Operator@Tianshui.example", name: "周杰", role: "OPERATOR", ports: ["CNTSU"], locale: "zh-CN" },
      meta,
    );
    expect(staff).toMatchObject({ email: "operator@tianshui.example", kind: "STAFF", staffRole: "OPERATOR" });
    const mail = await test.db.outboxMessage.findFirstOrThrow({ where: { to: "operator@tianshui.example" } });
    expect(mail.template).toBe("staffWelcome");
    await resetPassword(test.db, /token=([\w-]+)/.exec(mail.text)![1]!, "Tianshui gate operator", meta);
    const { user } = await signIn(
      test.db,
      { email: "operator@tianshui.example", password: "Tianshui gate operator" },
      meta,
    );
    expect((await loadActor(test.db, user.id)).staffPorts).toEqual(["CNTSU"]);
  });

  it("changes a staff member's role and ports, and only the admin may", async () => {
    const wuweiStaff = await test.db.user.findUniqueOrThrow({ where: { email: "staff.wuwei@silu-gateway.example" } });
    await updateStaff(test.db, admin, wuweiStaff.id, { role: "SUPERVISOR", ports: ["CN-WUW", "CNTSU"] }, meta);
    const actor = await loadActor(test.db, wuweiStaff.id);
    expect(actor.staffRole).toBe("SUPERVISOR");
    expect([...actor.staffPorts].sort()).toEqual(["CN-WUW", "CNTSU"]);
    expect(
      await statusOf(updateStaff(test.db, exporter, wuweiStaff.id, { role: "OPERATOR", ports: ["CNLAZ"] }, meta)),
    ).toBe(403);
    expect(
      await statusOf(
        createStaff(
          test.db,
          exporter,
          { email: "x@example.com", name: "X", role: "OPERATOR", ports: ["CNLAZ"], locale: "en" },
          meta,
        ),
      ),
    ).toBe(403);
  });
});

describe(`places (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("lets the admin correct a place and shows it at once; nobody else may", async () => {
    await seedDatabase(test.db, { weeks: 1 });
    const before = await loadCatalog(test.db);
    const names = { ...before.places.get("CNLHW")!.names, en: "Lanzhou Zhongchuan International Airport" };
    await updatePlace(
      test.db,
      admin,
      "CNLHW",
      { names, timeZone: "Asia/Shanghai", latitude: 36.5152, longitude: 103.6203, iataCode: "LHW" },
      meta,
    );
    expect((await loadCatalog(test.db)).places.get("CNLHW")!.names.en).toBe("Lanzhou Zhongchuan International Airport");
    const audit = await test.db.auditEvent.findFirstOrThrow({ where: { action: "place.updated", entityId: "CNLHW" } });
    expect(JSON.parse(audit.before!).names.en).not.toBe("Lanzhou Zhongchuan International Airport");
    expect(
      await statusOf(
        updatePlace(
          test.db,
          exporter,
          "CNLHW",
          { names, timeZone: "UTC", latitude: 0, longitude: 0, iataCode: null },
          meta,
        ),
      ),
    ).toBe(403);
  });
});
