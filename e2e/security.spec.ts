import type { APIResponse } from "@playwright/test";
import { holdHighCubesZh } from "./support/booking";
import { EXPORTER_PASSWORD, expect, sessionCookie, test } from "./support/fixtures";
import { rawRequest } from "./support/raw-http";

// HTTP-level hardening (issue 9): open redirects, body limits, caching and hardening headers,
// malformed requests, notices spoofed from the URL, and the CSRF guard on raw paths.

/** Signed in only to be refused: a demo user will do. */
const BOOKER = "booker@lanzhou-silkroad.example";
/** A form post from a page of the portal at `origin`. */
const form = (origin: string) => ({ "Content-Type": "application/x-www-form-urlencoded", Origin: origin });

function expectNoStore(response: APIResponse | { headers: () => Record<string, string> }, what: string) {
  const headers = response.headers();
  expect(headers["cache-control"], `${what}: Cache-Control`).toMatch(/\bprivate\b.*\bno-store\b/);
  expect(headers["x-content-type-options"], `${what}: nosniff`).toBe("nosniff");
  expect(headers["content-security-policy"], `${what}: CSP`).toContain("frame-ancestors 'none'");
}

test("sign-in only ever redirects to a path of the portal", async ({ request, server, newExporter }) => {
  // Signing in (a booker of the test's own company) with a hostile redirectTo lands on the account page instead.
  const { email } = await newExporter({ role: "BOOKER", creditStatus: "ON_ACCOUNT" });
  const signedIn = await request.post("/en/login", {
    form: { email, password: EXPORTER_PASSWORD, redirectTo: "/\t/evil.example/phish" },
    headers: { Origin: server.baseURL },
    maxRedirects: 0,
  });
  expect(signedIn.status()).toBe(302);
  expect(signedIn.headers()["location"]).toBe("/en/account");
  // The browser is remembered for the account (the account-wide sign-in delay skips it), in a
  // signed cookie that scripts cannot read and that names no address.
  const cookies = signedIn.headersArray().filter((header) => header.name.toLowerCase() === "set-cookie");
  const known = cookies.find((header) => header.value.startsWith("silu_known="))?.value ?? "";
  expect(known).toMatch(/HttpOnly/i);
  expect(known).toMatch(/SameSite=Lax/i);
  expect(decodeURIComponent(known)).not.toContain(email.split("@")[0]);
  expect(cookies.some((header) => header.value.startsWith("silu_session="))).toBe(true);

  // Already signed in, the sign-in page forwards at once: only to same-site paths.
  for (const hostile of [
    "/%09/evil.example/phish",
    "/%0a/evil.example",
    "/%0d%0aSet-Cookie:%20x=y",
    "//evil.example",
    "/%5Cevil.example",
    "https:evil.example",
    "%EF%BC%8F%EF%BC%8Fevil.example",
  ]) {
    const response = await request.get(`/en/login?redirectTo=${hostile}`, { maxRedirects: 0 });
    expect(response.status(), hostile).toBe(302);
    expect(response.headers()["location"], hostile).toBe("/en/account");
  }
  const good = await request.get(`/en/login?redirectTo=${encodeURIComponent("/en/bookings?status=HELD")}`, {
    maxRedirects: 0,
  });
  expect(good.headers()["location"]).toBe("/en/bookings?status=HELD");
});

test("bodies over the limit are refused with 413 before they are read, chunked ones too", async ({
  request,
  server,
}) => {
  const twoMegabytes = Buffer.alloc(2 * 1_048_576, "a");
  const declared = await request.post("/en/forgot-password", { headers: form(server.baseURL), data: twoMegabytes });
  expect(declared.status()).toBe(413);
  expect(await declared.text()).toContain("Too much data");

  const chunked = await rawRequest(server.baseURL, {
    method: "POST",
    path: "/en/forgot-password",
    headers: { ...form(server.baseURL), Accept: "text/html", "Transfer-Encoding": "chunked" },
    body: Array.from({ length: 32 }, () => Buffer.alloc(64 * 1024, "a")),
  });
  expect(chunked.status).toBe(413);
  expect(chunked.body).toContain('<html lang="en"');

  // The Stripe webhook keeps its raw body, within its own (smaller) limit.
  const webhookTooLarge = await request.post("/webhooks/stripe", {
    headers: { "Content-Type": "application/json", "Stripe-Signature": "t=1,v1=00" },
    data: Buffer.from(JSON.stringify({ padding: "x".repeat(300 * 1024) })),
  });
  expect(webhookTooLarge.status()).toBe(413);
  const webhookUnsigned = await request.post("/webhooks/stripe", {
    headers: { "Content-Type": "application/json", "Stripe-Signature": "t=1,v1=00" },
    data: Buffer.from(JSON.stringify({ padding: "x".repeat(100 * 1024) })),
  });
  expect(webhookUnsigned.status()).toBe(400);

  // A form within the limit still works.
  const small = await request.post("/en/forgot-password", {
    headers: form(server.baseURL),
    data: Buffer.from(`email=nobody%40example.com&padding=${"a".repeat(200_000)}`),
  });
  expect(small.status()).toBeLessThan(400);
});

