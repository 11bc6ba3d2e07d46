import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { can, type Actor } from "~/domain/identity/permissions";
import { findCompanyBooking } from "~/domain/booking/find-bookings.server";
import { readDocumentPayload } from "~/domain/documents/document-versions.server";
import { loadCatalog, placeName } from "~/domain/places/catalog.server";
import { formatLocalDateTime } from "~/i18n/format";
import type { Locale } from "~/i18n/config";
import { WaybillContentSchema, fingerprintOfSha256, type WaybillContent } from "./content";
import {
  actionsFor,
  canIssue,
  STAFF_WAYBILL_STAGES,
  type StaffWaybillFilter,
  type WaybillAction,
  type WaybillStatus,
} from "./status";
import { amendableFields } from "./amendment";
import { presentWaybillContent } from "./waybill-view";
import { verificationUrl } from "./read-waybill.server";
import { hasArrived } from "~/domain/operations/events.server";

type Reader = { locale: Locale; timeZone: string };

/** The content a page shows: the draft before issue, the latest version after. */
async function currentContent(
  db: Db,
  waybill: { id: string; draft: string | null; latestVersion: number },
): Promise<WaybillContent | null> {
  if (waybill.latestVersion > 0) {
    const latest = await db.documentVersion.findFirstOrThrow({
      where: { kind: "WAYBILL", subjectId: waybill.id, version: waybill.latestVersion },
    });
    return readDocumentPayload(latest, WaybillContentSchema);
  }
  return waybill.draft ? WaybillContentSchema.parse(JSON.parse(waybill.draft)) : null;
}

/** The issued versions, newest first, each with its fingerprint, date and reason. */
async function versionsOf(db: Db, waybill: { id: string; latestVersion: number }, reader: Reader) {
  // One read: each version's fingerprint, date and (from its content) the amendment reason.
  const rows = await db.documentVersion.findMany({
    where: { kind: "WAYBILL", subjectId: waybill.id },
    orderBy: { version: "desc" },
    select: { version: true, sha256: true, createdAt: true, payload: true },
  });
  return rows.map((row) => ({
    version: row.version,
    current: row.version === waybill.latestVersion,
    fingerprint: fingerprintOfSha256(row.sha256),
    createdAt: formatLocalDateTime(row.createdAt, reader.locale, reader.timeZone),
    reason: (JSON.parse(row.payload) as { amendmentReason: string | null }).amendmentReason ?? null,
  }));
}

/** What every viewer of a waybill sees: status, number, the content and the issued versions. */
async function presentWaybill(db: Db, waybill: WaybillRow, reader: Reader, appUrl: string) {
  const content = await currentContent(db, waybill);
  return {
    status: waybill.status as WaybillStatus,
    statusNote: waybill.statusNote,
    number: waybill.number,
    latestVersion: waybill.latestVersion,
    consigneeLocale: waybill.consigneeLocale as Locale,
    issuedAt: waybill.issuedAt ? formatLocalDateTime(waybill.issuedAt, reader.locale, reader.timeZone) : null,
    content: content ? presentWaybillContent(content, reader) : null,
    versions: waybill.latestVersion > 0 ? await versionsOf(db, waybill, reader) : [],
    verifyUrl:
      waybill.number && waybill.verificationCode
        ? verificationUrl(appUrl, {
            number: waybill.number,
            version: waybill.latestVersion,
            verificationCode: waybill.verificationCode,
          })
        : null,
  };
}

type WaybillRow = NonNullable<Awaited<ReturnType<Db["waybill"]["findUnique"]>>>;

/**
 * The exporter's page of a booking's through waybill: anyone of the booking's company reads it
 * (others: 404); bookers and admins act on it (approve, ask for changes, change the consignee's
 * language while it is a draft).
 */
export async function readExporterWaybill(db: Db, actor: Actor, reference: string, reader: Reader, appUrl: string) {
  const booking = await findCompanyBooking(db, actor, reference);
  const [waybill, instructions] = await Promise.all([
    db.waybill.findUnique({ where: { bookingId: booking.id } }),
    db.shippingInstructions.findUnique({ where: { bookingId: booking.id }, select: { status: true, version: true } }),
  ]);
  const mayAct = can(actor, "update:booking", { companyId: booking.companyId });
  const actions: WaybillAction[] =
    waybill?.draft && mayAct
      ? actionsFor(waybill.status, "EXPORTER").filter((action) => action === "approve" || action === "requestChanges")
      : [];
  return {
    reference: booking.reference,
    bookingStatus: booking.status,
    instructionsSubmitted: (instructions?.version ?? 0) > 0,
    mayAct,
    actions,
    // The draft is redrawn in another language (and needs approving again) until it is approved.
    mayChangeLanguage: mayAct && waybill?.status === "DRAFT" && waybill.draft !== null,
    waybill: waybill ? await presentWaybill(db, waybill, reader, appUrl) : null,
  };
}

