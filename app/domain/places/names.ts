import { z } from "zod";
import { DEFAULT_LOCALE, SUPPORTED_LOCALES, type Locale } from "~/i18n/config";

/** A name in every supported locale, stored as a JSON object on places and corridors. */
export const LocalizedNamesSchema = z.object(
  Object.fromEntries(SUPPORTED_LOCALES.map((locale) => [locale, z.string().min(1)])) as Record<Locale, z.ZodString>,
);
export type LocalizedNames = z.infer<typeof LocalizedNamesSchema>;

export function parseLocalizedNames(json: string): LocalizedNames {
  return LocalizedNamesSchema.parse(JSON.parse(json));
}

export function pickName(names: LocalizedNames, locale: Locale): string {
  return names[locale] || names[DEFAULT_LOCALE];
}
