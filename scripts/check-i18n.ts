/**
 * Locale completeness: every locale has exactly the keys of the source locale (zh-CN), no
 * empty string, the plural forms its language needs (Intl.PluralRules, as i18next uses), and
 * the same interpolation variables. Exits non-zero with the list of problems.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_LOCALE, NAMESPACES, SUPPORTED_LOCALES } from "../app/i18n/config.ts";

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;
const VARIABLE = /\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g;

type Flat = Map<string, string>;

function flatten(value: unknown, prefix: string, out: Flat, problems: string[], where: string): Flat {
  if (typeof value === "string") {
    out.set(prefix, value);
  } else if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value))
      flatten(child, prefix ? `${prefix}.${key}` : key, out, problems, where);
  } else {
    problems.push(`${where}: "${prefix}" is not a string or an object`);
  }
  return out;
}

interface KeyInfo {
  /** Plural categories present (empty for a non-plural key). */
  forms: Set<string>;
  variables: Set<string>;
}

function describe(flat: Flat, problems: string[], where: string): Map<string, KeyInfo> {
  const keys = new Map<string, KeyInfo>();
  for (const [key, text] of flat) {
    if (text.trim() === "") problems.push(`${where}: "${key}" is empty`);
    const match = PLURAL_SUFFIX.exec(key);
    const base = match ? key.slice(0, match.index) : key;
    const info = keys.get(base) ?? { forms: new Set<string>(), variables: new Set<string>() };
    if (match) info.forms.add(match[1]!);
    for (const variable of text.matchAll(VARIABLE)) info.variables.add(variable[1]!);
    keys.set(base, info);
  }
  return keys;
}

const sameSet = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((item) => b.has(item));
const list = (set: Set<string>) => [...set].sort().join(", ") || "none";

export function checkLocales(localesDir: string): string[] {
  const problems: string[] = [];
  const read = (locale: string, ns: string): Map<string, KeyInfo> | null => {
    const file = path.join(localesDir, locale, `${ns}.json`);
    if (!fs.existsSync(file)) {
      problems.push(`${locale}/${ns}.json is missing`);
      return null;
    }
    try {
      const where = `${locale}/${ns}.json`;
      return describe(
        flatten(JSON.parse(fs.readFileSync(file, "utf8")), "", new Map(), problems, where),
        problems,
        where,
      );
    } catch (error) {
      problems.push(`${locale}/${ns}.json is not valid JSON: ${(error as Error).message}`);
      return null;
    }
  };

  for (const ns of NAMESPACES) {
    const source = read(DEFAULT_LOCALE, ns);
    if (!source) continue;
    for (const locale of SUPPORTED_LOCALES) {
      const keys = locale === DEFAULT_LOCALE ? source : read(locale, ns);
      if (!keys) continue;
      const where = `${locale}/${ns}.json`;
      const categories = new Set(new Intl.PluralRules(locale).resolvedOptions().pluralCategories);
      for (const [key, info] of source) {
        const own = keys.get(key);
        if (!own) {
          problems.push(`${where}: missing "${key}"`);
          continue;
        }
        const isPlural = info.forms.size > 0;
        if (isPlural !== own.forms.size > 0) {
          problems.push(`${where}: "${key}" must ${isPlural ? "" : "not "}have plural forms`);
        } else if (isPlural && !sameSet(own.forms, categories)) {
          problems.push(`${where}: "${key}" has plural forms ${list(own.forms)}; ${locale} needs ${list(categories)}`);
        }
        if (!sameSet(own.variables, info.variables)) {
          problems.push(
            `${where}: "${key}" uses {{${list(own.variables)}}} but ${DEFAULT_LOCALE} uses {{${list(info.variables)}}}`,
          );
        }
      }
      for (const key of keys.keys()) {
        if (!source.has(key)) problems.push(`${where}: extra key "${key}" (not in ${DEFAULT_LOCALE})`);
      }
    }
  }
  const extraDirs = fs
    .readdirSync(localesDir)
    .filter((name) => !(SUPPORTED_LOCALES as readonly string[]).includes(name));
  for (const name of extraDirs) problems.push(`locales/${name} is not a supported locale`);
  return problems;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "locales");
  const problems = checkLocales(dir);
  if (problems.length > 0) {
    console.error(`Locale check failed (${problems.length} problems):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    process.exit(1);
  }
  console.log(`Locale check passed: ${SUPPORTED_LOCALES.length} locales × ${NAMESPACES.length} namespaces.`);
}
