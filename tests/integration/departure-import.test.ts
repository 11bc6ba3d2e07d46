import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  applyUpload,
  checkUpload,
  departureTemplate,
  MAX_IMPORT_BYTES,
} from "~/domain/imports/import-departures.server";
import { createSession } from "~/domain/identity/session.server";
import { loadActor } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import { seedDemoAccounts } from "../../seeds/demo-accounts";
import { seedDatabase } from "../../seeds/seed";
import { statusOf } from "../support/refusals";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let test: TestDatabase;
let lanzhou: Actor;
let wuweiSupervisor: Actor;
let lanzhouOperator: Actor;
let exporter: Actor;
const meta = { ipAddress: "198.51.100.31" };
const NOW = new Date("2026-12-01T04:00:00Z");
const HEADER =
  "服务代码 [service_code],发车日期 [departure_date],发车时间 [departure_time],截货时间 [cargo_cutoff],截单时间 [doc_cutoff]," +
  "capacity_45G1,tariff_45G1,min_charge_45G1,currency_45G1,capacity_22G1,tariff_22G1,min_charge_22G1,currency_22G1";

const csv = (...rows: string[]) => new TextEncoder().encode([HEADER, ...rows].join("\r\n") + "\r\n");
const file = (bytes: Uint8Array, name = "departures.csv") => ({ name, bytes });

async function actorOf(email: string) {
  return loadActor(test.db, (await test.db.user.findUniqueOrThrow({ where: { email } })).id);
}

async function staff(email: string, role: "SUPERVISOR" | "OPERATOR", port: string) {
  const user = await test.db.user.create({
    data: {
      email,
      name: "测试",
      passwordHash: "-",
      kind: "STAFF",
      staffRole: role,
      staffPorts: { create: { placeCode: port } },
    },
  });
  return loadActor(test.db, user.id);
}

/** Everything an import may touch, to compare before and after. */
async function snapshot() {
  const departures = await test.db.departure.findMany({
    orderBy: [{ serviceId: "asc" }, { departureAt: "asc" }],
    include: { capacities: { orderBy: { equipmentCode: "asc" } } },
  });
  return JSON.stringify(departures);
}

async function departureAt(serviceCode: string, at: string) {
  return test.db.departure.findFirst({
    where: { service: { code: serviceCode }, departureAt: new Date(at) },
    include: { capacities: { orderBy: { equipmentCode: "asc" } } },
  });
}

beforeAll(async () => {
  test = await createTestDatabase();
  // The route modules reach the database through db(), which reads DATABASE_URL on first use.
  process.env.DATABASE_URL = test.url;
  await seedDatabase(test.db, { now: NOW, weeks: 2 });
  await seedDemoAccounts(test.db);
  lanzhou = await actorOf("staff.lanzhou@silu-gateway.example");
  exporter = await actorOf("admin@wuwei-agri.example");
  wuweiSupervisor = await staff("supervisor.wuwei@silu-gateway.example", "SUPERVISOR", "CN-WUW");
  lanzhouOperator = await staff("operator.lanzhou@silu-gateway.example", "OPERATOR", "CNLAZ");
});
afterAll(async () => {
  await test?.drop();
});

