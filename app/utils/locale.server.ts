import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { isLocale, type Locale } from "~/i18n/config";

/** The page's language from the URL; anything else is a 404. */
export function requireLocale(params: LoaderFunctionArgs["params"]): Locale {
  if (!isLocale(params.lang)) throw data(null, { status: 404 });
  return params.lang;
}
