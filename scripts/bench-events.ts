/**
 * The partner API's event feed (issue 14, item 6): `GET /v2/events?equipmentReference=…&limit=100`
 * over 1,000,000 stored events on SQLite (target p95 < 50 ms). Part of `npm run bench`;
 * `BENCH_ONLY=events` runs it alone (BENCH_EVENTS to change the number of events). Prints the
 * database size, the query plan of the feed's query and p50/p95 through the domain function,
 * the route's loader (API key, rate limit, JSON) and — when the app is built — over HTTP.
 * Never fails on timing.
 *
 * The data: 20 companies, trains of 20 bookings of 1–3 boxes each (companies share trains);
 * per booking 3 planned transport events and 2 shipment events, per box 5 equipment events,
 * per train 8 of its own (departure, border crossings, estimates, arrival). Event times are
 * spread so that the feeds of trains interleave.
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { createDb } from "~/utils/db.server";
import { sha256Hex } from "~/utils/hash.server";
import { companyEventFeed } from "~/domain/api/event-feed.server";
import { parseEventQuery } from "~/domain/api/event-query";
import { seedDatabase } from "../seeds/seed";

const ROOT = path.resolve(import.meta.dirname, "..");
const WORK = path.join(ROOT, ".tmp", "bench");
const DB_FILE = path.join(WORK, "events.db");
const TARGET_EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const COMPANIES = 20;
const BOOKINGS_PER_TRAIN = 20;
const SAMPLES = Number(process.env.BENCH_EVENT_SAMPLES ?? 300);
const PORT = Number(process.env.BENCH_PORT ?? 3200) + 1;

/** Prisma's SQLite form of a DateTime: ISO text with "+00:00". */
const stamp = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function migrate(file: string) {
  const raw = new Database(file);
  const dir = path.join(ROOT, "prisma/migrations");
  for (const name of fs
    .readdirSync(dir)
    .filter((entry) => !entry.endsWith(".toml"))
    .sort()) {
    raw.exec(fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8"));
  }
  raw.close();
}

interface Sample {
  companyId: string;
  equipmentReference: string;
}

/** Bulk-inserts the world in one transaction of raw SQL; returns boxes to ask about, with their owners. */
function fill(file: string, serviceIds: string[], now: number) {
  const raw = new Database(file);
  raw.pragma("journal_mode = WAL");
  raw.pragma("synchronous = OFF");
  const insertCompany = raw.prepare(
    `INSERT INTO "Company" (id, legalNameZh, legalNameLatin, creditCode, address, contactPhone) VALUES (?, ?, ?, ?, '—', '+86 931 000 0000')`,
  );
  const insertUser = raw.prepare(
    `INSERT INTO "User" (id, email, name, passwordHash, kind) VALUES (?, ?, ?, 'x', 'EXPORTER')`,
  );
  const insertKey = raw.prepare(
    `INSERT INTO "ApiKey" (id, companyId, name, prefix, secretHash, scopes, createdById) VALUES (?, ?, 'bench', ?, ?, '["events:read"]', ?)`,
  );
  const insertDeparture = raw.prepare(
    `INSERT INTO "Departure" (id, serviceId, departureAt, cargoCutoffAt, docCutoffAt, etaAt, status, updatedAt) VALUES (?, ?, ?, ?, ?, ?, 'DEPARTED', ?)`,
  );
  const insertBooking = raw.prepare(
    `INSERT INTO "Booking" (id, reference, companyId, departureId, createdById, status, currency, totalMinor, priceLines, details, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, 'CONFIRMED', 'USD', 100, '[]', '{}', ?, ?)`,
  );
  const insertBox = raw.prepare(
    `INSERT INTO "ShipmentEquipment" (id, bookingId, isoSizeType, sequence, containerNumber, updatedAt) VALUES (?, ?, '45G1', ?, ?, ?)`,
  );
  const insertEvent = raw.prepare(
    `INSERT INTO "OperationalEvent" (id, eventType, classifier, typeCode, milestone, eventAt, createdAt, placeCode, facilityType, departureId, bookingId, equipmentReference, isoEquipmentCode, emptyIndicator) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const companies: string[] = [];
  const users: string[] = [];
  const keys: string[] = [];
  const samples: Sample[] = [];
  let events = 0;
  let box = 0;
  const start = now - 400 * 86_400_000;
  raw.transaction(() => {
    for (let c = 0; c < COMPANIES; c += 1) {
      const id = `benchcompany${String(c).padStart(13, "0")}`;
      const userId = `benchuser${String(c).padStart(16, "0")}`;
      insertCompany.run(id, `公司 ${c}`, `Company ${c}`, `BENCH${String(c).padStart(13, "0")}`);
      insertUser.run(userId, `bench${c}@bench.example`, `Bench ${c}`);
      const key = `sgw_${crypto.randomBytes(32).toString("base64url")}`;
      insertKey.run(`benchkey${String(c).padStart(17, "0")}`, id, key.slice(0, 12), sha256Hex(key), userId);
      companies.push(id);
      users.push(userId);
      keys.push(key);
    }
    let booking = 0;
    for (let train = 0; events < TARGET_EVENTS; train += 1) {
      const departureId = `benchtrain${String(train).padStart(15, "0")}`;
      const departAt = start + train * 3 * 3_600_000;
      const etaAt = departAt + 16 * 86_400_000;
      insertDeparture.run(
        departureId,
        serviceIds[train % serviceIds.length],
        stamp(departAt),
        stamp(departAt - 2 * 86_400_000),
        stamp(departAt - 3 * 86_400_000),
        stamp(etaAt),
        stamp(departAt),
      );
      const event = (
        at: number,
        type: string,
        classifier: string,
        code: string,
        milestone: string,
        place: string,
        facility: string,
        bookingId: string | null,
        equipment: string | null,
      ) => {
        // Recorded a little after it happened (planned ones before), so trains interleave in the feed.
        const created = classifier === "PLN" ? departAt - 5 * 86_400_000 + (events % 1000) : at + 60_000;
        insertEvent.run(
          crypto.randomUUID(),
          type,
          classifier,
          code,
          milestone,
          stamp(at),
          stamp(created),
          place,
          facility,
          departureId,
          bookingId,
          equipment,
          equipment ? "45G1" : null,
          type === "EQUIPMENT" ? "LADEN" : null,
        );
        events += 1;
      };
      for (let b = 0; b < BOOKINGS_PER_TRAIN; b += 1) {
        const bookingId = `benchbooking${String(booking).padStart(13, "0")}`;
        const companyId = companies[(train * 7 + b) % COMPANIES]!;
        insertBooking.run(
          bookingId,
          `SG-B${String(booking).padStart(7, "0")}`,
          companyId,
          departureId,
          users[companies.indexOf(companyId)],
          stamp(departAt - 10 * 86_400_000),
          stamp(departAt - 10 * 86_400_000),
        );
        booking += 1;
        event(departAt, "TRANSPORT", "PLN", "DEPA", "DEPARTED", "CNLAZ", "RAMP", bookingId, null);
        event(
          departAt + 5 * 86_400_000,
          "TRANSPORT",
          "PLN",
          "DEPA",
          "BORDER_CROSSED",
          "KZDOS",
          "BOCR",
          bookingId,
          null,
        );
        event(etaAt, "TRANSPORT", "PLN", "ARRI", "ARRIVED", "DEDUI", "RAMP", bookingId, null);
        event(departAt - 9 * 86_400_000, "SHIPMENT", "ACT", "RECE", "RECEIVED", "CNLAZ", "RAMP", bookingId, null);
        event(departAt - 8 * 86_400_000, "SHIPMENT", "ACT", "CONF", "CONFIRMED", "CNLAZ", "RAMP", bookingId, null);
        const boxes = 1 + ((train + b) % 3);
        for (let n = 0; n < boxes; n += 1) {
          const number = `BNCU${String(box).padStart(7, "0")}`;
          box += 1;
          insertBox.run(`benchbox${String(box).padStart(17, "0")}`, bookingId, n + 1, number, stamp(departAt));
          if (box % 97 === 0) samples.push({ companyId, equipmentReference: number });
          event(
            departAt - 86_400_000 + n * 60_000,
            "EQUIPMENT",
            "ACT",
            "GTIN",
            "GATE_IN",
            "CNLAZ",
            "RAMP",
            bookingId,
            number,
          );
          event(departAt - 3_600_000, "EQUIPMENT", "ACT", "LOAD", "LOADED", "CNLAZ", "RAMP", bookingId, number);
          event(etaAt + 3_600_000, "EQUIPMENT", "ACT", "DISC", "DISCHARGED", "DEDUI", "RAMP", bookingId, number);
          event(etaAt + 86_400_000, "EQUIPMENT", "ACT", "GTOT", "OUT_FOR_DELIVERY", "DEDUI", "RAMP", bookingId, number);
          event(etaAt + 2 * 86_400_000, "EQUIPMENT", "ACT", "DROP", "DELIVERED", "DEDUI", "RAMP", bookingId, number);
        }
      }
      event(departAt + 600_000, "TRANSPORT", "ACT", "DEPA", "DEPARTED", "CNLAZ", "RAMP", null, null);
      event(departAt + 5 * 86_400_000, "TRANSPORT", "ACT", "DEPA", "BORDER_CROSSED", "KZDOS", "BOCR", null, null);
      event(departAt + 9 * 86_400_000, "TRANSPORT", "ACT", "DEPA", "BORDER_CROSSED", "PLMLW", "BOCR", null, null);
      for (let e = 1; e <= 3; e += 1) {
        event(departAt + e * 86_400_000, "TRANSPORT", "EST", "ARRI", "ARRIVED", "DEDUI", "RAMP", null, null);
      }
      event(etaAt, "TRANSPORT", "ACT", "ARRI", "ARRIVED", "DEDUI", "RAMP", null, null);
      event(etaAt + 7_200_000, "EQUIPMENT", "ACT", "DISC", "DISCHARGED", "DEDUI", "RAMP", null, null);
    }
  })();
  raw.pragma("wal_checkpoint(TRUNCATE)");
  raw.exec("ANALYZE");
  raw.close();
  return { events, boxes: box, samples, keys };
}

/** The plan SQLite picks for the feed's query of one box (the shape Prisma sends). */
function queryPlan(file: string, sample: Sample): string[] {
  const raw = new Database(file, { readonly: true });
  const { bookingId, departureId } = raw
    .prepare(
      `SELECT b.id AS bookingId, b.departureId AS departureId FROM "ShipmentEquipment" e JOIN "Booking" b ON b.id = e.bookingId WHERE e.containerNumber = ?`,
    )
    .get(sample.equipmentReference) as { bookingId: string; departureId: string };
  const plan = raw
    .prepare(
      `EXPLAIN QUERY PLAN SELECT * FROM "OperationalEvent" WHERE ("bookingId" IN (?) OR ("bookingId" IS NULL AND "departureId" IN (?)))
       AND "createdAt" <= ? AND "eventType" IN ('TRANSPORT', 'EQUIPMENT') AND ("equipmentReference" IS NULL OR "equipmentReference" = ?)
       ORDER BY "createdAt" ASC, "id" ASC LIMIT 101`,
    )
    .all(bookingId, departureId, stamp(Date.now()), sample.equipmentReference) as { detail: string }[];
  raw.close();
  return plan.map((row) => row.detail);
}

async function timed(samples: Sample[], call: (sample: Sample) => Promise<number>) {
  for (const sample of samples.slice(0, 20)) await call(sample); // warm-up
  const times: number[] = [];
  let events = 0;
  // The machine may be shared: this process's CPU time (SQLite runs in it too) beside wall time.
  const cpuStarted = process.cpuUsage();
  for (let i = 0; i < SAMPLES; i += 1) {
    const sample = samples[(i * 7919) % samples.length]!;
    const started = performance.now();
    events += await call(sample);
    times.push(performance.now() - started);
  }
  const cpu = process.cpuUsage(cpuStarted);
  times.sort((a, b) => a - b);
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    cpu: (cpu.user + cpu.system) / 1000 / SAMPLES,
    events: events / SAMPLES,
  };
}

async function startServer(url: string): Promise<() => Promise<void>> {
  const server: ChildProcess = spawn("node", ["server.mjs"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(PORT),
      NODE_ENV: "production",
      SESSION_SECRET: "e".repeat(32),
      API_KEY_PER_MINUTE: "100000000",
    },
  });
  for (let attempt = 0; ; attempt += 1) {
    if (server.exitCode !== null || attempt > 100) throw new Error("the server did not come up");
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return async () => {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
  };
}

export async function measureEvents() {
  fs.mkdirSync(WORK, { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${DB_FILE}${suffix}`, { force: true });
  const url = `file:${DB_FILE}`;
  const now = Date.now();
  console.log(`\nPartner API event feed: building ${TARGET_EVENTS.toLocaleString("en")} events…`);
  const built = performance.now();
  migrate(DB_FILE);
  const seeding = createDb(url);
  await seedDatabase(seeding, { now: new Date(now), weeks: 0 });
  const serviceIds = (await seeding.service.findMany({ where: { mode: "RAIL" }, select: { id: true } })).map(
    (service) => service.id,
  );
  await seeding.$disconnect();
  const { events, boxes, samples, keys } = fill(DB_FILE, serviceIds, now);
  const megabytes = fs.statSync(DB_FILE).size / 1024 / 1024;
  console.log(
    `  ${events.toLocaleString("en")} events, ${boxes.toLocaleString("en")} boxes, ${COMPANIES} companies in ` +
      `${((performance.now() - built) / 1000).toFixed(1)} s; database ${megabytes.toFixed(0)} MB`,
  );
  console.log(`  Query plan (one box):\n    ${queryPlan(DB_FILE, samples[0]!).join("\n    ")}`);

  const db = createDb(url);
  const feed = await timed(samples, async (sample) => {
    const filters = parseEventQuery(new URLSearchParams({ equipmentReference: sample.equipmentReference })).filters;
    return (await companyEventFeed(db, sample.companyId, filters, { limit: 100 })).events.length;
  });
  await db.$disconnect();

  // The route's loader in this process: API key, rate limit, filters, JSON.
  process.env.DATABASE_URL = url;
  process.env.API_KEY_PER_MINUTE = "100000000";
  const keyOf = (sample: Sample) => keys[Number(sample.companyId.slice(-13))]!;
  const { loader } = (await import("../app/routes/v2.events")) as unknown as {
    loader: (args: unknown) => Promise<Response>;
  };
  const pathOf = (sample: Sample) => `/v2/events?equipmentReference=${sample.equipmentReference}&limit=100`;
  const route = await timed(samples, async (sample) => {
    const request = new Request(`http://localhost${pathOf(sample)}`, {
      headers: { Authorization: `Bearer ${keyOf(sample)}` },
    });
    const response = await loader({ request, params: {}, context: {} });
    if (response.status !== 200) throw new Error(`the loader answered ${response.status}`);
    return ((await response.json()) as unknown[]).length;
  });

  const rows: Record<string, Record<string, string>> = {
    "domain function (companyEventFeed)": {},
    "route loader (key, rate limit, JSON)": {},
  };
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  for (const [name, result] of [
    ["domain function (companyEventFeed)", feed],
    ["route loader (key, rate limit, JSON)", route],
  ] as const) {
    rows[name] = {
      p50: ms(result.p50),
      p95: ms(result.p95),
      "CPU/call": ms(result.cpu),
      "events/answer": result.events.toFixed(1),
    };
  }
  if (fs.existsSync(path.join(ROOT, "build/index.js"))) {
    const stop = await startServer(url);
    try {
      const http = await timed(samples, async (sample) => {
        const response = await fetch(`http://127.0.0.1:${PORT}${pathOf(sample)}`, {
          headers: { Authorization: `Bearer ${keyOf(sample)}` },
        });
        if (response.status !== 200) throw new Error(`the server answered ${response.status}`);
        return ((await response.json()) as unknown[]).length;
      });
      rows["HTTP (production server)"] = {
        p50: ms(http.p50),
        p95: ms(http.p95),
        "CPU/call": "(server)",
        "events/answer": http.events.toFixed(1),
      };
    } finally {
      await stop();
    }
  } else {
    console.log("  (no build: `npm run -s build` first to measure over HTTP too)");
  }
  console.log(
    `GET /v2/events?equipmentReference=…&limit=100 over ${events.toLocaleString("en")} events ` +
      `(SQLite ${megabytes.toFixed(0)} MB, ${SAMPLES} boxes of their owners; target p95 < 50 ms):`,
  );
  console.table(rows);
}