/** A booking with its waybill as port staff see it: 404 unless they are at its origin or destination. */
async function staffBooking(db: Db, actor: Actor, reference: string) {
  const booking = await db.booking.findUnique({
    where: { reference },
    include: {
      company: { select: { legalNameZh: true, legalNameLatin: true } },
      waybill: true,
      departure: { include: { service: { select: { originCode: true, destinationCode: true, serviceNumber: true } } } },
    },
  });
  if (!booking) throw new AppError("notFound", 404);
  const { originCode, destinationCode } = booking.departure.service;
  const origin = can(actor, "issue:waybill", { portCode: originCode });
  const destination = can(actor, "surrender:waybill", { portCode: destinationCode });
  if (!origin && !destination) throw new AppError("notFound", 404);
  return { booking, origin, destination };
}

/**
 * A waybill for port staff: origin staff review, return, issue, amend and void it; destination
 * staff record its surrender on delivery. Staff of other ports (and exporters) get 404.
 */
export async function readStaffWaybill(db: Db, actor: Actor, reference: string, reader: Reader, appUrl: string) {
  const { booking, origin, destination } = await staffBooking(db, actor, reference);
  const waybill = booking.waybill;
  // The destination's staff see the document once issued, not the drafts before it.
  if (!waybill || (!origin && waybill.latestVersion === 0)) throw new AppError("notFound", 404);
  const catalog = await loadCatalog(db);
  const status = waybill.status;
  const arrived = destination && status === "ISSUED" ? await hasArrived(db, booking.departureId) : false;
  const actions = [
    ...(origin ? actionsFor(status, "ORIGIN_PORT_STAFF") : []),
    ...(destination ? actionsFor(status, "DESTINATION_PORT_STAFF") : []),
  ]
    .filter((action) => action !== "issue" || canIssue(waybill, booking))
    // Surrender follows the recorded arrival.
    .filter((action) => action !== "surrender" || arrived);
  const latest = waybill.latestVersion > 0 ? await currentContent(db, waybill) : null;
  return {
    reference: booking.reference,
    company: reader.locale === "zh-CN" ? booking.company.legalNameZh : booking.company.legalNameLatin,
    bookingStatus: booking.status,
    origin: placeName(catalog, booking.departure.service.originCode, reader.locale),
    destination: placeName(catalog, booking.departure.service.destinationCode, reader.locale),
    departure: formatLocalDateTime(booking.departure.departureAt, reader.locale, reader.timeZone),
    // Approved but not yet paid: issue waits for the payment.
    awaitingPayment: status === "APPROVED" && booking.status !== "CONFIRMED",
    // Issued, and the destination's staff wait for the arrival to take it back.
    awaitingArrival: destination && status === "ISSUED" && !arrived,
    actions,
    amendable: actions.includes("amend") && latest ? amendableFields(latest) : null,
    waybill: await presentWaybill(db, waybill, reader, appUrl),
  };
}

/**
 * The waybills of departures from (or to) the staff member's ports, by stage: before issue
 * (approved ones first: they wait for the port), issued, closed. No port: 404.
 */
export async function listStaffWaybills(db: Db, actor: Actor, filter: StaffWaybillFilter, reader: Reader) {
  const origins = actor.staffPorts.filter((portCode) => can(actor, "issue:waybill", { portCode }));
  const destinations = actor.staffPorts.filter((portCode) => can(actor, "surrender:waybill", { portCode }));
  if (origins.length === 0 && destinations.length === 0) throw new AppError("notFound", 404);
  const [rows, catalog] = await Promise.all([
    db.waybill.findMany({
      where: {
        status: { in: [...STAFF_WAYBILL_STAGES[filter]] },
        booking: {
          departure: {
            // Drafts are the origin's to review; the destination sees issued documents.
            service: {
              OR: [
                { originCode: { in: origins } },
                ...(filter === "review" ? [] : [{ destinationCode: { in: destinations } }]),
              ],
            },
          },
        },
      },
      include: {
        booking: {
          select: {
            reference: true,
            status: true,
            company: { select: { legalNameZh: true, legalNameLatin: true } },
            departure: {
              select: { departureAt: true, service: { select: { originCode: true, destinationCode: true } } },
            },
          },
        },
      },
      orderBy: { updatedAt: "desc" },
      take: 200,
    }),
    loadCatalog(db),
  ]);
  const order = (status: string) => (status === "APPROVED" ? 0 : 1);
  return rows
    .sort((a, b) => order(a.status) - order(b.status))
    .map((row) => ({
      reference: row.booking.reference,
      company: reader.locale === "zh-CN" ? row.booking.company.legalNameZh : row.booking.company.legalNameLatin,
      status: row.status as WaybillStatus,
      number: row.number,
      version: row.latestVersion,
      paid: row.booking.status === "CONFIRMED",
      route: `${placeName(catalog, row.booking.departure.service.originCode, reader.locale)} → ${placeName(
        catalog,
        row.booking.departure.service.destinationCode,
        reader.locale,
      )}`,
      departure: formatLocalDateTime(row.booking.departure.departureAt, reader.locale, reader.timeZone),
    }));
}
