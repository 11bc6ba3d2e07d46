import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import {
  BodyTooLargeError,
  bodyLimitFor,
  checkRequest,
  limitedBody,
  lastResortBody,
  refusalBody,
  type GuardedRequest,
} from "./request-guards.server";

const LIMITS = { BODY_LIMIT_BYTES: 1_048_576, WEBHOOK_BODY_LIMIT_BYTES: 262_144 };
const FORM = "application/x-www-form-urlencoded";

function request(method: string, url: string, headers: GuardedRequest["headers"] = {}): GuardedRequest {
  return { method, path: url.split("?")[0]!, url, headers: { host: "localhost:3000", ...headers } };
}

describe("checkRequest", () => {
  it.each([
    "x/en/forgot-password?",
    "x/en/login?",
    "evil.example/path",
    "x?y",
    "x#y",
    "a b",
    "localhost:3000/",
    "[::1]/x",
    "",
    "x:port",
  ])("refuses the Host %j, which would move the request to another route", (host) => {
    expect(checkRequest(request("POST", "/webhooks/stripe", { host }), LIMITS)).toMatchObject({ status: 400 });
    expect(checkRequest(request("GET", "/en/schedules", { host }), LIMITS)).toMatchObject({ status: 400 });
  });

  it("accepts host names, addresses and ports, and checks a proxy's X-Forwarded-Host too", () => {
    for (const host of ["localhost", "localhost:3000", "127.0.0.1:3311", "[::1]:3000", "silu-gateway.example.cn"]) {
      expect(checkRequest(request("GET", "/en/schedules", { host }), LIMITS)).toBeNull();
    }
    expect(
      checkRequest(request("GET", "/", { "x-forwarded-host": "portal.example, edge.example" }), LIMITS),
    ).toBeNull();
    expect(checkRequest(request("GET", "/", { "x-forwarded-host": "x/en/login?" }), LIMITS)).toMatchObject({
      status: 400,
    });
    const { host: _host, ...noHost } = request("GET", "/").headers;
    expect(checkRequest({ method: "GET", path: "/", url: "/", headers: noHost }, LIMITS)).toMatchObject({
      status: 400,
    });
  });

  it("refuses a body on a read, whatever its size", () => {
    expect(checkRequest(request("GET", "/en/schedules", { "content-length": "1100000" }), LIMITS)).toMatchObject({
      status: 400,
    });
    expect(checkRequest(request("HEAD", "/en/schedules", { "transfer-encoding": "chunked" }), LIMITS)).toMatchObject({
      status: 400,
    });
    expect(checkRequest(request("GET", "/en/schedules", { "content-length": "0" }), LIMITS)).toBeNull();
  });

  it("lets page reads and form posts through", () => {
    expect(checkRequest(request("GET", "/en/schedules?origin=LHW"), LIMITS)).toBeNull();
    expect(checkRequest(request("HEAD", "/en/schedules"), LIMITS)).toBeNull();
    expect(
      checkRequest(request("POST", "/en/login", { "content-type": FORM, "content-length": "40" }), LIMITS),
    ).toBeNull();
    expect(
      checkRequest(request("POST", "/en/login.data", { "content-type": `${FORM}; charset=UTF-8` }), LIMITS),
    ).toBeNull();
    // Stripe posts JSON, up to its own limit.
    expect(
      checkRequest(
        request("POST", "/webhooks/stripe", { "content-type": "application/json", "content-length": "200000" }),
        LIMITS,
      ),
    ).toBeNull();
  });

  it.each(["PUT", "PATCH", "DELETE", "TRACE", "OPTIONS", "CONNECT", "PROPFIND", "FOO"])(
    "answers %s on a page with 405 and the methods it allows",
    (method) => {
      expect(checkRequest(request(method, "/en/account"), LIMITS)).toEqual({
        status: 405,
        reason: "methodNotAllowed",
        headers: { Allow: "GET, HEAD, POST" },
      });
    },
  );

  it("answers anything but POST on the webhook with 405", () => {
    expect(checkRequest(request("GET", "/webhooks/stripe"), LIMITS)?.status).toBe(405);
    expect(checkRequest(request("PUT", "/webhooks/stripe"), LIMITS)?.headers).toEqual({ Allow: "POST" });
  });

  it("takes JSON and PUT and DELETE on the partner API only, and refuses forms and bodies on reads there", () => {
    const json = { "content-type": "application/json", "content-length": "40" };
    expect(checkRequest(request("POST", "/v2/event-subscriptions", json), LIMITS)).toBeNull();
    expect(
      checkRequest(request("PUT", "/v2/event-subscriptions/8fbdc2d8-57c8-48b9-a04b-18fd8ec1d809", json), LIMITS),
    ).toBeNull();
    expect(
      checkRequest(request("DELETE", "/v2/event-subscriptions/8fbdc2d8-57c8-48b9-a04b-18fd8ec1d809"), LIMITS),
    ).toBeNull();
    expect(checkRequest(request("GET", "/v2/events?limit=10"), LIMITS)).toBeNull();
    expect(
      checkRequest(
        request("POST", "/v2/event-subscriptions", { "content-type": "application/x-www-form-urlencoded" }),
        LIMITS,
      ),
    ).toMatchObject({ status: 415 });
    expect(
      checkRequest(request("DELETE", "/v2/event-subscriptions/x", { "content-length": "10" }), LIMITS),
    ).toMatchObject({
      status: 400,
    });
    expect(checkRequest(request("PATCH", "/v2/event-subscriptions/x", json), LIMITS)).toMatchObject({
      status: 405,
      headers: { Allow: "GET, HEAD, POST, PUT, DELETE" },
    });
    // Pages stay forms only, and an API path that a router would read differently is no API path.
    expect(checkRequest(request("PUT", "/en/account", json), LIMITS)).toMatchObject({ status: 405 });
    expect(checkRequest(request("POST", "/en/account", json), LIMITS)).toMatchObject({ status: 415 });
    expect(checkRequest(request("POST", "/v2/../en/account", json), LIMITS)).toMatchObject({ status: 415 });
  });

  it.each([
    ["no content type (no body)", {}],
    ["JSON", { "content-type": "application/json" }],
    ["text/plain", { "content-type": "text/plain" }],
    ["multipart without a boundary", { "content-type": "multipart/form-data" }],
    ["multipart with a boundary (no route takes uploads)", { "content-type": "multipart/form-data; boundary=x" }],
    ["XML", { "content-type": "application/xml" }],
    ["garbage", { "content-type": ";;;" }],
  ])("refuses a form post with %s as 415", (_name, headers) => {
    expect(checkRequest(request("POST", "/en/bookings/SG-AAAA-BBBB/edit/review", headers), LIMITS)).toEqual({
      status: 415,
      reason: "unsupportedMediaType",
    });
  });

  it("takes multipart uploads only where a route takes files, with that route's own limit", () => {
    const upload = { "content-type": "multipart/form-data; boundary=----x", "content-length": String(3 * 1_048_576) };
    expect(checkRequest(request("POST", "/zh-CN/staff/imports", upload), LIMITS)).toBeNull();
    expect(checkRequest(request("POST", "/zh-CN/staff/imports.data", upload), LIMITS)).toBeNull();
    const small = { ...upload, "content-length": "2048" };
    expect(checkRequest(request("POST", "/zh-CN/staff/rates", small), LIMITS)?.status).toBe(415);
    expect(checkRequest(request("POST", "/zh-CN/staff/imports/x", small), LIMITS)?.status).toBe(415);
    expect(checkRequest(request("POST", "/zh-CN/staff/rates", upload), LIMITS)?.status).toBe(413);
    expect(
      checkRequest(request("POST", "/zh-CN/staff/imports", { "content-type": "multipart/form-data" }), LIMITS)?.status,
    ).toBe(415);
    expect(bodyLimitFor("/en/staff/imports", LIMITS)).toBe(5 * 1_048_576 + 65_536);
    expect(bodyLimitFor("/en/staff/rates", LIMITS)).toBe(LIMITS.BODY_LIMIT_BYTES);
    const tooBig = { ...upload, "content-length": String(6 * 1_048_576) };
    expect(checkRequest(request("POST", "/zh-CN/staff/imports", tooBig), LIMITS)?.status).toBe(413);
    // The apply step is a plain form post to the same page.
    expect(checkRequest(request("POST", "/zh-CN/staff/imports", { "content-type": FORM }), LIMITS)).toBeNull();
  });

  it("refuses a declared body over the route's limit with 413, before reading it", () => {
    const big = { "content-type": FORM, "content-length": String(50 * 1_048_576) };
    expect(checkRequest(request("POST", "/en/forgot-password", big), LIMITS)?.status).toBe(413);
    expect(
      checkRequest(request("POST", "/en/forgot-password", { ...big, "content-length": "1048577" }), LIMITS)?.status,
    ).toBe(413);
    expect(
      checkRequest(request("POST", "/en/forgot-password", { ...big, "content-length": "1048576" }), LIMITS),
    ).toBeNull();
    expect(checkRequest(request("POST", "/webhooks/stripe", { "content-length": "262145" }), LIMITS)?.status).toBe(413);
    expect(
      checkRequest(request("POST", "/en/login", { "content-type": FORM, "content-length": "-1" }), LIMITS)?.status,
    ).toBe(400);
    expect(
      checkRequest(request("POST", "/en/login", { "content-type": FORM, "content-length": "1e9" }), LIMITS)?.status,
    ).toBe(400);
  });

  it("refuses Remix v1 data requests (?_data=) with 400", () => {
    expect(checkRequest(request("GET", "/en/schedules?_data=routes%2F%24lang.schedules"), LIMITS)?.status).toBe(400);
    expect(checkRequest(request("GET", "/en/account?x=1&_data=root"), LIMITS)?.status).toBe(400);
    expect(
      checkRequest(request("POST", "/en/login?_data=routes/$lang.login", { "content-type": FORM }), LIMITS)?.status,
    ).toBe(400);
    expect(checkRequest(request("GET", "/en/schedules?data=1"), LIMITS)).toBeNull();
  });

  it("gives the webhook its own limit", () => {
    expect(bodyLimitFor("/webhooks/stripe", LIMITS)).toBe(262_144);
    expect(bodyLimitFor("/en/login", LIMITS)).toBe(1_048_576);
    expect(bodyLimitFor("/webhooks/stripe/", LIMITS)).toBe(1_048_576);
  });
});

