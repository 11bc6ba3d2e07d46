import { drawText, documentBytes, newDocument } from "~/domain/documents/pdf-text.server";
import { fixedT } from "~/i18n/i18next.server";
import type { LoadingList } from "./loading-list.server";

/** Numbers as a manifest writes them, the same for every reader: "41,250". */
const number = (value: number) => new Intl.NumberFormat("en").format(value);

/**
 * A departure's manifest (its loading list) as an A4 PDF in Chinese and English: every label
 * in both, values as terminals write them (ISO 6346 numbers, kg, UTC times in ISO form).
 */
export async function renderManifestPdf(
  list: LoadingList,
  heading: { service: string; route: string; departure: string },
): Promise<Uint8Array> {
  const [zh, en] = await Promise.all([fixedT("zh-CN", "terminal"), fixedT("en", "terminal")]);
  const both = (key: string, values: Record<string, unknown> = {}) => `${zh(key, values)} ${en(key, values)}`;
  const doc = newDocument({
    title: `${zh("manifest.title")} ${heading.service}`,
    subject: heading.departure,
    margin: 36,
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = doc.page.height - doc.page.margins.bottom;
  let y = doc.page.margins.top;

  y = drawText(doc, "丝路通 Silu Gateway", { x: left, y, width, size: 10, bold: true, color: "#9c2f1f" });
  y = drawText(doc, both("manifest.title"), { x: left, y: y + 2, width, size: 14, bold: true }) + 2;
  y = drawText(doc, `${heading.service} · ${heading.route}`, { x: left, y, width, size: 10 });
  y = drawText(doc, `${both("manifest.departureAt")}: ${heading.departure}`, { x: left, y, width, size: 9 }) + 8;

  // Columns: booking, container, type, seals, gross kg, TEU, flags, gate-in (UTC).
  const columns = [
    { key: "manifest.booking", x: 0, w: 78 },
    { key: "manifest.container", x: 78, w: 82 },
    { key: "manifest.type", x: 160, w: 34 },
    { key: "manifest.seals", x: 194, w: 90 },
    { key: "manifest.grossKg", x: 284, w: 56 },
    { key: "manifest.teu", x: 340, w: 30 },
    { key: "manifest.flags", x: 370, w: 44 },
    { key: "manifest.gatedIn", x: 414, w: width - 414 },
  ];
  const header = () => {
    let below = y;
    for (const column of columns) {
      const top = drawText(doc, zh(column.key), { x: left + column.x, y, width: column.w - 4, size: 7, bold: true });
      below = Math.max(
        below,
        drawText(doc, en(column.key), { x: left + column.x, y: top, width: column.w - 4, size: 7, color: "#5b6776" }),
      );
    }
    y = below + 2;
    doc
      .moveTo(left, y)
      .lineTo(left + width, y)
      .strokeColor("#9aa5b1")
      .lineWidth(0.5)
      .stroke();
    y += 3;
  };
  header();
  for (const row of list.rows) {
    if (y > bottom - 40) {
      doc.addPage();
      y = doc.page.margins.top;
      header();
    }
    const cells = [
      row.reference,
      row.containerNumber ?? `— (#${row.sequence})`,
      row.isoSizeType,
      row.seals.join(" "),
      row.grossKg === null ? "—" : number(row.grossKg),
      String(row.teu),
      [row.dangerous ? "DG" : "", row.reefer ? `RF${row.readingC === null ? "" : ` ${row.readingC}°C`}` : ""]
        .filter(Boolean)
        .join(" "),
      row.gatedInAt ? row.gatedInAt.toISOString().slice(0, 16).replace("T", " ") : "—",
    ];
    let below = y;
    cells.forEach((cell, index) => {
      const column = columns[index]!;
      below = Math.max(below, drawText(doc, cell, { x: left + column.x, y, width: column.w - 4, size: 8 }));
    });
    y = below + 2;
  }
  y += 6;
  doc
    .moveTo(left, y)
    .lineTo(left + width, y)
    .strokeColor("#1d2733")
    .lineWidth(0.8)
    .stroke();
  y += 4;
  const { totals } = list;
  const lines = [
    `${both("manifest.totalUnits")}: ${totals.units} (${both("manifest.totalGatedIn")}: ${totals.gatedIn})`,
    `${both("manifest.totalTeu")}: ${totals.teu}${totals.maxLengthTeu === null ? "" : ` / ${totals.maxLengthTeu}`}`,
    `${both("manifest.totalGrossKg")}: ${number(totals.grossKg)}${totals.maxGrossKg === null ? "" : ` / ${number(totals.maxGrossKg)}`}`,
    `${both("manifest.totalDangerous")}: ${totals.dangerous} · ${both("manifest.totalReefers")}: ${totals.reefers}`,
    ...list.capacity.map(
      (capacity) =>
        `${capacity.equipmentCode}: ${capacity.loaded} / ${capacity.total} (${both("manifest.booked")} ${capacity.booked})`,
    ),
  ];
  for (const line of lines) y = drawText(doc, line, { x: left, y, width, size: 9 });
  if (totals.overLength || totals.overWeight) {
    y = drawText(doc, both("manifest.overLimit"), { x: left, y: y + 4, width, size: 9, bold: true, color: "#9c2f1f" });
  }
  return documentBytes(doc);
}
