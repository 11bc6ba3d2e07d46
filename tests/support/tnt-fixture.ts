import { randomBytes, randomUUID } from "node:crypto";
import type { Db } from "~/utils/db.server";
import { sha256Hex } from "~/utils/hash.server";
import { recordPlannedCalls, recordShipmentEvent } from "~/domain/tracking/consignment-events.server";
import { seedDatabase } from "../../seeds/seed";

/*
 * A small world for the partner API's tests: three companies on two trains.
 *   - Lanzhou (A): A1 on train 1 (two boxes, an issued waybill), A2 on train 2 (one box, shared
 *     with a member of C), A3 on train 1 but cancelled.
 *   - Wuwei (B): B1 on train 1 (one box) — the same train as A1.
 *   - Almaty forwarder (C): no bookings; its member is A's partner and follows A2.
 * Events are written straight into the store, oldest first, an hour ago and on.
 */

export const BOXES = { a1: ["AAAU1000001", "AAAU1000002"], a2: ["AAAU2000001"], b1: ["BBBU1000001"] };

export interface TntWorld {
  companies: { a: string; b: string; c: string };
  bookings: { a1: string; a2: string; a3: string; b1: string };
  references: { a1: string; a2: string; a3: string; b1: string };
  waybillA1: string;
  trains: { one: string; two: string };
  partnerId: string;
  keys: { a: string; b: string; c: string; noScope: string };
  events: Record<string, string>;
  /** The planned calls of A1 (PLN transport events of its own). */
  planned: string[];
  /** Base time of the events: an hour ago. */
  t0: number;
}

export function newKey(): string {
  return `sgw_${randomBytes(32).toString("base64url")}`;
}

async function company(db: Db, name: string, creditCode: string) {
  return (
    await db.company.create({
      data: { legalNameZh: name, legalNameLatin: name, creditCode, address: "—", contactPhone: "+86 931 000 0000" },
    })
  ).id;
}

async function user(db: Db, email: string, kind: string) {
  return (await db.user.create({ data: { email, name: email, passwordHash: "x", kind } })).id;
}

async function apiKey(db: Db, companyId: string, createdById: string, scopes: string[]) {
  const key = newKey();
  await db.apiKey.create({
    data: {
      companyId,
      name: `key ${companyId}`,
      prefix: key.slice(0, 12),
      secretHash: sha256Hex(key),
      scopes: JSON.stringify(scopes),
      createdById,
    },
  });
  return key;
}