describe("limitedBody", () => {
  const chunks = (count: number, size: number) =>
    Readable.from(Array.from({ length: count }, () => Buffer.alloc(size, 97)));

  it("passes a body within the limit through unchanged", async () => {
    let refused = 0;
    const body = limitedBody(chunks(4, 1_000), 4_000, () => refused++);
    expect(await new Response(body).text()).toBe("a".repeat(4_000));
    expect(refused).toBe(0);
  });

  it("fails once more than the limit has arrived, and says so once", async () => {
    let refused = 0;
    const source = chunks(1_000, 1_000);
    const body = limitedBody(source, 10_000, () => refused++);
    await expect(new Response(body).text()).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(refused).toBe(1);
    expect(source.isPaused()).toBe(true);
  });

  it("lets a form parser see the fields", async () => {
    const body = limitedBody(Readable.from([Buffer.from("email=a%40b.example&password=x")]), 1_000, () => {});
    const form = await new Request("http://localhost/", {
      method: "POST",
      body,
      duplex: "half",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    } as RequestInit).formData();
    expect(form.get("email")).toBe("a@b.example");
  });
});

describe("refusalBody", () => {
  it("answers in the language of the page, HTML for a browser and plain text otherwise", async () => {
    const html = await refusalBody({ status: 413, reason: "tooLarge" }, "/de/account", "text/html,*/*");
    expect(html.contentType).toMatch(/^text\/html/);
    expect(html.body).toContain('<html lang="de" dir="ltr">');
    expect(html.body).toContain("Zu viele Daten");
    const text = await refusalBody({ status: 405, reason: "methodNotAllowed" }, "/ar/account", "*/*");
    expect(text.contentType).toMatch(/^text\/plain/);
    expect(text.body).toContain("إجراء غير مسموح به");
    const fallback = await refusalBody({ status: 400, reason: "badRequest" }, "/webhooks/stripe", undefined);
    expect(fallback.body).toContain("请求无效");
  });

  it("names the request id to quote, in the page's language, escaped in HTML", async () => {
    const html = await refusalBody(
      { status: 415, reason: "unsupportedMediaType" },
      "/pl/login",
      "text/html",
      "ab12cd34ef56",
    );
    expect(html.body).toContain(
      '<p data-request-id="ab12cd34ef56">Kontaktując się z nami, podaj ten identyfikator żądania: ab12cd34ef56</p>',
    );
    const text = await refusalBody({ status: 413, reason: "tooLarge" }, "/vi/account", "*/*", "ab12cd34ef56");
    expect(text.body.trimEnd().split("\n").at(-1)).toBe(
      "Nếu liên hệ với chúng tôi, vui lòng cung cấp mã yêu cầu này: ab12cd34ef56",
    );
  });
});

describe("lastResortBody", () => {
  it("says a server fault in the page's language with the request id, and nothing of the fault", async () => {
    const html = await lastResortBody(500, "/kk/bookings", "text/html", "0123456789abcdef");
    expect(html.body).toContain('<html lang="kk" dir="ltr">');
    expect(html.body).toContain('data-request-id="0123456789abcdef"');
    expect(html.body).toContain("Сұранысыңызды орындау мүмкін болмады");
    const text = await lastResortBody(500, "/nowhere", undefined, "0123456789abcdef");
    expect(text.contentType).toMatch(/^text\/plain/);
    expect(text.body).toContain("如需联系我们，请提供此请求编号：0123456789abcdef");
    const client = await lastResortBody(400, "/tr/login", "*/*", "0123456789abcdef");
    expect(client.body).toContain("0123456789abcdef");
    expect(client.body).not.toContain((await lastResortBody(500, "/tr/login", "*/*", "x")).body.split("\n")[0]);
  });
});
