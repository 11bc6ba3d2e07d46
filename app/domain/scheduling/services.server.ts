import type { Db } from "~/utils/db.server";
import { AppError, invalidFields, isUniqueViolation } from "~/utils/app-error";
import { TRANSACTION_OPTIONS } from "~/utils/transactions.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { authorize } from "~/domain/identity/actor.server";
import { can, type Actor } from "~/domain/identity/permissions";
import type { RequestMeta } from "~/domain/identity/session.server";
import { forgetCatalog } from "~/domain/places/catalog.server";
import { invalidateBoard } from "./board-cache.server";
import { publishTimetable } from "./publish-timetable.server";
import type { WeeklyPattern } from "./timetable";
import { MAX_PUBLISH_WEEKS } from "~/schemas/operations";

export interface LegInput {
  mode: string;
  toCode: string;
  plannedHours: number;
  /** Gauge change where the leg ends, e.g. "1435>1520". */
  gaugeChange: string | null;
}

/** A service as staff define it: the route, who runs it, and its weekly pattern with validity. */
export interface ServiceInput {
  code: string;
  corridorCode: string;
  originCode: string;
  destinationCode: string;
  mode: string;
  serviceNumber: string;
  operatorName: string;
  legs: LegInput[];
  weekdays: number[];
  departureLocalTime: string;
  cargoCutoffDays: number;
  cargoCutoffLocalTime: string;
  docCutoffDays: number;
  docCutoffLocalTime: string;
  validFrom: string | null;
  validUntil: string | null;
}

export interface OfferInput {
  equipmentCode: string;
  total: number;
  tariffMinor: number;
  currency: string;
  minChargeMinor: number | null;
}

/** The ports whose services the actor may see. */
export function servicePorts(actor: Actor): string[] {
  return actor.staffPorts.filter((portCode) => can(actor, "read:service", { portCode }));
}

/** The services leaving the actor's ports; none to see, no page. */
export async function listServices(db: Db, actor: Actor) {
  const ports = servicePorts(actor);
  if (ports.length === 0) throw new AppError("notFound", 404);
  const services = await db.service.findMany({
    where: { originCode: { in: ports } },
    orderBy: [{ originCode: "asc" }, { code: "asc" }],
    include: { _count: { select: { departures: true } } },
  });
  return {
    services,
    ports,
    managedPorts: ports.filter((portCode) => can(actor, "manage:service", { portCode })),
  };
}

const serviceInclude = {
  legs: { orderBy: { sequence: "asc" } },
  exceptions: { orderBy: { localDate: "asc" } },
  offers: { orderBy: { equipmentCode: "asc" } },
  origin: true,
} as const;

/** One service, for someone at its origin port (an outsider learns nothing: 404). */
export async function findService(db: Db, actor: Actor, code: string) {
  const service = await db.service.findUnique({ where: { code }, include: serviceInclude });
  if (!service) throw new AppError("notFound", 404);
  authorize(actor, "read:service", { portCode: service.originCode });
  return { service, canManage: can(actor, "manage:service", { portCode: service.originCode }) };
}

async function requireManagedService(db: Db, actor: Actor, code: string) {
  const { service } = await findService(db, actor, code);
  authorize(actor, "manage:service", { portCode: service.originCode });
  return service;
}

/** What only the database can tell: the places exist, the legs run from origin to destination. */
async function checkRoute(db: Db, input: ServiceInput) {
  const codes = [input.originCode, input.destinationCode, ...input.legs.map((leg) => leg.toCode)];
  const [places, corridor] = await Promise.all([
    db.place.findMany({ where: { code: { in: codes } }, select: { code: true } }),
    db.corridor.findUnique({ where: { code: input.corridorCode }, select: { code: true } }),
  ]);
  const known = new Set(places.map((place) => place.code));
  const fields: Record<string, string> = {};
  if (!corridor) fields.corridorCode = "errors.required";
  if (!known.has(input.destinationCode)) fields.destinationCode = "errors.placeUnknown";
  if (input.destinationCode === input.originCode) fields.destinationCode = "errors.destinationIsOrigin";
  input.legs.forEach((leg, index) => {
    if (!known.has(leg.toCode)) fields[`leg${index + 1}To`] = "errors.placeUnknown";
  });
  const last = input.legs.at(-1);
  if (!last) fields.leg1To = "errors.legsRequired";
  else if (last.toCode !== input.destinationCode) fields[`leg${input.legs.length}To`] = "errors.legsEndAtDestination";
  if (input.validFrom && input.validUntil && input.validUntil < input.validFrom)
    fields.validUntil = "errors.validityOrder";
  if (Object.keys(fields).length > 0) throw invalidFields(fields);
}

