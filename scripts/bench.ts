/**
 * `npm run bench`: schedule-board performance on a database of 100,000 departures.
 * Prints figures (ratios against a bare Remix route served by the same server in the same
 * run); never fails on timing.
 *
 *   - throughput (requests/s) at 20 concurrent connections: board vs /healthz, uncached, with
 *     the 5 s result cache, through the public page cache and revalidated (304); BENCH_ONLY=board
 *     stops after these (with BENCH_REUSE=1, a quick loop while tuning)
 *   - latency p50/p95 of sequential requests: board vs /healthz
 *   - gzipped JavaScript the board page loads
 *   - the through waybill's PDF: render time (median, p95) and size, 4 containers, zh-CN + ar
 *     (BENCH_ONLY=waybill measures it alone, without building anything)
 *   - the departures CSV import: 10,000 rows checked and applied (BENCH_ONLY=import, scripts/bench-import.ts)
 *   - the partner API's event feed over 1,000,000 events (BENCH_ONLY=events, scripts/bench-events.ts)
 *   - holds over HTTP at 50 clients and the 200-client race for 7 slots, on SQLite and on a
 *     throw-away PostgreSQL cluster (BENCH_ONLY=holds: on the demo timetable, without the
 *     100,000 departures; BENCH_PG_PORT picks the cluster's port)
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import autocannon from "autocannon";
import { createDb, type Db } from "~/utils/db.server";
import { parseDatabaseUrl } from "~/utils/database-url";
import { localDateOf, planDepartures } from "~/domain/scheduling/timetable";
import { startDraft } from "~/domain/booking/start-draft.server";
import { CARRIAGE_TERMS_VERSION } from "~/domain/booking/carriage-terms";
import { loadActor } from "~/domain/identity/actor.server";
import { createSession } from "~/domain/identity/session.server";
import { seedDemoAccounts } from "../seeds/demo-accounts";
import { legRecords, seedDatabase, serviceRecord, weeklyPatternOf } from "../seeds/seed";
import { SERVICES } from "../seeds/data/services";
import { DEMO_CARGO, DEMO_PARTIES } from "../seeds/data/demo-consignment";
import { buildWaybillContent } from "~/domain/waybill/content";
import { renderWaybillPdf } from "~/domain/waybill/waybill-pdf.server";
import { railWaybillInputWithContainers, submitDemoInstructions } from "../tests/support/waybill";
import { createReviewedDrafts } from "../tests/support/drafts";
import { holdBooking } from "~/domain/booking/hold-booking.server";
import { confirmOnAccount } from "~/domain/payments/confirm-on-account.server";
import { approveWaybillDraft, submitWaybillDraft } from "~/domain/waybill/draft-waybill.server";
import { issueWaybill } from "~/domain/waybill/issue-waybill.server";
import { measureImport } from "./bench-import";
import { measureEvents } from "./bench-events";

const ROOT = path.resolve(import.meta.dirname, "..");
const WORK = path.join(ROOT, ".tmp", "bench");
const DB_FILE = path.join(WORK, "bench.db");
const DATABASE_URL = `file:${DB_FILE}`;
const PORT = Number(process.env.BENCH_PORT ?? 3200);
const BASE = `http://127.0.0.1:${PORT}`;
const TARGET_DEPARTURES = 100_000;
const CONNECTIONS = 20;
const SESSION_SECRET = "b".repeat(32);
const HOLD_CLIENTS = 50;
const HOLD_DRAFTS = Number(process.env.BENCH_HOLD_DRAFTS ?? 1500);
const THROUGHPUT_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const LATENCY_REQUESTS = Number(process.env.BENCH_LATENCY_REQUESTS ?? 300);
const PDF_RENDERS = Number(process.env.BENCH_PDF_RENDERS ?? 50);

function run(command: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed`);
}

/** Clones of the seeded services, each with two years of departures, up to 100,000 in all. */
async function buildDatabase(db: Db, now: Date): Promise<number> {
  await seedDatabase(db, { now, weeks: 0 });
  const from = new Date(now.getTime() - 180 * 86_400_000);
  let created = 0;
  for (let clone = 0; created < TARGET_DEPARTURES; clone += 1) {
    for (const seed of SERVICES) {
      if (created >= TARGET_DEPARTURES) break;
      const service = await db.service.create({
        data: {
          ...serviceRecord(seed),
          code: `${seed.code}-BENCH-${clone}`,
          serviceNumber: `${seed.serviceNumber}/${clone}`,
          legs: { create: legRecords(seed) },
        },
      });
      const pattern = weeklyPatternOf(seed);
      const planned = planDepartures(pattern, localDateOf(from, pattern.timeZone), 104).slice(
        0,
        TARGET_DEPARTURES - created,
      );
      const departures = planned.map((departure) => ({
        id: crypto.randomUUID(),
        serviceId: service.id,
        status: "OPEN",
        ...departure,
      }));
      const writes = [];
      for (let i = 0; i < departures.length; i += 500)
        writes.push(db.departure.createMany({ data: departures.slice(i, i + 500) }));
      const capacities = departures.flatMap((departure, index) =>
        seed.offers.map((offer) => {
          const available = (index * 7 + offer.total) % (offer.total + 1);
          return {
            departureId: departure.id,
            equipmentCode: offer.equipment,
            total: offer.total,
            available,
            booked: offer.total - available,
            tariffMinor: offer.tariffMinor,
            currency: seed.currency,
            minChargeMinor: offer.minChargeMinor ?? null,
          };
        }),
      );
      for (let i = 0; i < capacities.length; i += 500) {
        writes.push(db.departureCapacity.createMany({ data: capacities.slice(i, i + 500) }));
      }
      await db.$transaction(writes);
      created += departures.length;
    }
  }
  return created;
}

