import type { Locale } from "~/i18n/config";
import { COUNTRY_CODES } from "~/schemas/booking";

/** A country's name in the reader's language (CLDR, through Intl), or its code when unknown. */
export function countryName(code: string, locale: Locale): string {
  if (!code) return "";
  try {
    return new Intl.DisplayNames([locale], { type: "region", fallback: "code" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * Every ISO 3166 country, named and sorted in the reader's language. Made on the server and
 * sent with the page, so the browser shows the same names the server rendered.
 */
export function countryOptions(locale: Locale): { code: string; name: string }[] {
  const names = new Intl.DisplayNames([locale], { type: "region", fallback: "code" });
  const collator = new Intl.Collator(locale);
  return COUNTRY_CODES.map((code) => ({ code, name: names.of(code) ?? code })).sort((a, b) =>
    collator.compare(a.name, b.name),
  );
}
