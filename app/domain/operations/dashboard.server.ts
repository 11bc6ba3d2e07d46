import type { Db } from "~/utils/db.server";
import type { Catalog } from "~/domain/places/catalog.server";
import { inForce } from "./events";
import {
  EXPIRING_HOLD_MINUTES,
  GATE_IN_HORIZON_HOURS,
  MISSING_DEPA_LOOKBACK_DAYS,
  portWindows,
  type PortWindows,
} from "./dashboard";

/**
 * The staff dashboard (issue 13, item 7) of the ports a staff member works (`ports`, already
 * filtered by the caller's permission): nothing of another port is read.
 *
 * Round trips: five queries sent together (departures of today and the week with their
 * capacities; expiring holds; bookings waiting for documents; boxes not gated in; departed-by-
 * the-timetable departures), then one for the DEPA events of the last. Prisma sends each
 * `include` as one more query of its own, so at most nine statements, never one per row.
 */
export async function staffDashboard(db: Db, catalog: Catalog, ports: string[], now = new Date()) {
  const windows = new Map<string, PortWindows>(
    ports.map((code) => [code, portWindows(now, catalog.places.get(code)?.timeZone ?? "UTC")]),
  );
  const all = [...windows.values()];
  const from = new Date(Math.min(...all.map((window) => window.today.start.getTime())));
  const until = new Date(Math.max(...all.map((window) => window.week.end.getTime())));
  const atPorts = { service: { originCode: { in: ports } } };
  const departureSelect = {
    id: true,
    departureAt: true,
    service: { select: { serviceNumber: true, originCode: true, destinationCode: true } },
  } as const;

  const [departures, holds, documents, boxes, overdue] = await Promise.all([
    db.departure.findMany({
      where: { ...atPorts, departureAt: { gte: from, lt: until }, status: { not: "CANCELLED" } },
      select: {
        ...departureSelect,
        status: true,
        cargoCutoffAt: true,
        capacities: {
          select: { equipmentCode: true, total: true, held: true, booked: true },
          orderBy: { equipmentCode: "asc" },
        },
      },
      orderBy: { departureAt: "asc" },
    }),
    db.booking.findMany({
      where: {
        status: "HELD",
        holdExpiresAt: { gte: now, lte: new Date(now.getTime() + EXPIRING_HOLD_MINUTES * 60_000) },
        departure: atPorts,
      },
      select: {
        reference: true,
        holdExpiresAt: true,
        company: { select: { legalNameZh: true, legalNameLatin: true } },
        departure: { select: departureSelect },
      },
      orderBy: { holdExpiresAt: "asc" },
      take: 50,
    }),
    // Confirmed bookings of departures still to leave whose instructions were never submitted.
    db.booking.findMany({
      where: {
        status: "CONFIRMED",
        departure: { ...atPorts, departureAt: { gt: now }, status: { not: "CANCELLED" } },
        OR: [{ instructions: { is: null } }, { instructions: { is: { submittedAt: null } } }],
      },
      select: {
        reference: true,
        company: { select: { legalNameZh: true, legalNameLatin: true } },
        departure: { select: { ...departureSelect, docCutoffAt: true } },
      },
      orderBy: { departure: { docCutoffAt: "asc" } },
      take: 50,
    }),
    // Boxes of confirmed bookings not gated in, the cargo cut-off within the horizon (or passed)
    // and the train not yet gone.
    db.shipmentEquipment.findMany({
      where: {
        gatedInAt: null,
        booking: {
          status: "CONFIRMED",
          departure: {
            ...atPorts,
            status: { not: "CANCELLED" },
            departureAt: { gt: now },
            cargoCutoffAt: { lte: new Date(now.getTime() + GATE_IN_HORIZON_HOURS * 3_600_000) },
          },
        },
      },
      select: {
        isoSizeType: true,
        sequence: true,
        containerNumber: true,
        booking: { select: { reference: true, departure: { select: { ...departureSelect, cargoCutoffAt: true } } } },
      },
      orderBy: [{ booking: { departure: { cargoCutoffAt: "asc" } } }, { bookingId: "asc" }, { sequence: "asc" }],
      take: 100,
    }),
    db.departure.findMany({
      where: {
        ...atPorts,
        status: { not: "CANCELLED" },
        departureAt: { lte: now, gte: new Date(now.getTime() - MISSING_DEPA_LOOKBACK_DAYS * 86_400_000) },
      },
      select: departureSelect,
      orderBy: { departureAt: "asc" },
    }),
  ]);

  const departed = await departedIds(
    db,
    overdue.map((departure) => departure.id),
  );

  const inWindow = (departure: (typeof departures)[number], part: keyof PortWindows) => {
    const window = windows.get(departure.service.originCode)![part];
    return departure.departureAt >= window.start && departure.departureAt < window.end;
  };
  return {
    today: departures.filter((departure) => inWindow(departure, "today")),
    week: departures.filter((departure) => inWindow(departure, "week")),
    holds,
    documents,
    boxes,
    missingDepa: overdue.filter((departure) => !departed.has(departure.id)),
  };
}
export type StaffDashboard = Awaited<ReturnType<typeof staffDashboard>>;

/**
 * The departures among `ids` with a standing actual DEPA at their origin (milestone DEPARTED,
 * classifier ACT, not superseded by a correction). One query: the DEPARTED events and every
 * correction of these departures, since a correction may be of another milestone.
 */
export async function departedIds(db: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const events = await db.operationalEvent.findMany({
    where: {
      departureId: { in: ids },
      classifier: "ACT",
      OR: [{ milestone: "DEPARTED" }, { supersedesId: { not: null } }],
    },
    select: { id: true, departureId: true, milestone: true, typeCode: true, supersedesId: true },
  });
  return new Set(
    inForce(events)
      .filter((event) => event.milestone === "DEPARTED" && event.typeCode === "DEPA")
      .map((event) => event.departureId),
  );
}
