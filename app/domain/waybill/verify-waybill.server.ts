import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { env } from "~/utils/env.server";
import { takeSlot } from "~/domain/identity/rate-limit.server";
import { loadCatalog, placeName } from "~/domain/places/catalog.server";
import { formatLocalDate } from "~/i18n/format";
import type { Locale } from "~/i18n/config";
import { WaybillContentSchema, fingerprintOfSha256 } from "./content";
import { normalizeWaybillNumber } from "./number";
import { versionState, type WaybillStatus } from "./status";
import { newVerificationCode, verificationCodesMatch } from "./verification-code";

/**
 * Scans per address per minute (WAYBILL_VERIFY_PER_MINUTE, 30 unless set): enough for a bank's
 * back office, too few to guess codes.
 */
export const verifyLimit = () => ({ limit: env().WAYBILL_VERIFY_PER_MINUTE, windowMs: 60_000 });

/** Compared against when the number is unknown, so that both answers take the same work. */
const DECOY_CODE = newVerificationCode();

/** What anyone holding the paper (or its QR code) may learn: no parties, goods or prices. */
export interface WaybillVerification {
  number: string;
  status: WaybillStatus;
  currentVersion: number;
  issuedOn: string;
  origin: string;
  destination: string;
  containers: number;
  /** The version the scanned copy is, and whether a later one replaced it (and when). */
  scanned: { version: number; state: "CURRENT" | "SUPERSEDED"; fingerprint: string };
  current: { version: number; fingerprint: string; since: string };
}

/**
 * Checks a scanned through waybill: the number with the verification code the QR code carries,
 * and the version printed on the copy (the current one when not given). An unknown number and a
 * wrong code are the same 404, reached by the same work; every check costs the address a slot.
 */
export async function verifyWaybill(
  db: Db,
  {
    number: given,
    code,
    version,
    locale,
    ipAddress,
    now = new Date(),
  }: { number: string; code: string; version?: number; locale: Locale; ipAddress: string; now?: Date },
): Promise<WaybillVerification> {
  const refused = await takeSlot(db, { key: `waybill-verify:${ipAddress}`, ...verifyLimit() }, now);
  if ("retryAt" in refused) throw new AppError("tooManyAttempts", 429);
  const number = normalizeWaybillNumber(given) ?? "";
  const waybill = await db.waybill.findUnique({
    where: { number },
    select: { id: true, status: true, latestVersion: true, verificationCode: true, issuedAt: true },
  });
  const matches = verificationCodesMatch(code, waybill?.verificationCode ?? DECOY_CODE);
  if (!waybill || !matches || !waybill.issuedAt || waybill.latestVersion < 1) throw new AppError("notFound", 404);
  const wanted = version ?? waybill.latestVersion;
  if (!Number.isInteger(wanted) || wanted < 1 || wanted > waybill.latestVersion) throw new AppError("notFound", 404);

  const versions = await db.documentVersion.findMany({
    where: { kind: "WAYBILL", subjectId: waybill.id, version: { in: [wanted, waybill.latestVersion] } },
    select: { version: true, sha256: true, payload: true, createdAt: true },
  });
  const scanned = versions.find((row) => row.version === wanted)!;
  const current = versions.find((row) => row.version === waybill.latestVersion)!;
  const content = WaybillContentSchema.parse(JSON.parse(current.payload));
  const catalog = await loadCatalog(db);
  const timeZone = "Asia/Shanghai";
  return {
    number,
    status: waybill.status as WaybillStatus,
    currentVersion: waybill.latestVersion,
    issuedOn: formatLocalDate(waybill.issuedAt, locale, timeZone),
    origin: placeName(catalog, content.legs[0]!.from.code, locale),
    destination: placeName(catalog, content.legs.at(-1)!.to.code, locale),
    containers: content.containers.length,
    scanned: {
      version: scanned.version,
      state: versionState(scanned.version, waybill.latestVersion),
      fingerprint: fingerprintOfSha256(scanned.sha256),
    },
    current: {
      version: current.version,
      fingerprint: fingerprintOfSha256(current.sha256),
      since: formatLocalDate(current.createdAt, locale, timeZone),
    },
  };
}
