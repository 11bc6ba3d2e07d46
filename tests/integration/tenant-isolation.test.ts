import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "~/domain/identity/session.server";
import { sha256Hex } from "~/utils/hash.server";
import { seedDemoAccounts } from "../../seeds/demo-accounts";
import { seedDatabase } from "../../seeds/seed";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

/**
 * Every route of the app is listed here with how it is kept to its tenant. A route file that
 * is not listed fails the suite: whoever adds a route must say who may reach what, and prove
 * that a user of another company (or port) gets 404.
 */
type Access =
  | { kind: "public"; why: string }
  | { kind: "self"; why: string }
  | { kind: "tenant"; check: () => Promise<void> };

let test: TestDatabase;
const cookies: Record<string, string> = {};
const ids: Record<string, string> = {};
const meta = { ipAddress: "203.0.113.50", userAgent: "vitest" };
/** The container number of Lanzhou's confirmed booking (tracking search). */
const ISOLATION_BOX = "MSKU9070323";

type RouteModule = {
  loader?: (args: unknown) => Promise<unknown>;
  action?: (args: unknown) => Promise<unknown>;
};
const route = (file: string) => import(`../../app/routes/${file}`) as Promise<RouteModule>;

function request(as: string, url: string, form?: Record<string, string>) {
  const headers = new Headers({ Cookie: cookies[as]!.split(";")[0]! });
  if (!form) return new Request(`http://localhost${url}`, { headers });
  headers.set("Content-Type", "application/x-www-form-urlencoded");
  return new Request(`http://localhost${url}`, { method: "POST", headers, body: new URLSearchParams(form) });
}

/** The HTTP status a loader or action answered with (thrown or returned). */
async function statusOf(call: Promise<unknown>): Promise<number> {
  const outcome = await call.then(
    (value) => value,
    (thrown: unknown) => thrown,
  );
  if (outcome instanceof Response) return outcome.status;
  if (outcome && typeof outcome === "object" && "init" in outcome) {
    return (outcome as { init: { status?: number } | null }).init?.status ?? 200;
  }
  return 200;
}

/** A partner-API key for the company of `email` (stored as createApiKey stores it), and an event of Lanzhou's. */
async function apiFixture() {
  const keyOf = async (email: string) => {
    const user = await test.db.user.findUniqueOrThrow({ where: { email }, include: { memberships: true } });
    const key = `sgw_${crypto.randomBytes(32).toString("base64url")}`;
    await test.db.apiKey.create({
      data: {
        companyId: user.memberships[0]!.companyId,
        name: "isolation",
        prefix: key.slice(0, 12),
        secretHash: sha256Hex(key),
        scopes: JSON.stringify(["events:read", "subscriptions:write"]),
        createdById: user.id,
      },
    });
    return key;
  };
  const booking = await test.db.booking.findUniqueOrThrow({ where: { reference: ids.lanzhouAwaiting } });
  const eventId = crypto.randomUUID();
  const at = new Date(Date.now() - 60_000);
  await test.db.operationalEvent.create({
    data: {
      id: eventId,
      eventType: "TRANSPORT",
      classifier: "PLN",
      typeCode: "DEPA",
      milestone: "DEPARTED",
      eventAt: at,
      createdAt: at,
      placeCode: "CNLAZ",
      facilityType: "RAMP",
      departureId: booking.departureId,
      bookingId: booking.id,
    },
  });
  return {
    lanzhou: await keyOf("admin@lanzhou-silkroad.example"),
    wuwei: await keyOf("admin@wuwei-agri.example"),
    eventId,
  };
}

async function apiGet(file: string, key: string, url: string, params: Record<string, string> = {}) {
  const { loader } = await route(file);
  const request = new Request(`http://localhost${url}`, { headers: { Authorization: `Bearer ${key}` } });
  return (await loader!({ request, params, context: {} })) as Response;
}

