import { describe, expect, it } from "vitest";
import { isLocale, localizedPath, textDirection } from "./config";
import { formatLocalDateTime, formatMoney, formatNumber } from "./format";

describe("locale config", () => {
  it("knows the ten portal languages and which one is right to left", () => {
    expect(isLocale("kk")).toBe(true);
    expect(isLocale("fr")).toBe(false);
    expect(textDirection("ar")).toBe("rtl");
    expect(textDirection("zh-CN")).toBe("ltr");
  });

  it("swaps the language prefix of a path and keeps the rest", () => {
    expect(localizedPath("/zh-CN/schedules", "de")).toBe("/de/schedules");
    expect(localizedPath("/en/departures/abc", "ar")).toBe("/ar/departures/abc");
    expect(localizedPath("/", "ru")).toBe("/ru");
    expect(localizedPath("/healthz", "en")).toBe("/en/healthz");
  });
});

describe("Intl formatting", () => {
  const instant = new Date("2026-12-01T02:30:00Z");

  it("shows a time on the clocks of the place, with its offset", () => {
    expect(formatLocalDateTime(instant, "en", "Asia/Shanghai")).toMatch(/10:30.*GMT\+8/);
    expect(formatLocalDateTime(instant, "en", "Asia/Kathmandu")).toMatch(/08:15.*GMT\+5:45/);
    expect(formatLocalDateTime(instant, "de", "Europe/Berlin")).toMatch(/03:30.*GMT\+1/);
  });

  it("formats money from minor units in the currency's own precision", () => {
    expect(formatMoney(720_000, "USD", "en")).toBe("$7,200.00");
    expect(formatMoney(1_850, "CNY", "zh-CN")).toBe("¥18.50");
    expect(formatMoney(640_000, "EUR", "de")).toMatch(/^6\.400,00\s€$/);
    expect(formatMoney(1_000, "JPY", "en")).toBe("¥1,000");
  });

  it("formats numbers per locale", () => {
    expect(formatNumber(100000, "en")).toBe("100,000");
    expect(formatNumber(100000, "ru")).toMatch(/^100\s000$/);
  });
});
