import { createCookie } from "@remix-run/node";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Notice } from "~/schemas/notices";
import { redirectWithNotice, signedCookie, takeNotice } from "./session.server";

const SECRET = "notices-test-secret-of-enough-length-0123456789";

beforeAll(() => {
  // env() is read on first use; the notice cookie is signed with this secret.
  vi.stubEnv("SESSION_SECRET", SECRET);
  vi.stubEnv("DATABASE_URL", "file:./.tmp/notices-test.db");
  vi.stubEnv("APP_URL", "http://localhost:3000");
});

/** A browser's cookie jar, as far as these tests need one: name → value, Max-Age=0 removes. */
class Jar {
  private readonly cookies = new Map<string, string>();

  take(response: { headers: Headers }) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const [name = "", value = ""] = pair.split("=");
      const gone = attributes.some((attribute) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(attribute));
      if (gone || value === "") this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
  }

  set(name: string, value: string) {
    this.cookies.set(name, value);
  }

  get(name: string) {
    return this.cookies.get(name);
  }

  request(path: string) {
    const header = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    return new Request(`http://localhost${path}`, { headers: header ? { Cookie: header } : {} });
  }
}

/** The value of a notice cookie signed by this server, whatever it holds. */
async function signedValue(value: unknown): Promise<string> {
  const line = await signedCookie("silu_notice", { seconds: 60 }).serialize(value);
  return line.split(";")[0]!.slice("silu_notice=".length);
}

describe("notices (a flash in a signed cookie, decision 009)", () => {
  it("round trip: the page a redirect leads to gets the notice with what it names", async () => {
    const jar = new Jar();
    const notice: Notice = { code: "invoiceIssued", number: "SGI-2026-000042" };
    const response = await redirectWithNotice("/en/bookings/SG-AB12-CD34", notice);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/en/bookings/SG-AB12-CD34");
    // Nothing of it in the URL.
    expect(response.headers.get("Location")).not.toContain("notice");
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith("silu_notice="));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Max-Age=60\b/);
    expect(cookie).toMatch(/Path=\//);
    jar.take(response);

    const taken = await takeNotice(jar.request("/en/bookings/SG-AB12-CD34"));
    expect(taken.notice).toEqual(notice);
  });

  it("shows once: the loader's header clears it", async () => {
    const jar = new Jar();
    jar.take(await redirectWithNotice("/zh-CN/login", { code: "signedOut" }));
    const first = await takeNotice(jar.request("/zh-CN/login"));
    expect(first.notice).toEqual({ code: "signedOut" });
    jar.take(first);
    expect(jar.get("silu_notice")).toBeUndefined();
    const second = await takeNotice(jar.request("/zh-CN/login"));
    expect(second.notice).toBeNull();
    expect(second.headers.getSetCookie()).toEqual([]);
  });

  it("keeps the cookies the redirect already sets (signing out clears the session too)", async () => {
    const response = await redirectWithNotice(
      "/en/login",
      { code: "signedOut" },
      { headers: { "Set-Cookie": "silu_session=; Max-Age=0; Path=/" } },
    );
    const names = response.headers.getSetCookie().map((line) => line.split("=")[0]);
    expect(names).toEqual(["silu_session", "silu_notice"]);
  });

  it("is for the page it was addressed to: the query and a trailing slash do not matter, another page leaves it", async () => {
    const jar = new Jar();
    jar.take(await redirectWithNotice("/en/invoices/SGI-2026-000042", { code: "refunded" }));
    const elsewhere = await takeNotice(jar.request("/en/account"));
    expect(elsewhere.notice).toBeNull();
    expect(elsewhere.headers.getSetCookie()).toEqual([]);
    const there = await takeNotice(jar.request("/en/invoices/SGI-2026-000042/?_routes=x"));
    expect(there.notice).toEqual({ code: "refunded" });
  });

  it("ignores and clears a tampered cookie", async () => {
    const jar = new Jar();
    jar.take(await redirectWithNotice("/en/bookings/SG-AB12-CD34", { code: "cancelled" }));
    const value = jar.get("silu_notice")!;
    const [payload, signature] = decodeURIComponent(value).split(".");
    // The payload changed to say something else, the signature kept.
    const forged = btoa(JSON.stringify({ path: "/en/bookings/SG-AB12-CD34", notice: { code: "amended" } }));
    jar.set("silu_notice", encodeURIComponent(`${forged}.${signature}`));
    expect(payload).not.toBe(forged);
    const taken = await takeNotice(jar.request("/en/bookings/SG-AB12-CD34"));
    expect(taken.notice).toBeNull();
    jar.take(taken);
    expect(jar.get("silu_notice")).toBeUndefined();
    // The same payload signed by this server is read: only the signature made the difference.
    jar.set("silu_notice", await signedValue({ path: "/en/bookings/SG-AB12-CD34", notice: { code: "amended" } }));
    expect((await takeNotice(jar.request("/en/bookings/SG-AB12-CD34"))).notice).toEqual({ code: "amended" });
  });

  it("ignores a cookie signed with another secret", async () => {
    const other = createCookie("silu_notice", { secrets: ["another-secret-entirely-0123456789abcdef"] });
    const line = await other.serialize({ path: "/en/login", notice: { code: "passwordReset" } });
    const request = new Request("http://localhost/en/login", { headers: { Cookie: line.split(";")[0]! } });
    expect((await takeNotice(request)).notice).toBeNull();
  });

  it("ignores an unknown code and values that are not what the code names, even when signed", async () => {
    for (const notice of [
      { code: "hacked" },
      { code: "invoiceIssued", number: "0000 - URGENT: pay to IBAN DE00 EVIL instead" },
      { code: "invoiceIssued" },
      { code: "receiptConfirmed", reference: "<b>SG</b>" },
      "signedOut",
    ]) {
      const jar = new Jar();
      jar.set("silu_notice", await signedValue({ path: "/en/login", notice }));
      const taken = await takeNotice(jar.request("/en/login"));
      expect(taken.notice, JSON.stringify(notice)).toBeNull();
      jar.take(taken);
      expect(jar.get("silu_notice")).toBeUndefined();
    }
  });

  it("reads nothing from the URL", async () => {
    const taken = await takeNotice(new Request("http://localhost/en/login?notice=signedOut&code=signedOut"));
    expect(taken.notice).toBeNull();
    expect(taken.headers.getSetCookie()).toEqual([]);
  });
});
