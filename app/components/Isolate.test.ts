import fs from "node:fs";
import i18next from "i18next";
import { createElement, Fragment } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Amount, withElements } from "./Isolate";

const html = (node: React.ReactNode) => renderToStaticMarkup(createElement(Fragment, null, node));

async function translator(locale: string) {
  const schedules = JSON.parse(fs.readFileSync(`locales/${locale}/schedules.json`, "utf8"));
  const instance = i18next.createInstance();
  await instance.init({ lng: locale, resources: { [locale]: { schedules } }, interpolation: { escapeValue: false } });
  return instance.getFixedT(locale, "schedules");
}

describe("withElements", () => {
  it("puts each value's element where the translation has it, in the translation's order", async () => {
    const places = {
      origin: createElement("bdi", null, "Lanzhou"),
      destination: createElement("bdi", null, "Duisburg"),
    };
    const ar = await translator("ar");
    const de = await translator("de");
    // Arabic reads right to left: its arrow points left, from the origin to the destination.
    expect(html(withElements((markers) => ar("board.route", markers), places))).toBe(
      "<bdi>Lanzhou</bdi> ← <bdi>Duisburg</bdi>",
    );
    expect(html(withElements((markers) => de("board.route", markers), places))).toBe(
      "<bdi>Lanzhou</bdi> → <bdi>Duisburg</bdi>",
    );
  });

  it("keeps plain values plain and elements as elements, each once", () => {
    const sentence = withElements((markers) => `Pay ${markers.amount} by ${"Friday"}, quoting ${markers.number}.`, {
      amount: createElement(Amount, null, "\u200f1,234.50 US$"),
      number: createElement("bdi", null, "SGI-2026-000001"),
    });
    expect(html(sentence)).toBe(
      'Pay <bdi dir="ltr" class="amount">\u200f1,234.50 US$</bdi> by Friday, quoting <bdi>SGI-2026-000001</bdi>.',
    );
  });
});
