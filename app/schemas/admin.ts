import { z } from "zod";
import { SUPPORTED_LOCALES, type Locale } from "~/i18n/config";
import { CREDIT_STATUSES } from "~/domain/admin/credit-status";
import { email, locale, timeZone } from "./identity";
import { PLACE_CODE, recordId, singleLine, text } from "./fields";

// Forms of the platform administration page; messages are keys in the "account" namespace.
const staffRole = z.enum(["OPERATOR", "SUPERVISOR"], { message: "errors.required" });
const ports = z.array(z.string().regex(PLACE_CODE, "errors.portsRequired")).min(1, "errors.portsRequired");

export const CreditStatusSchema = z.object({
  companyId: recordId,
  creditStatus: z.enum(CREDIT_STATUSES, { message: "errors.required" }),
});
export const CreateStaffSchema = z.object({ email, name: text(100), role: staffRole, ports, locale });
export const UpdateStaffSchema = z.object({ userId: recordId, role: staffRole, ports });

/** A place as the admin edits it: a name in every locale, a real IANA zone, a position on Earth. */
export const PlaceEditSchema = z.object({
  ...(Object.fromEntries(SUPPORTED_LOCALES.map((code) => [`name_${code}`, text(120)])) as Record<
    `name_${Locale}`,
    ReturnType<typeof text>
  >),
  timeZone,
  latitude: z.coerce
    .number({ invalid_type_error: "errors.latitude" })
    .min(-90, "errors.latitude")
    .max(90, "errors.latitude"),
  longitude: z.coerce
    .number({ invalid_type_error: "errors.longitude" })
    .min(-180, "errors.longitude")
    .max(180, "errors.longitude"),
  iataCode: z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    singleLine()
      .toUpperCase()
      .regex(/^[A-Z]{3}$/, "errors.iataCode")
      .optional(),
  ),
});
