/**
 * Derives reference/hs2022-subheadings.tsv (6-digit HS 2022 subheadings, chapters 01–97, with their English
 * description) from the WCO nomenclature CSV (datasets/harmonized-system, ODC-PDDL-1.0):
 *   npx tsx scripts/build-hs-index.ts ../shared/reference/hs2022.csv
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const source = process.argv[2];
if (!source) throw new Error("usage: build-hs-index.ts <hs2022.csv>");
const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "reference", "hs2022-subheadings.tsv");

/** Splits one CSV line, honouring double-quoted fields with commas and doubled quotes. */
function fields(line: string): string[] {
  const values: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i]!;
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        current += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else current += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      values.push(current);
      current = "";
    } else current += char;
  }
  values.push(current);
  return values;
}

const rows = fs
  .readFileSync(source, "utf8")
  .split(/\r?\n/)
  .slice(1)
  .filter(Boolean)
  .map(fields)
  // Chapters 98 and 99 are reserved for national use; UN Comtrade's "999999" (commodities not
  // specified) is no description a customs office accepts.
  .filter((row) => row[4] === "6" && /^\d{6}$/.test(row[1] ?? "") && Number(row[1]!.slice(0, 2)) <= 97);
fs.writeFileSync(out, `${rows.map((row) => `${row[1]}\t${row[2]!.replace(/\s+/g, " ").trim()}`).join("\n")}\n`);
console.log(`${rows.length} subheadings written to ${path.relative(process.cwd(), out)}`);
