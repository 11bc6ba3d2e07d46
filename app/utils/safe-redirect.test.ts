import { describe, expect, it } from "vitest";
import { safeRedirect } from "./safe-redirect";

const FALLBACK = "/en/account";

describe("safeRedirect", () => {
  // Each of these, used as a Location, leaves the site in some browser or proxy (or breaks the
  // response: a header value may not hold CR/LF/NUL).
  it.each([
    ["tab after the slash", "/\t/evil.example/phish"],
    ["CR", "/\r/evil.example"],
    ["LF", "/\n/evil.example"],
    ["CRLF header injection", "/en/account\r\nSet-Cookie: a=b"],
    ["NUL", "/\u0000/evil.example"],
    ["percent-encoded tab", "/%09/evil.example"],
    ["protocol-relative", "//evil.example"],
    ["protocol-relative with path", "//evil.example/en/login"],
    ["triple slash", "///evil.example"],
    ["slash backslash", "/\\evil.example"],
    ["double backslash", "\\\\evil.example"],
    ["backslash slash", "\\/evil.example"],
    ["backslash later in the path", "/en/\\..\\evil"],
    ["encoded slash", "/%2F/evil.example"],
    ["encoded slash, lower case", "/%2f%2fevil.example"],
    ["encoded backslash", "/%5Cevil.example"],
    ["encoded backslash, lower case", "/%5c/evil.example"],
    ["javascript: URL", "javascript:alert(document.cookie)"],
    ["javascript: after a slash is still a path, but with a space", "/ javascript:alert(1)"],
    ["absolute http", "http://evil.example/"],
    ["absolute https", "https://evil.example/"],
    ["scheme without slashes", "https:evil.example"],
    ["data: URL", "data:text/html,<script>alert(1)</script>"],
    ["leading space", " //evil.example"],
    ["leading space before a path", " /en/account"],
    ["fullwidth solidi", "／／evil.example"],
    ["slash then fullwidth solidus", "/／evil.example"],
    ["fullwidth reverse solidus", "/＼evil.example"],
    ["relative path", "en/account"],
    ["dot-relative path", "./en/account"],
    ["percent-encoded CRLF", "/en/%0d%0aSet-Cookie:%20a=b"],
    ["percent-encoded NUL", "/en/%00"],
    ["bad percent-encoding", "/en/%E0%A4%A"],
    ["empty", ""],
    ["non-string", 42],
    ["null", null],
    ["undefined", undefined],
    ["very long", `/${"a".repeat(3_000)}`],
  ])("refuses %s", (_name, target) => {
    expect(safeRedirect(target, FALLBACK)).toBe(FALLBACK);
  });

  it("normalises dot segments so a path cannot climb out of the site", () => {
    expect(safeRedirect("/en/../../../evil", FALLBACK)).toBe("/evil");
  });

  it.each([
    ["/en/account", "/en/account"],
    ["/zh-CN/departures/dep_123", "/zh-CN/departures/dep_123"],
    ["/en/bookings?status=HELD&page=2", "/en/bookings?status=HELD&page=2"],
    ["/en/schedules?origin=LHW#results", "/en/schedules?origin=LHW#results"],
    ["/ar/bookings/SG-AB12-CD34", "/ar/bookings/SG-AB12-CD34"],
    ["/en/schedules?q=%E5%85%B0%E5%B7%9E", "/en/schedules?q=%E5%85%B0%E5%B7%9E"],
    ["/", "/"],
  ])("keeps the same-site path %s", (target, expected) => {
    expect(safeRedirect(target, FALLBACK)).toBe(expected);
  });
});
