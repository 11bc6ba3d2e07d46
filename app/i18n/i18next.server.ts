import { createCookie } from "@remix-run/node";
import { createInstance, type i18n, type TFunction } from "i18next";
import { initReactI18next } from "react-i18next";
import { RemixI18Next } from "remix-i18next/server";
import { DEFAULT_LOCALE, SUPPORTED_LOCALES, type Locale, type Namespace } from "./config";
import { i18nOptions } from "./options";
import { translationResources } from "./resources.server";

/** Remembers the last language a visitor chose, for the redirect at "/". */
export const localeCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

/**
 * The URL prefix decides the language of every page; this detector only serves "/"
 * (saved cookie, then Accept-Language, then zh-CN).
 */
export const localeDetector = new RemixI18Next({
  detection: {
    supportedLanguages: [...SUPPORTED_LOCALES],
    fallbackLanguage: DEFAULT_LOCALE,
    cookie: localeCookie,
    order: ["cookie", "header"],
  },
});

let base: Promise<i18n> | undefined;

/** One initialised instance holding every locale's resources, read once per process. */
function baseInstance(): Promise<i18n> {
  base ??= (async () => {
    const instance = createInstance();
    await instance.use(initReactI18next).init({
      ...i18nOptions,
      lng: DEFAULT_LOCALE,
      resources: translationResources().resources,
      initImmediate: false,
    });
    rememberLanguageCodes(instance);
    return instance;
  })();
  return base;
}

/**
 * i18next canonicalises the language code on every `t` (`Intl.getCanonicalLocales` for codes
 * with a region, such as zh-CN): a tenth of the board's rendering (decision 028). The answer
 * depends on the code alone, so it is remembered; request instances share these utilities.
 */
function rememberLanguageCodes(instance: i18n): void {
  const utils = instance.services.languageUtils as { formatLanguageCode(code: string): string };
  const format = utils.formatLanguageCode.bind(utils);
  const known = new Map<string, string>();
  utils.formatLanguageCode = (code: string) => {
    const hit = known.get(code);
    if (hit !== undefined) return hit;
    const formatted = format(code);
    if (typeof code === "string" && known.size < 100) known.set(code, formatted);
    return formatted;
  };
}

/**
 * A fresh i18next instance for one request, in that request's language. It shares the
 * (read-only) resource store with the base instance, so it costs a tenth of a full init.
 */
export async function requestInstance(locale: Locale): Promise<i18n> {
  return (await baseInstance()).cloneInstance({ lng: locale, initImmediate: false });
}

/** Translations fixed to a language and namespace, for loaders, e-mails and documents. */
export async function fixedT(locale: Locale, ns: Namespace): Promise<TFunction> {
  return (await baseInstance()).getFixedT(locale, ns);
}
