import { DateTime } from "luxon";
import type { Db } from "~/utils/db.server";
import { CARRIAGE_TERMS_VERSION } from "~/domain/booking/carriage-terms";
import { holdBooking } from "~/domain/booking/hold-booking.server";
import { newBookingReference } from "~/domain/booking/reference";
import { loadActor } from "~/domain/identity/actor.server";
import { recordOperationalEvent } from "~/domain/operations/events.server";
import { gateIn } from "~/domain/operations/gate-in.server";
import { confirmOnAccount } from "~/domain/payments/confirm-on-account.server";
import { setBookingShares } from "~/domain/tracking/shares.server";
import { DEMO_CARGO, DEMO_PARTIES } from "./data/demo-consignment";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SERVICE = "LAZ-DUI-AKL";
const BOXES = ["CSQU3054383", "MSKU1234565"];

/**
 * A consignment already on its way, for the demo (never in production): goji berries of the
 * Lanzhou exporter on the China-Europe train to Duisburg that left six days ago, both boxes
 * gated in, departed, across the border at Alashankou (a few hours behind plan), and shared
 * with the Duisburg partner — so that tracking, alerts and the partner API show something on
 * the first start. Made through the domain operations, at the times they would have happened.
 * Once: nothing is added while the company has a consignment on a train that has left.
 */
export async function seedDemoTracking(db: Db, now = new Date()): Promise<number> {
  const exporterUser = await db.user.findUnique({
    where: { email: "booker@lanzhou-silkroad.example" },
    include: { memberships: true },
  });
  const staffUser = await db.user.findUnique({ where: { email: "staff.lanzhou@silu-gateway.example" } });
  const partner = await db.user.findUnique({ where: { email: "partner@duisburg-logistics.example" } });
  const service = await db.service.findUnique({ where: { code: SERVICE } });
  if (!exporterUser || !staffUser || !partner || !service) return 0;
  const companyId = exporterUser.memberships[0]!.companyId;
  const underway = await db.booking.count({
    where: { companyId, status: "CONFIRMED", departure: { departureAt: { lt: now } } },
  });
  if (underway > 0) return 0;

  const departureAt = new Date(Math.floor((now.getTime() - 6 * DAY) / HOUR) * HOUR);
  const departure = await db.departure.create({
    data: {
      serviceId: service.id,
      status: "OPEN",
      departureAt,
      cargoCutoffAt: new Date(departureAt.getTime() - 2 * DAY),
      docCutoffAt: new Date(departureAt.getTime() - 3 * DAY),
      etaAt: new Date(departureAt.getTime() + 15 * DAY),
      capacities: {
        create: { equipmentCode: "45G1", total: 40, available: 40, tariffMinor: 720_000, currency: "USD" },
      },
    },
  });
  const reference = newBookingReference();
  await db.booking.create({
    data: {
      reference,
      companyId,
      departureId: departure.id,
      createdById: exporterUser.id,
      status: "DRAFT",
      currency: "USD",
      totalMinor: 0,
      priceLines: "[]",
      details: JSON.stringify({
        containers: [{ equipmentCode: "45G1", quantity: BOXES.length, shipperOwned: false }],
        cargo: DEMO_CARGO,
        parties: DEMO_PARTIES,
      }),
    },
  });
  const exporter = await loadActor(db, exporterUser.id);
  const staff = await loadActor(db, staffUser.id);
  const booked = new Date(departureAt.getTime() - 12 * DAY);
  await holdBooking(db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor: exporter, reference, now: booked });
  await confirmOnAccount(db, exporter, reference, "zh-CN", new Date(booked.getTime() + 5 * 60_000));
  for (const [index, containerNumber] of BOXES.entries()) {
    const unit = await db.shipmentEquipment.findFirstOrThrow({
      where: { booking: { reference }, containerNumber: null },
      orderBy: { sequence: "asc" },
    });
    await gateIn(
      db,
      staff,
      {
        departureId: departure.id,
        reference,
        unitId: unit.id,
        containerNumber,
        seals: [`CN${4_417_810 + index}`],
        grossKg: 19_800,
      },
      new Date(departureAt.getTime() - 3 * DAY + index * HOUR),
    );
  }
  await setBookingShares(db, { actor: exporter, reference, partnerIds: [partner.id], now: booked });
  const record = async (milestone: "DEPARTED" | "BORDER_CROSSED", placeCode: string, at: Date) => {
    const place = await db.place.findUniqueOrThrow({ where: { code: placeCode } });
    const localTime = DateTime.fromJSDate(at, { zone: place.timeZone }).toFormat("yyyy-MM-dd'T'HH:mm");
    await recordOperationalEvent(
      db,
      staff,
      { departureId: departure.id, milestone, placeCode, localTime },
      new Date(at.getTime() + HOUR),
    );
  };
  await record("DEPARTED", "CNLAZ", new Date(departureAt.getTime() + 40 * 60_000));
  // Planned 60 h after departure (the first leg's hours); the gauge change took longer.
  await record("BORDER_CROSSED", "CNAKL", new Date(departureAt.getTime() + 60 * HOUR + 5 * HOUR));
  return 1;
}
