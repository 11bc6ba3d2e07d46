import fs from "node:fs";
import path from "node:path";

/** reference/hs2022-subheadings.tsv: the 6-digit HS 2022 subheadings, read once per process. */
let subheadings: Map<string, string> | undefined;

function load(): Map<string, string> {
  if (!subheadings) {
    const file = path.resolve(
      process.env.REFERENCE_DIR ?? path.join(process.cwd(), "reference"),
      "hs2022-subheadings.tsv",
    );
    subheadings = new Map(
      fs
        .readFileSync(file, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => line.split("\t") as [string, string]),
    );
  }
  return subheadings;
}

/** Digits only: "8471.30.00" and "8471 30" are typed as often as "847130". */
export function normalizeHsCode(input: string): string {
  return input.replace(/[\s.-]/g, "");
}

/**
 * An HS code of 6 to 10 digits whose first six are an HS 2022 subheading (the digits after
 * them are national extensions, e.g. China's 10-digit tariff codes). EU ICS2 needs six.
 */
export function lookupHsCode(input: string): { code: string; subheading: string; description: string } | null {
  const code = normalizeHsCode(input);
  if (!/^\d{6,10}$/.test(code)) return null;
  const subheading = code.slice(0, 6);
  const description = load().get(subheading);
  return description ? { code, subheading, description } : null;
}
