import type { APIResponse } from "@playwright/test";
import { localDateOf } from "../app/domain/scheduling/timetable";
import { holdHighCubesZh, openDeparture } from "./support/booking";
import { expect, sessionCookie, test } from "./support/fixtures";
import { waitForHydration } from "./support/hydration";

// HTTP caching of the public pages (issue 15, decision 028): the board and a departure are
// public for visitors without a session, with an ETag and 304 on revalidation; signed in, they
// stay private, no-store.

function expectPublic(response: APIResponse, what: string) {
  const headers = response.headers();
  expect(response.status(), what).toBe(200);
  expect(headers["cache-control"], what).toBe("public, max-age=10, stale-while-revalidate=30");
  expect(headers["etag"], what).toMatch(/^W\/"[\w-]+"$/);
  expect(headers["vary"], what).toMatch(/\bCookie\b/);
  expect(headers["set-cookie"], what).toBeUndefined();
  expect(headers["x-content-type-options"], what).toBe("nosniff");
}

test("anonymous visitors get the board and a departure publicly cached, with 304 on revalidation", async ({
  playwright,
  server,
}) => {
  const anonymous = await playwright.request.newContext({ baseURL: server.baseURL });
  const departureId = await openDeparture(server.db, "LAZ-DUI-AKL", "45G1", 1);
  for (const path of [
    "/en/schedules",
    "/zh-CN/schedules?corridor=CHINA_EUROPE&equipment=45G1",
    `/de/departures/${departureId}`,
  ]) {
    const first = await anonymous.get(path);
    expectPublic(first, path);
    // The page has no nonce: its inline scripts are allowed by their hashes, and nothing else is.
    const csp = first.headers()["content-security-policy"]!;
    expect(csp, path).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')+;/);
    expect(csp, path).not.toContain("nonce-");
    expect(await first.text(), path).not.toContain("nonce=");
    const etag = first.headers()["etag"]!;

    const second = await anonymous.get(path);
    expect(second.headers()["etag"], `${path}: unchanged data, same tag`).toBe(etag);
    const revalidated = await anonymous.get(path, { headers: { "If-None-Match": etag } });
    expect(revalidated.status(), path).toBe(304);
    expect((await revalidated.body()).byteLength, path).toBe(0);
    expect(revalidated.headers()["etag"], path).toBe(etag);
    expect(revalidated.headers()["cache-control"], path).toMatch(/^public/);
    // A cache keeps the stored page's policy: the 304 brings none to replace it with.
    expect(revalidated.headers()["content-security-policy"], path).toBeUndefined();
    expect(revalidated.headers()["set-cookie"], path).toBeUndefined();
    expect((await anonymous.get(path, { headers: { "If-None-Match": 'W/"other"' } })).status(), path).toBe(200);

    // The data of a client navigation to the page, likewise.
    const url = new URL(path, server.baseURL);
    const dataPath = `${url.pathname}.data${url.search}`;
    const data = await anonymous.get(dataPath);
    expectPublic(data, dataPath);
    const dataRevalidated = await anonymous.get(dataPath, { headers: { "If-None-Match": data.headers()["etag"]! } });
    expect(dataRevalidated.status(), dataPath).toBe(304);
  }
  // Pages that are not public stay private even for anonymous visitors.
  const login = await anonymous.get("/en/login");
  expect(login.headers()["cache-control"]).toBe("private, no-store");
  await anonymous.dispose();
});

test("signed in, the same pages are private, no-store, with a nonce", async ({ playwright, server, newExporter }) => {
  const { email } = await newExporter({ role: "BOOKER", creditStatus: "PREPAY" });
  const cookie = await sessionCookie(server, email);
  const signedIn = await playwright.request.newContext({
    baseURL: server.baseURL,
    storageState: { cookies: [cookie], origins: [] },
  });
  const departureId = await openDeparture(server.db, "LAZ-DUI-AKL", "45G1", 1);
  for (const path of ["/en/schedules", "/en/schedules.data", `/en/departures/${departureId}`]) {
    const response = await signedIn.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()["cache-control"], path).toBe("private, no-store");
    expect(response.headers()["etag"], path).toBeUndefined();
  }
  expect((await signedIn.get("/en/schedules")).headers()["content-security-policy"]).toMatch(/'nonce-[^']+'/);
  await signedIn.dispose();
});

test("a cached page runs its scripts: hydrates, navigates, and survives a revalidated reload", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  page.on("pageerror", (error) => errors.push(error.message));
  const first = await page.goto("/en/schedules");
  expect(first?.headers()["cache-control"]).toMatch(/^public/);
  await waitForHydration(page);
  // A reload revalidates the copy the browser keeps (If-None-Match): the page must still run.
  await page.reload();
  await waitForHydration(page);
  // A client-side navigation (the departure's data as `.data`), then back.
  await page.getByTestId("departure-row").first().getByRole("link").first().click();
  await expect(page).toHaveURL(/\/en\/departures\//);
  await expect(page.getByTestId("route-map")).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/\/en\/schedules$/);
  expect(errors).toEqual([]);
});

test("a hold changes the public pages' ETags at once", async ({ page, server, signInAs, newExporter, playwright }) => {
  test.setTimeout(90_000);
  const anonymous = await playwright.request.newContext({ baseURL: server.baseURL });
  // The departure holdHighCubesZh will book (the first with two free 40' HQ).
  const departureId = await openDeparture(server.db, "LAZ-DUI-AKL", "45G1", 2);
  const departure = await server.db.departure.findUniqueOrThrow({ where: { id: departureId } });
  const day = localDateOf(departure.departureAt, "Asia/Shanghai");
  const paths = [
    `/zh-CN/departures/${departureId}`,
    `/zh-CN/schedules?origin=CNLAZ&destination=DEDUI&from=${day}&to=${day}`,
  ];
  const before = new Map<string, string>();
  for (const path of paths) before.set(path, (await anonymous.get(path)).headers()["etag"]!);

  const { email } = await newExporter({ role: "BOOKER", creditStatus: "PREPAY" });
  await signInAs(page, email);
  await holdHighCubesZh(page, server.db, 1);

  for (const path of paths) {
    const after = await anonymous.get(path);
    expectPublic(after, path);
    expect(after.headers()["etag"], path).not.toBe(before.get(path));
    const stale = await anonymous.get(path, { headers: { "If-None-Match": before.get(path)! } });
    expect(stale.status(), `${path}: the old copy is not confirmed`).toBe(200);
  }
  await anonymous.dispose();
});
