import type { Locale } from "~/i18n/config";
import { COUNTRY_CODES } from "~/schemas/booking";

const regionNames = new Map<Locale, Intl.DisplayNames>();
function namesIn(locale: Locale): Intl.DisplayNames {
  let names = regionNames.get(locale);
  if (!names) regionNames.set(locale, (names = new Intl.DisplayNames([locale], { type: "region", fallback: "code" })));
  return names;
}

/** A country's name in the reader's language (CLDR, through Intl), or its code when unknown. */
export function countryName(code: string, locale: Locale): string {
  if (!code) return "";
  try {
    return namesIn(locale).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * Every ISO 3166 country, named and sorted in the reader's language. Made on the server and
 * sent with the page, so the browser shows the same names the server rendered.
 */
const optionsIn = new Map<Locale, { code: string; name: string }[]>();
export function countryOptions(locale: Locale): { code: string; name: string }[] {
  let options = optionsIn.get(locale);
  if (!options) {
    const names = namesIn(locale);
    const collator = new Intl.Collator(locale);
    options = COUNTRY_CODES.map((code) => ({ code, name: names.of(code) ?? code })).sort((a, b) =>
      collator.compare(a.name, b.name),
    );
    optionsIn.set(locale, options);
  }
  return options;
}
