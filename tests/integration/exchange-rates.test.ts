import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadActor } from "~/domain/identity/actor.server";
import { createSession } from "~/domain/identity/session.server";
import type { Actor } from "~/domain/identity/permissions";
import { parseRateMicros } from "~/domain/pricing/exchange-rates";
import { addExchangeRate, listExchangeRates, loadRatesAt } from "~/domain/pricing/exchange-rates.server";
import { seedDemoAccounts } from "../../seeds/demo-accounts";
import { seedExchangeRates } from "../../seeds/exchange-rates";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { statusOf } from "../support/refusals";

let test: TestDatabase;
let supervisor: Actor;
let admin: Actor;
let operator: Actor;
let exporter: Actor;
const meta = { ipAddress: "198.51.100.21", userAgent: "vitest" };
const NOW = new Date("2026-12-01T04:00:00Z");

async function actorOf(email: string) {
  return loadActor(test.db, (await test.db.user.findUniqueOrThrow({ where: { email } })).id);
}

beforeAll(async () => {
  test = await createTestDatabase();
  await seedDemoAccounts(test.db);
  supervisor = await actorOf("staff.lanzhou@silu-gateway.example");
  admin = await actorOf("admin@silu-gateway.example");
  operator = await actorOf("staff.wuwei@silu-gateway.example");
  exporter = await actorOf("admin@wuwei-agri.example");
});
afterAll(async () => {
  await test?.drop();
});

