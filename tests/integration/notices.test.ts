import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { holdBooking } from "~/domain/booking/hold-booking.server";
import { CARRIAGE_TERMS_VERSION } from "~/domain/booking/carriage-terms";
import { loadActor } from "~/domain/identity/actor.server";
import { createSession } from "~/domain/identity/session.server";
import type { Notice } from "~/schemas/notices";
import { seedDemoAccounts } from "../../seeds/demo-accounts";
import { seedDatabase } from "../../seeds/seed";
import { createReviewedDrafts } from "../support/drafts";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

/**
 * Notices through the real routes (decision 009): an action's redirect leaves the notice in a
 * signed cookie, the page it leads to shows it once and clears it, and the URL says nothing.
 */
type Args = { request: Request; params: Record<string, string>; context: Record<string, unknown> };
type RouteModule = { loader: (args: Args) => Promise<unknown>; action: (args: Args) => Promise<unknown> };
const route = (file: string) => import(`../../app/routes/${file}`) as Promise<RouteModule>;

let test: TestDatabase;
const meta = { ipAddress: "203.0.113.60", userAgent: "vitest" };

/** A browser: its cookies, sent with each request and updated from each answer. */
class Browser {
  private readonly cookies = new Map<string, string>();

  keep(headers: Headers) {
    for (const line of headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const at = pair.indexOf("=");
      const [name, value] = [pair.slice(0, at).trim(), pair.slice(at + 1)];
      if (value === "" || attributes.some((attribute) => /^\s*max-age=0$/i.test(attribute))) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  request(path: string, form?: Record<string, string>) {
    const headers = new Headers({ Cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ") });
    if (!form) return new Request(`http://localhost${path}`, { headers });
    headers.set("Content-Type", "application/x-www-form-urlencoded");
    return new Request(`http://localhost${path}`, { method: "POST", headers, body: new URLSearchParams(form) });
  }

  /** Runs an action; its answer must be a redirect (returned). */
  async post(file: string, path: string, params: Record<string, string>, form: Record<string, string>) {
    const response = await (await route(file)).action({ request: this.request(path, form), params, context: {} });
    expect(response).toBeInstanceOf(Response);
    const redirect = response as Response;
    expect(redirect.status).toBe(302);
    this.keep(redirect.headers);
    return redirect.headers.get("Location")!;
  }

  /** Runs a loader the way a page load does: its data, and the cookies it sets kept. */
  async load(file: string, path: string, params: Record<string, string>) {
    const result = (await (await route(file)).loader({ request: this.request(path), params, context: {} })) as {
      data: { notice: Notice | null };
      init: { headers?: HeadersInit } | null;
    };
    this.keep(new Headers(result.init?.headers));
    return result.data;
  }
}

beforeAll(async () => {
  test = await createTestDatabase();
  // Route modules reach the database through db(), which reads DATABASE_URL on first use.
  process.env.DATABASE_URL = test.url;
  await seedDatabase(test.db);
  await seedDemoAccounts(test.db);
});

afterAll(async () => {
  await test.drop();
});

describe("notices after a redirect", () => {
  it("signing out: the sign-in page says so once, and not when the URL asks", async () => {
    const browser = new Browser();
    const location = await browser.post("$lang.logout.tsx", "/en/logout", { lang: "en" }, {});
    expect(location).toBe("/en/login");
    expect((await browser.load("$lang.login.tsx", location, { lang: "en" })).notice).toEqual({ code: "signedOut" });
    expect((await browser.load("$lang.login.tsx", location, { lang: "en" })).notice).toBeNull();
    const spoofed = await browser.load("$lang.login.tsx", "/en/login?notice=signedOut", { lang: "en" });
    expect(spoofed.notice).toBeNull();
  });

  it("a bank transfer: the booking page names the invoice issued, once", async () => {
    const user = await test.db.user.findUniqueOrThrow({ where: { email: "booker@lanzhou-silkroad.example" } });
    const actor = await loadActor(test.db, user.id);
    const departure = await test.db.departure.findFirstOrThrow({
      where: {
        cargoCutoffAt: { gt: new Date(Date.now() + 2 * 86_400_000) },
        capacities: { some: { equipmentCode: "45G1", available: { gte: 2 } } },
      },
      orderBy: { departureAt: "asc" },
    });
    const [reference] = await createReviewedDrafts(test.db, {
      companyId: actor.memberships[0]!.companyId,
      userId: user.id,
      departureId: departure.id,
      count: 1,
      containers: [{ equipmentCode: "45G1", quantity: 1 }],
    });
    await holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor, reference: reference! });

    const browser = new Browser();
    browser.keep(new Headers({ "Set-Cookie": await createSession(test.db, user.id, meta) }));
    const params = { lang: "en", reference: reference! };
    const path = `/en/bookings/${reference}`;
    // Without accepting the cancellation terms shown beside the choice, nothing is issued.
    const { action } = await route("$lang.bookings.$reference.tsx");
    const refused = (await action({
      request: browser.request(path, { intent: "bankTransfer" }),
      params,
      context: {},
    })) as { data: { error: string }; init: { status: number } };
    expect([refused.init.status, refused.data.error]).toEqual([400, "errors.acceptCancellationTerms"]);
    expect(await test.db.invoice.count({ where: { payment: { booking: { reference } } } })).toBe(0);
    const location = await browser.post("$lang.bookings.$reference.tsx", path, params, {
      intent: "bankTransfer",
      acceptCancellationTerms: "on",
    });
    expect(location).toBe(path);
    const invoice = await test.db.invoice.findFirstOrThrow({ where: { payment: { booking: { reference } } } });

    const page = await browser.load("$lang.bookings.$reference.tsx", path, params);
    expect(page.notice).toEqual({ code: "invoiceIssued", number: invoice.number });
    expect((await browser.load("$lang.bookings.$reference.tsx", path, params)).notice).toBeNull();
  });

  it("a refused change of role: the company page tells why", async () => {
    const admin = await test.db.user.findUniqueOrThrow({
      where: { email: "admin@wuwei-agri.example" },
      include: { memberships: true },
    });
    const browser = new Browser();
    browser.keep(new Headers({ "Set-Cookie": await createSession(test.db, admin.id, meta) }));
    const membershipId = admin.memberships[0]!.id;
    // The company's only admin makes themself a booker: refused, it must keep one.
    const location = await browser.post(
      "$lang.company_.members.$membershipId.tsx",
      `/en/company/members/${membershipId}`,
      { lang: "en", membershipId },
      { role: "BOOKER" },
    );
    expect(location).toBe("/en/company");
    expect((await browser.load("$lang.company.tsx", location, { lang: "en" })).notice).toEqual({ code: "lastAdmin" });
    expect((await browser.load("$lang.company.tsx", location, { lang: "en" })).notice).toBeNull();
  });
});
