import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

/**
 * A local stand-in for the parts of Stripe's API the portal uses, so that tests (and the
 * end-to-end run) exercise the real SDK over HTTP: it records every request exactly as sent
 * (path, idempotency key, form body decoded into nested objects), answers like Stripe, and
 * serves a checkout page whose "Pay" button sends the app a signed webhook and returns the
 * browser to the success URL — as Stripe Checkout does.
 */
export interface RecordedRequest {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

export interface StripeStandIn {
  url: string;
  requests: RecordedRequest[];
  sessions: Map<string, Record<string, unknown>>;
  /**
   * Set by a test: asked for each API request once recorded; a promise makes the answer wait for
   * it (a slow Stripe, or one that never answers a request).
   */
  waitBeforeAnswering?: (request: RecordedRequest) => Promise<void> | undefined;
  /**
   * Refunds as Stripe keeps them by idempotency key: a key whose first request is still being
   * answered gets 409 idempotency_key_in_use; a key answered before gets the same answer again.
   * A test may put a key in `refundKeysInFlight` (a request Stripe is still busy with) and make
   * refunds take `refundDelayMs` to answer.
   */
  refundKeysInFlight: Set<string>;
  refundDelayMs: number;
  /** A webhook event of `type` about `object`, signed with the webhook secret, as Stripe sends it. */
  signedEvent(type: string, object: Record<string, unknown>, id?: string): { payload: string; signature: string };
  close(): Promise<void>;
}

/** `a[b][0][c]=1` form fields as nested objects and arrays (the encoding the SDK uses). */
export function decodeForm(body: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.replace(/\]/g, "").split("[");
    let node: Record<string, unknown> = root;
    path.forEach((part, index) => {
      if (index === path.length - 1) {
        node[part] = value;
        return;
      }
      const nextIsIndex = /^\d+$/.test(path[index + 1]!);
      node[part] ??= nextIsIndex ? [] : {};
      node = node[part] as Record<string, unknown>;
    });
  }
  return root;
}

const webhookSigner = new Stripe("sk_test_stand_in");

