import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CARRIAGE_TERMS_VERSION } from "~/domain/booking/carriage-terms";
import { holdBooking } from "~/domain/booking/hold-booking.server";
import { loadActor } from "~/domain/identity/actor.server";
import { localDateOf } from "~/domain/scheduling/timetable";
import { pageEtag } from "~/utils/public-cache.server";
import { seedDemoAccounts } from "../../seeds/demo-accounts";
import { seedDatabase } from "../../seeds/seed";
import { createReviewedDrafts } from "../support/drafts";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

/**
 * Public caching (decision 028) through the real loaders: what makes a public page's ETag (its
 * loaders' data) stays while nothing changes and changes as soon as a hold takes capacity; a
 * first visit to a public page gets no cookie, so its answer can be public.
 */
type Args = { request: Request; params: Record<string, string>; context: Record<string, unknown> };
type Loader = (args: Args) => Promise<unknown>;
const loaderOf = async (file: string) => ((await import(`../../app/routes/${file}`)) as { loader: Loader }).loader;
const request = (path: string, cookie?: string) =>
  new Request(`http://localhost${path}`, { headers: cookie ? { Cookie: cookie } : {} });
/** The Set-Cookie headers a loader's answer (plain data, `data()` or a thrown redirect) carries. */
function cookiesOf(result: unknown): string[] {
  if (result instanceof Response) return result.headers.getSetCookie();
  const init = (result as { init?: { headers?: HeadersInit } | null }).init;
  return new Headers(init?.headers).getSetCookie();
}
const BUILD = "build-1";

let test: TestDatabase;

beforeAll(async () => {
  test = await createTestDatabase();
  // Route modules reach the database through db(), which reads DATABASE_URL on first use.
  process.env.DATABASE_URL = test.url;
  await seedDatabase(test.db);
  await seedDemoAccounts(test.db);
});

afterAll(async () => {
  await test?.drop();
});

describe(`public pages' ETags and cookies (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("a first visit to a public page sets no cookie; other pages and a changed language still save it", async () => {
    const layout = await loaderOf("$lang.tsx");
    const params = { lang: "en" };
    for (const path of ["/en/schedules", "/en/schedules?origin=CNLAZ", "/en/departures/c12345678901234567890"]) {
      expect(cookiesOf(await layout({ request: request(path), params, context: {} })), path).toEqual([]);
    }
    expect(cookiesOf(await layout({ request: request("/en/login"), params, context: {} }))[0]).toMatch(/^lng=/);
    // A visitor whose saved language is another one chose this one: saved (that answer is private).
    const german = "lng=ImRlIg%3D%3D"; // "de", as the cookie stores it
    expect(cookiesOf(await layout({ request: request("/en/schedules", german), params, context: {} }))[0]).toMatch(
      /^lng=/,
    );
    // "/" saves the language it picked for the visitor.
    const root = await loaderOf("_index.tsx");
    const redirect = await root({ request: request("/"), params: {}, context: {} }).catch((thrown) => thrown);
    expect(redirect).toBeInstanceOf(Response);
    expect((redirect as Response).headers.get("Location")).toBe("/zh-CN/schedules");
    expect(cookiesOf(redirect)[0]).toMatch(/^lng=/);
  });

  it("the board's and a departure's ETag stay while nothing changes, and change when a hold takes capacity", async () => {
    const user = await test.db.user.findUniqueOrThrow({ where: { email: "booker@lanzhou-silkroad.example" } });
    const actor = await loadActor(test.db, user.id);
    const departure = await test.db.departure.findFirstOrThrow({
      where: {
        status: "OPEN",
        cargoCutoffAt: { gt: new Date(Date.now() + 2 * 86_400_000) },
        service: { originCode: "CNLAZ" },
        capacities: { some: { equipmentCode: "45G1", available: { gte: 2 } } },
      },
      orderBy: { departureAt: "asc" },
      include: { service: true },
    });
    const day = localDateOf(departure.departureAt, "Asia/Shanghai");
    const boardPath = `/en/schedules?origin=CNLAZ&from=${day}&to=${day}`;
    const departurePath = `/en/departures/${departure.id}`;
    const board = await loaderOf("$lang.schedules.tsx");
    const detail = await loaderOf("$lang.departures.$id.tsx");
    const etags = async () => {
      const boardData = await board({ request: request(boardPath), params: { lang: "en" }, context: {} });
      const detailData = await detail({
        request: request(departurePath),
        params: { lang: "en", id: departure.id },
        context: {},
      });
      return {
        board: pageEtag(BUILD, request(boardPath), boardData),
        departure: pageEtag(BUILD, request(departurePath), (detailData as { data: unknown }).data),
        boardData: JSON.stringify(boardData),
      };
    };
    const before = await etags();
    expect(before.boardData).toContain(departure.id);
    const again = await etags();
    expect(again.board).toBe(before.board);
    expect(again.departure).toBe(before.departure);
    // Another URL, another build: another tag.
    expect(pageEtag(BUILD, request(`${boardPath}&page=1`), JSON.parse(before.boardData))).not.toBe(before.board);
    expect(pageEtag("build-2", request(boardPath), JSON.parse(before.boardData))).not.toBe(before.board);

    const [reference] = await createReviewedDrafts(test.db, {
      companyId: actor.memberships[0]!.companyId,
      userId: user.id,
      departureId: departure.id,
      count: 1,
      containers: [{ equipmentCode: "45G1", quantity: 1 }],
    });
    await holdBooking(test.db, { acceptedTerms: CARRIAGE_TERMS_VERSION, actor, reference: reference! });
    // At once, in this process: the hold cleared the board's result cache (invalidateBoard).
    const after = await etags();
    expect(after.board).not.toBe(before.board);
    expect(after.departure).not.toBe(before.departure);
  });
});
