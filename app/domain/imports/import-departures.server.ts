import crypto from "node:crypto";
import { recordAudit } from "~/domain/audit/audit.server";
import { can, type Actor } from "~/domain/identity/permissions";
import { invalidateBoard } from "~/domain/scheduling/board-cache.server";
import { AIR_KG } from "~/domain/scheduling/equipment";
import { Prisma } from "~/generated/prisma/sqlite/client";
import { AppError, isUniqueViolation } from "~/utils/app-error";
import type { Db } from "~/utils/db.server";
import { decodeCsv, parseCsv, type CsvEncoding } from "./csv-file";
import { addDays, localTimeConverter } from "./local-time";
import { readHeader, readRow, type ReadRow, type RowIssue, type RowOffer } from "./departure-rows";
import { MAX_IMPORT_ROWS } from "./limits";

export { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from "./limits";

/** Uploads never applied are dropped after a day. */
const UPLOAD_KEEP_MS = 86_400_000;
/** Rows per statement: well under SQLite's and PostgreSQL's limits on bound parameters. */
const CHUNK = 500;
/** Capacity rows per INSERT (their values are in the statement's text, not bound). */
const CAPACITY_CHUNK = 1000;

/** The ports whose services this user may import departures for (supervisors, at their ports). */
export function importPorts(actor: Actor): string[] {
  return actor.staffPorts.filter((portCode) => can(actor, "import:departure", { portCode }));
}

/** To whoever may not import anywhere, the screen does not exist. */
export function requireImporter(actor: Actor): string[] {
  const ports = importPorts(actor);
  if (ports.length === 0) throw new AppError("notFound", 404);
  return ports;
}

export interface ImportCounts {
  /** Departures that do not exist yet. */
  created: number;
  /** Existing departures whose cut-offs or capacities change. */
  updated: number;
  /** Rows that change nothing (the same file imported again). */
  unchanged: number;
}

export interface ImportReport extends ImportCounts {
  sha256: string;
  fileName: string;
  encoding: CsvEncoding | null;
  /** Departure rows read (not counting the header, blank rows or "#" rows). */
  rows: number;
  /** Every problem, in row order; the file can be applied only when there is none. */
  issues: RowIssue[];
}

interface CapacityChange {
  id: string;
  equipmentCode: string;
  held: number;
  booked: number;
  before: Omit<RowOffer, "equipmentCode">;
  after: RowOffer;
}

interface PlannedCreate {
  serviceId: string;
  departureAt: Date;
  cargoCutoffAt: Date;
  docCutoffAt: Date;
  etaAt: Date;
  offers: RowOffer[];
}

interface PlannedUpdate {
  departureId: string;
  serviceCode: string;
  departureAt: Date;
  cutoffs: { cargoCutoffAt: Date; docCutoffAt: Date } | null;
  capacityChanges: CapacityChange[];
  capacityCreates: RowOffer[];
}

interface Plan extends ImportCounts {
  rows: number;
  issues: RowIssue[];
  creates: PlannedCreate[];
  updates: PlannedUpdate[];
}

type ServiceForImport = Awaited<ReturnType<typeof servicesFor>>[number];

function servicesFor(db: Db, codes: string[], ports: string[]) {
  return db.service.findMany({
    where: { code: { in: codes }, originCode: { in: ports } },
    select: {
      id: true,
      code: true,
      mode: true,
      active: true,
      cargoCutoffDays: true,
      cargoCutoffLocalTime: true,
      docCutoffDays: true,
      docCutoffLocalTime: true,
      origin: { select: { timeZone: true } },
      legs: { select: { plannedHours: true } },
    },
  });
}

interface ExistingCapacity {
  id: string;
  equipmentCode: string;
  total: number;
  held: number;
  booked: number;
  tariffMinor: number;
  currency: string;
  minChargeMinor: number | null;
}

interface ExistingDeparture {
  id: string;
  departureAt: Date;
  cargoCutoffAt: Date;
  docCutoffAt: Date;
  status: string;
  capacities: ExistingCapacity[];
}

/**
 * The departures the file names that exist already, with their capacities, by service and
 * time. Plain SQL in chunks: the query builder's rows cost about three times as much here.
 */
async function existingDepartures(db: Db, wanted: { serviceId: string; departureAt: Date }[]) {
  const found = new Map<string, ExistingDeparture>();
  for (let start = 0; start < wanted.length; start += CHUNK) {
    const chunk = wanted.slice(start, start + CHUNK);
    const serviceIds = [...new Set(chunk.map((entry) => entry.serviceId))];
    const departures = await db.$queryRaw<(Omit<ExistingDeparture, "capacities"> & { serviceId: string })[]>`
      SELECT "id", "serviceId", "departureAt", "cargoCutoffAt", "docCutoffAt", "status" FROM "Departure"
      WHERE "serviceId" IN (${Prisma.join(serviceIds)})
        AND "departureAt" IN (${Prisma.join(chunk.map((entry) => entry.departureAt))})`;
    if (departures.length === 0) continue;
    const capacities = await db.$queryRaw<(ExistingCapacity & { departureId: string })[]>`
      SELECT "id", "departureId", "equipmentCode", "total", "held", "booked", "tariffMinor", "currency", "minChargeMinor"
      FROM "DepartureCapacity" WHERE "departureId" IN (${Prisma.join(departures.map((departure) => departure.id))})`;
    const byId = new Map<string, ExistingDeparture>();
    for (const row of departures) {
      const departure: ExistingDeparture = {
        id: row.id,
        departureAt: new Date(row.departureAt),
        cargoCutoffAt: new Date(row.cargoCutoffAt),
        docCutoffAt: new Date(row.docCutoffAt),
        status: row.status,
        capacities: [],
      };
      byId.set(row.id, departure);
      found.set(`${row.serviceId}|${departure.departureAt.getTime()}`, departure);
    }
    for (const row of capacities) {
      byId.get(row.departureId)?.capacities.push({
        id: row.id,
        equipmentCode: row.equipmentCode,
        total: Number(row.total),
        held: Number(row.held),
        booked: Number(row.booked),
        tariffMinor: Number(row.tariffMinor),
        currency: row.currency,
        minChargeMinor: row.minChargeMinor === null ? null : Number(row.minChargeMinor),
      });
    }
  }
  return found;
}

const OPEN_STATUSES = new Set(["SCHEDULED", "OPEN"]);

/**
 * Reads the file and decides, row by row, what applying it would do — without writing. Every
 * row is checked against its service (at one of `ports`; another port's service reads as
 * unknown, telling nothing about it) and against the departure it names, if that exists.
 */
async function planImport(db: Db, ports: string[], text: string, now: Date): Promise<Plan> {
  const plan: Plan = { rows: 0, issues: [], creates: [], updates: [], created: 0, updated: 0, unchanged: 0 };
  const parsed = parseCsv(text);
  if (!parsed.ok) {
    plan.issues.push({ row: parsed.row, column: "", code: "csvMalformed" });
    return plan;
  }
  if (!parsed.header) {
    plan.issues.push({ row: 0, column: "", code: "fileEmpty" });
    return plan;
  }
  plan.rows = parsed.records.length;
  if (plan.rows > MAX_IMPORT_ROWS) {
    plan.issues.push({ row: 0, column: "", code: "tooManyRows", values: { max: MAX_IMPORT_ROWS } });
    return plan;
  }
  const header = readHeader(parsed.header);
  if (!header.ok) {
    plan.issues.push(...header.issues);
    return plan;
  }
  if (plan.rows === 0) {
    plan.issues.push({ row: 0, column: "", code: "noRows" });
    return plan;
  }
  const read: ReadRow[] = [];
  for (const record of parsed.records) {
    const result = readRow(record, header.map);
    plan.issues.push(...result.issues);
    if (result.row) read.push(result.row);
  }

  const services = new Map<string, ServiceForImport>(
    (await servicesFor(db, [...new Set(read.map((row) => row.serviceCode))], ports)).map((service) => [
      service.code,
      service,
    ]),
  );
  const toUtc = localTimeConverter();
  const firstRowOf = new Map<string, number>();
  const placed: { row: ReadRow; service: ServiceForImport; create: PlannedCreate }[] = [];
  for (const row of read) {
    const issue = (column: string, code: string, values?: RowIssue["values"]) =>
      plan.issues.push({ row: row.row, column, code, ...(values ? { values } : {}) });
    const service = services.get(row.serviceCode);
    if (!service) {
      issue("service_code", "serviceUnknown", { code: row.serviceCode });
      continue;
    }
    if (!service.active) {
      issue("service_code", "serviceInactive", { code: row.serviceCode });
      continue;
    }
    const timeZone = service.origin.timeZone;
    const departureAt = toUtc(row.departureDate, row.departureTime, timeZone);
    if (departureAt <= now) {
      issue("departure_date", "departureInPast");
      continue;
    }
    const key = `${service.id}|${departureAt.getTime()}`;
    const first = firstRowOf.get(key);
    if (first !== undefined) {
      issue("departure_time", "departureTwice", { row: first });
      continue;
    }
    firstRowOf.set(key, row.row);
    const before = plan.issues.length;
    for (const offer of row.offers) {
      const air = service.mode === "AIR";
      if (air !== (offer.equipmentCode === AIR_KG)) {
        issue(`capacity_${offer.equipmentCode}`, air ? "equipmentAirOnlyKg" : "equipmentKgAirOnly");
      }
    }
    const cutoffAt = (
      given: { date: string; time: string } | null,
      rule: { daysBefore: number; localTime: string },
      column: string,
    ) => {
      // The service's rule: whole days before the departure's local date, at a local time (cutoffFor).
      const at = given
        ? toUtc(given.date, given.time, timeZone)
        : toUtc(addDays(row.departureDate, -rule.daysBefore), rule.localTime, timeZone);
      if (at > departureAt) issue(column, "cutoffAfterDeparture");
      return at;
    };
    const cargoCutoffAt = cutoffAt(
      row.cargoCutoff,
      { daysBefore: service.cargoCutoffDays, localTime: service.cargoCutoffLocalTime },
      "cargo_cutoff",
    );
    const docCutoffAt = cutoffAt(
      row.docCutoff,
      { daysBefore: service.docCutoffDays, localTime: service.docCutoffLocalTime },
      "doc_cutoff",
    );
    if (plan.issues.length > before) continue;
    const transitHours = service.legs.reduce((sum, leg) => sum + leg.plannedHours, 0);
    const etaAt = new Date(departureAt.getTime() + transitHours * 3_600_000);
    placed.push({
      row,
      service,
      create: { serviceId: service.id, departureAt, cargoCutoffAt, docCutoffAt, etaAt, offers: row.offers },
    });
  }

  const existing = await existingDepartures(
    db,
    placed.map(({ create }) => ({ serviceId: create.serviceId, departureAt: create.departureAt })),
  );
  for (const { row, service, create } of placed) {
    const departure = existing.get(`${create.serviceId}|${create.departureAt.getTime()}`);
    if (!departure) {
      plan.creates.push(create);
      plan.created += 1;
      continue;
    }
    const issue = (column: string, code: string, values?: RowIssue["values"]) =>
      plan.issues.push({ row: row.row, column, code, ...(values ? { values } : {}) });
    const committed = departure.capacities.some((capacity) => capacity.held + capacity.booked > 0);
    const cutoffsMove =
      departure.cargoCutoffAt.getTime() !== create.cargoCutoffAt.getTime() ||
      departure.docCutoffAt.getTime() !== create.docCutoffAt.getTime();
    const capacityChanges: CapacityChange[] = [];
    const capacityCreates: RowOffer[] = [];
    const before = plan.issues.length;
    for (const offer of create.offers) {
      const current = departure.capacities.find((capacity) => capacity.equipmentCode === offer.equipmentCode);
      if (!current) {
        capacityCreates.push(offer);
        continue;
      }
      const same =
        current.total === offer.total &&
        current.tariffMinor === offer.tariffMinor &&
        current.currency === offer.currency &&
        (current.minChargeMinor ?? null) === offer.minChargeMinor;
      if (same) continue;
      // adjustCapacity's rule: never below what is held and booked (the numbers are told).
      if (offer.total < current.held + current.booked) {
        issue(`capacity_${offer.equipmentCode}`, "capacityBelowCommitted", {
          total: offer.total,
          held: current.held,
          booked: current.booked,
        });
        continue;
      }
      capacityChanges.push({
        id: current.id,
        equipmentCode: current.equipmentCode,
        held: current.held,
        booked: current.booked,
        before: {
          total: current.total,
          tariffMinor: current.tariffMinor,
          currency: current.currency,
          minChargeMinor: current.minChargeMinor ?? null,
        },
        after: offer,
      });
    }
    if (cutoffsMove && committed) issue("cargo_cutoff", "cutoffMovedWithBookings");
    const changes = cutoffsMove || capacityChanges.length > 0 || capacityCreates.length > 0;
    if (changes && !OPEN_STATUSES.has(departure.status)) {
      issue("departure_date", "departureNotOpen", { status: departure.status });
    }
    if (plan.issues.length > before) continue;
    if (!changes) {
      plan.unchanged += 1;
      continue;
    }
    plan.updated += 1;
    plan.updates.push({
      departureId: departure.id,
      serviceCode: service.code,
      departureAt: departure.departureAt,
      cutoffs: cutoffsMove ? { cargoCutoffAt: create.cargoCutoffAt, docCutoffAt: create.docCutoffAt } : null,
      capacityChanges,
      capacityCreates,
    });
  }
  plan.issues.sort((a, b) => a.row - b.row);
  return plan;
}

function reportOf(
  upload: { sha256: string; fileName: string },
  encoding: CsvEncoding | null,
  plan: Plan,
): ImportReport {
  return {
    sha256: upload.sha256,
    fileName: upload.fileName,
    encoding,
    rows: plan.rows,
    issues: plan.issues,
    created: plan.created,
    updated: plan.updated,
    unchanged: plan.unchanged,
  };
}

async function planContent(db: Db, ports: string[], bytes: Uint8Array, encoding: CsvEncoding | undefined, now: Date) {
  const decoded = decodeCsv(bytes, encoding);
  if (!decoded.ok) {
    const plan: Plan = { rows: 0, issues: [], creates: [], updates: [], created: 0, updated: 0, unchanged: 0 };
    plan.issues.push({ row: 0, column: "", code: decoded.code });
    return { plan, encoding: null };
  }
  return { plan: await planImport(db, ports, decoded.text, now), encoding: decoded.encoding };
}

/**
 * The dry run: keeps the uploaded bytes under their SHA-256 (for this user) and reports what
 * applying them would do, row by row. No departure is written.
 */
export async function checkUpload(
  db: Db,
  actor: Actor,
  file: { name: string; bytes: Uint8Array },
  chosen: CsvEncoding | undefined,
  now: Date,
): Promise<ImportReport> {
  const ports = requireImporter(actor);
  const sha256 = crypto.createHash("sha256").update(file.bytes).digest("hex");
  const fileName = file.name.slice(0, 200) || "departures.csv";
  const { plan, encoding } = await planContent(db, ports, file.bytes, chosen, now);
  await db.departureImport.deleteMany({
    where: { appliedAt: null, createdAt: { lt: new Date(now.getTime() - UPLOAD_KEEP_MS) } },
  });
  await db.departureImport.upsert({
    where: { uploadedById_sha256: { uploadedById: actor.userId, sha256 } },
    create: {
      uploadedById: actor.userId,
      sha256,
      fileName,
      encoding: encoding ?? chosen ?? "UTF-8",
      content: new Uint8Array(file.bytes),
    },
    update: { fileName, encoding: encoding ?? chosen ?? "UTF-8", createdAt: now },
  });
  return reportOf({ sha256, fileName }, encoding, plan);
}

/**
 * Applies an upload this user checked: its bytes are read and checked again (the departures may
 * have changed since the dry run), and only when no row has a problem is everything written, in
 * one transaction, with one audit row. Applying the same file again changes nothing.
 */
export async function applyUpload(
  db: Db,
  actor: Actor,
  sha256: string,
  meta: { ipAddress?: string | null },
  now: Date,
): Promise<{ applied: true; counts: ImportCounts } | { applied: false; report: ImportReport }> {
  const ports = requireImporter(actor);
  const upload = await db.departureImport.findUnique({
    where: { uploadedById_sha256: { uploadedById: actor.userId, sha256 } },
  });
  if (!upload) throw new AppError("notFound", 404);
  const { plan, encoding } = await planContent(db, ports, upload.content, upload.encoding as CsvEncoding, now);
  if (plan.issues.length > 0) return { applied: false, report: reportOf(upload, encoding, plan) };
  const counts: ImportCounts = { created: plan.created, updated: plan.updated, unchanged: plan.unchanged };
  try {
    await db.$transaction(
      async (tx) => {
        await writePlan(tx as unknown as Db, plan, now);
        await tx.departureImport.update({ where: { id: upload.id }, data: { appliedAt: now, ...counts } });
        await recordAudit(tx, {
          actorId: actor.userId,
          action: "departures.imported",
          entity: "DepartureImport",
          entityId: upload.id,
          ipAddress: meta.ipAddress ?? null,
          before: {
            departures: plan.updates.map((update) => ({
              service: update.serviceCode,
              departureAt: update.departureAt.toISOString(),
              capacities: update.capacityChanges.map((change) => ({
                equipmentCode: change.equipmentCode,
                ...change.before,
              })),
            })),
          },
          after: { sha256, fileName: upload.fileName, encoding, rows: plan.rows, ...counts },
        });
      },
      { maxWait: 10_000, timeout: 120_000 },
    );
  } catch (error) {
    if (error instanceof AppError) throw error;
    // A departure created by someone else between the check and the write (unique index).
    if (isUniqueViolation(error) || isRawUniqueViolation(error)) throw new AppError("changedMeanwhile", 409);
    throw error;
  }
  if (plan.created + plan.updated > 0) invalidateBoard();
  return { applied: true, counts };
}

/*
 * New rows go in as multi-row INSERTs: through the query builder each row costs about a
 * millisecond here, and a 10,000-row file makes 50,000 of them (the bench measures it). The
 * statements are plain SQL both engines run; ids are UUIDs, like other bulk-made rows.
 */
function insertDepartures(tx: Db, rows: (Omit<PlannedCreate, "offers"> & { id: string })[], now: Date) {
  const values = rows.map(
    (row) =>
      Prisma.sql`(${Prisma.raw([row.id, row.serviceId, "OPEN"].map(sqlLiteral).join(", "))}, ${row.departureAt}, ${row.cargoCutoffAt}, ${row.docCutoffAt}, ${row.etaAt}, ${now}, ${now})`,
  );
  return tx.$executeRaw`INSERT INTO "Departure" ("id", "serviceId", "status", "departureAt", "cargoCutoffAt", "docCutoffAt", "etaAt", "createdAt", "updatedAt") VALUES ${Prisma.join(values)}`;
}

/**
 * A value written into the SQL text itself: only integers and plain tokens (ids, equipment
 * and currency codes — all checked against their lists before this point) pass; anything else
 * throws. Bound parameters cost ten times as much per value on SQLite here, and capacities are
 * 40,000 rows of a 10,000-row file.
 */
function sqlLiteral(value: string | number | null): string {
  if (value === null) return "NULL";
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new Error(`Not an integer: ${value}`);
    return String(value);
  }
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(value)) throw new Error(`Not a plain token: ${value}`);
  return `'${value}'`;
}