test("malformed requests get 400/405/415, never a 500", async ({ server }) => {
  const session = await sessionCookie(server, BOOKER);
  const cases: { method: string; path: string; headers?: Record<string, string>; body?: string; status: number }[] = [
    { method: "POST", path: "/en/bookings/SG-AAAA-BBBB/edit/review", headers: { Origin: server.baseURL }, status: 415 },
    {
      method: "POST",
      path: "/en/login",
      headers: { Origin: server.baseURL, "Content-Type": "application/json" },
      body: '{"email":"a"}',
      status: 415,
    },
    {
      method: "POST",
      path: "/en/account",
      headers: { Origin: server.baseURL, "Content-Type": "text/plain" },
      body: "intent=profile",
      status: 415,
    },
    {
      method: "POST",
      path: "/en/company",
      headers: { Origin: server.baseURL, "Content-Type": "multipart/form-data" },
      body: "x",
      status: 415,
    },
    {
      method: "POST",
      path: "/en/login",
      headers: { Origin: server.baseURL, "Content-Type": "multipart/form-data; boundary=zz" },
      body: "garbage",
      status: 415,
    },
    { method: "PUT", path: "/en/account", headers: { Origin: server.baseURL }, status: 405 },
    { method: "PATCH", path: "/en/bookings", headers: { Origin: server.baseURL }, status: 405 },
    { method: "DELETE", path: "/en/account", headers: { Origin: server.baseURL }, status: 405 },
    { method: "TRACE", path: "/en/schedules", status: 405 },
    { method: "OPTIONS", path: "/en/schedules", status: 405 },
    { method: "GET", path: "/en/schedules?_data=routes%2F%24lang.schedules", status: 400 },
    { method: "GET", path: "/en/account?_data=root", status: 400 },
    {
      method: "POST",
      path: "/en/login?_data=routes%2F%24lang.login",
      headers: form(server.baseURL),
      body: "email=x",
      status: 400,
    },
  ];
  for (const { method, path, headers, body, status } of cases) {
    const response = await rawRequest(server.baseURL, {
      method,
      path,
      headers: {
        Cookie: `${session.name}=${session.value}`,
        ...headers,
      },
      body: body === undefined ? undefined : Buffer.from(body),
    });
    expect(response.status, `${method} ${path}`).toBe(status);
    expect(response.body, `${method} ${path}`).not.toMatch(/\bat .+:\d+:\d+/);
    if (status === 405) expect(response.headers["allow"]).toBe("GET, HEAD, POST");
  }
});

test("the CSRF guard decides on the route Remix runs, not the raw path", async ({ server }) => {
  for (const path of [
    "/webhooks/../en/forgot-password",
    "/webhooks/%2e%2e/en/forgot-password",
    "/webhooks/stripe/../../en/forgot-password",
    "/webhooks/stripe/%2E%2E/%2E%2E/en/forgot-password",
    "//webhooks/stripe",
  ]) {
    const response = await rawRequest(server.baseURL, {
      method: "POST",
      path,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: Buffer.from("email=nobody%40example.com"),
    });
    expect(response.status, path).toBe(403);
  }
});

test("a Host that carries a path cannot move a request past the guards to another route", async ({ server }) => {
  const forged = [
    // Seen by the guards as the webhook (no Origin needed), run by Remix as forgot-password.
    { method: "POST", path: "/webhooks/stripe", host: "x/en/forgot-password?", body: "email=nobody%40example.com" },
    { method: "POST", path: "/en/login", host: "x/en/login?", body: "email=a%40b.c&password=x" },
    { method: "GET", path: "/anything", host: "x/en/schedules?_data=routes%2F%24lang.schedules#" },
  ];
  for (const { method, path, host, body } of forged) {
    const response = await rawRequest(server.baseURL, {
      method,
      path,
      headers: { Host: host, ...(body ? { "Content-Type": "application/x-www-form-urlencoded" } : {}) },
      body: body ? Buffer.from(body) : undefined,
    });
    expect(response.status, host).toBe(400);
  }
  const withBody = await rawRequest(server.baseURL, {
    method: "GET",
    path: "/en/schedules",
    body: Buffer.from("x".repeat(2048)),
  });
  expect(withBody.status).toBe(400);
});

