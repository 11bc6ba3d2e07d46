/** The portal's languages. zh-CN is the source language and the last-resort default. */
export const SUPPORTED_LOCALES = ["zh-CN", "en", "ru", "de", "pl", "kk", "uz", "tr", "vi", "ar"] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";

/** Translation namespaces, one per area of the product (locales/<lng>/<ns>.json). */
export const NAMESPACES = [
  "common",
  "schedules",
  "account",
  "emails",
  "booking",
  "payments",
  "terms",
  "verification",
  "waybill",
  "instructions",
  "tracking",
  "api",
  "terminal",
  "operations",
  "imports",
  "dashboard",
  "disruptions",
  "alerts",
] as const;
export type Namespace = (typeof NAMESPACES)[number];

/** Each language's name in itself (an endonym is the same in every UI language). */
export const LANGUAGE_ENDONYMS: Record<Locale, string> = {
  "zh-CN": "简体中文",
  en: "English",
  ru: "Русский",
  de: "Deutsch",
  pl: "Polski",
  kk: "Қазақша",
  uz: "Oʻzbekcha",
  tr: "Türkçe",
  vi: "Tiếng Việt",
  ar: "العربية",
};

const RIGHT_TO_LEFT: ReadonlySet<Locale> = new Set(["ar"]);

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

export function textDirection(locale: Locale): "ltr" | "rtl" {
  return RIGHT_TO_LEFT.has(locale) ? "rtl" : "ltr";
}

/** Replaces the leading /{lang} segment of a path (or adds one). */
export function localizedPath(pathname: string, locale: Locale): string {
  const [, first, ...rest] = pathname.split("/");
  const tail = isLocale(first) ? rest : [first, ...rest].filter((part) => part !== undefined && part !== "");
  return `/${[locale, ...tail].join("/")}`.replace(/\/$/, "");
}
