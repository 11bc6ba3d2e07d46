/**
 * The departures CSV import (issue 13) on 10,000 rows (target < 5 s): a GBK file, as Chinese
 * spreadsheets save it, checked (dry run) and applied into a fresh SQLite database with the
 * seeded services, then the same file again (idempotent: nothing to write), then with a new
 * tariff on every row (10,000 capacities updated). Part of
 * `npm run bench`; `BENCH_ONLY=import` runs it alone. Prints figures, never fails on timing.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import iconv from "iconv-lite";
import { createDb } from "~/utils/db.server";
import { loadActor } from "~/domain/identity/actor.server";
import { applyUpload, checkUpload } from "~/domain/imports/import-departures.server";
import { localDateOf } from "~/domain/scheduling/timetable";
import { seedDemoAccounts } from "../seeds/demo-accounts";
import { seedDatabase } from "../seeds/seed";

const ROOT = path.resolve(import.meta.dirname, "..");
const WORK = path.join(ROOT, ".tmp", "bench");
const DB_FILE = path.join(WORK, "import.db");
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000);
const SERVICES = ["LAZ-DUI-AKL", "LAZ-HAM-HRS", "LAZ-LOD-HRS", "LAZ-MOW-MLX"];

/** ROWS departures a year ahead and on: four services, one an hour, four equipment types each. */
function departuresCsv(now: Date, fortyFootTariff = "7200.00"): Uint8Array {
  const start = new Date(`${localDateOf(now, "Asia/Shanghai")}T00:00:00Z`).getTime() + 400 * 86_400_000;
  const lines = [
    "服务代码 [service_code],发车日期 [departure_date],发车时间 [departure_time],截货时间 [cargo_cutoff],截单时间 [doc_cutoff]," +
      ["45G1", "42G1", "22G1", "45R1"]
        .map((code) => `capacity_${code},tariff_${code},min_charge_${code},currency_${code}`)
        .join(","),
  ];
  for (let i = 0; i < ROWS; i += 1) {
    const slot = Math.floor(i / SERVICES.length);
    const date = new Date(start + Math.floor(slot / 24) * 86_400_000).toISOString().slice(0, 10);
    const time = `${String(slot % 24).padStart(2, "0")}:15`;
    lines.push(
      `${SERVICES[i % SERVICES.length]},${date},${time},,,30,${fortyFootTariff},,USD,8,6912.00,,USD,10,4600.00,,USD,4,11500.00,,USD`,
    );
  }
  return iconv.encode(lines.join("\r\n") + "\r\n", "gb18030");
}

export async function measureImport() {
  fs.mkdirSync(WORK, { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${DB_FILE}${suffix}`, { force: true });
  const url = `file:${DB_FILE}`;
  const migrated = spawnSync("node", ["scripts/prisma.mjs", "migrate", "deploy"], {
    cwd: ROOT,
    stdio: "ignore",
    env: { ...process.env, DATABASE_URL: url },
  });
  if (migrated.status !== 0) throw new Error("migrate deploy failed");
  const db = createDb(url);
  const now = new Date();
  await seedDatabase(db, { now, weeks: 0 });
  await seedDemoAccounts(db);
  const user = await db.user.findUniqueOrThrow({ where: { email: "staff.lanzhou@silu-gateway.example" } });
  const actor = await loadActor(db, user.id);
  const bytes = departuresCsv(now);
  const file = { name: "departures.csv", bytes };
  const meta = { ipAddress: "127.0.0.1" };

  // The machine is shared: CPU time (this process, where SQLite runs too) beside wall time.
  const cpu: number[] = [];
  const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const result = await work();
    const used = process.cpuUsage(cpuStarted);
    cpu.push((used.user + used.system) / 1000);
    return [result, performance.now() - started];
  };
  const [report, checkMs] = await timed(() => checkUpload(db, actor, file, undefined, now));
  if (report.issues.length > 0) throw new Error(`bench file has problems: ${JSON.stringify(report.issues[0])}`);
  const [applied, applyMs] = await timed(() => applyUpload(db, actor, report.sha256, meta, now));
  const [again, againCheckMs] = await timed(() => checkUpload(db, actor, file, undefined, now));
  const [reapplied, againApplyMs] = await timed(() => applyUpload(db, actor, again.sha256, meta, now));
  // A new 40' tariff on every departure: 10,000 capacities updated.
  const repriced = { name: "repriced.csv", bytes: departuresCsv(now, "7350.00") };
  const [changed, changeCheckMs] = await timed(() => checkUpload(db, actor, repriced, undefined, now));
  const [rewritten, changeApplyMs] = await timed(() => applyUpload(db, actor, changed.sha256, meta, now));
  const capacities = await db.departureCapacity.count({ where: { departure: { departureAt: { gt: now } } } });
  await db.$disconnect();

  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    `\nDepartures CSV import, ${ROWS.toLocaleString("en")} rows (${(bytes.byteLength / 1024).toFixed(0)} KB GBK, 4 equipment types; SQLite):`,
  );
  console.table({
    "first import": {
      "dry run": s(checkMs),
      apply: s(applyMs),
      total: s(checkMs + applyMs),
      "CPU total": s(cpu[0]! + cpu[1]!),
      ...countsOf(applied),
    },
    "same file again": {
      "dry run": s(againCheckMs),
      apply: s(againApplyMs),
      total: s(againCheckMs + againApplyMs),
      "CPU total": s(cpu[2]! + cpu[3]!),
      ...countsOf(reapplied),
    },
    "every 40' tariff changed": {
      "dry run": s(changeCheckMs),
      apply: s(changeApplyMs),
      total: s(changeCheckMs + changeApplyMs),
      "CPU total": s(cpu[4]! + cpu[5]!),
      ...countsOf(rewritten),
    },
  });
  console.log(
    `Import of ${ROWS.toLocaleString("en")} rows, dry run + apply (target < 5 s): ${s(checkMs + applyMs)} ` +
      `(CPU ${s(cpu[0]! + cpu[1]!)}, load average ${os.loadavg()[0]!.toFixed(1)}); ` +
      `${capacities.toLocaleString("en")} capacity rows written`,
  );
}

function countsOf(result: Awaited<ReturnType<typeof applyUpload>>) {
  return result.applied ? result.counts : { created: "refused", updated: "", unchanged: "" };
}
