import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CARRIAGE_TERMS_CLAUSES, CARRIAGE_TERMS_VERSION } from "~/domain/booking/carriage-terms";
import { holdBooking } from "~/domain/booking/hold-booking.server";
import { loadActor } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import { createSession } from "~/domain/identity/session.server";
import { SUPPORTED_LOCALES } from "~/i18n/config";
import { fixedT } from "~/i18n/i18next.server";
import { seedDemoAccounts } from "../../seeds/demo-accounts";
import { seedDatabase } from "../../seeds/seed";
import { createReviewedDrafts } from "../support/drafts";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

/**
 * The review step before the hold (issue 11, item 5): the carriage terms must be accepted, the
 * version accepted is stored on the booking, and the review and the booking page show the same
 * summary of what was entered.
 */
const NOW = new Date();
const meta = { ipAddress: "198.51.100.77", userAgent: "vitest" };
let test: TestDatabase;
let booker: Actor;
let bookerId: string;
let companyId: string;
let departureId: string;
let cookie: string;

type RouteModule = {
  loader: (args: unknown) => Promise<unknown>;
  action: (args: unknown) => Promise<unknown>;
};
const route = (file: string) => import(`../../app/routes/${file}`) as Promise<RouteModule>;

function request(url: string, form?: Record<string, string>) {
  const headers = new Headers({ Cookie: cookie });
  if (!form) return new Request(`http://localhost${url}`, { headers });
  headers.set("Content-Type", "application/x-www-form-urlencoded");
  headers.set("Origin", "http://localhost");
  return new Request(`http://localhost${url}`, { method: "POST", headers, body: new URLSearchParams(form) });
}

/** What a loader or action answered: a thrown or returned Response, or `data(…)` with its init. */
async function answerOf(call: Promise<unknown>): Promise<{ status: number; body: unknown; location: string | null }> {
  const outcome = await call.then(
    (value) => value,
    (thrown: unknown) => thrown,
  );
  if (outcome instanceof Response) {
    return { status: outcome.status, body: null, location: outcome.headers.get("Location") };
  }
  if (outcome && typeof outcome === "object" && "init" in outcome && "data" in outcome) {
    const { init, data } = outcome as { init: { status?: number } | null; data: unknown };
    return { status: init?.status ?? 200, body: data, location: null };
  }
  return { status: 200, body: outcome, location: null };
}

const draft = async () =>
  (
    await createReviewedDrafts(test.db, {
      companyId,
      userId: bookerId,
      departureId,
      count: 1,
      containers: [{ equipmentCode: "45G1", quantity: 2 }],
    })
  )[0]!;

const capacity = () =>
  test.db.departureCapacity.findUniqueOrThrow({
    where: { departureId_equipmentCode: { departureId, equipmentCode: "45G1" } },
  });

beforeAll(async () => {
  test = await createTestDatabase();
  // Route modules reach the database through db(), which reads DATABASE_URL on first use.
  process.env.DATABASE_URL = test.url;
  await seedDatabase(test.db, { now: NOW, weeks: 6 });
  await seedDemoAccounts(test.db);
  const user = await test.db.user.findUniqueOrThrow({
    where: { email: "booker@lanzhou-silkroad.example" },
    include: { memberships: true },
  });
  bookerId = user.id;
  companyId = user.memberships[0]!.companyId;
  booker = await loadActor(test.db, user.id);
  cookie = (await createSession(test.db, user.id, meta)).split(";")[0]!;
  const departure = await test.db.departure.findFirstOrThrow({
    where: {
      status: "OPEN",
      service: { code: "LAZ-DUI-AKL" },
      docCutoffAt: { gt: new Date(NOW.getTime() + 10 * 86_400_000) },
      capacities: { some: { equipmentCode: "45G1", available: { gte: 6 } } },
    },
    orderBy: { departureAt: "asc" },
  });
  departureId = departure.id;
});
afterAll(async () => {
  await test?.drop();
});

