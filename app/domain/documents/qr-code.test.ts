import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import jsQR from "jsqr";
import { afterAll, describe, expect, it } from "vitest";
import { documentBytes, newDocument } from "./pdf-text.server";
import { drawQrCode } from "./qr-code.server";
import { renderPage } from "../../../tests/support/pdf";

const folder = fs.mkdtempSync(path.join(os.tmpdir(), "qr-code-"));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

/** A PDF page with one QR code on it, as a file. */
async function pageWithQrCode(text: string, size: number): Promise<string> {
  const doc = newDocument({ title: "QR" });
  drawQrCode(doc, text, { x: 48, y: 48, size });
  const file = path.join(folder, `qr-${size}-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, await documentBytes(doc));
  return file;
}

describe("QR codes on PDF pages", () => {
  const verifyUrl = "https://silu-gateway.example/ar/verify/SGW-LHW-2026-000123-K?v=3&c=3q2-7Wb_xYz09AbCdEfGhI";

  it("reads back, scanned from the rendered page, as the address it was made from", async () => {
    // 2.5 cm square (72 pt ≈ 2.54 cm) at a scanner's 150 dpi, and a large one at screen resolution.
    for (const [size, dpi] of [
      [72, 150],
      [160, 72],
    ] as const) {
      const page = renderPage(await pageWithQrCode(verifyUrl, size), dpi);
      expect(jsQR(page.data, page.width, page.height)?.data).toBe(verifyUrl);
    }
  });

  it("is drawn as vector shapes, with no image in the file", async () => {
    const pdf = await pageWithQrCode(verifyUrl, 72);
    const images = execFileSync("pdfimages", ["-list", pdf], { encoding: "utf8" }).trim().split("\n");
    // pdfimages prints two header lines and one line per image.
    expect(images).toHaveLength(2);
    expect(fs.statSync(pdf).size).toBeLessThan(20_000);
  });
});