test("a language home that is not one of our languages is a 404, never a redirect elsewhere or a 500", async ({
  server,
}) => {
  for (const path of [
    "/%2F%2Fevil.example",
    "/%5Cevil.example",
    "/%09",
    "/en%00",
    "/%00",
    "/%0d%0a",
    "/en%7f",
    "/%e2%80%ae",
  ]) {
    const response = await rawRequest(server.baseURL, { method: "GET", path });
    expect(response.status, path).toBe(404);
    expect(response.headers["location"], path).toBeUndefined();
  }
});

test("private pages are never cached; every response carries nosniff and a CSP", async ({
  page,
  server,
  signInAs,
  newExporter,
}) => {
  test.setTimeout(90_000);
  await signInAs(page, (await newExporter({ role: "ADMIN", creditStatus: "PREPAY" })).email);
  const reference = await holdHighCubesZh(page, server.db, 1);

  // A notice comes only from the server (a signed cookie its redirect set): nothing from the URL reaches the page.
  const spoof = "0000 - URGENT: pay to IBAN DE00 EVIL instead";
  const spoofQuery = `notice=invoiceIssued&invoice=${encodeURIComponent(spoof)}`;
  await page.goto(`/en/bookings/${reference}?${spoofQuery}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(reference);
  await expect(page.locator("body")).not.toContainText("URGENT");
  const spoofData = await page.request.get(`/en/bookings/${reference}.data?${spoofQuery}`);
  expect(await spoofData.text()).not.toContain("URGENT");

  // Bank transfer: the notice names the real invoice, once; the URL cannot bring it back.
  await page.goto(`/en/bookings/${reference}`);
  await page.getByTestId("payment-section").locator("input[name=acceptCancellationTerms]").check();
  await page.getByTestId("payment-section").locator("button[value=bankTransfer]").click();
  await expect(page.getByRole("status").first()).toContainText(/SGI-\d{4}-\d{6}/);
  const invoice = /SGI-\d{4}-\d{6}/.exec((await page.getByRole("status").first().textContent()) ?? "")![0];
  await expect(page).toHaveURL(new RegExp(`/en/bookings/${reference}$`));
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(reference);
  await expect(page.getByText(`Invoice ${invoice} is issued`)).toHaveCount(0);
  await page.goto(`/en/bookings/${reference}?notice=invoiceIssued&invoice=EVIL-0001`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(reference);
  await expect(page.getByText(/is issued/)).toHaveCount(0);
  await expect(page.locator("body")).not.toContainText("EVIL-0001");

  for (const path of [
    "/en/account",
    "/en/account.data",
    `/en/bookings/${reference}`,
    `/en/bookings/${reference}.data`,
    `/en/invoices/${invoice}`,
    `/en/invoices/${invoice}.data`,
    `/en/invoices/${invoice}/pdf`,
    "/en/schedules",
    "/en/schedules.data",
    "/healthz",
    "/readyz",
    "/en/no-such-page",
  ]) {
    expectNoStore(await page.request.get(path), path);
  }
  const pdf = await page.request.get(`/en/invoices/${invoice}/pdf`);
  expect(pdf.headers()["content-security-policy"]).toContain("default-src 'none'");

  // Public files keep their deliberate caching, and are hardened too.
  for (const path of ["/favicon.ico", "/locales/en/common.json"]) {
    const response = await page.request.get(path);
    expect(response.headers()["cache-control"], path).toMatch(/^public/);
    expect(response.headers()["x-content-type-options"], path).toBe("nosniff");
    expect(response.headers()["content-security-policy"], path).toContain("default-src 'none'");
  }
  // So are the guards' own answers.
  const refused = await rawRequest(server.baseURL, {
    method: "POST",
    path: "/en/account",
    headers: form(server.baseURL),
  });
  expect(refused.headers["x-content-type-options"]).toBe("nosniff");
  expect(refused.headers["cache-control"]).toBe("private, no-store");
});
