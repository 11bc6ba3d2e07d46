import type { Page } from "@playwright/test";
import { parseEnv } from "../app/utils/env.server";
import { fillCargoLine, fillParty, openDeparture } from "./support/booking";
import { serverEnvironment } from "./support/environment";
import { expect, test } from "./support/fixtures";

/**
 * No Chinese on the pages of the other nine languages, and no Latin words on the Kazakh
 * (Cyrillic) pages: every term, operator and place name reads in the reader's language
 * (GLOSSARY.md). What may stay as it is, and why:
 *
 * - Text marked up in another language (`lang` differing from the page's), e.g. the language
 *   menu's endonyms: it is declared as foreign text on purpose.
 * - What the user typed (company and person names, addresses, the goods) and legal names that
 *   must be written exactly as registered: the exporter's Chinese legal name, and the operator's
 *   account name and bank, which a bank transfer quotes verbatim.
 * - The Chinese name of the unified social credit code, 统一社会信用代码, kept in brackets after
 *   its translation (account.creditCode): exporters copy the number from the business licence,
 *   where it is printed under that name.
 * - Kazakh only: codes and references (any token with a digit: 22G1, X8001, SGI-2026-000001,
 *   B747-400F, UN1203), e-mail addresses, currency codes and the signs Intl.NumberFormat writes
 *   (CN¥, US$), the zone Intl.DateTimeFormat writes (GMT+8), the file format PDF, °C, the UN
 *   packing groups I, II and III, the trade abbreviations GLOSSARY.md keeps (GP, HC, ETA, SOC,
 *   VGM, HS, UN, SWIFT/BIC, EORI, all-in, the Incoterms® rule codes), and brand names (Silu
 *   Gateway, Stripe, Alipay, WeChat Pay, DCSA, Incoterms), and on the carriage terms the
 *   acronyms of the rules and bodies they cite (RID, IATA, SDR, CIETAC).
 * - The logo's mark 丝 is marked lang="zh-CN" (first point).
 */
const ALLOWED_HAN = ["统一社会信用代码"];
const ALLOWED_LATIN_WORDS = new Set([
  // Currency codes, time zones (as Intl writes them) and file formats.
  "CNY",
  "USD",
  "EUR",
  "GMT",
  "UTC",
  "PDF",
  // UN packing groups.
  "I",
  "II",
  "III",
  // Trade abbreviations GLOSSARY.md keeps.
  "GP",
  "HC",
  "ETA",
  "SOC",
  "VGM",
  "HS",
  "UN",
  "SWIFT",
  "BIC",
  "EORI",
  "all-in",
  ...["EXW", "FCA", "FAS", "FOB", "CFR", "CIF", "CPT", "CIP", "DAP", "DPU", "DDP"],
  // Brands.
  "Silu",
  "Gateway",
  "Stripe",
  "Alipay",
  "WeChat",
  "Pay",
  "DCSA",
  "Incoterms",
  // The carriage terms: rules and bodies the legal text must cite by their international acronym
  // (RID, the IATA regulations; SDR and CIETAC in brackets after their Kazakh names). ЦИМ, СМГС
  // and КОТИФ have Cyrillic forms and use them.
  "RID",
  "IATA",
  "SDR",
  "CIETAC",
]);
const NON_CHINESE_LOCALES = ["en", "ru", "de", "pl", "kk", "uz", "tr", "vi", "ar"] as const;

// Nine languages × a dozen pages, after a booking made through the wizard.
test.describe.configure({ timeout: 300_000 });

/** Rendered text of the page: what is visible, the title, and labels read out but not shown. */
async function pageText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const language = document.documentElement.lang;
    // Text declared in another language is left out (hidden while the page is read).
    const foreign = [...document.body.querySelectorAll<HTMLElement>("[lang]")].filter(
      (element) => element.lang !== language,
    );
    const displays = foreign.map((element) => element.style.display);
    for (const element of foreign) element.style.display = "none";
    const labels = [...document.querySelectorAll("[aria-label], [title], [alt], [placeholder]")]
      .filter((element) => !foreign.some((hidden) => hidden.contains(element)))
      .flatMap((element) => ["aria-label", "title", "alt", "placeholder"].map((name) => element.getAttribute(name)));
    const svgText = [...document.querySelectorAll("svg text")].map((element) => element.textContent);
    const text = [document.title, document.body.innerText, ...labels, ...svgText].filter(Boolean).join("\n");
    foreign.forEach((element, index) => (element.style.display = displays[index]!));
    return text;
  });
}