function insertCapacities(tx: Db, rows: { departureId: string; offer: RowOffer }[]) {
  const values = rows
    .map(({ departureId, offer }) =>
      [
        crypto.randomUUID(),
        departureId,
        offer.equipmentCode,
        offer.total,
        offer.total,
        0,
        0,
        offer.tariffMinor,
        offer.currency,
        offer.minChargeMinor,
      ]
        .map(sqlLiteral)
        .join(", "),
    )
    .map((row) => `(${row})`)
    .join(", ");
  return tx.$executeRaw`INSERT INTO "DepartureCapacity" ("id", "departureId", "equipmentCode", "total", "available", "held", "booked", "tariffMinor", "currency", "minChargeMinor") VALUES ${Prisma.raw(values)}`;
}

/**
 * New totals, tariffs and currencies for capacities in one statement: each row only where its
 * held and booked are still what the check read (adjustCapacity's rule: the difference goes to
 * the free slots, never below what is held and booked). Answers how many rows it changed.
 */
function updateCapacities(tx: Db, changes: CapacityChange[]) {
  const cases = (value: (change: CapacityChange) => string | number | null, cast = "") =>
    `CASE "id" ${changes
      .map((change) => {
        const literal = sqlLiteral(value(change));
        return `WHEN ${sqlLiteral(change.id)} THEN ${cast && literal === "NULL" ? `CAST(NULL AS ${cast})` : literal}`;
      })
      .join(" ")} END`;
  const set = [
    `"total" = ${cases((change) => change.after.total)}`,
    `"available" = ${cases((change) => change.after.total - change.held - change.booked)}`,
    `"tariffMinor" = ${cases((change) => change.after.tariffMinor)}`,
    `"currency" = ${cases((change) => change.after.currency)}`,
    `"minChargeMinor" = ${cases((change) => change.after.minChargeMinor, "INTEGER")}`,
  ].join(", ");
  const rows = changes.map((change) => `(${[change.id, change.held, change.booked].map(sqlLiteral).join(", ")})`);
  return tx.$executeRaw`UPDATE "DepartureCapacity" SET ${Prisma.raw(set)} WHERE ("id", "held", "booked") IN (${Prisma.raw(rows.join(", "))})`;
}

