import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "~/domain/identity/session.server";
import { sha256Hex } from "~/utils/hash.server";
import { seedDemoAccounts } from "../../seeds/demo-accounts";
import { seedDatabase } from "../../seeds/seed";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

/**
 * Input that PostgreSQL cannot store (NUL) or that is not in the portal's own formats never
 * reaches the database: route parameters are checked against their format (404), text fields
 * against control characters (400 with the message at the field), list filters are ignored.
 */
let test: TestDatabase;
let cookie = "";
let adminCookie = "";
let apiKeyAuthorization = "";
const meta = { ipAddress: "203.0.113.60", userAgent: "vitest" };

type Handler = (args: unknown) => Promise<unknown>;
type RouteModule = { loader?: Handler; action?: Handler };
const route = (file: string) => import(`../../app/routes/${file}`) as Promise<RouteModule>;

function request(url: string, options: { form?: Record<string, string>; as?: string } = {}) {
  const as = options.as ?? cookie;
  // The partner API authenticates with a key, not a session.
  const headers = new Headers(as.startsWith("Bearer ") ? { Authorization: as } : { Cookie: as.split(";")[0]! });
  if (!options.form) return new Request(`http://localhost${url}`, { headers });
  headers.set("Content-Type", "application/x-www-form-urlencoded");
  return new Request(`http://localhost${url}`, { method: "POST", headers, body: new URLSearchParams(options.form) });
}

/** The status a loader or action answered with; an exception that is not a response is a 500. */
async function outcomeOf(call: () => Promise<unknown>): Promise<{ status: number; body: unknown }> {
  try {
    const value = await call();
    if (value instanceof Response) return { status: value.status, body: null };
    if (value && typeof value === "object" && "init" in value && "data" in value) {
      const typed = value as { init: { status?: number } | null; data: unknown };
      return { status: typed.init?.status ?? 200, body: typed.data };
    }
    return { status: 200, body: value };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: null };
    if (thrown && typeof thrown === "object" && "init" in thrown) {
      return { status: (thrown as { init: { status?: number } | null }).init?.status ?? 200, body: null };
    }
    return { status: 500, body: String(thrown) };
  }
}

const BAD_VALUES = ["\u0000", "SG-7K3M-9QX2\u0000", "x'; --", "..%2F..", "a".repeat(300)];

/** Every route file with a parameter besides the language, and the parameters it takes. */
const PARAM_ROUTES: Record<
  string,
  { params: Record<string, string>; loader: boolean; action: boolean; as?: "admin" | "apiKey" }