async function waitFor(url: string, server: ChildProcess) {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (server.exitCode !== null) throw new Error("the server exited during start-up");
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not come up`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function sequentialLatency(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ p50: number; p95: number; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  const expected = headers["If-None-Match"] ? 304 : 200;
  for (let i = 0; i < LATENCY_REQUESTS; i += 1) {
    const start = performance.now();
    const response = await fetch(url, { headers: { "Accept-Encoding": "identity", ...headers } });
    const body = await response.arrayBuffer();
    times.push(performance.now() - start);
    if (response.status !== expected) throw new Error(`${url} answered ${response.status}`);
    bytes = body.byteLength;
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), bytes };
}

/** The bench's running server, whose CPU time `throughput` reads. */
let serverPid: number | undefined;

/** CPU time (user + system, ms) the process has used, from /proc (Linux); null elsewhere. */
function cpuMs(pid: number | undefined): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in ticks of 1/100 s
  } catch {
    return null;
  }
}

/**
 * Requests/s at CONNECTIONS connections; errors are failures and answers other than 2xx (3xx
 * with If-None-Match). Also the server's CPU time per request, which other work on a shared
 * machine disturbs far less than requests/s.
 */
async function throughput(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ rps: number; errors: number; cpuMsPerRequest: number | null }> {
  const cpuBefore = cpuMs(serverPid);
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: THROUGHPUT_SECONDS });
  const cpuAfter = cpuMs(serverPid);
  const expected = headers["If-None-Match"] ? result["3xx"] + result["2xx"] : result["2xx"];
  return {
    rps: result.requests.average,
    errors: result.errors + (result.requests.total - expected),
    cpuMsPerRequest:
      cpuBefore !== null && cpuAfter !== null && result.requests.total > 0
        ? (cpuAfter - cpuBefore) / result.requests.total
        : null,
  };
}

/** The JavaScript a visitor downloads for the page: module scripts and preloads, gzipped. */
async function shippedJavaScript(url: string): Promise<{ files: number; gzipBytes: number }> {
  const html = await (await fetch(url)).text();
  const sources = new Set<string>();
  for (const match of html.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)) sources.add(match[1]!);
  for (const match of html.matchAll(/import[^"']*["'](\/build\/[^"']+\.js)["']/g)) sources.add(match[1]!);
  let gzipBytes = 0;
  for (const source of sources) {
    gzipBytes += zlib.gzipSync(fs.readFileSync(path.join(ROOT, "public", source)), { level: 9 }).byteLength;
  }
  return { files: sources.size, gzipBytes };
}

/**
 * The through waybill PDF a consignee in Arabic gets for four containers (the most text one
 * page holds, and the CIM/SMGS page for the gauge changes), rendered in this process after one
 * warm-up render (fonts parsed once per process, as on the server).
 */
async function measureWaybillPdf() {
  const content = buildWaybillContent(railWaybillInputWithContainers(4));
  const options = {
    consigneeLocale: "ar" as const,
    verifyUrl: `https://silu-gateway.example/ar/verify/${content.number}?c=3q2-7Wb_xYz09AbCdEfGhIjKlMn`,
  };
  await renderWaybillPdf(content, options);
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < PDF_RENDERS; i += 1) {
    const start = performance.now();
    bytes = (await renderWaybillPdf(content, options)).byteLength;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(
    `\nWaybill PDF, 4 containers, zh-CN + ar (${PDF_RENDERS} renders): median ${percentile(times, 50).toFixed(1)} ms, ` +
      `p95 ${percentile(times, 95).toFixed(1)} ms (target < 100 ms median); ${(bytes / 1024).toFixed(1)} KB (target < 150 KB)`,
  );
}

