import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import {
  applySecurityHeaders,
  finalizeResponseHeaders,
  hardenResponse,
  isAmbiguousPath,
  isSameOriginMutation,
  newNonce,
  NON_HTML_CSP,
} from "./security-headers.server";

const APP = "https://silu.example.cn";

describe("isSameOriginMutation", () => {
  it("lets reads through", () => {
    expect(isSameOriginMutation("GET", "/en/schedules", {}, APP)).toBe(true);
    expect(isSameOriginMutation("HEAD", "/", { origin: "https://evil.example" }, APP)).toBe(true);
  });

  it("accepts a POST from the portal's own pages", () => {
    expect(isSameOriginMutation("POST", "/en/login", { origin: APP, host: "silu.example.cn" }, APP)).toBe(true);
    expect(
      isSameOriginMutation("POST", "/en/login", { origin: "http://localhost:3000", host: "localhost:3000" }, APP),
    ).toBe(true);
    expect(isSameOriginMutation("POST", "/en/login", { referer: `${APP}/en/login` }, APP)).toBe(true);
  });

  it("leaves the partner API to its bearer keys (it reads no cookies), on its exact paths only", () => {
    expect(isSameOriginMutation("POST", "/v2/event-subscriptions", {}, APP)).toBe(true);
    expect(isSameOriginMutation("DELETE", "/v2/event-subscriptions/abc", { origin: "https://erp.example" }, APP)).toBe(
      true,
    );
    expect(isSameOriginMutation("POST", "/v2/../en/login", {}, APP)).toBe(false);
    expect(isSameOriginMutation("POST", "/v2/%2e%2e/en/login", {}, APP)).toBe(false);
    expect(isSameOriginMutation("POST", "/en/v2/events", {}, APP)).toBe(false);
  });

  it("refuses a POST from another site, or with no origin at all", () => {
    expect(
      isSameOriginMutation("POST", "/en/login", { origin: "https://evil.example", host: "silu.example.cn" }, APP),
    ).toBe(false);
    expect(
      isSameOriginMutation("DELETE", "/en/account", { referer: "https://silu.example.cn.evil.example/" }, APP),
    ).toBe(false);
    expect(isSameOriginMutation("POST", "/en/login", {}, APP)).toBe(false);
    expect(isSameOriginMutation("POST", "/en/login", { origin: "null" }, APP)).toBe(false);
    expect(isSameOriginMutation("POST", "/en/login", { origin: "not a url" }, APP)).toBe(false);
  });

  // Remix would throw (a 500) on these before the action: they get a 403 here instead.
  it("refuses an Origin that does not name the host the request was sent to", () => {
    expect(isSameOriginMutation("POST", "/en/login", { origin: APP }, APP)).toBe(false);
    expect(isSameOriginMutation("POST", "/en/login", { origin: APP, host: "127.0.0.1:3000" }, APP)).toBe(false);
    expect(
      isSameOriginMutation(
        "POST",
        "/en/login",
        { origin: "null", referer: `${APP}/en/login`, host: "silu.example.cn" },
        APP,
      ),
    ).toBe(false);
    expect(
      isSameOriginMutation(
        "POST",
        "/en/login",
        { origin: APP, host: "10.0.0.5:3000", forwardedHost: "silu.example.cn, proxy.internal" },
        APP,
      ),
    ).toBe(true);
    expect(
      isSameOriginMutation(
        "POST",
        "/en/login",
        { origin: APP, host: "silu.example.cn", forwardedHost: "evil.example" },
        APP,
      ),
    ).toBe(false);
  });

  it("leaves webhooks to their own signature checks", () => {
    expect(isSameOriginMutation("POST", "/webhooks/stripe", {}, APP)).toBe(true);
    // Percent-encoded, the other guards (body limit, media type) see a page route: so does this
    // one, and the request needs the portal's Origin like any form post.
    expect(isSameOriginMutation("POST", "/webhooks/%73tripe", {}, APP)).toBe(false);
  });

  // Express's req.path is the raw path (curl --path-as-is); Remix runs the normalised route.
  it.each([
    "/webhooks/../en/forgot-password",
    "/webhooks/%2e%2e/en/forgot-password",
    "/webhooks/%2E%2E/en/login",
    "/webhooks/.%2e/en/login",
    "/webhooks/stripe/../../en/login",
    "/webhooks/stripe/%2e%2e/%2e%2e/en/login",
    "/webhooks/stripe%2f..%2f..%2fen/login",
    "/webhooks/stripe/..%5c..%5cen/login",
    "/webhooks\\..\\en\\login",
    "/webhooks/./stripe",
    "//webhooks/stripe",
    "/webhooks//stripe",
    "/webhooks/stripe/",
    "/webhooks/stripe.data",
    "/webhooks/other",
    "/Webhooks/Stripe",
    "/en/webhooks/stripe",
    "/webhooks/%E0%A4%A",
  ])("does not exempt %s from the origin check", (path) => {
    expect(isSameOriginMutation("POST", path, {}, APP)).toBe(false);
  });

  it("refuses mutations on dot-segment paths even from the portal itself", () => {
    expect(isSameOriginMutation("POST", "/en/account/../login", { origin: APP }, APP)).toBe(false);
    expect(isSameOriginMutation("POST", "/en/%2e%2e/en/login", { origin: APP }, APP)).toBe(false);
    expect(isSameOriginMutation("GET", "/en/../en/login", {}, APP)).toBe(true);
  });
});