> = {
  "$lang.departures.$id.tsx": { params: { id: "cm0000000000000000000000a" }, loader: true, action: false },
  "v2.events.$eventID.ts": {
    params: { eventID: "00000000-0000-4000-8000-000000000000" },
    loader: true,
    action: false,
    as: "apiKey",
  },
  "v2.event-subscriptions.$subscriptionID._index.ts": {
    params: { subscriptionID: "00000000-0000-4000-8000-000000000000" },
    loader: true,
    action: true,
    as: "apiKey",
  },
  // Its GET is 405 (the secret is never read back), so only the PUT is asked here.
  "v2.event-subscriptions.$subscriptionID.secret.ts": {
    params: { subscriptionID: "00000000-0000-4000-8000-000000000000" },
    loader: false,
    action: true,
    as: "apiKey",
  },
  "$lang.departures.$id_.book.tsx": { params: { id: "cm0000000000000000000000a" }, loader: true, action: true },
  "$lang.bookings.$reference.tsx": { params: { reference: "SG-0000-0000" }, loader: true, action: true },
  "$lang.bookings.$reference_.parties.tsx": { params: { reference: "SG-0000-0000" }, loader: true, action: true },
  "$lang.bookings.$reference_.cancel.tsx": { params: { reference: "SG-0000-0000" }, loader: true, action: true },
  "$lang.bookings.$reference_.rebook.tsx": { params: { reference: "SG-0000-0000" }, loader: true, action: true },
  "$lang.bookings.$reference_.partners.tsx": { params: { reference: "SG-0000-0000" }, loader: true, action: true },
  "$lang.bookings.$reference_.instructions.tsx": {
    params: { reference: "SG-0000-0000" },
    loader: true,
    action: true,
  },
  "$lang.bookings.$reference_.waybill.tsx": { params: { reference: "SG-0000-0000" }, loader: true, action: true },
  "$lang.staff_.waybills_.$reference.tsx": { params: { reference: "SG-0000-0000" }, loader: true, action: true },
  "$lang.staff_.services_.$code.tsx": { params: { code: "XX-NONE-0" }, loader: true, action: true },
  "$lang.staff_.departures.$id.tsx": { params: { id: "cm0000000000000000000000a" }, loader: true, action: true },
  "$lang.bookings.$reference_.edit.$step.tsx": {
    params: { reference: "SG-0000-0000", step: "cargo" },
    loader: true,
    action: true,
  },
  "$lang.invoices.$number.tsx": { params: { number: "SGI-2026-000001" }, loader: true, action: true },
  "$lang.invoices.$number_.pdf.ts": { params: { number: "SGI-2026-000001" }, loader: true, action: false },
  "$lang.company_.invitations.$invitationId.tsx": {
    params: { invitationId: "cm0000000000000000000000a" },
    loader: false,
    action: true,
  },
  "$lang.company_.members.$membershipId.tsx": {
    params: { membershipId: "cm0000000000000000000000a" },
    loader: false,
    action: true,
  },
  "$lang.admin_.ports.$code.tsx": { params: { code: "XXZZZ" }, loader: true, action: true, as: "admin" },
  "$lang.verify.$number.tsx": { params: { number: "SGW-LAZ-26-000001-Q" }, loader: true, action: false },
  "verify.$number.tsx": { params: { number: "SGW-LAZ-26-000001-Q" }, loader: true, action: false },
  "$lang.waybills.$file.ts": { params: { file: "SGW-LAZ-26-000001-Q.json" }, loader: true, action: false },
  "$lang.staff_.departures_.$id_.terminal.tsx": {
    params: { id: "cm0000000000000000000000a" },
    loader: true,
    action: true,
  },
  "$lang.staff_.departures_.$id_.$file.ts": {
    params: { id: "cm0000000000000000000000a", file: "manifest.csv" },
    loader: true,
    action: false,
  },
  "$lang.track_.$reference_.alerts.tsx": { params: { reference: "SG-0000-0000" }, loader: true, action: true },
  "unsubscribe.$token.tsx": { params: { token: "A".repeat(43) }, loader: true, action: true },
  "$lang.unsubscribe.$token.tsx": { params: { token: "A".repeat(43) }, loader: true, action: true },
  "calendar.$file.ts": { params: { file: `${"A".repeat(43)}.ics` }, loader: true, action: false },
  "$lang.bookings.$reference_.share-links.tsx": { params: { reference: "SG-0000-0000" }, loader: true, action: true },
  "$lang.track_.$reference.tsx": { params: { reference: "SG-0000-0000" }, loader: true, action: false },
  "$lang.t.$token.tsx": { params: { token: "A".repeat(32) }, loader: true, action: false },
};

beforeAll(async () => {
  test = await createTestDatabase();
  // Route modules reach the database through db(), which reads DATABASE_URL on first use.
  process.env.DATABASE_URL = test.url;
  await seedDatabase(test.db);
  await seedDemoAccounts(test.db);
  const admin = await test.db.user.findUniqueOrThrow({ where: { email: "admin@lanzhou-silkroad.example" } });
  cookie = await createSession(test.db, admin.id, meta);
  const platform = await test.db.user.findUniqueOrThrow({ where: { email: "admin@silu-gateway.example" } });
  adminCookie = await createSession(test.db, platform.id, meta);
  const key = `sgw_${randomBytes(32).toString("base64url")}`;
  await test.db.apiKey.create({
    data: {
      companyId: (await test.db.membership.findFirstOrThrow({ where: { userId: admin.id } })).companyId,
      name: "input validation",
      prefix: key.slice(0, 12),
      secretHash: sha256Hex(key),
      scopes: JSON.stringify(["events:read", "subscriptions:write"]),
      createdById: admin.id,
    },
  });
  apiKeyAuthorization = `Bearer ${key}`;
});

afterAll(async () => {
  await test?.drop();
});