/** A unique index refused a plain-SQL statement (P2010, as the driver adapter names it). */
function isRawUniqueViolation(error: unknown): boolean {
  const meta = (error as { code?: string; meta?: { driverAdapterError?: { cause?: { kind?: string } } } }) ?? {};
  return meta.code === "P2010" && meta.meta?.driverAdapterError?.cause?.kind === "UniqueConstraintViolation";
}

async function writePlan(tx: Db, plan: Plan, now: Date): Promise<void> {
  const capacityRows: { departureId: string; offer: RowOffer }[] = [];
  const changes: CapacityChange[] = [];
  for (let start = 0; start < plan.creates.length; start += CHUNK) {
    const chunk = plan.creates.slice(start, start + CHUNK).map((create) => ({ ...create, id: crypto.randomUUID() }));
    await insertDepartures(tx, chunk, now);
    for (const create of chunk) {
      for (const offer of create.offers) capacityRows.push({ departureId: create.id, offer });
    }
  }
  for (const update of plan.updates) {
    for (const offer of update.capacityCreates) capacityRows.push({ departureId: update.departureId, offer });
    if (update.cutoffs) {
      // Cut-offs move only while nothing is held or booked (holds and invoices hang on them).
      const { count } = await tx.departure.updateMany({
        where: { id: update.departureId, capacities: { none: { OR: [{ held: { gt: 0 } }, { booked: { gt: 0 } }] } } },
        data: update.cutoffs,
      });
      if (count !== 1) throw new AppError("changedMeanwhile", 409);
    }
    changes.push(...update.capacityChanges);
  }
  for (let start = 0; start < changes.length; start += CAPACITY_CHUNK) {
    const chunk = changes.slice(start, start + CAPACITY_CHUNK);
    // Each total as read at the check, kept only if no hold or booking came meanwhile.
    if ((await updateCapacities(tx, chunk)) !== chunk.length) throw new AppError("changedMeanwhile", 409);
  }
  for (let start = 0; start < capacityRows.length; start += CAPACITY_CHUNK) {
    await insertCapacities(tx, capacityRows.slice(start, start + CAPACITY_CHUNK));
  }
}

