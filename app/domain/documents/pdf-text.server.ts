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

/**
 * A parsed font, as PDFKit takes it instead of a file: parsing the Chinese font anew for every
 * document took most of a document's drawing time, so each font is parsed once per process
 * (by PDFKit's own fontkit) and shared; each document still embeds its own subset.
 */
type ParsedFont = { layout: (text: string) => unknown };
const fontkit = createRequire(require.resolve("pdfkit"))("fontkit") as { create: (data: Buffer) => ParsedFont };

let fontData: Record<FontName, ParsedFont> | undefined;
function fonts(): Record<FontName, ParsedFont> {
  fontData ??= Object.fromEntries(
    Object.entries(FONT_FILES).map(([name, file]) => [name, fontkit.create(fs.readFileSync(require.resolve(file)))]),
  ) as Record<FontName, ParsedFont>;
  return fontData;
}

/**
 * A new A4 document with the portal's fonts registered (margins in points, 48 unless given).
 * `bufferPages` keeps every page open until the end, for headers that need the page count.
 */
export function newDocument(info: {
  title: string;
  subject?: string;
  margin?: number;
  bufferPages?: boolean;
}): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: "A4",
    margin: info.margin ?? 48,
    bufferPages: info.bufferPages ?? false,
    // PDFKit fails on an info entry that is present but undefined.
    info: { Title: info.title, ...(info.subject ? { Subject: info.subject } : {}), Author: "Silu Gateway" },
  });
  // PDFKit's types list files and bytes only; it takes a parsed font as well (PDFFontFactory.open).
  for (const [name, font] of Object.entries(fonts())) doc.registerFont(name, font as unknown as Buffer);
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

type Direction = "rtl" | "ltr" | "neutral";

/** A piece of a right-to-left line: a word, or punctuation split off one (`glued` to the one before). */
interface Token {
  text: string;
  direction: Direction;
  glued: boolean;
}

const ARABIC_LETTER = /[\u0600-\u06ff\u0750-\u077f\ufb50-\ufeff]/;
/** Characters shown mirrored in right-to-left text (Unicode Bidi_Mirrored, the ones we print). */
const MIRRORED: Record<string, string> = {
  "(": ")",
  ")": "(",
  "[": "]",
  "]": "[",
  "«": "»",
  "»": "«",
  "<": ">",
  ">": "<",
};