describe(`malformed input never reaches the database (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("lists every route with a parameter", () => {
    const files = fs
      .readdirSync(path.resolve(import.meta.dirname, "../../app/routes"))
      .filter((file) => /\$(?!lang\.|lng\.|ns\.)/.test(file.replace(/^\$lang\./, "")));
    expect(files.sort()).toEqual(Object.keys(PARAM_ROUTES).sort());
  });

  for (const [file, spec] of Object.entries(PARAM_ROUTES)) {
    it(`answers 404 to a malformed parameter of ${file}`, async () => {
      const module = await route(file);
      const as = spec.as === "admin" ? adminCookie : spec.as === "apiKey" ? apiKeyAuthorization : cookie;
      for (const name of Object.keys(spec.params)) {
        for (const bad of BAD_VALUES) {
          const params = { lang: "en", ...spec.params, [name]: bad };
          const url = `/en/x/${encodeURIComponent(bad)}`;
          if (spec.loader) {
            const answer = await outcomeOf(() =>
              module.loader!({ request: request(url, { as }), params, context: {} }),
            );
            expect({ name, bad, ...answer }).toMatchObject({ status: 404 });
          }
          if (spec.action) {
            const answer = await outcomeOf(() =>
              module.action!({ request: request(url, { as, form: { intent: "cancel" } }), params, context: {} }),
            );
            expect({ name, bad, ...answer }).toMatchObject({ status: 404 });
          }
        }
      }
      // A well-formed parameter that names nothing is still a plain 404.
      if (spec.loader && file !== "$lang.departures.$id_.book.tsx") {
        const answer = await outcomeOf(() =>
          module.loader!({ request: request("/en/x", { as }), params: { lang: "en", ...spec.params }, context: {} }),
        );
        expect(answer.status).toBe(404);
      }
    });
  }

  it("refuses control characters in registration fields with a message at each field", async () => {
    const { action } = await route("$lang.register.tsx");
    const form = {
      companyNameZh: "空字节\u0000贸易有限公司",
      companyNameLatin: "Null Byte Trading Co.",
      creditCode: "91620100MA72X4K3QK",
      address: "Line one\nLine two\u0000",
      contactPhone: "+86 931 800 0000",
      name: "Li\u001b[31m",
      email: "nul@example.cn",
      password: "a long enough passphrase",
      confirmPassword: "a long enough passphrase",
    };
    const answer = await outcomeOf(() =>
      action!({ request: request("/en/register", { form }), params: { lang: "en" }, context: {} }),
    );
    expect(answer.status).toBe(400);
    expect((answer.body as { errors: Record<string, string> }).errors).toEqual({
      companyNameZh: "errors.controlCharacters",
      address: "errors.controlCharacters",
      name: "errors.controlCharacters",
    });
    expect(await test.db.user.count({ where: { email: "nul@example.cn" } })).toBe(0);
  });

  it("drops what is not a reference, waybill or container number from a tracking search", async () => {
    const track = await route("$lang.track.tsx");
    const answer = await outcomeOf(() =>
      track.loader!({ request: request("/en/track?q=%00MSKU%27%3B--1234565"), params: { lang: "en" }, context: {} }),
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ query: "MSKU--1234565", consignments: [] });
    const blank = await outcomeOf(() =>
      track.loader!({ request: request("/en/track?q=%00%00"), params: { lang: "en" }, context: {} }),
    );
    expect(blank.body).toMatchObject({ query: null });
  });

  it("ignores malformed filters on the bookings list and the schedule board", async () => {
    const bookings = await route("$lang.bookings._index.tsx");
    const list = await outcomeOf(() =>
      bookings.loader!({
        request: request("/en/bookings?reference=%00&departure=%00&status=%00"),
        params: { lang: "en" },
        context: {},
      }),
    );
    expect(list.status).toBe(200);
    expect((list.body as { filters: Record<string, unknown> }).filters).toEqual({});

    const board = await route("$lang.schedules.tsx");
    const page = await outcomeOf(() =>
      board.loader!({
        request: request("/en/schedules?origin=%00&corridor=CN%00&from=2026-12-01%00&mode=%00&equipment=%00&page=%00"),
        params: { lang: "en" },
        context: {},
      }),
    );
    expect(page.status).toBe(200);
    expect((page.body as { errors: Record<string, string> }).errors).toMatchObject({
      origin: "errors.invalidChoice",
      from: "errors.invalidDate",
    });

    const invitation = await route("$lang.invitations.accept.tsx");
    const accept = await outcomeOf(() =>
      invitation.loader!({ request: request("/en/invitations/accept?token=%00"), params: { lang: "en" }, context: {} }),
    );
    expect(accept.status).toBe(404);
  });
});
