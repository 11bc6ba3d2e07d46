import { z } from "zod";
import { isValidCreditCode, normalizeCreditCode } from "~/domain/identity/credit-code";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "~/domain/identity/password-rules";
import { SUPPORTED_LOCALES } from "~/i18n/config";
import { LINK_TOKEN, multiLineText, singleLine, text } from "./fields";

// Messages are translation keys in the "account" namespace.
export { text };

/** A token from an e-mailed link: a mangled one is told like a used one, about the whole form. */
const linkToken = z.string({ required_error: "errors.linkInvalid" });
const wellFormedToken = (values: { token: string }) => LINK_TOKEN.test(values.token);
const linkInvalid = { path: [], message: "errors.linkInvalid" };

export const email = singleLine()
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
    address: multiLineText(500),
    contactPhone: text(30).refine((value) => /^\+?[\d\s()-]{6,30}$/.test(value), "errors.phone"),
    name: text(100),
    email,
    password: newPassword,
    confirmPassword: z.string({ required_error: "errors.required" }),
    locale: z.enum(SUPPORTED_LOCALES),
    // Where the person was going (e.g. the departure they wanted to book): followed after the
    // e-mail link is used. A value that is not plain text is ignored (never an error).
    redirectTo: singleLine().max(2000).optional().catch(undefined),
  })
  .refine((values) => values.password === values.confirmPassword, {
    path: ["confirmPassword"],
    message: "errors.passwordMismatch",
  });
export type RegisterCompanyInput = z.infer<typeof RegisterCompanySchema>;

export const SignInSchema = z.object({
  email,
  password: z.string({ required_error: "errors.required" }).min(1, "errors.required").max(MAX_PASSWORD_LENGTH),
  // Where to go after signing in: a value that is not plain text is ignored (never an error).
  redirectTo: singleLine().max(2000).optional().catch(undefined),
});

export const ForgotPasswordSchema = z.object({ email });

export const ResetPasswordSchema = z
  .object({ token: linkToken, password: newPassword, confirmPassword: z.string() })
  .refine(wellFormedToken, linkInvalid)
  .refine((values) => values.password === values.confirmPassword, {
    path: ["confirmPassword"],
    message: "errors.passwordMismatch",
  });

/** Form fields never sent back to the browser after a failed submit. */
export const SECRET_FIELDS = new Set(["password", "confirmPassword", "currentPassword"]);

const companyRole = z.enum(["ADMIN", "BOOKER", "VIEWER"], { message: "errors.required" });
export const locale = z.enum(SUPPORTED_LOCALES, { message: "errors.required" });
export const timeZone = singleLine()
  .max(64, "errors.timeZone")
  .refine((value) => Intl.supportedValuesOf("timeZone").includes(value) || value === "UTC", "errors.timeZone");

export const InviteColleagueSchema = z.object({ email, role: companyRole, locale });
export const InvitePartnerSchema = z.object({ email, locale });
export const ChangeRoleSchema = z.object({ role: companyRole });

/** New accounts give a name and a new password; existing accounts confirm with theirs. */
export const AcceptInvitationSchema = z
  .object({
    token: linkToken,
    name: singleLine().max(100, "errors.tooLong").optional(),
    password: z.string({ required_error: "errors.required" }).min(1, "errors.required").max(MAX_PASSWORD_LENGTH),
    locale,
    timeZone,
  })
  .refine(wellFormedToken, linkInvalid);

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
