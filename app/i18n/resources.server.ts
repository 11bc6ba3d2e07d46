import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Resource } from "i18next";
import { NAMESPACES, SUPPORTED_LOCALES, type Locale, type Namespace } from "./config";

/** locales/<lng>/<ns>.json, read once per process. */
export const LOCALES_DIR = path.resolve(process.env.LOCALES_DIR ?? path.join(process.cwd(), "locales"));

interface LoadedResources {
  resources: Resource;
  /** Short content hash: the client asks for /locales/<lng>/<ns>.json?v=<version>. */
  version: string;
}

let loaded: LoadedResources | undefined;

export function translationResources(): LoadedResources {
  if (loaded) return loaded;
  const hash = crypto.createHash("sha256");
  const resources: Resource = {};
  for (const locale of SUPPORTED_LOCALES) {
    resources[locale] = {};
    for (const ns of NAMESPACES) {
      const text = fs.readFileSync(path.join(LOCALES_DIR, locale, `${ns}.json`), "utf8");
      hash.update(`${locale}/${ns}\n${text}`);
      resources[locale][ns] = JSON.parse(text);
    }
  }
  loaded = { resources, version: hash.digest("hex").slice(0, 12) };
  return loaded;
}

export function namespaceResource(locale: Locale, ns: Namespace): unknown {
  return translationResources().resources[locale]?.[ns];
}