describe(`carriage terms at the hold (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("refuses to hold without the terms in force accepted, at the checkbox, and writes nothing", async () => {
    const reference = await draft();
    const before = await capacity();
    for (const acceptedTerms of [null, "", "2025-01"]) {
      await expect(holdBooking(test.db, { actor: booker, reference, acceptedTerms, now: NOW })).rejects.toMatchObject({
        code: "carriageTermsNotAccepted",
        status: 400,
        field: "acceptCarriageTerms",
      });
    }
    const booking = await test.db.booking.findUniqueOrThrow({
      where: { reference },
      include: { lines: true, events: true, equipment: true },
    });
    expect(booking).toMatchObject({ status: "DRAFT", carriageTermsVersion: null, carriageTermsAcceptedAt: null });
    expect(booking.lines).toEqual([]);
    expect(booking.events).toEqual([]);
    expect(booking.equipment).toEqual([]);
    expect(await capacity()).toEqual(before);
  });

  it("stores the accepted version and when on the booking, in the hold's transaction", async () => {
    const reference = await draft();
    await holdBooking(test.db, { actor: booker, reference, acceptedTerms: CARRIAGE_TERMS_VERSION, now: NOW });
    const booking = await test.db.booking.findUniqueOrThrow({ where: { reference }, include: { events: true } });
    expect(booking.status).toBe("HELD");
    expect(booking.carriageTermsVersion).toBe("2026-11");
    expect(booking.carriageTermsAcceptedAt?.toISOString()).toBe(NOW.toISOString());
    const held = booking.events.find((event) => event.type === "HELD");
    expect(JSON.parse(held?.detail ?? "{}")).toMatchObject({ carriageTermsVersion: "2026-11" });
  });
});

describe("the review step and the booking page", () => {
  const wizard = "$lang.bookings.$reference_.edit.$step.tsx";

  it("repeat the same summary; the review states cancellation by date in money and holds only with the terms ticked", async () => {
    const reference = await draft();
    const params = { lang: "zh-CN", reference, step: "review" };
    const url = `/zh-CN/bookings/${reference}/edit/review`;
    const { loader, action } = await route(wizard);

    const review = (await answerOf(loader({ request: request(url), params, context: {} }))).body as {
      summary: {
        departure: { etaLocal: string; docCutoffLocal: string; cargoCutoffLocal: string };
        containers: { code: string; quantity: string }[];
        consignment: { parties: { role: string; name: string }[]; incoterm: string; doors: unknown[] };
      };
      cancellationTerms: { tier: string; until: string | null; amount: string; percent: number }[];
      carriageTermsVersion: string;
    };
    expect(review.summary.containers).toEqual([{ code: "45G1", quantity: "2", shipperOwned: false }]);
    expect(review.summary.departure.etaLocal).toMatch(/2026|2027/);
    expect(review.summary.consignment.parties.map((party) => party.role)).toEqual(["shipper", "consignee"]);
    expect(review.summary.consignment.incoterm).toBe("FCA");
    // Both door legs are stated, here as "none" (the cargo is brought to and collected at the terminals).
    expect(review.summary.consignment.doors).toEqual([
      { leg: "pickupAddress", address: null },
      { leg: "deliveryAddress", address: null },
    ]);
    // Tiers with dates and amounts in money: the last one is the whole price after the cargo cut-off.
    expect(review.cancellationTerms.length).toBeGreaterThanOrEqual(2);
    const last = review.cancellationTerms.at(-1)!;
    expect(last).toMatchObject({ tier: "AFTER_CUTOFF", until: null, percent: 100 });
    expect(last.amount).toMatch(/\d/);
    expect(review.carriageTermsVersion).toBe(CARRIAGE_TERMS_VERSION);

    // Unticked: a 400 with the message at the checkbox; the draft stays a draft.
    const refused = await answerOf(action({ request: request(url, {}), params, context: {} }));
    expect(refused.status).toBe(400);
    expect((refused.body as { errors: Record<string, string> }).errors).toEqual({
      acceptCarriageTerms: "errors.carriageTermsNotAccepted",
    });
    expect((await test.db.booking.findUniqueOrThrow({ where: { reference } })).status).toBe("DRAFT");

    // Ticked: held, and the booking page shows the same summary and the version accepted.
    const held = await answerOf(
      action({ request: request(url, { acceptCarriageTerms: CARRIAGE_TERMS_VERSION }), params, context: {} }),
    );
    expect(held).toMatchObject({ status: 302, location: `/zh-CN/bookings/${reference}` });
    const page = (
      await answerOf(
        (await route("$lang.bookings.$reference.tsx")).loader({
          request: request(`/zh-CN/bookings/${reference}`),
          params: { lang: "zh-CN", reference },
          context: {},
        }),
      )
    ).body as { summary: unknown; carriageTerms: { version: string; acceptedAt: string } | null };
    expect(page.summary).toEqual(review.summary);
    expect(page.carriageTerms?.version).toBe("2026-11");
    expect(page.carriageTerms?.acceptedAt).toMatch(/\d/);
  });

  it("says why in every language", async () => {
    for (const locale of SUPPORTED_LOCALES) {
      const t = await fixedT(locale, "booking");
      expect(t("errors.carriageTermsNotAccepted"), locale).not.toBe("errors.carriageTermsNotAccepted");
    }
  });
});

describe("the public terms page", () => {
  it("shows the version in force, its effective date and every clause, in all 10 languages", async () => {
    const { loader } = await route("$lang.terms.tsx");
    const titles = new Set<string>();
    for (const locale of SUPPORTED_LOCALES) {
      const page = (await loader({
        request: new Request(`http://localhost/${locale}/terms`),
        params: { lang: locale },
      })) as {
        title: string;
        version: string;
        effective: string;
        clauses: string[];
      };
      const t = await fixedT(locale, "terms");
      expect(page.version).toBe("2026-11");
      expect(page.effective).toMatch(/2026/);
      expect(page.clauses).toEqual([...CARRIAGE_TERMS_CLAUSES]);
      expect(page.title).toBe(t("title"));
      for (const clause of page.clauses) {
        expect(t(`clauses.${clause}.text`), `${locale} ${clause}`).not.toBe(`clauses.${clause}.text`);
      }
      titles.add(page.title);
    }
    // Ten languages, ten titles: none falls back to another language's text.
    expect(titles.size).toBe(SUPPORTED_LOCALES.length);
    const unknown = loader({ request: new Request("http://localhost/xx/terms"), params: { lang: "xx" } });
    expect((await answerOf(unknown)).status).toBe(404);
  });
});
