import type { InitOptions } from "i18next";
import { DEFAULT_LOCALE, NAMESPACES, SUPPORTED_LOCALES } from "./config";

/** Shared by the server's per-request instances and the browser's single instance. */
export const i18nOptions = {
  supportedLngs: [...SUPPORTED_LOCALES],
  fallbackLng: DEFAULT_LOCALE,
  defaultNS: "common",
  ns: [...NAMESPACES],
  // Keys contain dots ("corridor.CHINA_EUROPE") only as nesting.
  interpolation: { escapeValue: false },
  returnNull: false,
} satisfies InitOptions;
