import fs from "node:fs";
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";

/**
 * Text in any of the portal's languages on a PDF page. One font covers no script mix we need
 * (Chinese, Latin with Vietnamese, Cyrillic with Kazakh, Arabic), and PDFKit has no fallback
 * per character, so a string is cut into runs by script, each drawn in a Noto font that has
 * it. Fonts are read once per process (the Chinese one is 10 MB); PDFKit embeds only the
 * glyphs a document uses.
 */
const require = createRequire(import.meta.url);
const FONT_FILES = {
  latin: "@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf",
  latinBold: "@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf",
  cjk: "@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf",
  cjkBold: "@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf",
  arabic: "@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf",
  arabicBold: "@expo-google-fonts/noto-sans-arabic/700Bold/NotoSansArabic_700Bold.ttf",
} as const;
type FontName = keyof typeof FONT_FILES;

let fontData: Record<FontName, Buffer> | undefined;
function fonts(): Record<FontName, Buffer> {
  fontData ??= Object.fromEntries(
    Object.entries(FONT_FILES).map(([name, file]) => [name, fs.readFileSync(require.resolve(file))]),
  ) as Record<FontName, Buffer>;
  return fontData;
}

/** A new A4 document with the portal's fonts registered. */
export function newDocument(info: { title: string; subject?: string }): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: "A4",
    margin: 48,
    info: { Title: info.title, Subject: info.subject, Author: "Silu Gateway" },
  });
  for (const [name, file] of Object.entries(fonts())) doc.registerFont(name, file);
  return doc;
}

type Script = "cjk" | "arabic" | "latin" | "neutral";

function scriptOf(char: string): Script {
  const code = char.codePointAt(0)!;
  if (
    (code >= 0x2190 && code <= 0x21ff) ||
    (code >= 0x2e80 && code <= 0x9fff) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xff00 && code <= 0xffef) ||
    (code >= 0x20000 && code <= 0x2ffff)
  )
    return "cjk";
  if ((code >= 0x0600 && code <= 0x06ff) || (code >= 0x0750 && code <= 0x077f) || (code >= 0xfb50 && code <= 0xfeff))
    return "arabic";
  if (/[\s\d.,:;!?()\-–—/·%+×'"«»]/.test(char)) return "neutral";
  return "latin";
}

/** Runs of one script; spaces, digits and punctuation join the run they sit in. */
export function scriptRuns(text: string): { script: Exclude<Script, "neutral">; text: string }[] {
  const runs: { script: Exclude<Script, "neutral">; text: string }[] = [];
  for (const char of text) {
    const script = scriptOf(char);
    const last = runs.at(-1);
    if (script === "neutral" || (last && last.script === script)) {
      if (last) last.text += char;
      else runs.push({ script: "latin", text: char });
    } else runs.push({ script, text: char });
  }
  // A lone neutral start (e.g. "1 × …" before Chinese) reads as part of what follows.
  return runs;
}

export interface TextOptions {
  x: number;
  y: number;
  width: number;
  size?: number;
  bold?: boolean;
  align?: "left" | "right" | "center";
  color?: string;
}

/** Whether a string is written right to left (it has Arabic letters). */
export function isRightToLeft(text: string): boolean {
  return /[\u0600-\u06ff\u0750-\u077f\ufb50-\ufeff]/.test(text);
}

/**
 * Draws `text` at (x, y) within `width`, switching fonts by script, and returns the y below
 * it. Right-to-left text is drawn whole in the Arabic font (which has digits and punctuation)
 * and aligned right, so that the shaper orders it; documents keep it apart from other scripts.
 */
export function drawText(doc: PDFKit.PDFDocument, text: string, options: TextOptions): number {
  const size = options.size ?? 9;
  doc.fillColor(options.color ?? "#1d2733").fontSize(size);
  if (isRightToLeft(text)) return drawRightToLeft(doc, text, options, size);
  const runs = scriptRuns(text);
  runs.forEach((run, index) => {
    doc.font(`${run.script}${options.bold ? "Bold" : ""}` as FontName);
    const last = index === runs.length - 1;
    if (index === 0) {
      doc.text(run.text, options.x, options.y, {
        width: options.width,
        align: options.align ?? "left",
        continued: !last,
        lineGap: 1,
      });
    } else {
      doc.text(run.text, { continued: !last, lineGap: 1 });
    }
  });
  if (runs.length === 0) doc.text("", options.x, options.y, { width: options.width });
  return doc.y;
}

/**
 * Right-to-left text laid out word by word: lines are filled greedily within the width, and
 * each line's words are placed from the right edge leftwards (each word is shaped by the font;
 * PDFKit's own line layout loses the spaces between Arabic words).
 */
function drawRightToLeft(doc: PDFKit.PDFDocument, text: string, options: TextOptions, size: number): number {
  doc.font(options.bold ? "arabicBold" : "arabic").fontSize(size);
  const space = doc.widthOfString(" ");
  const lineHeight = doc.currentLineHeight(true) + 1;
  const lines: { words: string[]; width: number }[] = [];
  for (const paragraph of text.split("\n")) {
    let line = { words: [] as string[], width: 0 };
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const wordWidth = doc.widthOfString(word);
      const grown = line.width + (line.words.length > 0 ? space : 0) + wordWidth;
      if (line.words.length > 0 && grown > options.width) {
        lines.push(line);
        line = { words: [], width: 0 };
      }
      line.width += (line.words.length > 0 ? space : 0) + wordWidth;
      line.words.push(word);
    }
    lines.push(line);
  }
  let y = options.y;
  for (const line of lines) {
    const align = options.align ?? "right";
    let right =
      align === "left"
        ? options.x + line.width
        : align === "center"
          ? options.x + (options.width + line.width) / 2
          : options.x + options.width;
    for (const word of line.words) {
      const wordWidth = doc.widthOfString(word);
      doc.text(word, right - wordWidth, y, { lineBreak: false });
      right -= wordWidth + space;
    }
    y += lineHeight;
  }
  doc.x = options.x;
  doc.y = y;
  return y;
}

/** The finished document's bytes. */
export function documentBytes(doc: PDFKit.PDFDocument): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on("error", reject);
    doc.end();
  });
}
