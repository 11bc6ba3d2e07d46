import { createCookie } from "@remix-run/node";
import { RemixI18Next } from "remix-i18next/server";
import { i18nOptions } from "./options";
import { DEFAULT_LOCALE, SUPPORTED_LOCALES } from "./config";
import { translationResources } from "./resources.server";

/** Remembers the last language a visitor chose, for the redirect at "/". */
export const localeCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

/**
 * Fresh i18next instances per request on the server. The URL prefix decides the language on
 * every page; this detector only serves "/" (cookie, then Accept-Language, then zh-CN).
 */
export const i18nServer = new RemixI18Next({
  detection: {
    supportedLanguages: [...SUPPORTED_LOCALES],
    fallbackLanguage: DEFAULT_LOCALE,
    cookie: localeCookie,
    order: ["cookie", "header"],
  },
  i18next: {
    ...i18nOptions,
    get resources() {
      return translationResources().resources;
    },
  },
});
