import QRCode from "qrcode";

/** The four-module light border a QR code needs around it to be found by a scanner. */
const QUIET_ZONE = 4;

/**
 * Draws `text` (a verification address) as a QR code made of filled squares, not an image: it
 * stays sharp at any zoom and print size, and adds a few hundred bytes. Error correction M
 * survives a fold or a stamp across a corner. Dark modules of a row are drawn as one rectangle
 * per run, to keep the page's content stream short. `size` includes the quiet zone.
 */
export function drawQrCode(doc: PDFKit.PDFDocument, text: string, at: { x: number; y: number; size: number }): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  const unit = at.size / (modules.size + 2 * QUIET_ZONE);
  const left = at.x + QUIET_ZONE * unit;
  const top = at.y + QUIET_ZONE * unit;
  doc.save();
  for (let row = 0; row < modules.size; row += 1) {
    let runStart = -1;
    for (let column = 0; column <= modules.size; column += 1) {
      const dark = column < modules.size && modules.get(row, column) === 1;
      if (dark && runStart < 0) runStart = column;
      if (!dark && runStart >= 0) {
        doc.rect(left + runStart * unit, top + row * unit, (column - runStart) * unit, unit);
        runStart = -1;
      }
    }
  }
  doc.fillColor("#000000").fill();
  doc.restore();
}