/** The words on the page that are in the wrong script for `locale`. */
function offendingWords(text: string, locale: string, typed: string[]): string[] {
  let rest = text;
  for (const allowed of [...typed, ...ALLOWED_HAN].sort((a, b) => b.length - a.length)) {
    rest = rest.split(allowed).join(" ");
  }
  const found = [...rest.matchAll(/\p{Script=Han}+/gu)].map(([word]) => word);
  if (locale === "kk") {
    rest = rest.replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/gu, " ").replace(/\b[A-Z]{1,3}[$¥€£]|°C/gu, " ");
    for (const [word] of rest.matchAll(/[\p{Script=Latin}\d][\p{Script=Latin}\p{Nd}'’/.-]*/gu)) {
      const bare = word.replace(/[.'’/-]+$/u, "");
      if (/\d/u.test(bare) || bare.split("/").every((part) => ALLOWED_LATIN_WORDS.has(part))) continue;
      found.push(bare);
    }
  }
  return [...new Set(found)];
}

test("pages in the other nine languages show no Chinese, and Kazakh pages no Latin words", async ({
  page,
  server,
  signInAs,
  newExporter,
}) => {
  // The check itself finds what it is for, and lets through what it allows.
  expect(offendingWords("20' Open Top (一口价) 22G1 CN¥ GMT+8 ops@silu.example", "kk", [])).toEqual([
    "一口价",
    "Open",
    "Top",
  ]);
  expect(offendingWords("Operator: 甘肃（兰州）国际陆港运营公司", "de", [])).toEqual([
    "甘肃",
    "兰州",
    "国际陆港运营公司",
  ]);

  const exporter = await newExporter({ role: "ADMIN", creditStatus: "PREPAY" });
  const company = await server.db.company.findFirstOrThrow({
    where: { legalNameZh: exporter.companyName },
    select: { legalNameZh: true, legalNameLatin: true },
  });
  await signInAs(page, exporter.email);
  const operator = parseEnv(serverEnvironment(server.port, server.databaseFile));

  const shipper = {
    name: "Wuwei Liangzhou Agricultural Trading Co., Ltd.",
    addressLines: "8 Dongdajie, Liangzhou District",
    city: "Wuwei",
  };
  const consignee = {
    name: "Duisburg Foods GmbH",
    addressLines: "Hafenstraße 1",
    city: "Duisburg",
    postcode: "47119",
    countryCode: "DE",
  };
  const goods = "Dried goji berries in cartons";
  const typed = [
    company.legalNameZh,
    company.legalNameLatin,
    "王芳",
    operator.OPERATOR_ACCOUNT_NAME,
    operator.OPERATOR_BANK,
    goods,
    ...Object.values(shipper),
    ...Object.values(consignee),
  ];

  // A draft through the wizard (English), visited step by step in every language before the hold.
  const departureId = await openDeparture(server.db, "LAZ-DUI-AKL", "45G1", 2);
  await page.goto(`/en/departures/${departureId}`);
  await page.getByRole("button", { name: "Book this departure" }).click();
  await expect(page).toHaveURL(/\/edit\/equipment$/);
  const reference = /SG-\w{4}-\w{4}/.exec(page.url())![0];
  await page.locator("#field-qty_45G1").fill("1");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await fillCargoLine(page, 0, {
    description: goods,
    hsCode: "0813.40",
    grossWeightKg: "15000",
    packages: "1200",
    volumeM3: "60",
  });
  await page.getByRole("button", { name: "Save and continue" }).click();
  await fillParty(page, "shipper", shipper);
  await fillParty(page, "consignee", consignee);
  await page.getByRole("button", { name: "Save and continue" }).click();
  const steps = await page
    .locator(".wizard-steps a")
    .evaluateAll((links) => links.map((link) => new URL((link as HTMLAnchorElement).href).pathname.split("/").pop()!));
  expect(steps.length).toBeGreaterThanOrEqual(4);

  const offenders: string[] = [];
  const check = async (locale: string, path: string) => {
    const response = await page.goto(`/${locale}${path}`);
    expect(response?.status(), `/${locale}${path}`).toBe(200);
    const words = offendingWords(await pageText(page), locale, [...typed, reference]);
    if (words.length > 0) offenders.push(`/${locale}${path}: ${words.join(" · ")}`);
  };

  for (const locale of NON_CHINESE_LOCALES) {
    for (const step of steps) await check(locale, `/bookings/${reference}/edit/${step}`);
  }

  // Hold, then take an invoice for a bank transfer.
  await page.goto(`/en/bookings/${reference}/edit/review`);
  await page.getByLabel("I accept the carriage terms (version 2026-11)").check();
  await page.getByRole("button", { name: "Hold the slots" }).click();
  await expect(page).toHaveURL(new RegExp(`/en/bookings/${reference}$`));
  const payment = page.getByTestId("payment-section");
  await payment.getByLabel("I accept these cancellation terms").check();
  await payment.getByRole("button", { name: "Pay by bank transfer (invoice)" }).click();
  const invoice = /SGI-\d{4}-\d{6}/.exec((await page.getByRole("status").textContent()) ?? "")![0];

  const airDeparture = await openDeparture(server.db, "LHW-ALA-AIR", "KG", 100);
  for (const locale of NON_CHINESE_LOCALES) {
    await check(locale, "/schedules");
    await check(locale, "/terms");
    await check(locale, `/departures/${departureId}`);
    await check(locale, `/departures/${airDeparture}`);
    await check(locale, `/bookings/${reference}`);
    await check(locale, `/bookings/${reference}/cancel`);
    await check(locale, `/invoices/${invoice}`);
  }

  expect(offenders, `Words in the wrong script:\n${offenders.join("\n")}`).toEqual([]);
});