/** Signs that go with the number they touch ("0٪", "+8", "US$"), as Unicode's ET/ES classes do. */
const NUMBER_SIGNS = /^[%٪‰+\-#$€£¥]$/;

function directionOf(text: string): Direction {
  if (ARABIC_LETTER.test(text) && /[\p{L}\p{N}]/u.test(text)) return "rtl";
  if (/[\p{L}\p{N}]/u.test(text)) return "ltr";
  return "neutral";
}

/**
 * A paragraph's words, with the punctuation at their ends split off — "Gateway،" is the Latin
 * "Gateway" and the Arabic comma, "(91620100…)" a code in brackets — each with its direction.
 */
export function bidiTokens(paragraph: string): Token[] {
  const tokens: Token[] = [];
  for (const word of paragraph.split(/\s+/).filter(Boolean)) {
    const match = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u.exec(word)!;
    const [, lead = "", core = "", trail = ""] = match;
    let glued = false;
    for (const char of lead) {
      tokens.push({ text: char, direction: "neutral", glued });
      glued = true;
    }
    if (core) tokens.push({ text: core, direction: directionOf(core), glued });
    glued = glued || core !== "";
    for (const char of trail) {
      tokens.push({ text: char, direction: directionOf(char), glued });
      glued = true;
    }
  }
  return tokens;
}

/**
 * The order tokens of a right-to-left line are drawn in, from the right edge leftwards, as the
 * Unicode bidirectional algorithm places them for this text: a run of left-to-right words
 * (a company name, an amount with its currency code, a date) stays in reading order as one
 * unit; punctuation between two such words belongs to the run; other punctuation reads right to
 * left, mirrored ("(" shows as ")").
 */
export function visualUnits(tokens: Token[]): Token[][] {
  const brackets = bracketDirections(tokens);
  const numberAt = (index: number) => /\p{N}/u.test(tokens[index]?.text ?? "");
  const resolved = tokens.map((token, index) => {
    if (token.direction !== "neutral") return token.direction;
    const bracket = brackets.get(index);
    if (bracket) return bracket;
    // A sign touching a number reads with it.
    if (
      NUMBER_SIGNS.test(token.text) &&
      ((token.glued && numberAt(index - 1)) || (tokens[index + 1]?.glued && numberAt(index + 1)))
    )
      return "ltr";
    const before = tokens.slice(0, index).findLast((other) => other.direction !== "neutral");
    const after = tokens.slice(index + 1).find((other) => other.direction !== "neutral");
    return before?.direction === "ltr" && after?.direction === "ltr" ? "ltr" : "rtl";
  });
  const units: Token[][] = [];
  tokens.forEach((token, index) => {
    const last = units.at(-1);
    if (resolved[index] === "ltr" && last && resolved[index - 1] === "ltr") last.push(token);
    else if (resolved[index] === "ltr") units.push([token]);
    else units.push([{ ...token, text: MIRRORED[token.text] ?? token.text }]);
  });
  return units;
}

/** The width `text` takes on one line at `size` (in the fonts drawText would use). */
export function textWidth(doc: PDFKit.PDFDocument, text: string, style: { size?: number; bold?: boolean }): number {
  const size = style.size ?? 9;
  const bold = style.bold ?? false;
  doc.fontSize(size);
  if (!isRightToLeft(text)) return drawToken(doc, text, { x: 0, y: 0, size, bold }, true);
  doc.font(bold ? "arabicBold" : "arabic");
  const space = doc.widthOfString(" ");
  return bidiTokens(text).reduce(
    (sum, token, index) =>
      sum + (index > 0 && !token.glued ? space : 0) + drawToken(doc, token.text, { x: 0, y: 0, size, bold }, true),
    0,
  );
}

const OPENING = "([«<";
const CLOSING = ")]»>";

/**
 * Brackets take the direction of what they enclose, as the bidirectional algorithm's paired
 * brackets do: right to left if any Arabic is inside; left to right if only left-to-right text
 * is, and the text before the opening bracket is left to right too.
 */
function bracketDirections(tokens: Token[]): Map<number, "ltr" | "rtl"> {
  const directions = new Map<number, "ltr" | "rtl">();
  const open: number[] = [];
  tokens.forEach((token, index) => {
    if (OPENING.includes(token.text) && token.direction === "neutral") open.push(index);
    const closing = CLOSING.indexOf(token.text);
    if (closing < 0 || token.direction !== "neutral") return;
    const start = open.findLastIndex((at) => tokens[at]!.text === OPENING[closing]);
    if (start < 0) return;
    const opening = open[start]!;
    open.length = start;
    const inside = tokens.slice(opening + 1, index).map((other) => other.direction);
    const before = tokens.slice(0, opening).findLast((other) => other.direction !== "neutral")?.direction ?? "rtl";
    const direction = inside.includes("rtl") ? "rtl" : inside.includes("ltr") && before === "ltr" ? "ltr" : "rtl";
    directions.set(opening, direction);
    directions.set(index, direction);
  });
  return directions;
}

/** The font's ascender (points per 1000 of the size): where its baseline sits below the top. */
function ascenderOf(doc: PDFKit.PDFDocument): number {
  return (doc as unknown as { _font: { ascender: number } })._font.ascender;
}

/** Draws a token's text in the fonts of its scripts, from x, without wrapping; its width. */
function drawToken(
  doc: PDFKit.PDFDocument,
  text: string,
  at: { x: number; y: number; size: number; bold: boolean },
  measure = false,
) {
  const { x, y, size, bold } = at;
  let width = 0;
  doc.font(bold ? "latinBold" : "latin");
  // Every font's text on the Latin font's baseline (the Arabic font's sits lower in its line).
  const baseline = y + (ascenderOf(doc) * size) / 1000;
  for (const run of scriptRuns(text)) {
    doc.font(`${run.script}${bold ? "Bold" : ""}` as FontName);
    const top = baseline - (ascenderOf(doc) * size) / 1000;
    doc.fontSize(size);
    if (!measure) doc.text(run.text, x + width, top, { lineBreak: false });
    width += doc.widthOfString(run.text);
  }
  return width;
}

/**
 * Right-to-left text laid out token by token: lines are filled greedily within the width, and
 * each line's units (visualUnits) are placed from the right edge leftwards, each Arabic word
 * shaped by the font, each left-to-right run drawn in reading order. (PDFKit's own line layout
 * loses the spaces between Arabic words and has no bidirectional ordering.)
 */
function drawRightToLeft(doc: PDFKit.PDFDocument, text: string, options: TextOptions, size: number): number {
  const bold = options.bold ?? false;
  doc.font(bold ? "arabicBold" : "arabic").fontSize(size);
  const space = doc.widthOfString(" ");
  // The Arabic font's own line height is half as tall again as the Latin one's: lines as tall as theirs.
  const lineHeight = Math.min(doc.currentLineHeight(true), size * 1.42) + 1;
  const gap = (token: Token, first: boolean) => (first || token.glued ? 0 : space);
  const lines: { tokens: Token[]; width: number }[] = [];
  for (const paragraph of text.split("\n")) {
    let line = { tokens: [] as Token[], width: 0 };
    for (const token of bidiTokens(paragraph)) {
      const tokenWidth = drawToken(doc, token.text, { x: 0, y: 0, size, bold }, true);
      const first = line.tokens.length === 0;
      if (!first && !token.glued && line.width + space + tokenWidth > options.width) {
        lines.push(line);
        line = { tokens: [], width: 0 };
      }
      line.width += gap(token, line.tokens.length === 0) + tokenWidth;
      line.tokens.push(token);
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
    let first = true;
    for (const unit of visualUnits(line.tokens)) {
      // The gap before a unit is the one before its first token in reading order.
      right -= gap(unit[0]!, first);
      first = false;
      const widths = unit.map((token) => drawToken(doc, token.text, { x: 0, y: 0, size, bold }, true));
      const unitWidth = widths.reduce(
        (sum, width, index) => sum + width + (index > 0 ? gap(unit[index]!, false) : 0),
        0,
      );
      let x = right - unitWidth;
      unit.forEach((token, index) => {
        x += index > 0 ? gap(token, false) : 0;
        x += drawToken(doc, token.text, { x, y, size, bold });
      });
      right -= unitWidth;
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