function serviceData(input: ServiceInput) {
  return {
    corridorCode: input.corridorCode,
    originCode: input.originCode,
    destinationCode: input.destinationCode,
    mode: input.mode,
    serviceNumber: input.serviceNumber,
    operatorName: input.operatorName,
    weekdays: [...new Set(input.weekdays)].sort().join(","),
    departureLocalTime: input.departureLocalTime,
    cargoCutoffDays: input.cargoCutoffDays,
    cargoCutoffLocalTime: input.cargoCutoffLocalTime,
    docCutoffDays: input.docCutoffDays,
    docCutoffLocalTime: input.docCutoffLocalTime,
    validFrom: input.validFrom,
    validUntil: input.validUntil,
  };
}

function legRows(input: ServiceInput) {
  let from = input.originCode;
  return input.legs.map((leg, index) => {
    const row = {
      sequence: index + 1,
      mode: leg.mode,
      fromCode: from,
      toCode: leg.toCode,
      plannedHours: leg.plannedHours,
    };
    from = leg.toCode;
    return { ...row, gaugeChange: leg.gaugeChange };
  });
}

/** A new service at one of the supervisor's ports, with its legs; audited. */
export async function createService(db: Db, actor: Actor, input: ServiceInput, meta: RequestMeta) {
  if (!can(actor, "manage:service", { portCode: input.originCode })) {
    // Someone who edits no port's services has no such form; a supervisor chose another port.
    if (!actor.staffPorts.some((portCode) => can(actor, "manage:service", { portCode })))
      throw new AppError("forbidden", 403);
    throw invalidFields({ originCode: "errors.originNotYours" });
  }
  await checkRoute(db, input);
  try {
    const service = await db.$transaction(async (tx) => {
      const created = await tx.service.create({
        data: { code: input.code, ...serviceData(input), legs: { create: legRows(input) } },
      });
      await recordAudit(tx, {
        actorId: actor.userId,
        action: "service.created",
        entity: "Service",
        entityId: created.id,
        ipAddress: meta.ipAddress,
        after: { ...serviceData(input), code: input.code, legs: legRows(input) },
      });
      return created;
    }, TRANSACTION_OPTIONS);
    forgetCatalog(db);
    return service;
  } catch (error) {
    if (isUniqueViolation(error)) throw invalidFields({ code: "errors.serviceCodeTaken" });
    throw error;
  }
}

/**
 * Changes a service's route, legs and pattern. Departures already published keep their times
 * (each is changed on its own page); the next publication follows the new pattern. The origin
 * stays: it is whose service it is.
 */
export async function updateService(
  db: Db,
  actor: Actor,
  code: string,
  input: Omit<ServiceInput, "code" | "originCode">,
  meta: RequestMeta,
) {
  const service = await requireManagedService(db, actor, code);
  const full: ServiceInput = { ...input, code, originCode: service.originCode };
  await checkRoute(db, full);
  await db.$transaction(async (tx) => {
    await tx.service.update({ where: { id: service.id }, data: serviceData(full) });
    await tx.serviceLeg.deleteMany({ where: { serviceId: service.id } });
    await tx.serviceLeg.createMany({ data: legRows(full).map((leg) => ({ serviceId: service.id, ...leg })) });
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "service.updated",
      entity: "Service",
      entityId: service.id,
      ipAddress: meta.ipAddress,
      before: snapshot(service),
      after: { ...serviceData(full), legs: legRows(full) },
    });
  }, TRANSACTION_OPTIONS);
  forgetCatalog(db);
}

function snapshot(service: Awaited<ReturnType<typeof requireManagedService>>) {
  const { legs, exceptions, offers, origin: _origin, ...rest } = service;
  return {
    ...rest,
    legs: legs.map(({ id: _id, serviceId: _serviceId, ...leg }) => leg),
    exceptions: exceptions.map((exception) => exception.localDate),
    offers: offers.map(({ id: _id, serviceId: _serviceId, ...offer }) => offer),
  };
}

/** A date without departures (idempotent: the same date twice is one exception). */
export async function addException(
  db: Db,
  actor: Actor,
  code: string,
  input: { localDate: string; note: string | null },
  meta: RequestMeta,
) {
  const service = await requireManagedService(db, actor, code);
  await db.$transaction(async (tx) => {
    const exception = await tx.serviceException.upsert({
      where: { serviceId_localDate: { serviceId: service.id, localDate: input.localDate } },
      create: { serviceId: service.id, ...input },
      update: { note: input.note },
    });
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "service.exception_added",
      entity: "Service",
      entityId: service.id,
      ipAddress: meta.ipAddress,
      after: { localDate: exception.localDate, note: exception.note },
    });
  }, TRANSACTION_OPTIONS);
}

