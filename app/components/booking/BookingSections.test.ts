import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { presentRevision } from "~/domain/booking/revision-view";
import type { Locale } from "~/i18n/config";
import { requestInstance } from "~/i18n/i18next.server";
import { BookingHistory } from "./BookingSections";

/** The booking page's revision list as a reader of `locale` gets it. */
async function revisionList(locale: Locale, revision: Parameters<typeof presentRevision>[0]): Promise<string> {
  const i18n = await requestInstance(locale);
  const t = i18n.getFixedT(locale, "booking");
  const shown = {
    number: revision.number,
    at: "2026-12-01 10:00",
    by: revision.by,
    ...presentRevision(revision, t, locale),
  };
  const html = renderToStaticMarkup(
    createElement(I18nextProvider, { i18n }, createElement(BookingHistory, { revisions: [shown], events: [] })),
  );
  return /<ol class="history" data-testid="revisions"><li>(.*?)<\/li><\/ol>/s.exec(html)![1]!;
}

const amended = {
  number: 1,
  kind: "CONTAINERS" as const,
  by: "Wang Fang",
  before: { containers: { "45G1": 2 }, totalMinor: 1_000_000, currency: "USD" },
  after: { containers: { "45G1": 3 }, totalMinor: 1_500_000, currency: "USD" },
};

describe("the booking page's revision list", () => {
  it("writes each change before → after in the reader's direction, each side and the name isolated", async () => {
    const ar = await revisionList("ar", amended);
    // Arabic reads right to left: "before" comes first, on the right, and the arrow points left
    // to "after"; each side is its own isolate, amounts left to right inside theirs.
    expect(ar).toContain(" · <bdi>Wang Fang</bdi><br/>");
    expect(ar).toMatch(
      /<bdi>2 × 45G1<\/bdi> ← <bdi>3 × 45G1<\/bdi>; <bdi dir="ltr" class="amount">[^<]*10,000[^<]*<\/bdi> ← <bdi dir="ltr" class="amount">[^<]*15,000[^<]*<\/bdi>$/u,
    );
    expect(ar).not.toContain("→");

    const de = await revisionList("de", amended);
    expect(de).toMatch(
      /<bdi>2 × 45G1<\/bdi> → <bdi>3 × 45G1<\/bdi>; <bdi dir="ltr" class="amount">10\.000,00\s\$<\/bdi> → /u,
    );
  });

  it("labels each corrected party and recorded field in the reader's language, outside the isolates", async () => {
    const parties = await revisionList("ar", {
      number: 2,
      kind: "PARTIES",
      by: null,
      before: {
        consignee: {
          name: "Duisburg Foods GmbH",
          addressLines: ["Hafenstraße 1"],
          city: "Duisburg",
          countryCode: "DE",
        },
      },
      after: {
        consignee: {
          name: "Duisburg Foods GmbH",
          addressLines: ["Hafenstraße 9"],
          city: "Duisburg",
          countryCode: "DE",
        },
      },
    });
    expect(parties).toMatch(
      /<br\/>المرسَل إليه: <bdi>Duisburg Foods GmbH, Hafenstraße 1, Duisburg, DE<\/bdi> ← <bdi>Duisburg Foods GmbH, Hafenstraße 9, Duisburg, DE<\/bdi>$/u,
    );

    const unit = await revisionList("ar", {
      number: 3,
      kind: "EQUIPMENT_UNIT",
      by: null,
      before: { containerNumber: null, seals: "[]" },
      after: { unit: "45G1 #1", containerNumber: "MSKU1234565", seals: '["S1","S2"]' },
    });
    expect(unit).toMatch(
      /<br\/><bdi>45G1 #1<\/bdi>: رقم الحاوية: <bdi>—<\/bdi> ← <bdi>MSKU1234565<\/bdi>; الأختام: <bdi>—<\/bdi> ← <bdi>S1, S2<\/bdi>$/u,
    );
  });
});