/** What the last apply of this user's upload did (shown after the redirect), or null. */
export async function appliedUpload(db: Db, actor: Actor, sha256: string) {
  requireImporter(actor);
  const upload = await db.departureImport.findUnique({
    where: { uploadedById_sha256: { uploadedById: actor.userId, sha256 } },
    select: { fileName: true, appliedAt: true, created: true, updated: true, unchanged: true },
  });
  return upload?.appliedAt ? upload : null;
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * The template to download: the header (each column's label in the reader's language, then its
 * machine key in brackets), and one example row — a week after the latest departure of the
 * first service at the user's ports — behind a "#" so that it is not imported as it stands.
 * Equipment columns are the types the user's services offer. UTF-8 with a BOM, which
 * spreadsheet programs open as Unicode.
 */
export async function departureTemplate(
  db: Db,
  actor: Actor,
  label: (column: string, equipmentCode?: string) => string,
): Promise<string> {
  const ports = requireImporter(actor);
  const services = await db.service.findMany({
    where: { originCode: { in: ports }, active: true },
    orderBy: { code: "asc" },
    select: {
      code: true,
      origin: { select: { timeZone: true } },
      departures: {
        orderBy: { departureAt: "desc" },
        take: 1,
        select: { departureAt: true, capacities: { orderBy: { equipmentCode: "asc" } } },
      },
    },
  });
  const equipment = [
    ...new Set(
      services.flatMap((service) => service.departures.flatMap((d) => d.capacities.map((c) => c.equipmentCode))),
    ),
  ].sort();
  if (equipment.length === 0) equipment.push("45G1");
  const header = [
    ...["service_code", "departure_date", "departure_time", "cargo_cutoff", "doc_cutoff"].map(
      (column) => `${label(column)} [${column}]`,
    ),
    ...equipment.flatMap((code) =>
      ["capacity", "tariff", "min_charge", "currency"].map((field) => `${label(field, code)} [${field}_${code}]`),
    ),
  ];
  const lines = [header.map(csvCell).join(",")];
  const example = services.find((service) => service.departures.length > 0);
  if (example) {
    const latest = example.departures[0]!;
    const at = new Date(latest.departureAt.getTime() + 7 * 86_400_000);
    const local = new Intl.DateTimeFormat("sv-SE", {
      timeZone: example.origin.timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).format(at);
    const [date = "", time = ""] = local.split(" ");
    const money = (minor: number | null) => (minor === null ? "" : (minor / 100).toFixed(2));
    const cells = [`# ${example.code}`, date, time, "", ""];
    for (const code of equipment) {
      const capacity = latest.capacities.find((c) => c.equipmentCode === code);
      cells.push(
        ...(capacity
          ? [String(capacity.total), money(capacity.tariffMinor), money(capacity.minChargeMinor), capacity.currency]
          : ["", "", "", ""]),
      );
    }
    lines.push(cells.map(csvCell).join(","));
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