export async function buildTntWorld(db: Db, suffix = ""): Promise<TntWorld> {
  const now = new Date();
  await seedDatabase(db, { now, weeks: 1 });
  const [one, two] = await db.departure.findMany({ orderBy: { departureAt: "asc" }, take: 2, select: { id: true } });
  const a = await company(db, `Lanzhou${suffix}`, `A${suffix}00000000000000000`.slice(0, 18));
  const b = await company(db, `Wuwei${suffix}`, `B${suffix}00000000000000000`.slice(0, 18));
  const c = await company(db, `Almaty${suffix}`, `C${suffix}00000000000000000`.slice(0, 18));
  const booker = await user(db, `booker${suffix}@a.example`, "EXPORTER");
  await db.membership.create({ data: { userId: booker, companyId: a, role: "ADMIN" } });
  const bBooker = await user(db, `booker${suffix}@b.example`, "EXPORTER");
  await db.membership.create({ data: { userId: bBooker, companyId: b, role: "ADMIN" } });
  const partner = await user(db, `forwarder${suffix}@c.example`, "PARTNER");
  await db.membership.create({ data: { userId: partner, companyId: c, role: "ADMIN" } });
  await db.partnerLink.create({ data: { partnerId: partner, companyId: a } });

  const booking = async (
    companyId: string,
    reference: string,
    departureId: string,
    status: string,
    boxes: string[],
  ) => {
    const row = await db.booking.create({
      data: {
        reference,
        companyId,
        departureId,
        createdById: booker,
        status,
        currency: "USD",
        totalMinor: 100,
        priceLines: "[]",
        details: "{}",
        equipment: {
          create: boxes.map((containerNumber, index) => ({
            isoSizeType: "45G1",
            sequence: index + 1,
            containerNumber,
          })),
        },
      },
    });
    return row.id;
  };
  const references = {
    a1: `SG-A1${suffix}-0001`,
    a2: `SG-A2${suffix}-0002`,
    a3: `SG-A3${suffix}-0003`,
    b1: `SG-B1${suffix}-0004`,
  };
  const bookings = {
    a1: await booking(a, references.a1, one!.id, "CONFIRMED", BOXES.a1),
    a2: await booking(a, references.a2, two!.id, "CONFIRMED", BOXES.a2),
    a3: await booking(a, references.a3, one!.id, "CANCELLED", []),
    b1: await booking(b, references.b1, one!.id, "CONFIRMED", BOXES.b1),
  };
  const waybillA1 = `CNLAZ26${suffix}0001`.slice(0, 20);
  await db.waybill.create({
    data: { bookingId: bookings.a1, status: "ISSUED", number: waybillA1, consigneeLocale: "de", issuedAt: now },
  });
  await db.bookingShare.create({ data: { bookingId: bookings.a2, partnerId: partner, sharedById: booker } });

  const t0 = now.getTime() - 3_600_000;
  const events: Record<string, string> = {};
  let tick = 0;
  const event = async (
    name: string,
    fields: {
      departureId: string;
      eventType: string;
      typeCode: string;
      milestone: string;
      placeCode: string;
      facilityType?: string;
      bookingId?: string;
      equipmentReference?: string;
      classifier?: string;
      supersedes?: string;
    },
  ) => {
    const id = randomUUID();
    events[name] = id;
    tick += 1;
    const { supersedes, ...rest } = fields;
    await db.operationalEvent.create({
      data: {
        id,
        classifier: "ACT",
        facilityType: "RAMP",
        eventAt: new Date(t0 + tick * 60_000),
        createdAt: new Date(t0 + tick * 60_000 + 5_000),
        isoEquipmentCode: fields.equipmentReference ? "45G1" : null,
        emptyIndicator: fields.eventType === "EQUIPMENT" ? "LADEN" : null,
        supersedesId: supersedes ? events[supersedes] : null,
        ...rest,
      },
    });
  };
  const train1 = { departureId: one!.id };
  await event("gateInA1", {
    ...train1,
    eventType: "EQUIPMENT",
    typeCode: "GTIN",
    milestone: "GATE_IN",
    placeCode: "CNLAZ",
    bookingId: bookings.a1,
    equipmentReference: BOXES.a1[0],
  });
  await event("gateInB1", {
    ...train1,
    eventType: "EQUIPMENT",
    typeCode: "GTIN",
    milestone: "GATE_IN",
    placeCode: "CNLAZ",
    bookingId: bookings.b1,
    equipmentReference: BOXES.b1[0],
  });
  await event("departed", {
    ...train1,
    eventType: "TRANSPORT",
    typeCode: "DEPA",
    milestone: "DEPARTED",
    placeCode: "CNLAZ",
  });
  await event("border", {
    ...train1,
    eventType: "TRANSPORT",
    typeCode: "DEPA",
    milestone: "BORDER_CROSSED",
    placeCode: "KZDOS",
    facilityType: "BOCR",
  });
  await event("eta", {
    ...train1,
    eventType: "TRANSPORT",
    typeCode: "ARRI",
    milestone: "ARRIVED",
    placeCode: "DEDUI",
    classifier: "EST",
  });
  await event("departedTwo", {
    departureId: two!.id,
    eventType: "TRANSPORT",
    typeCode: "DEPA",
    milestone: "DEPARTED",
    placeCode: "CNLAZ",
  });
  await event("arrived", {
    ...train1,
    eventType: "TRANSPORT",
    typeCode: "ARRI",
    milestone: "ARRIVED",
    placeCode: "DEDUI",
  });
  await event("arrivedFixed", {
    ...train1,
    eventType: "TRANSPORT",
    typeCode: "ARRI",
    milestone: "ARRIVED",
    placeCode: "DEDUI",
    supersedes: "arrived",
  });
  await event("discharged", {
    ...train1,
    eventType: "EQUIPMENT",
    typeCode: "DISC",
    milestone: "DISCHARGED",
    placeCode: "DEDUI",
  });
  await event("released", {
    ...train1,
    eventType: "SHIPMENT",
    typeCode: "RELS",
    milestone: "CUSTOMS_RELEASED",
    placeCode: "DEDUI",
  });
  await event("delivered", {
    ...train1,
    eventType: "EQUIPMENT",
    typeCode: "DROP",
    milestone: "DELIVERED",
    placeCode: "CN-WUW",
    bookingId: bookings.a1,
    equipmentReference: BOXES.a1[1],
  });

  // What the portal writes itself (decision 018): A1's plan and booking and waybill events, B1's confirmation.
  const at = (minutes: number) => new Date(t0 + minutes * 60_000);
  await recordPlannedCalls(db, bookings.a1, at(20));
  await recordShipmentEvent(db, {
    bookingId: bookings.a1,
    change: { typeCode: "CONF", documentTypeCode: "BKG" },
    now: at(21),
  });
  await recordShipmentEvent(db, {
    bookingId: bookings.a1,
    change: { typeCode: "ISSU", documentTypeCode: "TRD", documentReference: waybillA1 },
    now: at(22),
  });
  await recordShipmentEvent(db, {
    bookingId: bookings.b1,
    change: { typeCode: "CONF", documentTypeCode: "BKG" },
    now: at(23),
  });
  const written = await db.operationalEvent.findMany({
    where: { createdAt: { gte: at(20) } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const planned = written.filter((row) => row.classifier === "PLN").map((row) => row.id);
  const [confirmedA1, issuedA1, confirmedB1] = written
    .filter((row) => row.eventType === "SHIPMENT")
    .map((row) => row.id);
  const plannedArrival = written.find((row) => row.classifier === "PLN" && row.typeCode === "ARRI")!.id;
  Object.assign(events, { confirmedA1, issuedA1, confirmedB1, plannedArrival });

  return {
    planned,
    companies: { a, b, c },
    bookings,
    references,
    waybillA1,
    trains: { one: one!.id, two: two!.id },
    partnerId: partner,
    keys: {
      a: await apiKey(db, a, booker, ["events:read"]),
      b: await apiKey(db, b, bBooker, ["events:read"]),
      c: await apiKey(db, c, partner, ["events:read", "subscriptions:write"]),
      noScope: await apiKey(db, a, booker, ["subscriptions:write"]),
    },
    events,
    t0,
  };
}
