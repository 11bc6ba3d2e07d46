import crypto from "node:crypto";

/**
 * The verification code printed (in the QR code) beside a waybill's number (decision 015):
 * the number alone shows that a document exists and its status; the code proves that the
 * reader holds a copy of it. 160 random bits from the operating system's CSPRNG, written in
 * base64url (27 characters, no padding), so it can stand in a URL as it is.
 */
export const VERIFICATION_CODE_BYTES = 20;
export const VERIFICATION_CODE_LENGTH = Math.ceil((VERIFICATION_CODE_BYTES * 8) / 6);

const FORMAT = new RegExp(`^[A-Za-z0-9_-]{${VERIFICATION_CODE_LENGTH}}$`);

export function newVerificationCode(): string {
  return crypto.randomBytes(VERIFICATION_CODE_BYTES).toString("base64url");
}

/** Whether `input` has the shape of a code (before it is compared with anything). */
export function isVerificationCodeFormat(input: string): boolean {
  return FORMAT.test(input);
}

/**
 * Whether a code someone presents is the stored one, in time that does not depend on where
 * they differ: both are hashed to 32 bytes first, so lengths never leak either.
 */
export function verificationCodesMatch(presented: string, stored: string): boolean {
  const digest = (text: string) => crypto.createHash("sha256").update(text, "utf8").digest();
  const equal = crypto.timingSafeEqual(digest(presented), digest(stored));
  return equal && isVerificationCodeFormat(stored);
}
