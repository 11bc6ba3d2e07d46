import jsQR from "jsqr";
import { describe, expect, it } from "vitest";
import type { Locale } from "~/i18n/config";
import { fixedT } from "~/i18n/i18next.server";
import { airWaybillInput, railWaybillInput, railWaybillInputWithContainers } from "../../../tests/support/waybill";
import {
  arabicWords,
  pdfFile,
  pdfFonts,
  pdfImageCount,
  pdfPages,
  pdfText,
  pdfWords,
  renderPage,
} from "../../../tests/support/pdf";
import { buildWaybillContent, fingerprint, type WaybillContent } from "./content";
import { renderWaybillPdf } from "./waybill-pdf.server";

const verifyUrlOf = (content: WaybillContent, locale: Locale) =>
  `https://silu-gateway.example/${locale}/verify/${content.number}?c=3q2-7Wb_xYz09AbCdEfGhIjKlMn`;

/** Text as read back, with line breaks (where a table cell wrapped) as spaces. */
const flat = (text: string) => text.replace(/\s+/g, " ");

async function render(content: WaybillContent, consigneeLocale: Locale) {
  const verifyUrl = verifyUrlOf(content, consigneeLocale);
  const bytes = await renderWaybillPdf(content, { consigneeLocale, verifyUrl });
  return { bytes, verifyUrl, text: flat(pdfText(bytes)) };
}

const rail = buildWaybillContent(railWaybillInput());

/** What every rendering of the Lanzhou → Duisburg waybill carries, whatever the second language. */
function expectRailFacts(text: string, content: WaybillContent, verifyUrl: string) {
  for (const fact of [
    content.number!,
    "TEXU3070079",
    "CSQU3054383",
    "CN1234567",
    "CN7654321, CN7654322",
    "020442",
    "081340",
    "850760",
    "UN3481 · 9 · II",
    "-18 °C",
    "Gansu Plateau Produce Co.",
    "91620102MA73ABCD1X",
    "Rhein Foods GmbH",
    "Hafenstraße 12",
    "Silu Gateway Multimodal Transport Co., Ltd.",
    "SG-7K3M-9QX2",
    "SGI-2026-000045",
    "GPP/DUI 1-1200",
    "2026-12-04",
    "兰州 Lanzhou (CNLAZ)",
    "阿拉山口 Alashankou (CNAKL)",
    "1435 → 1520",
    verifyUrl,
    fingerprint(content),
  ])
    expect(text).toContain(fact);
}

