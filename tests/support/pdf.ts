import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/*
 * Reading generated PDFs back with poppler's tools (pdftotext, pdfinfo, pdffonts, pdfimages,
 * pdftoppm), as a reader's viewer or a bank's scanner would.
 */

/** The bytes written to a file of their own in the system's temporary folder. */
export function pdfFile(bytes: Uint8Array, name = "document"): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`)), `${name}.pdf`);
  fs.writeFileSync(file, bytes);
  return file;
}

/** The PDF's text in reading order (of `page` only, if given), without the direction marks pdftotext puts around right-to-left lines. */
export function pdfText(bytes: Uint8Array, page?: number): string {
  const pages = page === undefined ? [] : ["-f", String(page), "-l", String(page)];
  return execFileSync("pdftotext", [...pages, pdfFile(bytes), "-"], { encoding: "utf8" }).replace(
    /[\u200e\u200f\u202a-\u202e]/g,
    "",
  );
}

export function pdfPages(bytes: Uint8Array): number {
  return Number(/^Pages:\s+(\d+)/m.exec(execFileSync("pdfinfo", [pdfFile(bytes)], { encoding: "utf8" }))![1]);
}

/** pdffonts' rows: each font's name and whether it is embedded. */
export function pdfFonts(bytes: Uint8Array): { name: string; embedded: boolean }[] {
  const lines = execFileSync("pdffonts", [pdfFile(bytes)], { encoding: "utf8" })
    .trim()
    .split("\n")
    .slice(2);
  return lines.map((line) => {
    const columns = line.trim().split(/\s+/);
    // name, type (one or more words), encoding, emb, sub, uni, object number, generation
    return { name: columns[0]!, embedded: columns.at(-5) === "yes" };
  });
}

/** How many raster images the PDF holds (pdfimages prints two header lines, then one per image). */
export function pdfImageCount(bytes: Uint8Array): number {
  return (
    execFileSync("pdfimages", ["-list", pdfFile(bytes)], { encoding: "utf8" })
      .trim()
      .split("\n").length - 2
  );
}

/** A page rendered by poppler (PPM: a short text header, then RGB bytes), as jsQR's RGBA pixels. */
export function renderPage(
  pdf: string,
  dpi: number,
  page = 1,
): { data: Uint8ClampedArray; width: number; height: number } {
  const ppm = execFileSync(
    "pdftoppm",
    ["-r", String(dpi), "-f", String(page), "-l", String(page), "-singlefile", pdf],
    {
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString("latin1"))!;
  const [width, height] = [Number(header[1]), Number(header[2])];
  const rgb = ppm.subarray(header[0].length);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let pixel = 0; pixel < width * height; pixel += 1) {
    data.set([rgb[pixel * 3]!, rgb[pixel * 3 + 1]!, rgb[pixel * 3 + 2]!, 255], pixel * 4);
  }
  return { data, width, height };
}

/**
 * Arabic as its letter shapes (rasm), in reading order. Shaped Arabic in a PDF shares glyphs
 * between letters that differ only by their dots (ب ت ث ن ي), so text taken back out of it can
 * name the wrong one of them; words and their order survive, which is what is compared.
 */
const SKELETON: [RegExp, string][] = [
  [/[\u064B-\u065F\u0670\u0640]/g, ""],
  [/[أإآٱ]/g, "ا"],
  [/[بتثنيىئٮں]/g, "ٮ"],
  [/[جحخ]/g, "ح"],
  [/[دذ]/g, "د"],
  [/[رز]/g, "ر"],
  [/[سش]/g, "س"],
  [/[صض]/g, "ص"],
  [/[طظ]/g, "ط"],
  [/[عغ]/g, "ع"],
  [/[فقڡٯ]/g, "ف"],
  [/[ةه]/g, "ه"],
  [/ؤ/g, "و"],
];
export function arabicWords(text: string): string {
  let letters = text;
  for (const [pattern, shape] of SKELETON) letters = letters.replace(pattern, shape);
  return (letters.match(/[\u0621-\u064A\u066E-\u06D3]+/g) ?? []).join(" ");
}

/** The words of one page with where they sit (points from the top-left corner), from pdftotext -bbox. */
export function pdfWords(bytes: Uint8Array, page: number): { text: string; yMin: number; yMax: number }[] {
  const html = execFileSync("pdftotext", ["-bbox", "-f", String(page), "-l", String(page), pdfFile(bytes), "-"], {
    encoding: "utf8",
  });
  return [...html.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)].map(
    (match) => ({ text: match[3]!, yMin: Number(match[1]), yMax: Number(match[2]) }),
  );
}
