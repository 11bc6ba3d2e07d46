import { expect, test } from "./support/fixtures";

test("the server says it is alive and ready: database reachable, every migration of the build applied", async ({
  page,
}) => {
  const alive = await page.request.get("/healthz");
  expect(alive.status()).toBe(200);
  const ready = await page.request.get("/readyz");
  expect(ready.status()).toBe(200);
  expect(ready.headers()["cache-control"]).toBe("private, no-store");
  expect(await ready.json()).toEqual({ ready: true, draining: false, database: "ok", pendingMigrations: [] });
});
