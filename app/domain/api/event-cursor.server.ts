import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "~/utils/env.server";
import { ApiProblem } from "./dcsa-http.server";

/*
 * The page cursor of `GET /v2/events` (decision 025): where the last page ended in the feed's
 * order (created time, stored event id, and the box or booking within it), the filters and the
 * page size — signed with an HMAC under a key derived from the server secret, over the calling
 * company's id too. A cursor cannot be forged or edited, and another company's key presenting
 * it is refused: it can never open someone else's events.
 */

export interface FeedPosition {
  /** eventCreatedDateTime of the last event delivered, in ms. */
  at: number;
  /** Its stored event's id. */
  id: string;
  /** Its container number or booking reference within that stored event ("" if it was its only one). */
  sub: string;
}

export interface CursorState {
  /** The filters, as the canonical query string of `parseEventQuery`. */
  query: string;
  limit: number;
  /** Null: the first page. */
  after: FeedPosition | null;
}

function cursorKey(secret: string): Buffer {
  return createHmac("sha256", secret).update("silu-gateway:tnt-cursor:v1").digest();
}

function mac(companyId: string, payload: string, secret: string): Buffer {
  return createHmac("sha256", cursorKey(secret)).update(`${companyId}\n${payload}`).digest();
}

export function signCursor(companyId: string, state: CursorState, secret = env().SESSION_SECRET): string {
  const after = state.after ? [state.after.at, state.after.id, state.after.sub] : null;
  const payload = Buffer.from(JSON.stringify({ q: state.query, l: state.limit, a: after })).toString("base64url");
  return `${payload}.${mac(companyId, payload, secret).toString("base64url")}`;
}

function invalid(): never {
  throw new ApiProblem(400, "invalidCursor", { name: "cursor" });
}

/** The state in a cursor this company was given; anything else (edited, forged, another company's) is a 400. */
export function readCursor(companyId: string, token: string, secret = env().SESSION_SECRET): CursorState {
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined || !/^[\w-]+$/.test(payload) || !/^[\w-]+$/.test(signature)) {
    invalid();
  }
  const expected = mac(companyId, payload, secret);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) invalid();
  try {
    const state = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as {
      q: string;
      l: number;
      a: [number, string, string] | null;
    };
    return {
      query: state.q,
      limit: state.l,
      after: state.a ? { at: state.a[0], id: state.a[1], sub: state.a[2] } : null,
    };
  } catch {
    return invalid();
  }
}
