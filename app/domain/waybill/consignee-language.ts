import { SUPPORTED_LOCALES, type Locale } from "~/i18n/config";

/** The document's second language (Chinese is always the first): any of the portal's others. */
export const CONSIGNEE_LOCALES: readonly Locale[] = SUPPORTED_LOCALES.filter((locale) => locale !== "zh-CN");

/** The language most consignees in a country read, among the portal's; English elsewhere. */
const LOCALE_OF_COUNTRY: Record<string, Locale> = {
  DE: "de",
  AT: "de",
  CH: "de",
  RU: "ru",
  BY: "ru",
  KZ: "kk",
  UZ: "uz",
  TR: "tr",
  PL: "pl",
  VN: "vi",
  AE: "ar",
  SA: "ar",
  QA: "ar",
  OM: "ar",
  BH: "ar",
  KW: "ar",
  EG: "ar",
  IQ: "ar",
  JO: "ar",
};

/**
 * The second language suggested for a consignee in `countryCode` (the destination's country, the
 * first two letters of its UN/LOCODE); the exporter may choose another until the draft is approved.
 */
export function suggestedConsigneeLocale(countryCode: string): Locale {
  return LOCALE_OF_COUNTRY[countryCode.toUpperCase()] ?? "en";
}

export function isConsigneeLocale(value: unknown): value is Locale {
  return typeof value === "string" && (CONSIGNEE_LOCALES as readonly string[]).includes(value);
}