/** A call of the partner API with a JSON body (PUT, DELETE …), as a key's system makes it. */
async function apiSend(
  file: string,
  key: string,
  url: string,
  method: string,
  params: Record<string, string>,
  body?: unknown,
) {
  const { action } = await route(file);
  const headers = new Headers({ Authorization: `Bearer ${key}` });
  if (body !== undefined) headers.set("Content-Type", "application/json");
  const request = new Request(`http://localhost${url}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await action!({ request, params, context: {} })) as Response;
}

/** A subscription of Lanzhou's (decision 026), with a notification that failed after its last try. */
async function subscriptionFixture() {
  const lanzhou = await test.db.company.findUniqueOrThrow({ where: { creditCode: "91620100MA72X4K3QK" } });
  const subscription = await test.db.eventSubscription.create({
    data: {
      id: crypto.randomUUID(),
      companyId: lanzhou.id,
      callbackUrl: "https://hooks.lanzhou.example/silu",
      secret: crypto.randomBytes(32).toString("base64"),
      filters: "{}",
    },
  });
  const delivery = await test.db.eventDelivery.create({
    data: {
      subscriptionId: subscription.id,
      eventId: crypto.randomUUID(),
      status: "FAILED",
      attempts: 8,
      lastStatus: 500,
      lastError: "HTTP 500",
      nextAttemptAt: new Date(),
    },
  });
  return { subscription, delivery };
}

const ROUTES: Record<string, Access> = {
  "_index.tsx": { kind: "public", why: "redirects to a language" },
  "$lang.tsx": { kind: "public", why: "layout; the signed-in user's own name only" },
  "$lang._index.tsx": { kind: "public", why: "redirect" },
  "$lang.schedules.tsx": { kind: "public", why: "public schedule board" },
  "$lang.departures.$id.tsx": { kind: "public", why: "public departure page (no company data)" },
  "$lang.terms.tsx": { kind: "public", why: "the published carriage terms (no company data)" },
  "verify.$number.tsx": {
    kind: "public",
    why: "redirects a QR scan to the verification page in the browser's language",
  },
  "$lang.verify.$number.tsx": {
    kind: "public",
    why: "a waybill's status only with its unguessable code (same 404 otherwise); no parties, goods or prices",
  },
  "locales.$lng.$ns.ts": { kind: "public", why: "translation files" },
  "readyz.ts": { kind: "public", why: "readiness: database reachable, migrations applied, not draining" },
  "healthz.tsx": { kind: "public", why: "health check" },
  "metrics.ts": {
    kind: "public",
    why: "Prometheus metrics: counts and latencies, no company data; bearer token (METRICS_TOKEN)",
  },
  "webhooks.stripe.ts": {
    kind: "public",
    why: "Stripe's webhook: acts only on payloads signed with the webhook secret (stripe.test.ts)",
  },
  "$lang.register.tsx": { kind: "public", why: "creates a new company" },
  "$lang.login.tsx": { kind: "public", why: "sign-in" },
  "$lang.logout.tsx": { kind: "self", why: "ends the caller's own session" },
  "$lang.forgot-password.tsx": { kind: "public", why: "same answer for every address" },
  "$lang.reset-password.tsx": { kind: "public", why: "acts only through a secret single-use token" },
  "$lang.verify-email.tsx": { kind: "public", why: "acts only through a secret single-use token" },
  "$lang.invitations.accept.tsx": { kind: "public", why: "acts only through a secret single-use token" },
  "$lang.dev.mail.tsx": { kind: "public", why: "development only; 404 in production" },
  "$lang.account.tsx": { kind: "self", why: "the caller's own profile and sessions" },
  "$lang.company.tsx": {
    kind: "tenant",
    async check() {
      const { data: page } = (await (
        await route("$lang.company.tsx")
      ).loader!({
        request: request("wuweiAdmin", "/en/company"),
        params: { lang: "en" },
        context: {},
      })) as { data: { company: { creditCode: string }; members: { email: string }[] } };
      expect(page.company.creditCode).toBe("91620500224460002G");
      expect(page.members.map((member) => member.email)).not.toContain("admin@lanzhou-silkroad.example");
      expect(
        await statusOf(
          (await route("$lang.company.tsx")).loader!({
            request: request("wuweiStaff", "/en/company"),
            params: { lang: "en" },
            context: {},
          }),
        ),
      ).toBe(404);
    },
  },
  "$lang.company_.members.$membershipId.tsx": {
    kind: "tenant",
    async check() {
      const { action } = await route("$lang.company_.members.$membershipId.tsx");
      const status = await statusOf(
        action!({
          request: request("wuweiAdmin", `/en/company/members/${ids.lanzhouBookerMembership}`, { role: "ADMIN" }),
          params: { lang: "en", membershipId: ids.lanzhouBookerMembership },
          context: {},
        }),
      );
      expect(status).toBe(404);
      const unchanged = await test.db.membership.findUniqueOrThrow({ where: { id: ids.lanzhouBookerMembership } });
      expect(unchanged.role).toBe("BOOKER");
    },
  },
  "$lang.company_.invitations.$invitationId.tsx": {
    kind: "tenant",
    async check() {
      const { action } = await route("$lang.company_.invitations.$invitationId.tsx");
      const status = await statusOf(
        action!({
          request: request("wuweiAdmin", `/en/company/invitations/${ids.lanzhouInvitation}`, {}),
          params: { lang: "en", invitationId: ids.lanzhouInvitation },
          context: {},
        }),
      );
      expect(status).toBe(404);
      expect(
        (await test.db.invitation.findUniqueOrThrow({ where: { id: ids.lanzhouInvitation } })).revokedAt,
      ).toBeNull();
    },
  },
  "$lang.admin.tsx": {
    kind: "tenant",
    async check() {
      const { loader, action } = await route("$lang.admin.tsx");
      for (const who of ["wuweiAdmin", "wuweiStaff"]) {
        expect(
          await statusOf(loader!({ request: request(who, "/en/admin"), params: { lang: "en" }, context: {} })),
        ).toBe(404);
      }
      const lanzhou = await test.db.company.findUniqueOrThrow({ where: { creditCode: "91620100MA72X4K3QK" } });
      const status = await statusOf(
        action!({
          request: request("wuweiAdmin", "/en/admin", {
            intent: "creditStatus",
            companyId: lanzhou.id,
            creditStatus: "PREPAY",
          }),
          params: { lang: "en" },
          context: {},
        }),
      );
      expect(status).toBe(404);
      expect((await test.db.company.findUniqueOrThrow({ where: { id: lanzhou.id } })).creditStatus).toBe("ON_ACCOUNT");
    },
  },
  "$lang.admin_.ports.$code.tsx": {
    kind: "tenant",
    async check() {
      const { loader, action } = await route("$lang.admin_.ports.$code.tsx");
      for (const who of ["wuweiAdmin", "wuweiStaff"]) {
        expect(
          await statusOf(
            loader!({
              request: request(who, "/en/admin/ports/CNLAZ"),
              params: { lang: "en", code: "CNLAZ" },
              context: {},
            }),
          ),
        ).toBe(404);
      }
      const form = { name_en: "Hijacked", timeZone: "UTC", latitude: "0", longitude: "0" };
      expect(
        await statusOf(
          action!({
            request: request("wuweiStaff", "/en/admin/ports/CNLAZ", form),
            params: { lang: "en", code: "CNLAZ" },
            context: {},
          }),
        ),
      ).toBe(404);
      expect((await test.db.place.findUniqueOrThrow({ where: { code: "CNLAZ" } })).timeZone).toBe("Asia/Shanghai");
    },
  },
  "v2.events.ts": {
    kind: "tenant",
    async check() {
      const { lanzhou, wuwei, eventId } = await apiFixture();
      const own = (await (await apiGet("v2.events.ts", lanzhou, "/v2/events")).json()) as { eventID: string }[];
      expect(own.map((event) => event.eventID)).toContain(eventId);
      for (const url of ["/v2/events", `/v2/events?carrierBookingReference=${ids.lanzhouAwaiting}`]) {
        const response = await apiGet("v2.events.ts", wuwei, url);
        expect(response.status).toBe(200);
        expect(JSON.stringify(await response.json())).not.toContain(ids.lanzhouAwaiting);
      }
    },
  },
  "v2.events.$eventID.ts": {
    kind: "tenant",
    async check() {
      const { lanzhou, wuwei, eventId } = await apiFixture();
      const url = `/v2/events/${eventId}`;
      expect((await apiGet("v2.events.$eventID.ts", lanzhou, url, { eventID: eventId })).status).toBe(200);
      expect((await apiGet("v2.events.$eventID.ts", wuwei, url, { eventID: eventId })).status).toBe(404);
    },
  },
  "v2.event-subscriptions._index.ts": {
    kind: "tenant",
    async check() {
      const { wuwei } = await apiFixture();
      const { subscription } = await subscriptionFixture();
      const listed = await apiGet("v2.event-subscriptions._index.ts", wuwei, "/v2/event-subscriptions");
      expect(listed.status).toBe(200);
      expect(JSON.stringify(await listed.json())).not.toContain(subscription.id);
    },
  },
  "v2.event-subscriptions.$subscriptionID._index.ts": {
    kind: "tenant",
    async check() {
      const { lanzhou, wuwei } = await apiFixture();
      const { subscription } = await subscriptionFixture();
      const file = "v2.event-subscriptions.$subscriptionID._index.ts";
      const url = `/v2/event-subscriptions/${subscription.id}`;
      const params = { subscriptionID: subscription.id };
      expect((await apiGet(file, lanzhou, url, params)).status).toBe(200);
      expect((await apiGet(file, wuwei, url, params)).status).toBe(404);
      const change = { callbackUrl: "https://hooks.wuwei.example/x" };
      expect((await apiSend(file, wuwei, url, "PUT", params, change)).status).toBe(404);
      expect((await apiSend(file, wuwei, url, "DELETE", params)).status).toBe(404);
      expect(await test.db.eventSubscription.findUniqueOrThrow({ where: { id: subscription.id } })).toMatchObject({
        callbackUrl: subscription.callbackUrl,
      });
    },
  },
  "v2.event-subscriptions.$subscriptionID.secret.ts": {
    kind: "tenant",
    async check() {
      const { wuwei } = await apiFixture();
      const { subscription } = await subscriptionFixture();
      const file = "v2.event-subscriptions.$subscriptionID.secret.ts";
      const url = `/v2/event-subscriptions/${subscription.id}/secret`;
      const secret = crypto.randomBytes(32).toString("base64");
      const params = { subscriptionID: subscription.id };
      expect((await apiSend(file, wuwei, url, "PUT", params, { secret })).status).toBe(404);
      expect((await test.db.eventSubscription.findUniqueOrThrow({ where: { id: subscription.id } })).secret).toBe(
        subscription.secret,
      );
    },
  },
  "$lang.departures.$id_.book.tsx": { kind: "self", why: "starts a draft for the caller's own company only" },
  "$lang.bookings._index.tsx": {
    kind: "tenant",
    async check() {
      const { loader } = await route("$lang.bookings._index.tsx");
      const page = (await loader!({
        request: request("wuweiAdmin", "/en/bookings"),
        params: { lang: "en" },
        context: {},
      })) as {
        bookings: { reference: string }[];
      };
      expect(page.bookings.map((booking) => booking.reference)).not.toContain(ids.lanzhouBooking);
      const filtered = (await loader!({
        request: request("wuweiAdmin", `/en/bookings?reference=${ids.lanzhouBooking}`),
        params: { lang: "en" },
        context: {},
      })) as { bookings: unknown[] };
      expect(filtered.bookings).toEqual([]);
    },
  },
  "$lang.bookings.$reference.tsx": {
    kind: "tenant",
    async check() {
      const { loader, action } = await route("$lang.bookings.$reference.tsx");
      const params = { lang: "en", reference: ids.lanzhouBooking };
      expect(
        await statusOf(
          loader!({ request: request("wuweiAdmin", `/en/bookings/${ids.lanzhouBooking}`), params, context: {} }),
        ),
      ).toBe(404);
      expect(
        await statusOf(
          action!({
            request: request("wuweiAdmin", `/en/bookings/${ids.lanzhouBooking}`, { intent: "amend", qty_45G1: "9" }),
            params,
            context: {},
          }),
        ),
      ).toBe(404);
      for (const intent of ["bankTransfer", "onAccount"]) {
        const call = action!({
          request: request("wuweiAdmin", `/en/bookings/${ids.lanzhouBooking}`, {
            intent,
            acceptCancellationTerms: "on",
          }),
          params,
          context: {},
        });
        expect(await statusOf(call)).toBe(404);
      }
      expect((await test.db.booking.findUniqueOrThrow({ where: { reference: ids.lanzhouBooking } })).status).toBe(
        "DRAFT",
      );
    },
  },
  "$lang.bookings.$reference_.edit.$step.tsx": {
    kind: "tenant",
    async check() {
      const { loader, action } = await route("$lang.bookings.$reference_.edit.$step.tsx");
      const params = { lang: "en", reference: ids.lanzhouBooking, step: "equipment" };
      const url = `/en/bookings/${ids.lanzhouBooking}/edit/equipment`;
      expect(await statusOf(loader!({ request: request("wuweiAdmin", url), params, context: {} }))).toBe(404);
      expect(
        await statusOf(action!({ request: request("wuweiAdmin", url, { qty_45G1: "5" }), params, context: {} })),
      ).toBe(404);
      expect((await test.db.booking.findUniqueOrThrow({ where: { reference: ids.lanzhouBooking } })).details).toBe(
        "{}",
      );
    },
  },
  "$lang.bookings.$reference_.cancel.tsx": {
    kind: "tenant",
    async check() {
      const { loader, action } = await route("$lang.bookings.$reference_.cancel.tsx");
      const params = { lang: "en", reference: ids.lanzhouAwaiting };
      const url = `/en/bookings/${ids.lanzhouAwaiting}/cancel`;
      expect(await statusOf(loader!({ request: request("wuweiAdmin", url), params, context: {} }))).toBe(404);
      expect(await statusOf(action!({ request: request("wuweiAdmin", url, {}), params, context: {} }))).toBe(404);
      expect((await test.db.booking.findUniqueOrThrow({ where: { reference: ids.lanzhouAwaiting } })).status).toBe(
        "AWAITING_PAYMENT",
      );
    },
  },
  "$lang.bookings.$reference_.rebook.tsx": {
    kind: "tenant",
    async check() {
      const { loader, action } = await route("$lang.bookings.$reference_.rebook.tsx");
      const params = { lang: "en", reference: ids.lanzhouAwaiting };
      const url = `/en/bookings/${ids.lanzhouAwaiting}/rebook`;
      const before = await test.db.booking.findUniqueOrThrow({ where: { reference: ids.lanzhouAwaiting } });
      expect(await statusOf(loader!({ request: request("wuweiAdmin", url), params, context: {} }))).toBe(404);
      const forms: Record<string, string>[] = [
        { intent: "refund" },
        { intent: "move", departureId: before.departureId },
      ];
      for (const form of forms) {
        expect(await statusOf(action!({ request: request("wuweiAdmin", url, form), params, context: {} }))).toBe(404);
      }
      expect(await test.db.booking.findUniqueOrThrow({ where: { reference: ids.lanzhouAwaiting } })).toMatchObject({
        status: before.status,
        departureId: before.departureId,
      });
    },
  },
  "$lang.bookings.$reference_.parties.tsx": {
    kind: "tenant",
    async check() {
      const { loader, action } = await route("$lang.bookings.$reference_.parties.tsx");
      const params = { lang: "en", reference: ids.lanzhouAwaiting };
      const url = `/en/bookings/${ids.lanzhouAwaiting}/parties`;
      const before = (await test.db.booking.findUniqueOrThrow({ where: { reference: ids.lanzhouAwaiting } })).details;
      expect(await statusOf(loader!({ request: request("wuweiAdmin", url), params, context: {} }))).toBe(404);
      const form = { shipper_name: "Stolen Ltd", shipper_city: "X", shipper_countryCode: "CN", incoterm: "FCA" };
      expect(await statusOf(action!({ request: request("wuweiAdmin", url, form), params, context: {} }))).toBe(404);
      expect((await test.db.booking.findUniqueOrThrow({ where: { reference: ids.lanzhouAwaiting } })).details).toBe(
        before,
      );
    },
  },
  "$lang.bookings.$reference_.instructions.tsx": {
    kind: "tenant",
    async check() {
      const { loader, action } = await route("$lang.bookings.$reference_.instructions.tsx");
      const params = { lang: "en", reference: ids.lanzhouAwaiting };
      const url = `/en/bookings/${ids.lanzhouAwaiting}/instructions`;
      for (const as of ["wuweiAdmin", "wuweiStaff"]) {
        expect(await statusOf(loader!({ request: request(as, url), params, context: {} }))).toBe(404);
        for (const intent of ["save", "submit"]) {
          const form = { intent, freightTerms: "COLLECT", originals: "1" };
          expect(await statusOf(action!({ request: request(as, url, form), params, context: {} }))).toBe(404);
        }
      }
      expect(await test.db.shippingInstructions.count()).toBe(0);
    },
  },
  "$lang.staff_.instructions.tsx": {
    kind: "tenant",
    async check() {
      const { loader, action } = await route("$lang.staff_.instructions.tsx");
      // An exporter is no port staff; Wuwei's staff see Wuwei's departures only, and reopen nothing of Lanzhou's.
      expect(
        await statusOf(
          loader!({ request: request("wuweiAdmin", "/en/staff/instructions"), params: { lang: "en" }, context: {} }),
        ),
      ).toBe(404);
      const page = (await loader!({
        request: request("wuweiStaff", "/en/staff/instructions"),
        params: { lang: "en" },
        context: {},
      })) as { data: { bookings: { reference: string }[] } };
      expect(page.data.bookings.map((booking) => booking.reference)).not.toContain(ids.lanzhouAwaiting);
      for (const as of ["wuweiStaff", "wuweiAdmin"]) {
        const post = action!({
          request: request(as, "/en/staff/instructions", {
            reference: ids.lanzhouAwaiting!,
            until: "2099-01-01T10:00",
          }),
          params: { lang: "en" },
          context: {},
        });
        expect(await statusOf(post)).toBe(404);
      }
      expect(await test.db.shippingInstructions.count()).toBe(0);
    },
  },
  "$lang.invoices.$number.tsx": {
    kind: "tenant",
    async check() {
      const { loader, action } = await route("$lang.invoices.$number.tsx");
      const params = { lang: "en", number: ids.lanzhouInvoice };
      const url = `/en/invoices/${ids.lanzhouInvoice}`;
      for (const as of ["wuweiAdmin", "wuweiStaff"]) {
        expect(await statusOf(loader!({ request: request(as, url), params, context: {} }))).toBe(404);
        const receipt = { amount: "100.00", receivedOn: "2026-12-01", bankReference: "STOLEN-1" };
        expect(await statusOf(action!({ request: request(as, url, receipt), params, context: {} }))).toBe(404);
      }
      expect(await test.db.bankReceipt.count()).toBe(0);
    },
  },
  "$lang.invoices.$number_.pdf.ts": {
    kind: "tenant",
    async check() {
      const { loader } = await route("$lang.invoices.$number_.pdf.ts");
      const params = { lang: "en", number: ids.lanzhouInvoice };
      for (const as of ["wuweiAdmin", "wuweiStaff"]) {
        const call = loader!({ request: request(as, `/en/invoices/${ids.lanzhouInvoice}/pdf`), params, context: {} });
        expect(await statusOf(call)).toBe(404);
      }
    },
  },
  "$lang.waybills.$file.ts": {
    kind: "tenant",
    async check() {
      const { loader } = await route("$lang.waybills.$file.ts");
      // Another company, and another port's staff, learn nothing of Lanzhou's document, in any form.
      for (const format of [".json", ".pdf", ".ebl.json"]) {
        const params = { lang: "en", file: `${ids.lanzhouWaybill}${format}` };
        // Lanzhou's own partner it was not shared with learns nothing either.
        for (const as of ["wuweiAdmin", "wuweiStaff", "lanzhouPartner"]) {
          const call = loader!({ request: request(as, `/en/waybills/${params.file}`), params, context: {} });
          expect(await statusOf(call)).toBe(404);
        }
      }
    },
  },
  "$lang.bookings.$reference_.waybill.tsx": {
    kind: "tenant",
    async check() {
      const { loader, action } = await route("$lang.bookings.$reference_.waybill.tsx");
      const params = { lang: "en", reference: ids.lanzhouAwaiting };
      const url = `/en/bookings/${ids.lanzhouAwaiting}/waybill`;
      const before = await test.db.waybill.findFirstOrThrow({ where: { number: ids.lanzhouWaybill } });
      for (const as of ["wuweiAdmin", "wuweiStaff"]) {
        expect(await statusOf(loader!({ request: request(as, url), params, context: {} }))).toBe(404);
        for (const form of <Record<string, string>[]>[
          { intent: "approve" },
          { intent: "requestChanges", comment: "Change the consignee to us" },
          { intent: "language", consigneeLocale: "ru" },
        ]) {
          expect(await statusOf(action!({ request: request(as, url, form), params, context: {} }))).toBe(404);
        }
      }
      expect(await test.db.waybill.findFirstOrThrow({ where: { number: ids.lanzhouWaybill } })).toEqual(before);
    },
  },
  "$lang.staff_.waybills.tsx": {
    kind: "tenant",
    async check() {
      const { loader } = await route("$lang.staff_.waybills.tsx");
      const url = "/en/staff/waybills?show=issued";
      // An exporter is no port staff; Wuwei's staff do not see Lanzhou's documents.
      expect(
        await statusOf(loader!({ request: request("wuweiAdmin", url), params: { lang: "en" }, context: {} })),
      ).toBe(404);
      const page = (await loader!({ request: request("wuweiStaff", url), params: { lang: "en" }, context: {} })) as {
        data: { waybills: { reference: string }[] };
      };
      expect(page.data.waybills.map((row) => row.reference)).not.toContain(ids.lanzhouAwaiting);
    },
  },
  "$lang.staff_.waybills_.$reference.tsx": {
    kind: "tenant",
    async check() {
      const { loader, action } = await route("$lang.staff_.waybills_.$reference.tsx");
      const params = { lang: "en", reference: ids.lanzhouAwaiting };
      const url = `/en/staff/waybills/${ids.lanzhouAwaiting}`;
      const before = await test.db.waybill.findFirstOrThrow({ where: { number: ids.lanzhouWaybill } });
      for (const as of ["wuweiAdmin", "wuweiStaff"]) {
        expect(await statusOf(loader!({ request: request(as, url), params, context: {} }))).toBe(404);
        for (const form of <Record<string, string>[]>[
          { intent: "issue" },
          { intent: "surrender" },
          { intent: "return", comment: "Not yours to keep" },
          { intent: "void", reason: "Voided by a stranger" },
          { intent: "amend", reason: "Swap", basedOn: "1", "containers.0.containerNumber": "CSQU3054383" },
        ]) {
          expect(await statusOf(action!({ request: request(as, url, form), params, context: {} }))).toBe(404);
        }
      }
      expect(await test.db.waybill.findFirstOrThrow({ where: { number: ids.lanzhouWaybill } })).toEqual(before);
    },
  },
  "$lang.bookings.$reference_.partners.tsx": {
    kind: "tenant",
    async check() {
      const { loader, action } = await route("$lang.bookings.$reference_.partners.tsx");
      const params = { lang: "en", reference: ids.lanzhouAwaiting };
      const url = `/en/bookings/${ids.lanzhouAwaiting}/partners`;
      // Another company, port staff and even Lanzhou's own partner: no page, and no sharing.
      for (const as of ["wuweiAdmin", "wuweiStaff", "lanzhouPartner"]) {
        expect(await statusOf(loader!({ request: request(as, url), params, context: {} }))).toBe(404);
        const post = action!({ request: request(as, url, { partner: ids.lanzhouPartner! }), params, context: {} });
        expect(await statusOf(post)).toBe(404);
      }
      expect(await test.db.bookingShare.count()).toBe(0);
    },
  },
  "$lang.track.tsx": {
    kind: "tenant",
    async check() {
      const { loader } = await route("$lang.track.tsx");
      const list = async (as: string, url: string) =>
        (
          (await loader!({ request: request(as, url), params: { lang: "en" }, context: {} })) as {
            consignments: { reference: string }[];
          }
        ).consignments.map((row) => row.reference);
      // Lanzhou's partner sees nothing Lanzhou has not shared with them; Wuwei's admin only Wuwei's bookings.
      expect(await list("lanzhouPartner", "/en/track")).toEqual([]);
      expect(await list("wuweiAdmin", "/en/track")).not.toContain(ids.lanzhouConfirmed);
      // Searching for Lanzhou's container, reference or waybill finds nothing of it.
      for (const query of [ISOLATION_BOX, ids.lanzhouConfirmed, ids.lanzhouWaybill]) {
        for (const as of ["wuweiAdmin", "lanzhouPartner"]) {
          expect(await list(as, `/en/track?q=${query}`)).toEqual([]);
        }
      }
      // Port staff have no tracking list: their own home.
      const staff = loader!({ request: request("wuweiStaff", "/en/track"), params: { lang: "en" }, context: {} });
      expect(await statusOf(staff)).toBe(302);
    },
  },
  "$lang.track_.$reference_.alerts.tsx": {
    kind: "tenant",
    async check() {
      const { loader, action } = await route("$lang.track_.$reference_.alerts.tsx");
      const params = { lang: "en", reference: ids.lanzhouAwaiting };
      const url = `/en/track/${ids.lanzhouAwaiting}/alerts`;
      // Another company, port staff, and Lanzhou's partner the booking is not shared with: 404, nothing written.
      for (const as of ["wuweiAdmin", "wuweiStaff", "lanzhouPartner"]) {
        expect(await statusOf(loader!({ request: request(as, url), params, context: {} }))).toBe(404);
        const forms: Record<string, string>[] = [
          { intent: "save", events: "on", etaThresholdHours: "12", etaDelivery: "IMMEDIATE" },
          { intent: "feed" },
          { intent: "unsubscribe" },
        ];
        for (const form of forms) {
          expect(await statusOf(action!({ request: request(as, url, form), params, context: {} }))).toBe(404);
        }
      }
      expect(await test.db.alertSubscription.count()).toBe(0);
      expect(await test.db.calendarFeed.count()).toBe(0);
    },
  },
  "unsubscribe.$token.tsx": {
    kind: "public",
    why: "RFC 8058 one-click unsubscribe: acts only with the e-mail's unguessable token (hashed), on its own alerts; names nothing",
  },
  "$lang.unsubscribe.$token.tsx": {
    kind: "public",
    why: "the unsubscribe page: only with the e-mail's unguessable token; shows the booking references it would end, nothing else",
  },
  "calendar.$file.ts": {
    kind: "public",
    why: "a user's secret calendar feed (token hashed); access rechecked on each read, 404 once revoked or unshared (tracking-alerts.test.ts)",
  },
  "$lang.track_.$reference.tsx": {
    kind: "tenant",
    async check() {
      const { loader } = await route("$lang.track_.$reference.tsx");
      const params = { lang: "en", reference: ids.lanzhouConfirmed };
      for (const as of ["wuweiAdmin", "wuweiStaff", "lanzhouPartner"]) {
        const call = loader!({ request: request(as, `/en/track/${ids.lanzhouConfirmed}`), params, context: {} });
        expect(await statusOf(call)).toBe(404);
      }
    },
  },
  "$lang.bookings.$reference_.share-links.tsx": {
    kind: "tenant",
    async check() {
      const { loader, action } = await route("$lang.bookings.$reference_.share-links.tsx");
      const params = { lang: "en", reference: ids.lanzhouConfirmed };
      const url = `/en/bookings/${ids.lanzhouConfirmed}/share-links`;
      for (const as of ["wuweiAdmin", "wuweiStaff", "lanzhouPartner"]) {
        expect(await statusOf(loader!({ request: request(as, url), params, context: {} }))).toBe(404);
        const create = { intent: "create", days: "90", linkLocale: "en" };
        expect(await statusOf(action!({ request: request(as, url, create), params, context: {} }))).toBe(404);
      }
      expect(await test.db.trackingShareLink.count()).toBe(0);
    },
  },
  "$lang.t.$token.tsx": {
    kind: "public",
    why: "read-only tracking only through an unguessable token stored hashed; 410 once expired or revoked, 404 otherwise (tracking.test.ts)",
  },
  "$lang.company_.api-keys.tsx": {
    kind: "tenant",
    async check() {
      const { loader, action } = await route("$lang.company_.api-keys.tsx");
      const lanzhou = await test.db.company.findUniqueOrThrow({ where: { creditCode: "91620100MA72X4K3QK" } });
      const lanzhouAdmin = await test.db.user.findUniqueOrThrow({ where: { email: "admin@lanzhou-silkroad.example" } });
      const key = await test.db.apiKey.create({
        data: {
          companyId: lanzhou.id,
          name: "Lanzhou ERP",
          prefix: "sgw_isolate1",
          secretHash: "f".repeat(64),
          scopes: '["events:read"]',
          createdById: lanzhouAdmin.id,
        },
      });
      const url = "/en/company/api-keys";
      // Wuwei's admin sees Wuwei's keys only, and cannot revoke Lanzhou's; staff and partners have no company.
      const page = (await loader!({ request: request("wuweiAdmin", url), params: { lang: "en" }, context: {} })) as {
        data: { keys: { prefix: string }[] };
      };
      expect(page.data.keys.map((row) => row.prefix)).not.toContain(key.prefix);
      const revoke = { intent: "revoke", keyId: key.id };
      expect(
        await statusOf(action!({ request: request("wuweiAdmin", url, revoke), params: { lang: "en" }, context: {} })),
      ).toBe(404);
      for (const as of ["wuweiStaff", "lanzhouPartner"]) {
        expect(await statusOf(loader!({ request: request(as, url), params: { lang: "en" }, context: {} }))).toBe(404);
      }
      expect((await test.db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt).toBeNull();
    },
  },
  "$lang.company_.event-subscriptions.tsx": {
    kind: "tenant",
    async check() {
      const { loader, action } = await route("$lang.company_.event-subscriptions.tsx");
      const { subscription, delivery } = await subscriptionFixture();
      const url = "/en/company/event-subscriptions";
      // Wuwei's admin sees Wuwei's subscriptions only, and can neither retry nor delete Lanzhou's.
      const page = (await loader!({ request: request("wuweiAdmin", url), params: { lang: "en" }, context: {} })) as {
        data: { subscriptions: { id: string }[]; problems: { id: string }[] };
      };
      expect(page.data.subscriptions.map((row) => row.id)).not.toContain(subscription.id);
      expect(page.data.problems.map((row) => row.id)).not.toContain(delivery.id);
      for (const form of <Record<string, string>[]>[
        { intent: "retry", deliveryId: delivery.id },
        { intent: "delete", subscriptionId: subscription.id },
      ]) {
        expect(
          await statusOf(action!({ request: request("wuweiAdmin", url, form), params: { lang: "en" }, context: {} })),
        ).toBe(404);
      }
      for (const as of ["wuweiStaff", "lanzhouPartner"]) {
        expect(await statusOf(loader!({ request: request(as, url), params: { lang: "en" }, context: {} }))).toBe(404);
      }
      expect(await test.db.eventDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({
        status: "FAILED",
      });
    },
  },
  "$lang.staff_.payments.tsx": {
    kind: "tenant",
    async check() {
      const { loader } = await route("$lang.staff_.payments.tsx");
      // Wuwei's staff are operators (no payments to confirm); an exporter is no staff at all.
      for (const as of ["wuweiStaff", "wuweiAdmin"]) {
        const call = loader!({ request: request(as, "/en/staff/payments"), params: { lang: "en" }, context: {} });
        expect(await statusOf(call)).toBe(404);
      }
    },
  },
  "$lang.staff_.imports.tsx": {
    kind: "tenant",
    async check() {
      const { loader, action } = await route("$lang.staff_.imports.tsx");
      // Departure imports are Lanzhou's supervisors' for Lanzhou's services (a Wuwei supervisor's
      // rows naming them are refused: departure-import.test.ts); an exporter or an operator finds no page.
      for (const as of ["wuweiAdmin", "wuweiStaff"]) {
        const page = loader!({ request: request(as, "/en/staff/imports"), params: { lang: "en" }, context: {} });
        expect(await statusOf(page)).toBe(404);
        const post = action!({
          request: request(as, "/en/staff/imports", { sha256: "a".repeat(64) }),
          params: { lang: "en" },
          context: {},
        });
        expect(await statusOf(post)).toBe(404);
      }
    },
  },
  "$lang.staff_.imports_.template[.csv].ts": {
    kind: "tenant",
    async check() {
      const { loader } = await route("$lang.staff_.imports_.template[.csv].ts");
      // The template names the services of the supervisor's ports: no one else gets it.
      for (const as of ["wuweiAdmin", "wuweiStaff"]) {
        const call = loader!({
          request: request(as, "/en/staff/imports/template.csv"),
          params: { lang: "en" },
          context: {},
        });
        expect(await statusOf(call)).toBe(404);
      }
    },
  },
  "$lang.staff_.rates.tsx": {
    kind: "tenant",
    async check() {
      const { loader, action } = await route("$lang.staff_.rates.tsx");
      // Rates are kept by supervisors and the platform admin: an exporter or an operator finds no page.
      for (const as of ["wuweiAdmin", "wuweiStaff"]) {
        const call = loader!({ request: request(as, "/en/staff/rates"), params: { lang: "en" }, context: {} });
        expect(await statusOf(call)).toBe(404);
        const post = action!({
          request: request(as, "/en/staff/rates", { baseCurrency: "EUR", currency: "CNY", rate: "99" }),
          params: { lang: "en" },
          context: {},
        });
        expect(await statusOf(post)).toBe(404);
      }
      expect(await test.db.exchangeRate.count({ where: { rateMicros: 99_000_000 } })).toBe(0);
    },
  },
  "$lang.staff_.departures_.$id_.terminal.tsx": {
    kind: "tenant",
    async check() {
      const { loader, action } = await route("$lang.staff_.departures_.$id_.terminal.tsx");
      const params = { lang: "en", id: ids.lanzhouDeparture! };
      const url = `/en/staff/departures/${ids.lanzhouDeparture}/terminal`;
      // Lanzhou's own supervisor sees the page: the 404s below are about who asks, not what.
      expect(await statusOf(loader!({ request: request("lanzhouStaff", url), params, context: {} }))).toBe(200);
      const forms: Record<string, string>[] = [
        { intent: "gateIn", reference: ids.lanzhouAwaiting!, containerNumber: "CSQU3054383" },
        { intent: "confirm", reference: ids.lanzhouAwaiting!, reason: "hijacked" },
        { intent: "event", milestone: "DEPARTED", placeCode: "CNLAZ", localTime: "2026-01-01T10:00" },
      ];
      for (const as of ["wuweiStaff", "wuweiAdmin"]) {
        expect(await statusOf(loader!({ request: request(as, url), params, context: {} }))).toBe(404);
        for (const form of forms) {
          expect(await statusOf(action!({ request: request(as, url, form), params, context: {} }))).toBe(404);
        }
      }
      // Nothing recorded by anyone (the partner-API checks write events of their own, by no actor).
      expect(await test.db.operationalEvent.count({ where: { actorId: { not: null } } })).toBe(0);
      expect((await test.db.booking.findUniqueOrThrow({ where: { reference: ids.lanzhouAwaiting } })).status).toBe(
        "AWAITING_PAYMENT",
      );
    },
  },
  "$lang.staff_.departures_.$id_.$file.ts": {
    kind: "tenant",
    async check() {
      const { loader } = await route("$lang.staff_.departures_.$id_.$file.ts");
      for (const file of ["manifest.csv", "manifest.pdf"]) {
        const params = { lang: "en", id: ids.lanzhouDeparture!, file };
        const url = `/en/staff/departures/${ids.lanzhouDeparture}/${file}`;
        expect(await statusOf(loader!({ request: request("lanzhouStaff", url), params, context: {} }))).toBe(200);
        for (const as of ["wuweiStaff", "wuweiAdmin", "lanzhouPartner"]) {
          expect(await statusOf(loader!({ request: request(as, url), params, context: {} }))).toBe(404);
        }
      }
    },
  },
  "$lang.staff_.services.tsx": {
    kind: "tenant",
    async check() {
      const { loader, action } = await route("$lang.staff_.services.tsx");
      // Wuwei's staff see Wuwei's services only; an exporter finds no page.
      const page = (await loader!({
        request: request("wuweiStaff", "/en/staff/services"),
        params: { lang: "en" },
        context: {},
      })) as { data: { services: { code: string }[]; origins: unknown[] } };
      expect(page.data.services.length).toBeGreaterThan(0);
      expect(page.data.services.every((service) => service.code.startsWith("WUW"))).toBe(true);
      expect(page.data.services.map((service) => service.code)).not.toContain("LAZ-DUI-AKL");
      expect(page.data.origins).toEqual([]);
      expect(
        await statusOf(
          loader!({ request: request("wuweiAdmin", "/en/staff/services"), params: { lang: "en" }, context: {} }),
        ),
      ).toBe(404);
      for (const as of ["wuweiAdmin", "wuweiStaff"]) {
        const post = action!({
          request: request(as, "/en/staff/services", { code: "LAZ-ISOL-1", originCode: "CNLAZ" }),
          params: { lang: "en" },
          context: {},
        });
        expect(await statusOf(post)).toBeGreaterThanOrEqual(400);
      }
      expect(await test.db.service.count({ where: { code: "LAZ-ISOL-1" } })).toBe(0);
    },
  },
  "$lang.staff_.services_.$code.tsx": {
    kind: "tenant",
    async check() {
      const { loader, action } = await route("$lang.staff_.services_.$code.tsx");
      const params = { lang: "en", code: "LAZ-DUI-AKL" };
      const url = "/en/staff/services/LAZ-DUI-AKL";
      const before = await test.db.departure.count({ where: { service: { code: "LAZ-DUI-AKL" } } });
      for (const as of ["wuweiAdmin", "wuweiStaff"]) {
        expect(await statusOf(loader!({ request: request(as, url), params, context: {} }))).toBe(404);
        const post = action!({ request: request(as, url, { intent: "publish", weeks: "20" }), params, context: {} });
        expect(await statusOf(post)).toBe(404);
        const exception = action!({
          request: request(as, url, { intent: "addException", localDate: "2027-02-10" }),
          params,
          context: {},
        });
        expect(await statusOf(exception)).toBe(404);
      }
      expect(await test.db.departure.count({ where: { service: { code: "LAZ-DUI-AKL" } } })).toBe(before);
      expect(await test.db.serviceException.count()).toBe(0);
    },
  },
  "$lang.staff_.departures.$id.tsx": {
    kind: "tenant",
    async check() {
      const { loader, action } = await route("$lang.staff_.departures.$id.tsx");
      const departure = await test.db.departure.findFirstOrThrow({
        where: { service: { originCode: "CNLAZ" } },
        include: { capacities: true },
      });
      const params = { lang: "en", id: departure.id };
      const url = `/en/staff/departures/${departure.id}`;
      const capacity = departure.capacities[0]!;
      for (const as of ["wuweiAdmin", "wuweiStaff"]) {
        expect(await statusOf(loader!({ request: request(as, url), params, context: {} }))).toBe(404);
        const post = action!({
          request: request(as, url, {
            intent: "capacity",
            equipmentCode: capacity.equipmentCode,
            total: "0",
            tariff: "1",
          }),
          params,
          context: {},
        });
        expect(await statusOf(post)).toBe(404);
        // Nor may they delay it (decision 022).
        const delay = action!({
          request: request(as, url, {
            intent: "delay",
            departureAt: "2030-01-01T10:00",
            etaAt: "2030-01-20T10:00",
            reasonCode: "OTHER",
          }),
          params,
          context: {},
        });
        expect(await statusOf(delay)).toBe(404);
        const cancel = action!({
          request: request(as, url, { intent: "cancel", reasonCode: "OTHER" }),
          params,
          context: {},
        });
        expect(await statusOf(cancel)).toBe(404);
        // Nor move a booking of it and amend its waybill (decision 022).
        const booking = await test.db.booking.findFirst({ where: { departureId: departure.id } });
        const moveAndAmend = action!({
          request: request(as, url, {
            intent: "moveAndAmend",
            reference: booking?.reference ?? "SG-0000-0000",
            targetId: departure.id,
          }),
          params,
          context: {},
        });
        expect(await statusOf(moveAndAmend)).toBe(404);
      }
      expect(await test.db.departureCapacity.findUniqueOrThrow({ where: { id: capacity.id } })).toEqual(capacity);
      expect(await test.db.departure.findUniqueOrThrow({ where: { id: departure.id } })).toMatchObject({
        departureAt: departure.departureAt,
        etaAt: departure.etaAt,
      });
      expect(await test.db.operationalEvent.count({ where: { departureId: departure.id, classifier: "EST" } })).toBe(0);
      expect((await test.db.departure.findUniqueOrThrow({ where: { id: departure.id } })).status).toBe(
        departure.status,
      );
    },
  },
  "$lang.staff.tsx": {
    kind: "tenant",
    async check() {
      const { loader } = await route("$lang.staff.tsx");
      // Wuwei's weekly train may fall just outside the dashboard's week on the day the suite
      // runs (its Tuesday noon train has left): one two days ahead makes the check not depend on it.
      const wuwei = await test.db.service.findFirstOrThrow({ where: { originCode: "CN-WUW" } });
      const inTwoDays = Date.now() + 2 * 86_400_000;
      await test.db.departure.upsert({
        where: { serviceId_departureAt: { serviceId: wuwei.id, departureAt: new Date(inTwoDays) } },
        update: {},
        create: {
          serviceId: wuwei.id,
          departureAt: new Date(inTwoDays),
          cargoCutoffAt: new Date(inTwoDays - 86_400_000),
          docCutoffAt: new Date(inTwoDays - 86_400_000),
          etaAt: new Date(inTwoDays + 5 * 86_400_000),
          status: "OPEN",
        },
      });
      const page = (await loader!({
        request: request("wuweiStaff", "/en/staff"),
        params: { lang: "en" },
        context: {},
      })) as {
        ports: { code: string; name: string }[];
        dashboard: Record<string, ({ origin: string } | { departure: { origin: string } })[]>;
      };
      expect(page.ports.map((port) => port.code)).toEqual(["CN-WUW"]);
      // Every row of the dashboard (departures, holds, documents, boxes, missing DEPA) leaves Wuwei.
      const rows = Object.values(page.dashboard).flat();
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect("origin" in row ? row.origin : row.departure.origin).toBe(page.ports[0]!.name);
      expect(
        await statusOf(loader!({ request: request("wuweiAdmin", "/en/staff"), params: { lang: "en" }, context: {} })),
      ).toBe(404);
    },
  },
};

beforeAll(async () => {
  test = await createTestDatabase();
  // Route modules reach the database through db(), which reads DATABASE_URL on first use.
  process.env.DATABASE_URL = test.url;
  await seedDatabase(test.db);
  await seedDemoAccounts(test.db);
  for (const [name, email] of Object.entries({
    wuweiAdmin: "admin@wuwei-agri.example",
    wuweiStaff: "staff.wuwei@silu-gateway.example",
    lanzhouPartner: "partner@duisburg-logistics.example",
    lanzhouStaff: "staff.lanzhou@silu-gateway.example",
  })) {
    const user = await test.db.user.findUniqueOrThrow({ where: { email } });
    cookies[name] = await createSession(test.db, user.id, meta);
    ids[name] = user.id;
  }
  const booker = await test.db.user.findUniqueOrThrow({
    where: { email: "booker@lanzhou-silkroad.example" },
    include: { memberships: true },
  });
  ids.lanzhouBookerMembership = booker.memberships[0]!.id;
  const lanzhouAdmin = await test.db.user.findUniqueOrThrow({ where: { email: "admin@lanzhou-silkroad.example" } });
  const invitation = await test.db.invitation.create({
    data: {
      tokenHash: "isolation-test",
      kind: "COLLEAGUE",
      email: "newcomer@lanzhou-silkroad.example",
      companyId: booker.memberships[0]!.companyId,
      role: "VIEWER",
      locale: "zh-CN",
      invitedById: lanzhouAdmin.id,
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  });
  ids.lanzhouInvitation = invitation.id;
  const departure = await test.db.departure.findFirstOrThrow({
    where: { service: { originCode: "CNLAZ" } },
    orderBy: { departureAt: "asc" },
  });
  ids.lanzhouDeparture = departure.id;
  const draft = await test.db.booking.create({
    data: {
      reference: "SG-ISOL-0001",
      companyId: booker.memberships[0]!.companyId,
      departureId: departure.id,
      createdById: booker.id,
      status: "DRAFT",
      currency: "USD",
      totalMinor: 0,
      priceLines: "[]",
      details: "{}",
    },
  });
  ids.lanzhouBooking = draft.reference;
  const awaiting = await test.db.booking.create({
    data: {
      reference: "SG-ISOL-0002",
      companyId: booker.memberships[0]!.companyId,
      departureId: departure.id,
      createdById: booker.id,
      status: "AWAITING_PAYMENT",
      currency: "USD",
      totalMinor: 780_000,
      priceLines: "[]",
      details: "{}",
      payments: {
        create: {
          companyId: booker.memberships[0]!.companyId,
          method: "BANK_TRANSFER",
          status: "PENDING",
          currency: "USD",
          amountMinor: 780_000,
        },
      },
    },
    include: { payments: true },
  });
  ids.lanzhouAwaiting = awaiting.reference;
  const invoice = await test.db.invoice.create({
    data: {
      number: "SGI-2026-999999",
      paymentId: awaiting.payments[0]!.id,
      companyId: awaiting.companyId,
      currency: "USD",
      amountMinor: 780_000,
      paymentReference: "SGI-2026-999999",
      issuedAt: new Date(),
      dueAt: new Date(Date.now() + 3 * 86_400_000),
      locale: "en",
    },
  });
  ids.lanzhouInvoice = invoice.number;
  // An issued through waybill of Lanzhou's (its content is not what is checked here).
  const waybill = await test.db.waybill.create({
    data: {
      bookingId: awaiting.id,
      status: "ISSUED",
      number: "SGW-LAZ-26-000001-Q",
      verificationCode: "c".repeat(27),
      latestVersion: 1,
      consigneeLocale: "de",
      issuedAt: new Date(),
    },
  });
  await test.db.documentVersion.create({
    data: { kind: "WAYBILL", subjectId: waybill.id, version: 1, payload: "{}", sha256: "0".repeat(64), locale: "de" },
  });
  ids.lanzhouWaybill = waybill.number!;
  // A confirmed Lanzhou booking with a numbered container, shared with nobody.
  const confirmed = await test.db.booking.create({
    data: {
      reference: "SG-ISOL-0003",
      companyId: booker.memberships[0]!.companyId,
      departureId: departure.id,
      createdById: booker.id,
      status: "CONFIRMED",
      currency: "USD",
      totalMinor: 780_000,
      priceLines: "[]",
      details: "{}",
      equipment: { create: { isoSizeType: "45G1", sequence: 1, containerNumber: ISOLATION_BOX } },
    },
  });
  ids.lanzhouConfirmed = confirmed.reference;
});

afterAll(async () => {
  await test?.drop();
});

describe(`tenant isolation (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  const files = fs
    .readdirSync(path.resolve(import.meta.dirname, "../../app/routes"))
    .filter((file) => /\.tsx?$/.test(file));

  it("knows every route of the app", () => {
    expect(files.filter((file) => !(file in ROUTES))).toEqual([]);
    expect(Object.keys(ROUTES).filter((file) => !files.includes(file))).toEqual([]);
  });

  for (const [file, access] of Object.entries(ROUTES)) {
    if (access.kind !== "tenant") continue;
    it(`${file}: another company's user (or another port's staff) gets 404`, async () => {
      await access.check();
    });
  }
});
