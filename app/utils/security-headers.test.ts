import { describe, expect, it } from "vitest";
import { applySecurityHeaders, isSameOriginMutation, newNonce } from "./security-headers.server";

const APP = "https://silu.example.cn";

describe("isSameOriginMutation", () => {
  it("lets reads through", () => {
    expect(isSameOriginMutation("GET", "/en/schedules", {}, APP)).toBe(true);
    expect(isSameOriginMutation("HEAD", "/", { origin: "https://evil.example" }, APP)).toBe(true);
  });

  it("accepts a POST from the portal's own pages", () => {
    expect(isSameOriginMutation("POST", "/en/login", { origin: APP }, APP)).toBe(true);
    expect(
      isSameOriginMutation("POST", "/en/login", { origin: "http://localhost:3000", host: "localhost:3000" }, APP),
    ).toBe(true);
    expect(isSameOriginMutation("POST", "/en/login", { referer: `${APP}/en/login` }, APP)).toBe(true);
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

  it("leaves webhooks to their own signature checks", () => {
    expect(isSameOriginMutation("POST", "/webhooks/stripe", {}, APP)).toBe(true);
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