describe(`exchange rates (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("stores rates exactly as integer millionths, up to the largest rate allowed", async () => {
    const largest = parseRateMicros("1000")!;
    const finest = parseRateMicros("0.000123")!;
    await test.db.exchangeRate.createMany({
      data: [
        { baseCurrency: "USD", currency: "EUR", rateMicros: largest, validFrom: new Date(0), createdById: "t" },
        { baseCurrency: "EUR", currency: "USD", rateMicros: finest, validFrom: new Date(0), createdById: "t" },
      ],
    });
    const stored = await test.db.exchangeRate.findMany({ where: { createdById: "t" }, orderBy: { rateMicros: "asc" } });
    expect(stored.map((rate) => rate.rateMicros)).toEqual([123, 1_000_000_000]);
    await test.db.exchangeRate.deleteMany({ where: { createdById: "t" } });
  });

  it("seeds the demo rates once", async () => {
    expect(await seedExchangeRates(test.db, NOW)).toBe(2);
    expect(await seedExchangeRates(test.db, NOW)).toBe(0);
    const rates = await loadRatesAt(test.db, NOW);
    expect(rates.map((rate) => `${rate.baseCurrency}/${rate.currency}`).sort()).toEqual(["EUR/CNY", "USD/CNY"]);
  });

  it("adds a dated rate beside the old one, uses the newest valid one, and audits the change", async () => {
    const before = await loadRatesAt(test.db, NOW);
    const old = before.find((rate) => rate.baseCurrency === "EUR")!;
    const from = new Date(NOW.getTime() + 3_600_000);
    const added = await addExchangeRate(
      test.db,
      supervisor,
      { baseCurrency: "EUR", currency: "CNY", rateMicros: 7_900_000, validFrom: from },
      meta,
    );
    // The old rate is kept and still applies until the new one's time.
    expect(await test.db.exchangeRate.count({ where: { baseCurrency: "EUR", currency: "CNY" } })).toBe(2);
    expect((await loadRatesAt(test.db, NOW)).find((rate) => rate.baseCurrency === "EUR")!.rateMicros).toBe(
      old.rateMicros,
    );
    expect((await loadRatesAt(test.db, from)).find((rate) => rate.baseCurrency === "EUR")!.rateMicros).toBe(7_900_000);

    const audit = await test.db.auditEvent.findFirstOrThrow({
      where: { action: "exchangeRate.added", entityId: added.id },
    });
    expect(audit.actorId).toBe(supervisor.userId);
    expect(audit.ipAddress).toBe(meta.ipAddress);
    expect(JSON.parse(audit.before!)).toEqual({ rate: "7.82", validFrom: old.validFrom.toISOString() });
    expect(JSON.parse(audit.after!)).toEqual({
      baseCurrency: "EUR",
      currency: "CNY",
      rate: "7.9",
      validFrom: from.toISOString(),
    });

    const history = await listExchangeRates(test.db, admin);
    expect(history[0]).toMatchObject({ id: added.id, createdByName: "赵敏" });
    expect(history).toHaveLength(3);
  });

  it("lets only supervisors and the platform admin keep rates", async () => {
    const input = { baseCurrency: "USD", currency: "CNY", rateMicros: 1_000_000, validFrom: NOW };
    const count = await test.db.exchangeRate.count();
    expect(await statusOf(addExchangeRate(test.db, exporter, input, meta))).toBe(403);
    expect(await statusOf(addExchangeRate(test.db, operator, input, meta))).toBe(403);
    expect(await statusOf(listExchangeRates(test.db, exporter))).toBe(403);
    expect(await test.db.exchangeRate.count()).toBe(count);
    await addExchangeRate(test.db, admin, { ...input, rateMicros: 7_150_000 }, meta);
    expect(await test.db.exchangeRate.count()).toBe(count + 1);
  });
});

describe(`the staff rates page (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  type RouteModule = {
    loader: (args: unknown) => Promise<unknown>;
    action: (args: unknown) => Promise<unknown>;
  };
  const route = () => import("../../app/routes/$lang.staff_.rates.tsx") as unknown as Promise<RouteModule>;
  let cookie: string;

  beforeAll(async () => {
    process.env.DATABASE_URL = test.url;
    const user = await test.db.user.findUniqueOrThrow({ where: { email: "staff.lanzhou@silu-gateway.example" } });
    cookie = (await createSession(test.db, user.id, meta)).split(";")[0]!;
  });

  const post = async (form: Record<string, string>) => {
    const { action } = await route();
    const request = new Request("http://localhost/de/staff/rates", {
      method: "POST",
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form),
    });
    return action({ request, params: { lang: "de" }, context: {} }).catch((thrown: unknown) => thrown);
  };

  it("refuses a bad rate at its field, keeps the input, and saves nothing", async () => {
    const count = await test.db.exchangeRate.count();
    for (const [form, errors] of [
      [{ baseCurrency: "EUR", currency: "CNY", rate: "-3" }, { rate: "errors.rateInvalid" }],
      [{ baseCurrency: "EUR", currency: "CNY", rate: "0" }, { rate: "errors.rateOutOfRange" }],
      [{ baseCurrency: "EUR", currency: "CNY", rate: "5000" }, { rate: "errors.rateOutOfRange" }],
      [{ baseCurrency: "EUR", currency: "EUR", rate: "1" }, { currency: "errors.rateSameCurrency" }],
      [{ baseCurrency: "XXX", currency: "CNY", rate: "1" }, { baseCurrency: "errors.required" }],
      [
        { baseCurrency: "EUR", currency: "CNY", rate: "7.8", validFrom: "2020-01-01T00:00" },
        { validFrom: "errors.rateDateOutOfRange" },
      ],
    ] as const) {
      const result = (await post(form)) as {
        data: { errors: Record<string, string>; values: object };
        init: { status: number };
      };
      expect(result.init.status).toBe(400);
      expect(result.data.errors).toEqual(errors);
      expect(result.data.values).toMatchObject(form);
    }
    expect(await test.db.exchangeRate.count()).toBe(count);
  });

  it("adds a rate typed with a decimal comma and lists it", async () => {
    const response = (await post({ baseCurrency: "USD", currency: "CNY", rate: "7,2345" })) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/de/staff/rates");
    const { loader } = await route();
    const page = (await loader({
      request: new Request("http://localhost/de/staff/rates", { headers: { Cookie: cookie } }),
      params: { lang: "de" },
      context: {},
    })) as { data: { rates: { rate: string; baseCurrency: string; state: string }[] } };
    const newest = page.data.rates.find((rate) => rate.rate === "7,2345");
    expect(newest).toMatchObject({ baseCurrency: "USD", state: "current" });
  });
});
