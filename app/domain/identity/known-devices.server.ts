import { type createCookie } from "@remix-run/node";
import type { Db } from "~/utils/db.server";
import { signedCookie } from "./session.server";
import { hashToken, newToken } from "./tokens.server";

/**
 * Browsers the owner signed in on (decision 008). Each gets a random token, kept in a signed,
 * HttpOnly cookie and stored hashed as a `KnownDevice` of the user. An attempt that brings a
 * token of the account skips the account-wide delay — the limit a guesser spread over many
 * addresses could otherwise keep closed for good — and is held by that device's own limit.
 * Changing or resetting the password forgets every device, so a copied cookie or one left on
 * a shared computer stops counting as soon as the owner acts.
 */
const MAX_TOKENS = 5;
let cookie: ReturnType<typeof createCookie> | undefined;

function devicesCookie() {
  cookie ??= signedCookie("silu_known", { days: 365 });
  return cookie;
}

/** The device tokens this browser brought (none when the cookie is missing or forged). */
export async function deviceTokens(request: Request): Promise<string[]> {
  const value: unknown = await devicesCookie().parse(request.headers.get("Cookie"));
  return Array.isArray(value)
    ? value.filter((token): token is string => typeof token === "string").slice(0, MAX_TOKENS)
    : [];
}

/** The user's device among the tokens, if one is (still) known. */
export async function knownDeviceOf(db: Db, userId: string, tokens: string[]): Promise<{ id: string } | null> {
  if (tokens.length === 0) return null;
  return db.knownDevice.findFirst({
    where: { userId, tokenHash: { in: tokens.map(hashToken) } },
    select: { id: true },
  });
}

/**
 * After a successful sign-in: the Set-Cookie value that makes this browser known for the user
 * (a new device, or the one it already was, touched).
 */
export async function rememberDevice(db: Db, request: Request, userId: string, now = new Date()): Promise<string> {
  const tokens = await deviceTokens(request);
  const known = await knownDeviceOf(db, userId, tokens);
  if (known) {
    await db.knownDevice.update({ where: { id: known.id }, data: { lastUsedAt: now } });
    return devicesCookie().serialize(tokens);
  }
  const token = newToken();
  await db.knownDevice.create({ data: { userId, tokenHash: hashToken(token), createdAt: now, lastUsedAt: now } });
  return devicesCookie().serialize([token, ...tokens].slice(0, MAX_TOKENS));
}

/** The password changed: no browser counts as the owner's any more until it signs in again. */
export async function forgetDevices(db: Db, userId: string): Promise<void> {
  await db.knownDevice.deleteMany({ where: { userId } });
}