describe("through waybill PDF", () => {
  it("in Chinese and German: labels in both, the facts as entered, the CIM/SMGS page for the gauge changes", async () => {
    const { bytes, text, verifyUrl } = await render(rail, "de");
    expectRailFacts(text, rail, verifyUrl);
    for (const label of [
      "一单制多式联运运单 / Durchgehender multimodaler Frachtbrief",
      "发货人 / Versender",
      "收货人 / Empfänger",
      "通知方 / Notify-Partei (Notify Party)",
      "接货地点 / Übernahmeort",
      "交货地点 / Ablieferungsort",
      "多式联运经营人 / Multimodaler Frachtführer (MTO)",
      "运费预付 / Fracht vorausbezahlt",
      "正本份数 / Anzahl der Originale: 3",
      "口岸 · 换装 1435 → 1520 / Grenzübergang · Umladung (Spurwechsel) 1435 → 1520",
      `指纹 / Fingerabdruck: ${fingerprint(rail)}`,
      "Beförderungsbedingungen von Silu Gateway, Fassung 2026-11",
    ])
      expect(text).toContain(label);
    // Two boxes and gauge changes: page 1, then the consignment note data for the border.
    expect(pdfPages(bytes)).toBe(2);
    expect(pdfText(bytes, 1)).toContain("第 1 页 / 共 2 页 · Seite 1 von 2");
    const cim = flat(pdfText(bytes, 2));
    for (const fact of [
      "第 2 页 / 共 2 页 · Seite 2 von 2",
      rail.number!,
      "CIM/SMGS 国际货约/国际货协统一运单数据 / Daten für den CIM/SMGS-Frachtbrief",
      "发站 / Versandbahnhof",
      "国境站 / Grenzbahnhöfe",
      "到站 / Bestimmungsbahnhof",
      "兰州 Lanzhou (CNLAZ)",
      "马拉舍维奇 Małaszewicze (PLMAA)",
      "杜伊斯堡 Duisburg (DEDUI)",
      "Gansu Plateau Produce Co.",
      "Rhein Foods GmbH",
      "TEXU3070079",
      "CN7654321, CN7654322",
    ])
      expect(cim).toContain(fact);
  });

  it("in Chinese and Arabic: Arabic labels read back in their words, four containers on one page", async () => {
    const content = buildWaybillContent(railWaybillInputWithContainers(4));
    // The render time the issue asks about (zh-CN + ar, 4 containers), after one warm-up.
    await render(content, "ar");
    const started = performance.now();
    const { bytes, text, verifyUrl } = await render(content, "ar");
    console.log(
      `waybill PDF, 4 containers, zh-CN + ar: ${(performance.now() - started).toFixed(0)} ms, ${(bytes.byteLength / 1024).toFixed(0)} KB`,
    );

    expectRailFacts(text, content, verifyUrl);
    for (const fact of ["HLXU2008419", "APZU4812090", "SG880001", "SG880002", "081341"]) expect(text).toContain(fact);
    expect(pdfPages(bytes)).toBe(2);
    // Chinese alone on its line: its narrow spaces are not read back as spaces.
    expect(pdfText(bytes, 1)).toMatch(/第\s*1\s*页\s*\/\s*共\s*2\s*页/);
    const ar = await fixedT("ar", "waybill");
    const words = arabicWords(text);
    for (const key of ["title", "shipper", "consignee", "notifyParty", "placeOfReceipt", "cimTitle", "borderStations"])
      expect(words).toContain(arabicWords(ar(key)));
    // The clause wraps, with Latin runs in it: pdftotext reorders such lines, so the Arabic
    // between the Latin runs is compared piece by piece, and every word must be there.
    const clause = ar("clause", { version: "2026-11" });
    expect(words).toContain(arabicWords(clause.split("Silu Gateway")[0]!));
    for (const word of arabicWords(clause).split(" ")) expect(words.split(" ")).toContain(word);
    // "الصفحة 2 من 2": digits between the words, which pdftotext moves; the words are there.
    for (const word of arabicWords(ar("page", { page: 2, pages: 2 })).split(" "))
      expect(arabicWords(pdfText(bytes, 2)).split(" ")).toContain(word);
    for (const chinese of ["发货人", "收货人", "一单制多式联运运单", `指纹: ${fingerprint(content)}`])
      expect(text).toContain(chinese);
  });

  it("in Chinese and Kazakh", async () => {
    const { bytes, text, verifyUrl } = await render(rail, "kk");
    expectRailFacts(text, rail, verifyUrl);
    for (const label of [
      "一单制多式联运运单 / Мультимодалдық өтпелі жүкқұжат",
      "发货人 / Жүк жөнелтуші",
      "收货人 / Жүк алушы",
      "第 1 页 / 共 2 页 · 2 беттің 1-беті",
      `指纹 / Саусақ ізі (хэш): ${fingerprint(rail)}`,
    ])
      expect(text).toContain(label);
    expect(pdfPages(bytes)).toBe(2);
  });

  it("for a Chinese consignee: Chinese with English", async () => {
    const { text } = await render(rail, "zh-CN");
    for (const label of ["一单制多式联运运单 / Multimodal through waybill", "发货人 / Shipper", "收货人 / Consignee"])
      expect(text).toContain(label);
  });

  it("puts containers after the fourth on a numbered continuation page", async () => {
    const content = buildWaybillContent(railWaybillInputWithContainers(6));
    const { bytes } = await render(content, "de");
    expect(pdfPages(bytes)).toBe(3);
    const [first, second, third] = [1, 2, 3].map((page) => flat(pdfText(bytes, page)));
    const numbers = content.containers.map((unit) => unit.containerNumber!);
    for (const number of numbers.slice(0, 4)) expect(first).toContain(number);
    for (const number of numbers.slice(4)) {
      expect(first).not.toContain(number);
      expect(second).toContain(number);
    }
    expect(first).toContain("第 1 页 / 共 3 页 · Seite 1 von 3");
    expect(second).toContain("第 2 页 / 共 3 页 · Seite 2 von 3");
    expect(second).toContain("集装箱（续） / Container (Fortsetzung)");
    expect(second).toContain(`${content.number} · 版本 / Fassung 1`);
    expect(third).toContain("第 3 页 / 共 3 页 · Seite 3 von 3");
    expect(third).toContain("CIM/SMGS");
    // The foot (QR, fingerprint) is on the first page only.
    expect(first).toContain(fingerprint(content));
    expect(second).not.toContain(fingerprint(content));
  });

  it("moves a container whose long descriptions would reach the page's foot to the next page", async () => {
    const input = railWaybillInputWithContainers(4);
    const long = `Dried goji berries, ${"grade A premium Ningxia-type cultivar, sun dried and sorted, ".repeat(3).trim()}`;
    const units = input.units.map((unit) => ({
      ...unit,
      goods: unit.goods.map((goods) => ({ ...goods, description: long.slice(0, 500) })),
    }));
    const content = buildWaybillContent({ ...input, units });
    const { bytes } = await render(content, "de");
    // Page 1 ends above its foot (the totals' rule, 138 pt above the bottom margin of 28 pt).
    const footTop = 841.89 - 28 - 138;
    const cultivars = pdfWords(bytes, 1).filter((word) => word.text === "cultivar,");
    expect(cultivars.length).toBeGreaterThan(0);
    for (const word of cultivars) expect(word.yMax).toBeLessThan(footTop);
    expect(pdfPages(bytes)).toBe(3);
    expect(flat(pdfText(bytes, 2))).toContain("集装箱（续） / Container (Fortsetzung)");
    const numbers = content.containers.map((unit) => unit.containerNumber!);
    expect(numbers.filter((number) => flat(pdfText(bytes, 1)).includes(number)).length).toBeLessThan(4);
    for (const number of numbers) expect(flat(pdfText(bytes, 1)) + flat(pdfText(bytes, 2))).toContain(number);
  });

  it("to order by air: one page, no CIM/SMGS page, the bank named", async () => {
    const air = buildWaybillContent({ ...airWaybillInput(), issue: railWaybillInput().issue });
    const { bytes, text } = await render(air, "ru");
    expect(pdfPages(bytes)).toBe(1);
    for (const fact of [
      "凭指示 / Приказу",
      "Bank of Almaty JSC",
      "运费到付 / Фрахт к оплате получателем",
      "仅电子运单 / только электронный документ",
      "121190",
      "4 × 120 × 80 × 100 cm · 350 kg",
      // No containers on a flight: the totals count pieces.
      "4 · 1,400 kg · 3.84 m³",
    ])
      expect(text).toContain(fact);
    expect(text).not.toContain("CIM/SMGS");
    expect(text).not.toContain("集装箱");
  });

  it("draws the same documents when several are rendered at once (the parsed fonts are shared)", async () => {
    const one = [(await render(rail, "de")).text, (await render(rail, "ar")).text];
    const together = await Promise.all([render(rail, "de"), render(rail, "ar")]);
    expect(together.map((result) => result.text)).toEqual(one);
  });

  it("marks a draft as not issued, without a number or version", async () => {
    const draft = buildWaybillContent(airWaybillInput());
    expect(draft.number).toBeNull();
    const bytes = await renderWaybillPdf(draft, {
      consigneeLocale: "pl",
      verifyUrl: "https://silu-gateway.example/pl/bookings/SG-7K3M-9QX2",
    });
    const text = flat(pdfText(bytes));
    expect(text).toContain("草稿 — 未签发 / PROJEKT — niewystawiony");
    expect(text).toContain("版本 / Wersja: —");
    expect(text).toContain(fingerprint(draft));
  });

  it("draws the QR code as vectors that scan back to the verification address; fonts embedded, no images", async () => {
    const { bytes, verifyUrl } = await render(rail, "ar");
    const page = renderPage(pdfFile(bytes, "waybill"), 150);
    expect(jsQR(page.data, page.width, page.height)?.data).toBe(verifyUrl);
    expect(pdfImageCount(bytes)).toBe(0);
    const fonts = pdfFonts(bytes);
    expect(fonts.length).toBeGreaterThanOrEqual(4);
    expect(fonts.every((font) => font.embedded)).toBe(true);
  });
});
