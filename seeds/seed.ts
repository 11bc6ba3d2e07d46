import crypto from "node:crypto";
import type { Db } from "~/utils/db.server";
import { publishTimetable } from "~/domain/scheduling/publish-timetable.server";
import type { WeeklyPattern } from "~/domain/scheduling/timetable";
import { CORRIDORS } from "./data/corridors";
import { PLACES } from "./data/places";
import { SERVICES, type ServiceSeed } from "./data/services";
import { SEA_VOYAGES } from "./data/voyages";
import { saveSeaVoyage } from "~/domain/waybill/sea-voyages.server";

export const DEMO_WEEKS = 13;

export interface SeedOptions {
  /** Departures are planned from this instant's local date at each origin. */
  now?: Date;
  weeks?: number;
  /**
   * Only what the first schema had — places, corridors, services with their legs, departures —
   * for a database migrated up to an older schema (migration tests): no offers, no vessels.
   */
  firstSchemaOnly?: boolean;
}

export interface SeedReport {
  places: number;
  corridors: number;
  services: number;
  departuresCreated: number;
}

/**
 * Reference data (places, corridors, services) and a rolling demo timetable. Idempotent:
 * reference rows are upserted by their business keys, and a departure that already exists for
 * a service and time is left as it is (its sold capacity included), so a second run changes
 * nothing and a later run only adds the weeks that have come into the window.
 */
export async function seedDatabase(db: Db, options: SeedOptions = {}): Promise<SeedReport> {
  const now = options.now ?? new Date();
  const weeks = options.weeks ?? DEMO_WEEKS;

  for (const place of PLACES) {
    const data = {
      iataCode: place.iataCode ?? null,
      kind: place.kind,
      countryCode: place.countryCode,
      timeZone: place.timeZone,
      latitude: place.latitude,
      longitude: place.longitude,
      names: JSON.stringify(place.names),
    };
    await db.place.upsert({ where: { code: place.code }, create: { code: place.code, ...data }, update: data });
  }
  for (const corridor of CORRIDORS) {
    const data = { names: JSON.stringify(corridor.names), sortOrder: corridor.sortOrder };
    await db.corridor.upsert({
      where: { code: corridor.code },
      create: { code: corridor.code, ...data },
      update: data,
    });
  }

  let departuresCreated = 0;
  for (const seed of SERVICES) {
    const service = await upsertService(db, seed, options.firstSchemaOnly);
    departuresCreated += await addMissingDepartures(db, seed, service.id, now, weeks);
  }
  if (!options.firstSchemaOnly) await nominateDemoVessels(db);
  return { places: PLACES.length, corridors: CORRIDORS.length, services: SERVICES.length, departuresCreated };
}

/** A seeded service's row (without its legs). */
export function serviceRecord(seed: ServiceSeed) {
  return {
    corridorCode: seed.corridor,
    originCode: seed.origin,
    destinationCode: seed.destination,
    mode: seed.mode,
    serviceNumber: seed.serviceNumber,
    operatorName: seed.operatorName,
    weekdays: seed.weekdays.join(","),
    departureLocalTime: seed.departureLocalTime,
    cargoCutoffDays: seed.cargoCutoff.daysBefore,
    cargoCutoffLocalTime: seed.cargoCutoff.localTime,
    docCutoffDays: seed.docCutoff.daysBefore,
    docCutoffLocalTime: seed.docCutoff.localTime,
  };
}

/** A seeded service's legs, numbered from 1. */
export function legRecords(seed: ServiceSeed) {
  return seed.legs.map((leg, index) => ({
    sequence: index + 1,
    mode: leg.mode,
    fromCode: leg.from,
    toCode: leg.to,
    plannedHours: leg.hours,
    gaugeChange: leg.gaugeChange ?? null,
  }));
}

/** A seeded service's weekly timetable, read on its origin's clocks. */
export function weeklyPatternOf(seed: ServiceSeed): WeeklyPattern {
  const origin = PLACES.find((place) => place.code === seed.origin);
  if (!origin) throw new Error(`Service ${seed.code} starts at unknown place ${seed.origin}`);
  return {
    timeZone: origin.timeZone,
    weekdays: seed.weekdays,
    departureLocalTime: seed.departureLocalTime,
    cargoCutoff: seed.cargoCutoff,
    docCutoff: seed.docCutoff,
    transitHours: seed.legs.reduce((sum, leg) => sum + leg.hours, 0),
  };
}

