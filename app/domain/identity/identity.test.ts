import { describe, expect, it } from "vitest";
import { creditCodeCheckCharacter, isValidCreditCode, normalizeCreditCode } from "./credit-code";
import { hashPassword, passwordProblem, verifyPassword } from "./password.server";
import { hashToken, newToken } from "./tokens.server";

describe("unified social credit code (GB 32100-2015)", () => {
  it("accepts published codes and computes their check character", () => {
    expect(isValidCreditCode("91350100M000100Y43")).toBe(true);
    expect(isValidCreditCode("91110000600037341L")).toBe(true);
    expect(creditCodeCheckCharacter("91350100M000100Y4")).toBe("3");
  });

  it("accepts spaces and lower case as people type them", () => {
    expect(normalizeCreditCode(" 9135 0100 m000 100y43 ")).toBe("91350100M000100Y43");
    expect(isValidCreditCode("9135 0100 m000 100y43")).toBe(true);
  });

  it("refuses a wrong check character, a wrong length and letters outside the alphabet", () => {
    expect(isValidCreditCode("91350100M000100Y44")).toBe(false);
    expect(isValidCreditCode("91350100M000100Y4")).toBe(false);
    expect(isValidCreditCode("91350100M000100O43")).toBe(false);
    expect(isValidCreditCode("")).toBe(false);
  });
});

describe("passwords", () => {
  it("hashes with a fresh salt and verifies only the right password", async () => {
    const first = await hashPassword("Silk road freight 2026");
    const second = await hashPassword("Silk road freight 2026");
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword("Silk road freight 2026", first)).toBe(true);
    expect(await verifyPassword("silk road freight 2026", first)).toBe(false);
    expect(await verifyPassword("Silk road freight 2026", "md5$abc")).toBe(false);
  });

  it("refuses short, overlong and common passwords", () => {
    expect(passwordProblem("short1")).toBe("tooShort");
    expect(passwordProblem("x".repeat(201))).toBe("tooLong");
    expect(passwordProblem("1234567890")).toBe("tooCommon");
    expect(passwordProblem("Password123")).toBe("tooCommon");
    expect(passwordProblem("Lanzhou-Duisburg by rail")).toBeNull();
  });
});

describe("tokens", () => {
  it("are random, URL-safe, and stored only as a hash", () => {
    const token = newToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newToken()).not.toBe(token);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).toBe(hashToken(token));
  });
});

describe("the user agent kept with sessions", () => {
  it("keeps printable text only, of reasonable length", async () => {
    const { printableUserAgent } = await import("./session.server");
    expect(printableUserAgent("Mozilla/5.0 (X11; Linux x86_64)")).toBe("Mozilla/5.0 (X11; Linux x86_64)");
    expect(printableUserAgent("evil\u0000\u0085\u009b\u001b[31m agent")).toBe("evil[31m agent");
    expect(printableUserAgent("\u0000\u0001")).toBeNull();
    expect(printableUserAgent(null)).toBeNull();
    expect(printableUserAgent("x".repeat(5000))).toHaveLength(400);
  });
});
