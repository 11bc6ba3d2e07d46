import { describe, expect, it } from "vitest";
import {
  isVerificationCodeFormat,
  newVerificationCode,
  VERIFICATION_CODE_BYTES,
  VERIFICATION_CODE_LENGTH,
  verificationCodesMatch,
} from "./verification-code";

describe("verification codes", () => {
  it("carries at least 128 random bits, URL-safe, without padding", () => {
    expect(VERIFICATION_CODE_BYTES * 8).toBeGreaterThanOrEqual(128);
    const code = newVerificationCode();
    expect(code).toHaveLength(VERIFICATION_CODE_LENGTH);
    expect(code).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(encodeURIComponent(code)).toBe(code);
    expect(Buffer.from(code, "base64url")).toHaveLength(VERIFICATION_CODE_BYTES);
    expect(isVerificationCodeFormat(code)).toBe(true);
  });

  it("never repeats and spreads over the whole alphabet", () => {
    const codes = Array.from({ length: 2000 }, newVerificationCode);
    expect(new Set(codes).size).toBe(codes.length);
    // 2000 codes × 20 bytes: each bit position is set about half the time (a constant or
    // counter-based code would not be).
    const ones = new Array<number>(VERIFICATION_CODE_BYTES * 8).fill(0);
    for (const code of codes) {
      const bytes = Buffer.from(code, "base64url");
      for (let bit = 0; bit < ones.length; bit += 1) ones[bit]! += (bytes[bit >> 3]! >> (bit & 7)) & 1;
    }
    for (const count of ones) {
      expect(count).toBeGreaterThan(850);
      expect(count).toBeLessThan(1150);
    }
  });

  it("matches only the same code", () => {
    const code = newVerificationCode();
    expect(verificationCodesMatch(code, code)).toBe(true);
    expect(verificationCodesMatch(`${code}`.slice(0, -1) + (code.endsWith("A") ? "B" : "A"), code)).toBe(false);
    expect(verificationCodesMatch(code.slice(1), code)).toBe(false);
    expect(verificationCodesMatch("", code)).toBe(false);
    expect(verificationCodesMatch(code.toLowerCase() === code ? code.toUpperCase() : code.toLowerCase(), code)).toBe(
      false,
    );
  });

  it("does not match anything against a stored value that is not a code", () => {
    expect(verificationCodesMatch("", "")).toBe(false);
    expect(verificationCodesMatch("short", "short")).toBe(false);
    expect(isVerificationCodeFormat("a".repeat(VERIFICATION_CODE_LENGTH + 1))).toBe(false);
    expect(isVerificationCodeFormat(`${"a".repeat(VERIFICATION_CODE_LENGTH - 1)}=`)).toBe(false);
  });
});
