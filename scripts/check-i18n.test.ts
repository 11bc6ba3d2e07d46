import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { NAMESPACES, SUPPORTED_LOCALES } from "../app/i18n/config.ts";
import { checkLocales } from "./check-i18n.ts";

const REAL_LOCALES = path.resolve(import.meta.dirname, "..", "locales");
let dir: string;

/** A copy of the real locales to break on purpose. */
function copyLocales(): string {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "silu-locales-"));
  fs.cpSync(REAL_LOCALES, dir, { recursive: true });
  return dir;
}

function edit(locale: string, ns: string, change: (json: Record<string, Record<string, string>>) => void) {
  const file = path.join(dir, locale, `${ns}.json`);
  const json = JSON.parse(fs.readFileSync(file, "utf8"));
  change(json);
  fs.writeFileSync(file, JSON.stringify(json));
}

afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("locale completeness", () => {
  it("passes for the project's locales", () => {
    expect(checkLocales(REAL_LOCALES)).toEqual([]);
    for (const locale of SUPPORTED_LOCALES) {
      for (const ns of NAMESPACES) expect(fs.existsSync(path.join(REAL_LOCALES, locale, `${ns}.json`))).toBe(true);
    }
  });

  it("finds a missing, an extra and an empty key", () => {
    copyLocales();
    edit("de", "common", (json) => {
      delete json.nav!.schedules;
      json.nav!.bonus = "Extra";
      json.nav!.main = " ";
    });
    expect(checkLocales(dir)).toEqual(
      expect.arrayContaining([
        'de/common.json: missing "nav.schedules"',
        'de/common.json: extra key "nav.bonus" (not in zh-CN)',
        'de/common.json: "nav.main" is empty',
      ]),
    );
  });

  it("finds a changed interpolation variable", () => {
    copyLocales();
    edit("ru", "schedules", (json) => {
      json.board!.pricePerKg = "{{price}} за кг";
    });
    expect(checkLocales(dir)).toEqual([
      'ru/schedules.json: "board.pricePerKg" uses {{price}} but zh-CN uses {{amount}}',
    ]);
  });

  it("asks for the plural forms each language needs", () => {
    copyLocales();
    edit("ar", "schedules", (json) => {
      delete json.board!.days_few;
    });
    const problems = checkLocales(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^ar\/schedules.json: "board.days" has plural forms many, one, other, two, zero; ar needs few, many, one, other, two, zero$/,
    );
  });
});
