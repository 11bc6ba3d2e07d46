import { z } from "zod";
import { isValidCreditCode, normalizeCreditCode } from "~/domain/identity/credit-code";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "~/domain/identity/password-rules";
import { SUPPORTED_LOCALES } from "~/i18n/config";

// Messages are translation keys in the "account" namespace.
export const text = (max: number) =>
  z.string({ required_error: "errors.required" }).trim().min(1, "errors.required").max(max, "errors.tooLong");

export const email = z
  .string({ required_error: "errors.required" })
  .trim()
  .min(1, "errors.required")
  .max(254, "errors.tooLong")
  .email("errors.email")
  .transform((value) => value.toLowerCase());

/** Length only: the common-password list is checked on the server (password.server.ts). */
export const newPassword = z
  .string({ required_error: "errors.required" })
  .min(MIN_PASSWORD_LENGTH, "errors.password.tooShort")
  .max(MAX_PASSWORD_LENGTH, "errors.password.tooLong");

export const RegisterCompanySchema = z
  .object({
    companyNameZh: text(200),
    companyNameLatin: text(200).refine((value) => /^[\p{Script=Latin}\d\s.,&()'/-]+$/u.test(value), "errors.latinOnly"),
    creditCode: z
      .string({ required_error: "errors.required" })
      .transform(normalizeCreditCode)
      .refine((value) => value.length > 0, "errors.required")
      .refine(isValidCreditCode, "errors.creditCode"),
    address: text(500),
    contactPhone: text(30).refine((value) => /^\+?[\d\s()-]{6,30}$/.test(value), "errors.phone"),
    name: text(100),
    email,
    password: newPassword,
    confirmPassword: z.string({ required_error: "errors.required" }),
    locale: z.enum(SUPPORTED_LOCALES),
  })
  .refine((values) => values.password === values.confirmPassword, {
    path: ["confirmPassword"],
    message: "errors.passwordMismatch",
  });
export type RegisterCompanyInput = z.infer<typeof RegisterCompanySchema>;

export const SignInSchema = z.object({
  email,
  password: z.string({ required_error: "errors.required" }).min(1, "errors.required").max(MAX_PASSWORD_LENGTH),
  redirectTo: z.string().optional(),
});

export const ForgotPasswordSchema = z.object({ email });

export const ResetPasswordSchema = z
  .object({ token: z.string().min(1), password: newPassword, confirmPassword: z.string() })
  .refine((values) => values.password === values.confirmPassword, {
    path: ["confirmPassword"],
    message: "errors.passwordMismatch",
  });

/** Form fields never sent back to the browser after a failed submit. */
export const SECRET_FIELDS = new Set(["password", "confirmPassword", "currentPassword"]);

const companyRole = z.enum(["ADMIN", "BOOKER", "VIEWER"], { message: "errors.required" });
export const locale = z.enum(SUPPORTED_LOCALES, { message: "errors.required" });
export const timeZone = z
  .string({ required_error: "errors.required" })
  .refine((value) => Intl.supportedValuesOf("timeZone").includes(value) || value === "UTC", "errors.timeZone");

export const InviteColleagueSchema = z.object({ email, role: companyRole, locale });
export const InvitePartnerSchema = z.object({ email, locale });
export const ChangeRoleSchema = z.object({ role: companyRole });

/** New accounts give a name and a new password; existing accounts confirm with theirs. */
export const AcceptInvitationSchema = z.object({
  token: z.string().min(1),
  name: z.string().trim().max(100, "errors.tooLong").optional(),
  password: z.string({ required_error: "errors.required" }).min(1, "errors.required").max(MAX_PASSWORD_LENGTH),
  locale,
  timeZone,
});

export const ProfileSchema = z.object({ name: text(100), locale, timeZone });

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string({ required_error: "errors.required" }).min(1, "errors.required").max(MAX_PASSWORD_LENGTH),
    password: newPassword,
    confirmPassword: z.string({ required_error: "errors.required" }),
  })
  .refine((values) => values.password === values.confirmPassword, {
    path: ["confirmPassword"],
    message: "errors.passwordMismatch",
  });