export async function startStripeStandIn(options: {
  webhookSecret: string;
  /**
   * Where "Pay" on the checkout page delivers its webhook, e.g. http://localhost:3100/webhooks/stripe,
   * or how to find it from the checkout session (when several portals pay through one stand-in).
   */
  webhookUrl?: string | ((session: Record<string, unknown>) => string);
  port?: number;
}): Promise<StripeStandIn> {
  const requests: RecordedRequest[] = [];
  const sessions = new Map<string, Record<string, unknown>>();
  const refundsByKey = new Map<string, Record<string, unknown>>();
  let url = "";

  const signedEvent = (type: string, object: Record<string, unknown>, id = `evt_${crypto.randomUUID()}`) => {
    const payload = JSON.stringify({
      id,
      object: "event",
      type,
      api_version: "2026-10-28.endive",
      created: Math.floor(Date.now() / 1000),
      data: { object },
      livemode: false,
    });
    const signature = webhookSigner.webhooks.generateTestHeaderString({ payload, secret: options.webhookSecret });
    return { payload, signature };
  };

  const standIn: StripeStandIn = {
    url,
    requests,
    sessions,
    refundKeysInFlight: new Set(),
    refundDelayMs: 0,
    signedEvent,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Requests a test left waiting go with it.
        server.closeAllConnections();
      }),
  };

  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString()));
    req.on("end", () => {
      void answer(req, res, raw).catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
    });
  });

  async function answer(req: http.IncomingMessage, res: http.ServerResponse, raw: string) {
    const path = (req.url ?? "/").split("?")[0]!;
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "Content-Type": "application/json", "Request-Id": `req_${crypto.randomUUID()}` });
      res.end(JSON.stringify(body));
    };
    if (path.startsWith("/v1/")) {
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        path,
        idempotencyKey: req.headers["idempotency-key"] as string | undefined,
        authorization: req.headers.authorization,
        body: decodeForm(raw),
      };
      requests.push(recorded);
      await standIn.waitBeforeAnswering?.(recorded);
    }
    if (req.method === "POST" && path === "/v1/checkout/sessions") {
      const body = decodeForm(raw) as {
        line_items?: { quantity: string; price_data: { unit_amount: string; currency: string } }[];
      };
      const id = `cs_test_${crypto.randomBytes(12).toString("hex")}`;
      const amount = (body.line_items ?? []).reduce(
        (sum, item) => sum + Number(item.price_data.unit_amount) * Number(item.quantity),
        0,
      );
      const session = {
        ...decodeForm(raw),
        id,
        object: "checkout.session",
        url: `${url}/pay/${id}`,
        status: "open",
        payment_status: "unpaid",
        amount_total: amount,
        currency: body.line_items?.[0]?.price_data.currency,
        payment_intent: null,
      };
      sessions.set(id, session);
      return json(200, session);
    }
    const expire = /^\/v1\/checkout\/sessions\/(cs_test_\w+)\/expire$/.exec(path);
    if (req.method === "POST" && expire) {
      const open = sessions.get(expire[1]!);
      if (!open) return json(404, { error: { type: "invalid_request_error", message: "No such checkout.session" } });
      const expired = { ...open, status: "expired", url: null };
      sessions.set(expire[1]!, expired);
      return json(200, expired);
    }
    if (req.method === "POST" && path === "/v1/refunds") {
      const body = decodeForm(raw) as { payment_intent: string; amount: string };
      const key = req.headers["idempotency-key"] as string | undefined;
      if (key && standIn.refundKeysInFlight.has(key)) {
        return json(409, {
          error: {
            type: "invalid_request_error",
            code: "idempotency_key_in_use",
            message: "There is currently another in-progress request using this Stripe-Idempotency-Key.",
          },
        });
      }
      const answered = key ? refundsByKey.get(key) : undefined;
      if (answered) return json(200, answered);
      if (key) standIn.refundKeysInFlight.add(key);
      if (standIn.refundDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, standIn.refundDelayMs));
      const refund = {
        id: `re_${crypto.randomBytes(12).toString("hex")}`,
        object: "refund",
        amount: Number(body.amount),
        payment_intent: body.payment_intent,
        status: "pending",
      };
      if (key) {
        refundsByKey.set(key, refund);
        standIn.refundKeysInFlight.delete(key);
      }
      return json(200, refund);
    }
    const pay = /^\/pay\/(cs_test_\w+)$/.exec(path);
    const session = pay ? sessions.get(pay[1]!) : undefined;
    if (pay && session && req.method === "GET") {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      return res.end(`<!DOCTYPE html><html lang="en"><head><title>Stripe stand-in checkout</title></head><body>
<h1>Test checkout</h1><p>${String(session.amount_total)} ${String(session.currency)}</p>
<form method="post"><button type="submit">Pay</button></form></body></html>`);
    }
    if (pay && session && req.method === "POST") {
      const paid = {
        ...session,
        status: "complete",
        payment_status: "paid",
        payment_intent: `pi_${crypto.randomBytes(12).toString("hex")}`,
      };
      sessions.set(session.id as string, paid);
      const webhookUrl = typeof options.webhookUrl === "function" ? options.webhookUrl(paid) : options.webhookUrl;
      if (webhookUrl) {
        const { payload, signature } = signedEvent("checkout.session.completed", paid);
        await fetch(webhookUrl, {
          method: "POST",
          headers: { "Content-Type": "application/json", "Stripe-Signature": signature },
          body: payload,
        });
      }
      res.writeHead(303, { Location: String(session.success_url) });
      return res.end();
    }
    json(404, { error: { type: "invalid_request_error", message: `No such route: ${req.method} ${path}` } });
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  standIn.url = url;
  return standIn;
}