describe(`departures CSV import (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  const FILE = csv(
    "LAZ-DUI-AKL,2027-03-09,10:30,,,30,7200,,USD,10,4600.50,,USD",
    'LAZ-DUI-AKL,2027/3/12,10:30,2027-03-09 17:00,"2027-03-08 12:00",25,7100,,USD,,,,',
    "LAZ-HAM-HRS,2027-03-10,09:00,,,40,6900,,EUR,,,,",
  );

  it("dry run reports what would happen and writes no departure", async () => {
    const before = await snapshot();
    const report = await checkUpload(test.db, lanzhou, file(FILE), undefined, NOW);
    expect(report).toMatchObject({ encoding: "UTF-8", rows: 3, issues: [], created: 3, updated: 0, unchanged: 0 });
    expect(report.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await snapshot()).toBe(before);
  });

  it("applies in one go: departures at the origin's local time, the service's cut-offs by default", async () => {
    const { sha256 } = await checkUpload(test.db, lanzhou, file(FILE), undefined, NOW);
    const audits = await test.db.auditEvent.count({ where: { action: "departures.imported" } });
    const result = await applyUpload(test.db, lanzhou, sha256, meta, NOW);
    expect(result).toEqual({ applied: true, counts: { created: 3, updated: 0, unchanged: 0 } });

    // 10:30 in Lanzhou (UTC+8) is 02:30 UTC; cargo cut-off 2 days before at 17:00, documents 3 days before at 12:00.
    const first = await departureAt("LAZ-DUI-AKL", "2027-03-09T02:30:00Z");
    expect(first).toMatchObject({
      status: "OPEN",
      cargoCutoffAt: new Date("2027-03-07T09:00:00Z"),
      docCutoffAt: new Date("2027-03-06T04:00:00Z"),
      etaAt: new Date(new Date("2027-03-09T02:30:00Z").getTime() + 360 * 3_600_000),
    });
    expect(first!.capacities.map((c) => [c.equipmentCode, c.total, c.available, c.tariffMinor, c.currency])).toEqual([
      ["22G1", 10, 10, 460_050, "USD"],
      ["45G1", 30, 30, 720_000, "USD"],
    ]);
    const second = await departureAt("LAZ-DUI-AKL", "2027-03-12T02:30:00Z");
    expect(second).toMatchObject({
      cargoCutoffAt: new Date("2027-03-09T09:00:00Z"),
      docCutoffAt: new Date("2027-03-08T04:00:00Z"),
    });
    expect(second!.capacities.map((c) => c.equipmentCode)).toEqual(["45G1"]);

    const audit = await test.db.auditEvent.findMany({ where: { action: "departures.imported" } });
    expect(audit).toHaveLength(audits + 1);
    expect(JSON.parse(audit.at(-1)!.after!)).toMatchObject({ rows: 3, created: 3, updated: 0, unchanged: 0 });
    expect(audit.at(-1)!.actorId).toBe(lanzhou.userId);
  });

  it("importing the same file again changes nothing", async () => {
    const before = await snapshot();
    const report = await checkUpload(test.db, lanzhou, file(FILE), undefined, NOW);
    expect(report).toMatchObject({ issues: [], created: 0, updated: 0, unchanged: 3 });
    const result = await applyUpload(test.db, lanzhou, report.sha256, meta, NOW);
    expect(result).toEqual({ applied: true, counts: { created: 0, updated: 0, unchanged: 3 } });
    expect(await snapshot()).toBe(before);
  });

  it("reads a GBK file from a Chinese spreadsheet like its UTF-8 twin", async () => {
    const text = new TextDecoder().decode(FILE);
    const report = await checkUpload(test.db, lanzhou, file(iconv.encode(text, "gbk")), undefined, NOW);
    expect(report).toMatchObject({ encoding: "GB18030", issues: [], unchanged: 3 });
  });

  it("updates capacity and tariff but never below held + booked, and never an existing booking's price", async () => {
    const departure = (await departureAt("LAZ-DUI-AKL", "2027-03-09T02:30:00Z"))!;
    const capacity = departure.capacities.find((c) => c.equipmentCode === "45G1")!;
    await test.db.departureCapacity.update({ where: { id: capacity.id }, data: { held: 2, booked: 5, available: 23 } });
    const company = await test.db.company.findFirstOrThrow();
    const booking = await test.db.booking.create({
      data: {
        reference: "SG-TEST-IMP1",
        companyId: company.id,
        departureId: departure.id,
        createdById: lanzhou.userId,
        status: "CONFIRMED",
        currency: "USD",
        totalMinor: 3_600_000,
        priceLines: "[]",
        details: "{}",
      },
    });

    const below = csv(
      "LAZ-HAM-HRS,2027-03-10,09:00,,,41,6900,,EUR,,,,",
      "LAZ-DUI-AKL,2027-03-09,10:30,,,6,7300,,USD,10,4600.50,,USD",
    );
    const before = await snapshot();
    const refused = await checkUpload(test.db, lanzhou, file(below), undefined, NOW);
    expect(refused.issues).toEqual([
      {
        row: 3,
        column: "capacity_45G1",
        code: "capacityBelowCommitted",
        values: { total: 6, held: 2, booked: 5 },
      },
    ]);
    // The good row is not applied either: nothing is, while any row is bad.
    expect(await applyUpload(test.db, lanzhou, refused.sha256, meta, NOW)).toMatchObject({ applied: false });
    expect(await snapshot()).toBe(before);

    const raise = csv("LAZ-DUI-AKL,2027-03-09,10:30,,,7,7300,,USD,10,4600.50,100,USD");
    const checked = await checkUpload(test.db, lanzhou, file(raise), undefined, NOW);
    expect(checked).toMatchObject({ issues: [], created: 0, updated: 1, unchanged: 0 });
    await applyUpload(test.db, lanzhou, checked.sha256, meta, NOW);
    const after = await test.db.departureCapacity.findUniqueOrThrow({ where: { id: capacity.id } });
    expect(after).toMatchObject({
      total: 7,
      held: 2,
      booked: 5,
      available: 0,
      tariffMinor: 730_000,
      minChargeMinor: null,
    });
    const twenty = await test.db.departureCapacity.findFirstOrThrow({
      where: { departureId: departure.id, equipmentCode: "22G1" },
    });
    expect(twenty).toMatchObject({ total: 10, available: 10, tariffMinor: 460_050, minChargeMinor: 10_000 });
    expect(await test.db.booking.findUniqueOrThrow({ where: { id: booking.id } })).toMatchObject({
      totalMinor: 3_600_000,
      priceLines: "[]",
    });
    const audit = await test.db.auditEvent.findFirstOrThrow({
      where: { action: "departures.imported" },
      orderBy: { createdAt: "desc" },
    });
    expect(JSON.parse(audit.before!).departures[0].capacities).toEqual([
      { equipmentCode: "45G1", total: 30, tariffMinor: 720_000, currency: "USD", minChargeMinor: null },
      { equipmentCode: "22G1", total: 10, tariffMinor: 460_050, currency: "USD", minChargeMinor: null },
    ]);
  });

  it("moves cut-offs only of departures nothing is held or booked on", async () => {
    const moved = csv(
      "LAZ-DUI-AKL,2027-03-09,10:30,2027-03-06 17:00,,7,7300,,USD,10,4600.50,,USD",
      "LAZ-HAM-HRS,2027-03-10,09:00,2027-03-07 18:00,,40,6900,,EUR,,,,",
    );
    const report = await checkUpload(test.db, lanzhou, file(moved), undefined, NOW);
    expect(report.issues).toEqual([{ row: 2, column: "cargo_cutoff", code: "cutoffMovedWithBookings" }]);
    const fixed = csv("LAZ-HAM-HRS,2027-03-10,09:00,2027-03-07 18:00,,40,6900,,EUR,,,,");
    const checked = await checkUpload(test.db, lanzhou, file(fixed), undefined, NOW);
    expect(checked).toMatchObject({ issues: [], updated: 1 });
    await applyUpload(test.db, lanzhou, checked.sha256, meta, NOW);
    const hamburg = await test.db.departure.findFirstOrThrow({
      where: { service: { code: "LAZ-HAM-HRS" }, departureAt: new Date("2027-03-10T01:00:00Z") },
    });
    expect(hamburg.cargoCutoffAt).toEqual(new Date("2027-03-07T10:00:00Z"));
  });

  it("reports each bad row in the user's terms and applies nothing", async () => {
    const bad = csv(
      "LAZ-DUI-AKL,2027-03-16,10:30,,,30,7200,,USD,,,,",
      "NO-SUCH-SVC,2027-03-16,10:30,,,30,7200,,USD,,,,",
      "LAZ-DUI-AKL,2026-11-01,10:30,,,30,7200,,USD,,,,",
      "LAZ-DUI-AKL,2027-03-16,10:30,,,30,7200,,USD,,,,",
      "LAZ-DUI-AKL,2027-03-19,10:30,2027-03-20 09:00,,30,72.001,,USD,,,,",
      "LHW-ALA-AIR,2027-03-19,08:00,,,30,7200,,USD,,,,",
    );
    const before = await snapshot();
    const report = await checkUpload(test.db, lanzhou, file(bad), undefined, NOW);
    expect(report.issues.map((issue) => [issue.row, issue.column, issue.code])).toEqual([
      [3, "service_code", "serviceUnknown"],
      [4, "departure_date", "departureInPast"],
      [5, "departure_time", "departureTwice"],
      [6, "tariff_45G1", "moneyInvalid"],
      [7, "capacity_45G1", "equipmentAirOnlyKg"],
    ]);
    expect(report.issues[2]!.values).toEqual({ row: 2 });
    expect(await applyUpload(test.db, lanzhou, report.sha256, meta, NOW)).toMatchObject({ applied: false });
    expect(await snapshot()).toBe(before);
  });

  it("keeps staff to their ports: another port's service is a row error that tells nothing", async () => {
    const mixed = csv(
      "LAZ-DUI-AKL,2027-03-23,10:30,,,30,7200,,USD,,,,",
      "WUW-ALA-HRS,2027-03-24,11:00,,,20,5000,,CNY,,,,",
    );
    const wuwei = await checkUpload(test.db, wuweiSupervisor, file(mixed), undefined, NOW);
    expect(wuwei.issues).toEqual([
      { row: 2, column: "service_code", code: "serviceUnknown", values: { code: "LAZ-DUI-AKL" } },
    ]);
    // The same answer as for a code that does not exist at all.
    const lanzhouView = await checkUpload(test.db, lanzhou, file(mixed), undefined, NOW);
    expect(lanzhouView.issues).toEqual([
      { row: 3, column: "service_code", code: "serviceUnknown", values: { code: "WUW-ALA-HRS" } },
    ]);
    const before = await snapshot();
    expect(await applyUpload(test.db, wuweiSupervisor, wuwei.sha256, meta, NOW)).toMatchObject({ applied: false });
    expect(await snapshot()).toBe(before);
    // Nor can anyone apply an upload someone else checked.
    const own = await checkUpload(
      test.db,
      lanzhou,
      file(csv("LAZ-DUI-AKL,2027-03-30,10:30,,,1,1,,USD,,,,")),
      undefined,
      NOW,
    );
    expect(await statusOf(applyUpload(test.db, wuweiSupervisor, own.sha256, meta, NOW))).toBe(404);
  });

  it("refuses the whole file when a departure appears between the check and the write", async () => {
    const race = csv(
      "LAZ-DUI-AKL,2027-04-06,10:30,,,30,7200,,USD,,,,",
      "LAZ-DUI-AKL,2027-04-09,10:30,,,30,7200,,USD,,,,",
    );
    const { sha256 } = await checkUpload(test.db, lanzhou, file(race), undefined, NOW);
    const service = await test.db.service.findUniqueOrThrow({ where: { code: "LAZ-DUI-AKL" } });
    const at = new Date("2027-04-09T02:30:00Z");
    // Someone publishes the second departure just as the import's transaction begins.
    const racing = new Proxy(test.db, {
      get(target, property, receiver) {
        if (property !== "$transaction") return Reflect.get(target, property, receiver);
        return async (...args: unknown[]) => {
          await target.departure.create({
            data: { serviceId: service.id, departureAt: at, cargoCutoffAt: at, docCutoffAt: at, etaAt: at },
          });
          return (target.$transaction as (...a: unknown[]) => Promise<unknown>)(...args);
        };
      },
    });
    expect(await statusOf(applyUpload(racing, lanzhou, sha256, meta, NOW))).toBe(409);
    expect(await departureAt("LAZ-DUI-AKL", "2027-04-06T02:30:00Z")).toBeNull();
  });

  it("refuses the whole file when a hold comes between the check and the write of a capacity", async () => {
    const cut = csv("LAZ-HAM-HRS,2027-03-10,09:00,2027-03-07 18:00,,35,6900,,EUR,,,,");
    const { sha256, updated } = await checkUpload(test.db, lanzhou, file(cut), undefined, NOW);
    expect(updated).toBe(1);
    const departure = (await departureAt("LAZ-HAM-HRS", "2027-03-10T01:00:00Z"))!;
    const capacity = departure.capacities[0]!;
    const racing = new Proxy(test.db, {
      get(target, property, receiver) {
        if (property !== "$transaction") return Reflect.get(target, property, receiver);
        return async (...args: unknown[]) => {
          await target.departureCapacity.update({
            where: { id: capacity.id },
            data: { held: 1, available: capacity.available - 1 },
          });
          return (target.$transaction as (...a: unknown[]) => Promise<unknown>)(...args);
        };
      },
    });
    expect(await statusOf(applyUpload(racing, lanzhou, sha256, meta, NOW))).toBe(409);
    expect(await test.db.departureCapacity.findUniqueOrThrow({ where: { id: capacity.id } })).toMatchObject({
      total: 40,
      held: 1,
    });
    await test.db.departureCapacity.update({
      where: { id: capacity.id },
      data: { held: 0, available: capacity.available },
    });
  });

  it("is the supervisors' only: operators and exporters find nothing", async () => {
    for (const actor of [lanzhouOperator, exporter]) {
      expect(await statusOf(checkUpload(test.db, actor, file(FILE), undefined, NOW))).toBe(404);
      expect(await statusOf(departureTemplate(test.db, actor, (column) => column))).toBe(404);
    }
  });

  it("offers a template whose example row, once un-commented, checks clean", async () => {
    const template = await departureTemplate(test.db, lanzhou, (column, code) => (code ? `${code} ${column}` : column));
    expect(template.startsWith("\uFEFF")).toBe(true);
    const [header, example] = template.slice(1).trimEnd().split("\r\n");
    expect(header).toContain("service_code [service_code]");
    expect(header).toContain("45G1 capacity [capacity_45G1]");
    expect(example).toMatch(/^# LAZ-/);
    const report = await checkUpload(
      test.db,
      lanzhou,
      file(new TextEncoder().encode(`${header}\r\n${example!.slice(2)}\r\n`)),
      undefined,
      NOW,
    );
    expect(report.issues).toEqual([]);
    expect(report.created + report.unchanged).toBe(1);
  });

  it("takes the file as a multipart upload on the page, and refuses one over the limit", async () => {
    const { action } = (await import("../../app/routes/$lang.staff_.imports.tsx")) as {
      action: (args: unknown) => Promise<{ data: unknown; init: { status?: number } | null }>;
    };
    const cookie = (
      await createSession(test.db, lanzhou.userId, { ipAddress: "198.51.100.31", userAgent: "vitest" })
    ).split(";")[0]!;
    const post = (bytes: Uint8Array) => {
      const form = new FormData();
      form.set("encoding", "auto");
      form.set("file", new File([new Uint8Array(bytes)], "upload.csv", { type: "text/csv" }));
      const request = new Request("http://localhost/zh-CN/staff/imports", {
        method: "POST",
        headers: { Cookie: cookie },
        body: form,
      });
      return action({ request, params: { lang: "zh-CN" }, context: {} });
    };
    const checked = await post(csv("LAZ-DUI-AKL,2027-05-04,10:30,,,30,7200,,USD,,,,"));
    expect(checked.init?.status ?? 200).toBe(200);
    expect(checked.data).toMatchObject({ report: { rows: 1, created: 1, issues: [] } });
    const huge = await post(new Uint8Array(MAX_IMPORT_BYTES + 1).fill(0x41));
    expect(huge.init?.status).toBe(413);
    expect(huge.data).toEqual({ error: "errors.fileTooLarge" });
  });
});
