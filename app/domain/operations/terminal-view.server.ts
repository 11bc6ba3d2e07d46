import { DateTime } from "luxon";
import type { Db } from "~/utils/db.server";
import { can, type Actor } from "~/domain/identity/permissions";
import { allows } from "~/domain/booking/lifecycle";
import { loadCatalog, placeName } from "~/domain/places/catalog.server";
import { formatLocalDateTime } from "~/i18n/format";
import type { Locale } from "~/i18n/config";
import { departureEvents } from "./events.server";
import { RECORDABLE_MILESTONES } from "./events";
import { routePlaces } from "./departure-access.server";
import { loadingList } from "./loading-list.server";

/**
 * Everything the terminal page of a departure shows, in the reader's language: the loading list
 * and its totals, the bookings to gate in (or to confirm by hand), the event form's choices and
 * the timeline, each event at the local time of its place.
 */
export async function terminalPage(db: Db, actor: Actor, departureId: string, locale: Locale, now = new Date()) {
  const list = await loadingList(db, actor, departureId);
  const { departure } = list;
  const portCode = departure.service.originCode;
  const [catalog, events, open] = await Promise.all([
    loadCatalog(db),
    departureEvents(db, departure.id),
    db.booking.findMany({
      where: { departureId: departure.id, status: { in: ["HELD", "AWAITING_PAYMENT", "EXPIRED"] } },
      orderBy: { reference: "asc" },
      select: { reference: true, status: true, company: { select: { legalNameLatin: true } } },
    }),
  ]);
  const zoneOf = (code: string) => catalog.places.get(code)?.timeZone ?? "UTC";
  const name = (code: string) => placeName(catalog, code, locale);
  const at = (date: Date, code: string) => formatLocalDateTime(date, locale, zoneOf(code));
  const late = now >= departure.cargoCutoffAt;
  const acceptsLate = can(actor, "accept:lateGateIn", { portCode });
  return {
    serviceNumber: departure.service.serviceNumber,
    origin: name(portCode),
    destination: name(departure.service.destinationCode),
    departureLocal: at(departure.departureAt, portCode),
    cutoffLocal: at(departure.cargoCutoffAt, portCode),
    afterCutoff: late,
    gatesIn: can(actor, "record:gateIn", { portCode }) && (!late || acceptsLate),
    acceptsLate,
    recordsEvents: can(actor, "record:event", { portCode }),
    confirmsBookings: can(actor, "confirm:booking", { portCode }),
    totals: list.totals,
    capacity: list.capacity,
    rows: list.rows.map((row) => ({
      ...row,
      gatedInLocal: row.gatedInAt ? at(row.gatedInAt, portCode) : null,
      gatedInAt: undefined,
    })),
    bookings: list.bookings.map((booking) => ({
      ...booking,
      units: list.rows
        .filter((row) => row.reference === booking.reference && !row.gatedInAt)
        .map((row) => ({
          id: row.unitId,
          label: `${row.isoSizeType} #${row.sequence}${row.containerNumber ? ` · ${row.containerNumber}` : ""}`,
          reefer: row.reefer,
          numbered: row.containerNumber !== null,
        })),
    })),
    unconfirmed: open
      .filter((booking) => allows(booking.status, "confirm"))
      .map((booking) => ({
        reference: booking.reference,
        status: booking.status,
        company: booking.company.legalNameLatin,
      })),
    milestones: [...RECORDABLE_MILESTONES],
    places: routePlaces(departure).map((stop) => ({
      code: stop.code,
      name: name(stop.code),
      gaugeChange: stop.gaugeChange,
    })),
    containers: list.rows.flatMap((row) => (row.containerNumber ? [row.containerNumber] : [])),
    nowLocal: DateTime.fromJSDate(now, { zone: zoneOf(portCode) }).toFormat("yyyy-MM-dd'T'HH:mm"),
    events: events.map((event) => ({
      id: event.id,
      milestone: event.milestone,
      typeCode: event.typeCode,
      place: name(event.placeCode),
      placeCode: event.placeCode,
      local: at(event.eventAt, event.placeCode),
      equipmentReference: event.equipmentReference,
      gaugeChange: event.gaugeChange,
      remark: event.remark,
      supersedesId: event.supersedesId,
      correctedBy: event.correctedBy,
    })),
  };
}
export type TerminalPage = Awaited<ReturnType<typeof terminalPage>>;