describe("isAmbiguousPath", () => {
  it("tells normal paths from ones a router reads differently", () => {
    expect(isAmbiguousPath("/en/bookings/SG-AB12-CD34")).toBe(false);
    expect(isAmbiguousPath("/zh-CN/invoices/SGI-2026-000001/pdf")).toBe(false);
    expect(isAmbiguousPath("/en/schedules.data")).toBe(false);
    expect(isAmbiguousPath("/en/departures/%E5%85%B0")).toBe(false);
    expect(isAmbiguousPath("/en/..")).toBe(true);
    expect(isAmbiguousPath("/en/%2e")).toBe(true);
    expect(isAmbiguousPath("/en/a%2fb")).toBe(true);
    expect(isAmbiguousPath("/en/%")).toBe(true);
  });
});

describe("finalizeResponseHeaders", () => {
  function outgoing(initial: Record<string, string>) {
    const headers = new Map(Object.entries(initial).map(([name, value]) => [name.toLowerCase(), value]));
    return {
      headers,
      getHeader: (name: string) => headers.get(name.toLowerCase()),
      setHeader: (name: string, value: number | string | readonly string[]) =>
        headers.set(name.toLowerCase(), String(value)),
    };
  }

  it("makes a response without its own caching private, and adds nosniff and a CSP", () => {
    const res = outgoing({ "content-type": "text/x-script" });
    finalizeResponseHeaders(res);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toBe(NON_HTML_CSP);
    expect(NON_HTML_CSP).toContain("default-src 'none'");
    expect(NON_HTML_CSP).toContain("frame-ancestors 'none'");
  });

  it("keeps what a response chose: the page's own CSP, public caching of public files", () => {
    const res = outgoing({ "content-security-policy": "default-src 'self'", "cache-control": "public, max-age=300" });
    finalizeResponseHeaders(res);
    expect(res.headers.get("content-security-policy")).toBe("default-src 'self'");
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
  });

  it("never lets a response that sets a cookie be cached publicly", () => {
    const res = outgoing({ "cache-control": "public, max-age=300", "set-cookie": "lng=en" });
    finalizeResponseHeaders(res);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
  });
});

describe("hardenResponse", () => {
  async function serve(handler: http.RequestListener) {
    const server = http.createServer((req, res) => {
      hardenResponse(res);
      handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/`);
    await response.text();
    server.close();
    return response.headers;
  }

  it("adds the headers to implicit and explicit writeHead, without doubling headers passed to it", async () => {
    const implicit = await serve((_req, res) => res.end("x"));
    expect(implicit.get("cache-control")).toBe("private, no-store");
    expect(implicit.get("x-content-type-options")).toBe("nosniff");
    const explicit = await serve((_req, res) => {
      res.setHeader("X-Content-Type-Options", "nosniff");
      res.writeHead(200, "OK", {
        "Content-Security-Policy": "default-src 'self'",
        "Cache-Control": "public, max-age=60",
      });
      res.end("x");
    });
    expect(explicit.get("content-security-policy")).toBe("default-src 'self'");
    expect(explicit.get("cache-control")).toBe("public, max-age=60");
    expect(explicit.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("applySecurityHeaders", () => {
  it("sets a nonce-based CSP and the usual hardening headers; HSTS only over https", () => {
    const nonce = newNonce();
    expect(newNonce()).not.toBe(nonce);
    const plain = new Headers();
    applySecurityHeaders(plain, { nonce, https: false });
    expect(plain.get("Content-Security-Policy")).toContain(`script-src 'self' 'nonce-${nonce}'`);
    expect(plain.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
    expect(plain.get("X-Content-Type-Options")).toBe("nosniff");
    expect(plain.get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
    expect(plain.get("Strict-Transport-Security")).toBeNull();
    const secure = new Headers();
    applySecurityHeaders(secure, { nonce, https: true });
    expect(secure.get("Strict-Transport-Security")).toMatch(/max-age=\d+/);
  });
});