export async function removeException(db: Db, actor: Actor, code: string, localDate: string, meta: RequestMeta) {
  const service = await requireManagedService(db, actor, code);
  await db.$transaction(async (tx) => {
    const { count } = await tx.serviceException.deleteMany({ where: { serviceId: service.id, localDate } });
    if (count === 0) return;
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "service.exception_removed",
      entity: "Service",
      entityId: service.id,
      ipAddress: meta.ipAddress,
      before: { localDate },
    });
  }, TRANSACTION_OPTIONS);
}

/** What each newly published departure offers of one equipment type (set, or replaced). */
export async function setOffer(db: Db, actor: Actor, code: string, input: OfferInput, meta: RequestMeta) {
  const service = await requireManagedService(db, actor, code);
  if ((input.equipmentCode === "KG") !== (service.mode === "AIR"))
    throw invalidFields({ equipmentCode: "errors.equipmentForMode" });
  await db.$transaction(async (tx) => {
    const before = await tx.serviceOffer.findUnique({
      where: { serviceId_equipmentCode: { serviceId: service.id, equipmentCode: input.equipmentCode } },
    });
    await tx.serviceOffer.upsert({
      where: { serviceId_equipmentCode: { serviceId: service.id, equipmentCode: input.equipmentCode } },
      create: { serviceId: service.id, ...input },
      update: input,
    });
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "service.offer_set",
      entity: "Service",
      entityId: service.id,
      ipAddress: meta.ipAddress,
      before: before ?? undefined,
      after: input,
    });
  }, TRANSACTION_OPTIONS);
}

/** A service's ISO weekdays as stored ("2,5", as the seed writes them). */
export function readWeekdays(text: string): number[] {
  return text
    .split(",")
    .map(Number)
    .filter((day) => Number.isInteger(day) && day >= 1 && day <= 7);
}

/** The service's weekly pattern in its origin's zone, as the timetable reads it. */
export function patternOf(service: {
  weekdays: string;
  departureLocalTime: string;
  cargoCutoffDays: number;
  cargoCutoffLocalTime: string;
  docCutoffDays: number;
  docCutoffLocalTime: string;
  legs: { plannedHours: number }[];
  origin: { timeZone: string };
}): WeeklyPattern {
  return {
    timeZone: service.origin.timeZone,
    weekdays: readWeekdays(service.weekdays),
    departureLocalTime: service.departureLocalTime,
    cargoCutoff: { daysBefore: service.cargoCutoffDays, localTime: service.cargoCutoffLocalTime },
    docCutoff: { daysBefore: service.docCutoffDays, localTime: service.docCutoffLocalTime },
    transitHours: service.legs.reduce((sum, leg) => sum + leg.plannedHours, 0),
  };
}

/**
 * Publishes the service's departures for `weeks` weeks from now, within its validity and not
 * on its exception dates, each with the service's offers. Idempotent (publishTimetable): what
 * exists is left as it is, so publishing again only adds what came into the window. Audited.
 */
export async function publishService(
  db: Db,
  actor: Actor,
  code: string,
  weeks: number,
  meta: RequestMeta,
  now = new Date(),
): Promise<{ created: number }> {
  const service = await requireManagedService(db, actor, code);
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > MAX_PUBLISH_WEEKS)
    throw invalidFields({ weeks: "errors.weeks" });
  if (service.offers.length === 0) throw invalidFields({ weeks: "errors.noOffers" });
  if (!service.active) throw invalidFields({ weeks: "errors.serviceInactive" });
  const result = await publishTimetable(db, {
    serviceId: service.id,
    pattern: patternOf(service),
    calendar: {
      validFrom: service.validFrom,
      validUntil: service.validUntil,
      exceptions: service.exceptions.map((exception) => exception.localDate),
    },
    offers: service.offers.map(({ equipmentCode, total, tariffMinor, currency, minChargeMinor }) => ({
      equipmentCode,
      total,
      tariffMinor,
      currency,
      minChargeMinor,
    })),
    from: now,
    weeks,
  });
  await recordAudit(db, {
    actorId: actor.userId,
    action: "service.published",
    entity: "Service",
    entityId: service.id,
    ipAddress: meta.ipAddress,
    after: { weeks, from: now.toISOString(), created: result.created },
  });
  if (result.created > 0) invalidateBoard();
  return result;
}

/** The service's departures from now on, for its page. */
export function upcomingDepartures(db: Db, serviceId: string, now: Date, take = 60) {
  return db.departure.findMany({
    where: { serviceId, departureAt: { gte: now } },
    orderBy: { departureAt: "asc" },
    take,
    select: { id: true, departureAt: true, cargoCutoffAt: true, status: true },
  });
}