async function upsertService(db: Db, seed: ServiceSeed, firstSchemaOnly = false) {
  const data = serviceRecord(seed);
  return db.$transaction(async (tx) => {
    const service = await tx.service.upsert({
      where: { code: seed.code },
      create: { code: seed.code, ...data },
      update: data,
      // Only its id: the seed also fills databases made before later migrations added columns.
      select: { id: true },
    });
    for (const { sequence, ...legData } of legRecords(seed)) {
      await tx.serviceLeg.upsert({
        where: { serviceId_sequence: { serviceId: service.id, sequence } },
        create: { serviceId: service.id, sequence, ...legData },
        update: legData,
      });
    }
    await tx.serviceLeg.deleteMany({ where: { serviceId: service.id, sequence: { gt: seed.legs.length } } });
    // What staff publish further weeks with (an offer staff changed since is left as it is).
    for (const offer of firstSchemaOnly ? [] : seed.offers) {
      await tx.serviceOffer.upsert({
        where: { serviceId_equipmentCode: { serviceId: service.id, equipmentCode: offer.equipment } },
        create: {
          serviceId: service.id,
          equipmentCode: offer.equipment,
          total: offer.total,
          tariffMinor: offer.tariffMinor,
          currency: seed.currency,
          minChargeMinor: offer.minChargeMinor ?? null,
        },
        update: {},
      });
    }
    return service;
  });
}

/**
 * The demo vessels and voyages of the sea legs, for departures that have none yet (a voyage
 * staff recorded or corrected is left as it is).
 */
async function nominateDemoVessels(db: Db) {
  for (const seed of SEA_VOYAGES) {
    const departures = await db.departure.findMany({
      where: { service: { code: seed.service }, voyages: { none: { legSequence: seed.legSequence } } },
      select: { id: true, departureAt: true },
      orderBy: { departureAt: "asc" },
    });
    for (const departure of departures) {
      const { year, week, weekday } = isoWeek(departure.departureAt);
      const sailing = weekday <= 3 ? 1 : 2;
      const vessel = seed.vessels[(week * 2 + sailing) % seed.vessels.length]!;
      await saveSeaVoyage(db, {
        departureId: departure.id,
        legSequence: seed.legSequence,
        vesselName: vessel.name,
        imoNumber: vessel.imo,
        voyageNumber: `${String(year).slice(2)}${String(week).padStart(2, "0")}${sailing}S`,
      });
    }
  }
}

/** The ISO 8601 year, week and weekday (1 = Monday) of an instant, in UTC. */
function isoWeek(at: Date) {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  return { year: day.getUTCFullYear(), week: Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7), weekday };
}

/** The service's departures for the window, through the same operation port staff use. */
async function addMissingDepartures(db: Db, seed: ServiceSeed, serviceId: string, now: Date, weeks: number) {
  const { created } = await publishTimetable(db, {
    serviceId,
    pattern: weeklyPatternOf(seed),
    offers: seed.offers.map((offer) => ({
      equipmentCode: offer.equipment,
      total: offer.total,
      tariffMinor: offer.tariffMinor,
      currency: seed.currency,
      minChargeMinor: offer.minChargeMinor ?? null,
    })),
    from: now,
    weeks,
    presold: (departureAt, equipment) => {
      const total = seed.offers.find((offer) => offer.equipment === equipment)?.total ?? 0;
      const daysAway = (departureAt.getTime() - now.getTime()) / 86_400_000;
      return Math.round(total * demoFill(seed.code, departureAt, equipment, daysAway));
    },
  });
  return created;
}

/**
 * How full a demo departure already is: deterministic per service, date and equipment (so
 * reseeding reproduces it), fuller the sooner it leaves, with some trains sold out.
 */
export function demoFill(serviceCode: string, departureAt: Date, equipment: string, daysAway: number): number {
  const digest = crypto
    .createHash("sha256")
    .update(`${serviceCode}|${departureAt.toISOString()}|${equipment}`)
    .digest();
  const noise = digest.readUInt16BE(0) / 0xffff;
  if (daysAway < 21 && noise > 0.8) return 1;
  const urgency = Math.max(0, 1 - daysAway / 91);
  return Math.min(0.97, 0.15 + urgency * 0.7 + (noise - 0.5) * 0.3);
}
