import crypto from "node:crypto";
import { createCookie } from "@remix-run/node";
import { env } from "~/utils/env.server";

/**
 * A browser remembers (in a signed cookie) the accounts that signed in on it. An attempt from a
 * browser that knows the account skips the account-wide limit — the one a guesser spread over
 * many addresses could otherwise keep closed for good — and is held by the per-browser-address
 * limits only (decision 008). The cookie names accounts by a keyed hash, never by address.
 */
const MAX_ACCOUNTS = 5;
let cookie: ReturnType<typeof createCookie> | undefined;

function devicesCookie() {
  cookie ??= createCookie("silu_known", {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: env().APP_URL.startsWith("https://"),
    secrets: [env().SESSION_SECRET],
    maxAge: 365 * 86_400,
  });
  return cookie;
}

function accountTag(email: string): string {
  return crypto
    .createHmac("sha256", env().SESSION_SECRET)
    .update(email.trim().toLowerCase())
    .digest("base64url")
    .slice(0, 22);
}

async function knownTags(request: Request): Promise<string[]> {
  const value: unknown = await devicesCookie().parse(request.headers.get("Cookie"));
  return Array.isArray(value) ? value.filter((tag): tag is string => typeof tag === "string") : [];
}

/** Whether this browser has signed in to the account before. */
export async function isKnownDevice(request: Request, email: string): Promise<boolean> {
  return (await knownTags(request)).includes(accountTag(email));
}

/** The Set-Cookie value that makes this browser remember the account (the newest few kept). */
export async function rememberDevice(request: Request, email: string): Promise<string> {
  const tag = accountTag(email);
  const tags = [tag, ...(await knownTags(request)).filter((known) => known !== tag)].slice(0, MAX_ACCOUNTS);
  return devicesCookie().serialize(tags);
}
