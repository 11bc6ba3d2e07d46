import { createCookie, redirect } from "@remix-run/node";
import { z } from "zod";
import { NoticeSchema, type Notice } from "~/schemas/notices";
import type { Db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { hashToken, newToken } from "./tokens.server";

export const SESSION_DAYS = 30;
/** lastSeenAt is refreshed at most this often, to keep reads from turning into writes. */
const TOUCH_EVERY_MS = 10 * 60_000;

/** The portal's cookies: HttpOnly, SameSite=Lax, signed with SESSION_SECRET, Secure over https. */
export function signedCookie(name: string, maxAge: { days: number } | { seconds: number }) {
  return createCookie(name, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: env().APP_URL.startsWith("https://"),
    secrets: [env().SESSION_SECRET],
    maxAge: "days" in maxAge ? maxAge.days * 86_400 : maxAge.seconds,
  });
}

let cookie: ReturnType<typeof createCookie> | undefined;
export const SESSION_COOKIE_NAME = "silu_session";

export function sessionCookie() {
  cookie ??= signedCookie(SESSION_COOKIE_NAME, { days: SESSION_DAYS });
  return cookie;
}

/**
 * Whether the request carries a session cookie at all, valid or not (no database read): a
 * request without one is certainly anonymous (decision 028).
 */
export function hasSessionCookie(request: Request): boolean {
  const header = request.headers.get("Cookie");
  return Boolean(header?.split(";").some((pair) => pair.trim().startsWith(`${SESSION_COOKIE_NAME}=`)));
}

/*
 * Notices (a flash): what a redirect tells the page it lands on — "cancelled", "invoice
 * SGI-… issued" — in a short-lived signed cookie for that page's path, never in the URL, so a
 * link cannot put a message on a page. The page's loader takes it and returns the header that
 * clears it: it shows once.
 */

/** Long enough for the browser to follow the redirect, too short to turn up later. */
const NOTICE_SECONDS = 60;
const NoticeFlashSchema = z.object({ path: z.string(), notice: NoticeSchema });
let noticeCookieOnce: ReturnType<typeof createCookie> | undefined;

function noticeCookie() {
  noticeCookieOnce ??= signedCookie("silu_notice", { seconds: NOTICE_SECONDS });
  return noticeCookieOnce;
}

/** A page's path as a notice is addressed to it (no query, no trailing slash). */
function pagePath(url: string): string {
  return new URL(url, "http://localhost").pathname.replace(/(.)\/+$/, "$1");
}

/** A redirect to `url` that shows `notice` there, once (see takeNotice); `init` may add cookies. */
export async function redirectWithNotice(url: string, notice: Notice, init: ResponseInit = {}) {
  const headers = new Headers(init.headers);
  headers.append("Set-Cookie", await noticeCookie().serialize({ path: pagePath(url), notice }));
  return redirect(url, { ...init, headers });
}

/**
 * The notice a redirect left for this page, and the headers the loader must return with its
 * data (`data(page, { headers })`) so that it is cleared. A cookie this server did not sign, or
 * with a code it does not know, is cleared and tells nothing; one for another page is left to it.
 */
export async function takeNotice(request: Request): Promise<{ notice: Notice | null; headers: Headers }> {
  const headers = new Headers();
  const cookies = request.headers.get("Cookie");
  if (!cookies?.split(";").some((pair) => pair.trim().startsWith(`${noticeCookie().name}=`))) {
    return { notice: null, headers };
  }
  const flash = NoticeFlashSchema.safeParse(await noticeCookie().parse(cookies));
  if (flash.success && flash.data.path !== pagePath(request.url)) return { notice: null, headers };
  headers.append("Set-Cookie", await noticeCookie().serialize("", { maxAge: 0 }));
  return { notice: flash.success ? flash.data.notice : null, headers };
}

export interface RequestMeta {
  ipAddress: string;
  userAgent: string | null;
}

/** A new session (a new token: signing in never reuses the old cookie's session). */
export async function createSession(db: Db, userId: string, meta: RequestMeta, now = new Date()): Promise<string> {
  const token = newToken();
  await db.session.create({
    data: {
      tokenHash: hashToken(token),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000),
      ipAddress: meta.ipAddress,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    },
  });
  return sessionCookie().serialize(token);
}

async function sessionToken(request: Request): Promise<string | null> {
  const value = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

export async function findSession(db: Db, request: Request, now = new Date()) {
  const token = await sessionToken(request);
  if (!token) return null;
  // The user's access comes in the same read: every signed-in request needs it for permissions.
  const session = await db.session.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { user: { include: { memberships: true, staffPorts: true, partnerLinks: true } } },
  });
  if (!session || session.expiresAt <= now || session.user.disabledAt) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.session.update({ where: { id: session.id }, data: { lastSeenAt: now } });
  }
  return session;
}

export type SignedInUser = NonNullable<Awaited<ReturnType<typeof findSession>>>["user"];

/** The signed-in user, or a redirect to the sign-in page that comes back here afterwards. */
export async function requireUser(db: Db, request: Request, locale: string) {
  const session = await findSession(db, request);
  if (!session) {
    const url = new URL(request.url);
    const back = encodeURIComponent(`${url.pathname}${url.search}`);
    throw redirect(`/${locale}/login?redirectTo=${back}`);
  }
  return session;
}

/** Ends this browser's session and returns the header that clears its cookie. */
export async function endSession(db: Db, request: Request): Promise<string> {
  const token = await sessionToken(request);
  if (token) await db.session.deleteMany({ where: { tokenHash: hashToken(token) } });
  return sessionCookie().serialize("", { maxAge: 0 });
}

/** "Sign out everywhere": every session of the user except, optionally, the current one. */
export async function endOtherSessions(db: Db, userId: string, keepSessionId?: string): Promise<number> {
  const { count } = await db.session.deleteMany({
    where: { userId, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) },
  });
  return count;
}

/** Who is asking, for sessions, rate limits and the audit log. */
export function requestMeta(context: { ipAddress?: string; userAgent?: string | null }, request: Request): RequestMeta {
  return {
    ipAddress: context.ipAddress ?? "unknown",
    userAgent: printableUserAgent(context.userAgent ?? request.headers.get("user-agent")),
  };
}

/**
 * The User-Agent as stored with sessions and audit events: whatever a client sends, only
 * printable text of reasonable length (a raw header may carry control bytes; PostgreSQL refuses NUL).
 */
export function printableUserAgent(value: string | null): string | null {
  const clean = value
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    ?.replace(/[\u0000-\u001f\u007f-\u009f]/g, "")
    .trim()
    .slice(0, 400);
  return clean ? clean : null;
}

/** Where a user lands after signing in: staff on their console, the admin on administration, partners on tracking. */
export function homePath(user: { kind: string }, locale: string): string {
  if (user.kind === "STAFF") return `/${locale}/staff`;
  if (user.kind === "ADMIN") return `/${locale}/admin`;
  if (user.kind === "PARTNER") return `/${locale}/track`;
  return `/${locale}/account`;
}