async function main() {
  if (process.env.BENCH_ONLY === "waybill") return measureWaybillPdf();
  if (process.env.BENCH_ONLY === "import") return measureImport();
  if (process.env.BENCH_ONLY === "events") return measureEvents();
  if (process.env.BENCH_ONLY === "verify") {
    run("npm", ["run", "-s", "build"]);
    return measureVerification();
  }
  // The bench signs requests in as the demo booker: its sessions must match the server's secret.
  process.env.SESSION_SECRET = SESSION_SECRET;
  process.env.DATABASE_URL = DATABASE_URL;
  console.log("Building the app…");
  run("npm", ["run", "-s", "build"]);
  // BENCH_ONLY=holds measures the holds alone on the demo timetable (no 100,000 departures), on
  // SQLite and PostgreSQL; with BENCH_REUSE=1 and a bench database of an earlier run, on that one.
  if (process.env.BENCH_ONLY === "holds" && !(process.env.BENCH_REUSE === "1" && fs.existsSync(DB_FILE))) {
    return measureHoldsOnBothEngines(await demoTimetable());
  }
  const now = new Date();
  // BENCH_REUSE=1 keeps the database of an earlier run (same day) to skip the two-minute build.
  if (process.env.BENCH_REUSE === "1" && fs.existsSync(DB_FILE)) {
    console.log(`Reusing ${DB_FILE}`);
    run("node", ["scripts/prisma.mjs", "migrate", "deploy"], { DATABASE_URL });
  } else {
    fs.rmSync(WORK, { recursive: true, force: true });
    fs.mkdirSync(WORK, { recursive: true });
    console.log(`Creating ${DB_FILE} with ${TARGET_DEPARTURES.toLocaleString("en")} departures…`);
    run("node", ["scripts/prisma.mjs", "migrate", "deploy"], { DATABASE_URL });
    const db = createDb(DATABASE_URL);
    const started = performance.now();
    const count = await buildDatabase(db, now);
    await db.$disconnect();
    console.log(`  ${count.toLocaleString("en")} departures in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }

  if (process.env.BENCH_ONLY === "holds") return measureHoldsOnBothEngines(DATABASE_URL);

  const today = localDateOf(now, "Asia/Shanghai");
  const in60Days = localDateOf(new Date(now.getTime() + 60 * 86_400_000), "Asia/Shanghai");
  const loadBefore = os.loadavg();
  const boardPath = `/zh-CN/schedules?corridor=CHINA_EUROPE&origin=CNLAZ&equipment=45G1&from=${today}&to=${in60Days}`;

  // Uncached: no result cache (board-cache.server.ts), no public caching (decision 028): every
  // request reads the database and renders. Then the result cache alone, then public caching as
  // an anonymous visitor gets it (the page cache: the loaders run, the HTML is rendered once),
  // and a cache revalidating its copy (If-None-Match → 304, no body).
  const cold = await measure(boardPath, { BOARD_CACHE_SECONDS: "0", PUBLIC_CACHE_SECONDS: "0" });
  const results = await measure(boardPath, { PUBLIC_CACHE_SECONDS: "0" });
  const warm = await measure(boardPath, {}, { revalidate: true });

  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const ratio = (rps: number, bare: number) => `${((rps / bare) * 100).toFixed(0)} %`;
  const cpu = (rate: { cpuMsPerRequest: number | null }) => rate.cpuMsPerRequest ?? Number.NaN;
  const row = (
    rate: { rps: number; errors: number; cpuMsPerRequest: number | null },
    latency: { p50: number; p95: number },
    bare: { rps: number; cpuMsPerRequest: number | null },
  ) => ({
    "req/s @20": rate.rps.toFixed(0),
    "of bare": ratio(rate.rps, bare.rps),
    "CPU ms/req": cpu(rate).toFixed(2),
    "of bare (CPU)": ratio(cpu(bare), cpu(rate)),
    p50: ms(latency.p50),
    p95: ms(latency.p95),
    errors: rate.errors,
  });
  console.log(`\nSchedule board on ${TARGET_DEPARTURES.toLocaleString("en")} departures (SQLite, this machine)`);
  console.log(`Typical filter: ${boardPath} (${cold.rows} rows on the first page)`);
  console.log(
    `Load average before the runs: ${loadBefore.map((value) => value.toFixed(1)).join(", ")} on ${os.cpus().length} cores ` +
      "(each figure is against the bare route measured by the same server just before it)",
  );
  console.table({
    "bare route /healthz": row(cold.bareRate, cold.bareLatency, cold.bareRate),
    "board, uncached": row(cold.boardRate, cold.boardLatency, cold.bareRate),
    "board, 5 s result cache": row(results.boardRate, results.boardLatency, results.bareRate),
    "board, warm public cache (200)": row(warm.boardRate, warm.boardLatency, warm.bareRate),
    "board, revalidated (304)": row(warm.revalidateRate!, warm.revalidateLatency!, warm.bareRate),
  });
  console.log(
    `Throughput board / bare: uncached ${ratio(cold.boardRate.rps, cold.bareRate.rps)} (target ≥ 25 %), ` +
      `warm public cache ${ratio(warm.boardRate.rps, warm.bareRate.rps)} (target ≥ 50 %), ` +
      `revalidated ${ratio(warm.revalidateRate!.rps, warm.bareRate.rps)}; result cache alone ${ratio(results.boardRate.rps, results.bareRate.rps)}`,
  );
  console.log(
    `By server CPU per request (bare CPU / board CPU, steadier on a busy machine): uncached ${ratio(cpu(cold.bareRate), cpu(cold.boardRate))}, ` +
      `warm public cache ${ratio(cpu(warm.bareRate), cpu(warm.boardRate))}, revalidated ${ratio(cpu(warm.bareRate), cpu(warm.revalidateRate!))}`,
  );
  console.log(
    `Board p95 latency (target < 50 ms): uncached ${ms(cold.boardLatency.p95)}, warm ${ms(warm.boardLatency.p95)}; HTML ${(cold.boardLatency.bytes / 1024).toFixed(1)} KB`,
  );
  console.log(
    `JavaScript shipped by the board: ${cold.js.files} files, ${(cold.js.gzipBytes / 1024).toFixed(1)} KB gzipped (target < 150 KB)`,
  );
  // BENCH_ONLY=board stops here.
  if (process.env.BENCH_ONLY === "board") return;

  await measureHoldsOnBothEngines(DATABASE_URL);
  await measureWaybillPdf();
  await measureVerification();
  await measureImport();
  await measureEvents();
}

/**
 * The waybill verification page (a QR scan) against the bare route, on the demo timetable with
 * one issued waybill: requests per second at CONNECTIONS connections and sequential latency.
 * The per-address limit is lifted for the run (every request comes from this machine).
 */
async function measureVerification() {
  const file = path.join(WORK, "verify.db");
  fs.mkdirSync(WORK, { recursive: true });
  fs.rmSync(file, { force: true });
  const url = `file:${file}`;
  run("node", ["scripts/prisma.mjs", "migrate", "deploy"], { DATABASE_URL: url });
  const db = createDb(url);
  const now = new Date();
  await seedDatabase(db, { now, weeks: 6 });
  await seedDemoAccounts(db);
  const actorOf = async (email: string) => loadActor(db, (await db.user.findUniqueOrThrow({ where: { email } })).id);
  const booker = await actorOf("booker@lanzhou-silkroad.example");
  const staff = await actorOf("staff.lanzhou@silu-gateway.example");
  const departure = await db.departure.findFirstOrThrow({
    where: {
      status: "OPEN",
      service: { originCode: "CNLAZ", destinationCode: "DEDUI" },
      capacities: { some: { equipmentCode: "45G1", available: { gte: 2 } } },
      docCutoffAt: { gt: new Date(now.getTime() + 7 * 86_400_000) },
    },
    orderBy: { departureAt: "asc" },
  });
  const [reference] = await createReviewedDrafts(db, {
    companyId: booker.memberships[0]!.companyId,
    userId: booker.userId,
    departureId: departure.id,
    count: 1,
    containers: [{ equipmentCode: "45G1", quantity: 2 }],
  });
  await holdBooking(db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: booker, reference: reference!, now });
  await confirmOnAccount(db, booker, reference!, "en", now);
  await submitDemoInstructions(db, booker, reference!, now);
  await submitWaybillDraft(db, { actor: booker, reference: reference!, consigneeLocale: "de" });
  await approveWaybillDraft(db, { actor: booker, reference: reference! });
  const { number } = await issueWaybill(db, { actor: staff, reference: reference! });
  const { verificationCode } = await db.waybill.findUniqueOrThrow({ where: { number } });
  await db.$disconnect();

  const stopServer = await startServer({ DATABASE_URL: url, WAYBILL_VERIFY_PER_MINUTE: "100000000" });
  try {
    const verifyUrl = `${BASE}/de/verify/${encodeURIComponent(number)}?c=${verificationCode}&v=1`;
    const bareUrl = `${BASE}/healthz`;
    const first = await fetch(verifyUrl);
    if (first.status !== 200) throw new Error(`The verification page answered ${first.status}, not 200`);
    for (const target of [bareUrl, verifyUrl]) await sequentialLatency(target); // warm-up
    const verifyLatency = await sequentialLatency(verifyUrl);
    const bareRate = await throughput(bareUrl);
    const verifyRate = await throughput(verifyUrl);
    console.log(`\nWaybill verification page (a QR scan), demo timetable (SQLite, this machine)`);
    console.table({
      "bare route /healthz": { "req/s @20": bareRate.rps.toFixed(0), errors: bareRate.errors },
      "verification page": { "req/s @20": verifyRate.rps.toFixed(0), errors: verifyRate.errors },
    });
    console.log(
      `Throughput verification / bare: ${((verifyRate.rps / bareRate.rps) * 100).toFixed(0)} %; ` +
        `latency p50 ${verifyLatency.p50.toFixed(1)} ms, p95 ${verifyLatency.p95.toFixed(1)} ms; HTML ${(verifyLatency.bytes / 1024).toFixed(1)} KB`,
    );
  } finally {
    await stopServer();
  }
}

/** The demo timetable (a few hundred departures) in its own SQLite file: enough for the holds. */
async function demoTimetable(): Promise<string> {
  const file = path.join(WORK, "holds.db");
  fs.mkdirSync(WORK, { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${file}${suffix}`, { force: true });
  const url = `file:${file}`;
  run("node", ["scripts/prisma.mjs", "migrate", "deploy"], { DATABASE_URL: url });
  const db = createDb(url);
  await seedDatabase(db, { now: new Date(), weeks: 20 });
  await db.$disconnect();
  return url;
}

/** The installed PostgreSQL binaries' folder (as scripts/pg-cluster.sh looks for them), if any. */
function postgresBinaries(): string | undefined {
  return ["17", "16", "15", "14", "13"]
    .map((version) => `/usr/lib/postgresql/${version}/bin`)
    .find((bin) => fs.existsSync(path.join(bin, "initdb")));
}

type HoldFigures = Awaited<ReturnType<typeof measureHolds>>;

/**
 * Holds over HTTP on SQLite (`sqliteUrl`) and on a throw-away PostgreSQL cluster started from the
 * installed binaries (scripts/pg-cluster.sh, port BENCH_PG_PORT) with the demo timetable, side by
 * side with the bare route measured by the same server at the same concurrency.
 */
async function measureHoldsOnBothEngines(sqliteUrl: string) {
  const figures: Record<string, HoldFigures> = { SQLite: await measureHolds(sqliteUrl) };
  if (!postgresBinaries()) {
    console.log("\nPostgreSQL binaries not found (/usr/lib/postgresql/*/bin): holds measured on SQLite only");
  } else {
    const port = process.env.BENCH_PG_PORT ?? "55490";
    const dir = path.join(os.tmpdir(), `silu-bench-pg-${port}`);
    run("bash", ["scripts/pg-cluster.sh", "stop", dir]);
    fs.rmSync(dir, { recursive: true, force: true });
    const started = spawnSync("bash", ["scripts/pg-cluster.sh", "start", dir, port], { cwd: ROOT, encoding: "utf8" });
    if (started.status !== 0) {
      console.log(`\nPostgreSQL did not start (${started.stderr.trim()}): holds measured on SQLite only`);
    } else {
      try {
        const url = `${started.stdout.trim()}/postgres`;
        run("node", ["scripts/prisma.mjs", "migrate", "deploy"], { DATABASE_URL: url });
        const db = createDb(url);
        await seedDatabase(db, { now: new Date(), weeks: 20 });
        await db.$disconnect();
        figures["PostgreSQL (demo timetable, fsync off)"] = await measureHolds(url);
      } finally {
        run("bash", ["scripts/pg-cluster.sh", "stop", dir]);
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  console.log(`\nHolds over HTTP, ${HOLD_CLIENTS} clients (target ≥ 300 holds/s on SQLite), this machine`);
  console.table(
    Object.fromEntries(
      Object.entries(figures).map(([engine, figure]) => [
        engine,
        {
          [`/healthz req/s @${HOLD_CLIENTS}`]: figure.bareRps.toFixed(0),
          "holds/s": figure.holdsPerSecond.toFixed(0),
          "holds / bare": `${((figure.holdsPerSecond / figure.bareRps) * 100).toFixed(0)} %`,
          "failed responses": figure.failed,
          "race: holds of 7": figure.raceHeld,
          "race: available, held": `${figure.raceCapacity.available}, ${figure.raceCapacity.held}`,
        },
      ]),
    ),
  );
}

/**
 * Holds over HTTP: drafts are prepared in the database, then HOLD_CLIENTS concurrent clients
 * submit their review steps (each submit takes capacity and turns a draft into a hold). Then
 * the race: 200 simultaneous submits for the last 7 slots of one departure. The bare route is
 * measured first by the same server at the same concurrency.
 */
async function measureHolds(databaseUrl: string) {
  const db = createDb(databaseUrl);
  await seedDemoAccounts(db);
  const user = await db.user.findUniqueOrThrow({ where: { email: "booker@lanzhou-silkroad.example" } });
  const actor = await loadActor(db, user.id);
  const cookie = (await createSession(db, user.id, { ipAddress: "127.0.0.1", userAgent: "bench" })).split(";")[0]!;
  const now = new Date();
  const departures = await db.departure.findMany({
    where: {
      status: "OPEN",
      cargoCutoffAt: { gt: new Date(now.getTime() + 86_400_000) },
      docCutoffAt: { gt: new Date(now.getTime() + 86_400_000) },
      service: { code: { startsWith: "LAZ-DUI-AKL" } },
    },
    orderBy: { departureAt: "asc" },
    take: 12,
  });
  for (const departure of departures) {
    await db.departureCapacity.updateMany({
      where: { departureId: departure.id, equipmentCode: "45G1" },
      data: { total: 100_000, available: 100_000, held: 0, booked: 0 },
    });
  }
  const draftsFor = async (departureIds: string[], count: number) => {
    const references: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const draft = await startDraft(db, actor, departureIds[i % departureIds.length]!, now);
      await db.booking.update({
        where: { id: draft.id },
        data: {
          details: JSON.stringify({
            containers: [{ equipmentCode: "45G1", quantity: 1, shipperOwned: false }],
            cargo: DEMO_CARGO,
            parties: DEMO_PARTIES,
          }),
        },
      });
      references.push(draft.reference);
    }
    return references;
  };
  console.log(`\nPreparing ${HOLD_DRAFTS} drafts for the hold benchmark (${parseDatabaseUrl(databaseUrl).provider})…`);
  // The last departure is kept apart for the race.
  const race = departures.at(-1)!;
  await db.booking.deleteMany({ where: { departureId: race.id } });
  const holdDepartureIds = departures.slice(0, -1).map((departure) => departure.id);
  const references = await draftsFor(holdDepartureIds, HOLD_DRAFTS);
  // Counted by departure: a list of 1,500 references is over SQLite's parameter limit.
  const heldOn = (departureIds: string[]) =>
    db.booking.count({ where: { departureId: { in: departureIds }, status: "HELD" } });
  const heldBefore = await heldOn(holdDepartureIds);
  const raceReferences = await draftsFor([race.id], 200);
  await db.departureCapacity.updateMany({
    where: { departureId: race.id, equipmentCode: "45G1" },
    data: { total: 100_000, available: 7, held: 0, booked: 100_000 - 7 },
  });

  const stopServer = await startServer({ DATABASE_URL: databaseUrl });
  try {
    const bare = await autocannon({ url: `${BASE}/healthz`, connections: HOLD_CLIENTS, duration: 5 });
    const submit = (refs: string[], connections: number) => {
      let next = 0;
      return autocannon({
        url: BASE,
        connections,
        amount: refs.length,
        requests: [
          {
            method: "POST",
            setupRequest: (request) => ({
              ...request,
              path: `/zh-CN/bookings/${refs[next++ % refs.length]}/edit/review`,
              headers: { Cookie: cookie, Origin: BASE, "Content-Type": "application/x-www-form-urlencoded" },
              // The review's checkbox: the carriage terms in force are accepted.
              body: `acceptCarriageTerms=${CARRIAGE_TERMS_VERSION}`,
            }),
          },
        ],
      });
    };
    const holds = await submit(references, HOLD_CLIENTS);
    const held = (await heldOn(holdDepartureIds)) - heldBefore;
    // Errors include client time-outs (10 s): the hold may still have been made (it is counted above).
    const failed = holds.non2xx - holds["3xx"] + holds.errors;
    console.log(
      `Holds over HTTP, ${HOLD_CLIENTS} clients: ${(held / holds.duration).toFixed(0)} holds/s ` +
        `(${held} of ${references.length} submits held in ${holds.duration.toFixed(1)} s; ${failed} failed responses, ` +
        `${holds.timeouts} of them time-outs; latency p50 ${holds.latency.p50} ms, p99 ${holds.latency.p99} ms; ` +
        `/healthz ${bare.requests.average.toFixed(0)} req/s; target ≥ 300/s)`,
    );
    await submit(raceReferences, 200);
    const raceHeld = await heldOn([race.id]);
    const capacity = await db.departureCapacity.findFirstOrThrow({
      where: { departureId: race.id, equipmentCode: "45G1" },
    });
    console.log(
      `Race over HTTP: 200 simultaneous submits for the last 7 slots → ${raceHeld} holds; ` +
        `capacity available ${capacity.available}, held ${capacity.held}`,
    );
    return {
      bareRps: bare.requests.average,
      holdsPerSecond: held / holds.duration,
      failed,
      raceHeld,
      raceCapacity: { available: capacity.available, held: capacity.held },
    };
  } finally {
    await stopServer();
    await db.$disconnect();
  }
}

/** The production server on the bench database, with `env` on top; resolves to its stop function. */
async function startServer(env: Record<string, string>): Promise<() => Promise<void>> {
  // BENCH_NODE_OPTIONS (e.g. --cpu-prof) goes to the server only, for profiling a measurement.
  const nodeOptions = process.env.BENCH_NODE_OPTIONS?.split(" ").filter(Boolean) ?? [];
  const server = spawn("node", [...nodeOptions, "server.mjs"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL,
      PORT: String(PORT),
      NODE_ENV: "production",
      SESSION_SECRET,
      HOLD_MINUTES: "600",
      // One demo company takes every hold of the throughput run: the abuse limits (decision 008)
      // would refuse it most of them, and this measures the hold path, not the refusals.
      OPEN_HOLDS_PER_COMPANY: "1000000",
      HOLD_SHARE_PERCENT: "100",
      ...env,
    },
  });
  await waitFor(`${BASE}/healthz`, server);
  serverPid = server.pid;
  return async () => {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
  };
}

/**
 * Starts the production server with `env`, measures the bare route and the board, stops it.
 * With `revalidate`, also the board asked for with the ETag of its last answer (a cache
 * revalidating its copy: 304 while the page is unchanged).
 */
async function measure(boardPath: string, env: Record<string, string>, options: { revalidate?: boolean } = {}) {
  const stopServer = await startServer(env);
  try {
    const boardUrl = `${BASE}${boardPath}`;
    const bareUrl = `${BASE}/healthz`;
    const first = await fetch(boardUrl);
    const html = await first.text();
    const rows = html.match(/data-testid="departure-row"/g)?.length ?? 0;
    for (const url of [bareUrl, boardUrl]) await sequentialLatency(url); // warm-up
    const etag = (await fetch(boardUrl)).headers.get("ETag");
    if (options.revalidate && !etag) throw new Error("the board answered without an ETag");
    const conditional = { "If-None-Match": etag ?? "" };
    return {
      rows,
      bareLatency: await sequentialLatency(bareUrl),
      boardLatency: await sequentialLatency(boardUrl),
      revalidateLatency: options.revalidate ? await sequentialLatency(boardUrl, conditional) : undefined,
      bareRate: await throughput(bareUrl),
      boardRate: await throughput(boardUrl),
      revalidateRate: options.revalidate ? await throughput(boardUrl, conditional) : undefined,
      js: await shippedJavaScript(boardUrl),
    };
  } finally {
    await stopServer();
  }
}

await main();
