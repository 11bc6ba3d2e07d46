import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "./support/fixtures";
import { E2E_PORT, E2E_WORKDIR, METRICS_TOKEN } from "./support/environment";
import { waitForHydration } from "./support/hydration";

/** The JSON lines the worker's server has logged (its standard output goes to this file). */
function serverLog(): Record<string, unknown>[] {
  const file = path.join(E2E_WORKDIR, `worker-${test.info().parallelIndex}.log`);
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function loggedLine(requestId: string) {
  await expect
    .poll(() => serverLog().some((line) => line.requestId === requestId && line.msg === "request"))
    .toBe(true);
  return serverLog().find((line) => line.requestId === requestId && line.msg === "request")!;
}

test("a page that does not exist shows the id of its request, as sent in X-Request-Id and logged", async ({ page }) => {
  const response = await page.goto("/ru/departures/no-such-departure");
  expect(response!.status()).toBe(404);
  const requestId = response!.headers()["x-request-id"]!;
  expect(requestId).toMatch(/^[0-9a-f]{16}$/);
  await waitForHydration(page);
  // In the page's language, still there once the browser has taken the page over.
  const reference = page.locator("main.error-page [data-request-id]");
  await expect(reference).toHaveText(`Если вы обратитесь к нам, укажите этот идентификатор запроса: ${requestId}`);
  expect(await reference.getAttribute("data-request-id")).toBe(requestId);

  const line = await loggedLine(requestId);
  expect(line).toMatchObject({ level: "info", method: "GET", route: "routes/$lang.departures.$id", status: 404 });
  expect(typeof line.durationMs).toBe("number");
  expect(Date.parse(String(line.time))).toBeGreaterThan(Date.now() - 60_000);
  // The route's id, never the path with what was asked for.
  expect(JSON.stringify(line)).not.toContain("no-such-departure");
});

test("the request guards' refusal page and an unknown address carry their request id too", async ({ page }) => {
  const refused = await page.request.fetch("/ar/schedules", { method: "DELETE", headers: { Accept: "text/html" } });
  expect(refused.status()).toBe(405);
  const refusedId = refused.headers()["x-request-id"]!;
  const body = await refused.text();
  expect(body).toContain(`data-request-id="${refusedId}"`);
  expect(body).toContain(`فيُرجى ذكر معرّف الطلب هذا: ${refusedId}`);
  expect(await loggedLine(refusedId)).toMatchObject({ method: "DELETE", route: "routes/$lang.schedules", status: 405 });

  const unknown = await page.goto("/de/no/such/page/here");
  expect(unknown!.status()).toBe(404);
  const unknownId = unknown!.headers()["x-request-id"]!;
  await expect(page.locator(`[data-request-id="${unknownId}"]`)).toBeVisible();
  expect(await loggedLine(unknownId)).toMatchObject({ route: "unmatched", status: 404 });
});

test("a client cannot choose its request id when no proxy is trusted", async ({ page }) => {
  const response = await page.request.get("/healthz", { headers: { "X-Request-Id": "chosen-by-the-client-123" } });
  expect(response.headers()["x-request-id"]).not.toBe("chosen-by-the-client-123");
});

test("/metrics answers the scraper holding the token: latencies by route, never by path", async ({ page }) => {
  expect((await page.request.get("/metrics")).status()).toBe(401);
  expect(
    (await page.request.get("/metrics", { headers: { Authorization: "Bearer not-the-token-0123456789" } })).status(),
  ).toBe(401);
  await page.request.get("/en/departures/metrics-probe-departure");
  await page.request.get("/healthz");
  const metrics = await page.request.get("/metrics", { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(metrics.status()).toBe(200);
  expect(metrics.headers()["content-type"]).toBe("text/plain; version=0.0.4; charset=utf-8");
  const text = await metrics.text();
  expect(text).toMatch(
    /^http_request_duration_seconds_count\{method="GET",route="routes\/\$lang\.departures\.\$id",status="404"\} [1-9]/m,
  );
  expect(text).toMatch(
    /^http_request_duration_seconds_count\{method="GET",route="routes\/healthz",status="200"\} [1-9]/m,
  );
  expect(text).toMatch(/^silu_job_lag_seconds\{job="email_outbox"\} /m);
  expect(text).not.toContain("metrics-probe-departure");
});

// A server whose database is gone, behind a trusted proxy: the page's loader fails with a 500.
// The user sees the proxy's id to quote, in the page's language; the log has it with the stack.
test("a server fault shows the request id on the error page and logs the error with it", async () => {
  const port = E2E_PORT + 40;
  const child = spawn(process.execPath, ["server.mjs"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      APP_URL: `http://localhost:${port}`,
      DATABASE_URL: `file:${path.join(E2E_WORKDIR, "no-such-folder", "gone.db")}`,
      SESSION_SECRET: "e2e-session-secret-0123456789abcdef",
      LOG_LEVEL: "info",
      // Behind a proxy that names its requests: its id is the one shown and logged.
      TRUST_PROXY: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await expect.poll(() => stdout.includes('"msg":"Silu Gateway listening'), { timeout: 30_000 }).toBe(true);
    const requestId = "proxy-7f3a9c1d-0b5e-4d2a";
    const response = await fetch(`http://localhost:${port}/tr/schedules`, {
      headers: { Accept: "text/html", "X-Request-Id": requestId },
    });
    expect(response.status).toBe(500);
    expect(response.headers.get("x-request-id")).toBe(requestId);
    const page = await response.text();
    expect(page).toContain(`data-request-id="${requestId}"`);
    expect(page).toContain(`Bizimle iletişime geçerseniz lütfen bu istek kimliğini belirtin: ${requestId}`);
    // The details stay in the log.
    expect(page).not.toContain("does not exist");

    const lines = () =>
      stderr
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map(
          (line) => JSON.parse(line) as { requestId?: string; msg: string; level: string; err?: { stack?: string } },
        );
    await expect.poll(() => lines().filter((line) => line.requestId === requestId).length).toBe(2);
    const [failure, request] = lines().filter((line) => line.requestId === requestId);
    expect(failure).toMatchObject({ level: "error", msg: "Request failed" });
    expect(failure!.err!.stack).toMatch(/database/i);
    expect(request).toMatchObject({ level: "error", msg: "request", route: "routes/$lang.schedules", status: 500 });
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  }
});
