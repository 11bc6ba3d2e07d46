import crypto from "node:crypto";

/** Crockford's base-32 alphabet: no I, L, O or U to misread over the phone. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * A booking reference such as "SG-7K3M-9QX2": a prefix and 40 random bits. Not guessable from
 * another one, and never enough on its own to read a booking (the company is checked too).
 */
export function newBookingReference(): string {
  const bytes = crypto.randomBytes(8);
  let text = "";
  for (let i = 0; i < 8; i += 1) text += ALPHABET[bytes[i]! % 32];
  return `SG-${text.slice(0, 4)}-${text.slice(4)}`;
}
