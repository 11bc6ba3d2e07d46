import type { TFunction } from "i18next";
import {
  drawText,
  documentBytes,
  isRightToLeft,
  newDocument,
  textWidth,
  type TextOptions,
} from "~/domain/documents/pdf-text.server";
import { drawQrCode } from "~/domain/documents/qr-code.server";
import { isoInChina } from "~/domain/payments/issuer-time";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/config";
import { fixedT } from "~/i18n/i18next.server";
import { fingerprint, type WaybillContent, type WaybillGoods, type WaybillParty } from "./content";

/** Containers on the first page; more go on continuation pages (issue 12: one A4 page up to 4). */
export const CONTAINERS_ON_FIRST_PAGE = 4;

const MARGIN = 28;
const HEADER_HEIGHT = 30;
/** The first page's foot: freight terms, references, clauses, the QR code and the fingerprint. */
const FOOT_HEIGHT = 138;
const GREY = "#5b6776";
const ACCENT = "#9c2f1f";
const LINE = "#d6dde5";

type Content = WaybillContent;
type Place = { code: string; name: string; nameZh: string };
type Endpoint = Content["placeOfReceipt"];
type Container = Content["containers"][number];
type Address = { addressLines: string[]; city: string; postcode: string | null; countryCode: string };

/** Whether the train changes gauge or crosses a border on the way: the CIM/SMGS page is needed. */
export function needsRailConsignmentNote(content: Content): boolean {
  return content.legs.some((leg) => leg.mode === "RAIL" && (leg.gaugeChange !== null || leg.endsAtBorder));
}

/**
 * A through waybill version (一单制 multimodal transport document, decision 015) as an A4 PDF in
 * Chinese and the consignee's language (English beside Chinese when that is Chinese too): each
 * label in both languages, values as entered. Drawn from the content only, never from rows.
 * Page 1 holds the parties, the route, up to four containers and, at its foot, the terms, the
 * QR code linking `verifyUrl` (drawn as vectors) and the content's fingerprint; further
 * containers go on continuation pages; a journey that changes gauge or crosses a border by
 * rail gets a last page with the CIM/SMGS consignment note data. Every page's header carries
 * the number, the version and "page n of m".
 */
export async function renderWaybillPdf(
  content: Content,
  options: { consigneeLocale: Locale; verifyUrl: string },
): Promise<Uint8Array> {
  const reader: Locale = options.consigneeLocale === DEFAULT_LOCALE ? "en" : options.consigneeLocale;
  const [zh, own, zhCommon, ownCommon, zhBooking, ownBooking] = await Promise.all([
    fixedT(DEFAULT_LOCALE, "waybill"),
    fixedT(reader, "waybill"),
    fixedT(DEFAULT_LOCALE, "common"),
    fixedT(reader, "common"),
    fixedT(DEFAULT_LOCALE, "booking"),
    fixedT(reader, "booking"),
  ]);
  const rtl = isRightToLeft(own("title"));
  const doc = newDocument({
    title: `${zh("title")} ${content.number ?? zh("draft")}`,
    subject: content.bookingReference,
    margin: MARGIN,
    bufferPages: true,
  });
  const left = MARGIN;
  const width = doc.page.width - 2 * MARGIN;
  const bottom = doc.page.height - MARGIN;
  let y = MARGIN + HEADER_HEIGHT;

  /** A text in Chinese and the reader's language: one line "中文 / Reader" left to right, or two lines. */
  const pair = (t: [TFunction, TFunction], key: string, values: Record<string, unknown> = {}): string[] => {
    const [first, second] = [t[0](key, values), t[1](key, values)];
    if (first === second) return [first];
    return isRightToLeft(second) ? [first, second] : [`${first} / ${second}`];
  };
  const waybill: [TFunction, TFunction] = [zh, own];
  const common: [TFunction, TFunction] = [zhCommon, ownCommon];
  const label = (key: string) => pair(waybill, key);
  /** Two texts as lines: "中文 / Reader" on one, or two lines when the reader's is right to left. */
  const pairLines = (first: string, second: string) =>
    first === second ? [first] : isRightToLeft(second) ? [first, second] : [`${first} / ${second}`];
  /** A label with its value: "版本 / Fassung: 1", or one line per language for a right-to-left reader. */
  const labelled = (key: string, value: string | number) => {
    const [first, second] = [zh(key), own(key)];
    if (first === second) return [`${first}: ${value}`];
    return isRightToLeft(second) ? [`${first}: ${value}`, `${second}: ${value}`] : [`${first} / ${second}: ${value}`];
  };
  /** A label as one line that can sit in a left-to-right line (Chinese alone beside Arabic). */
  const inline = (key: string) => pair(waybill, key)[0]!;

  /** Lines one under the other (a right-to-left one aligned right); the y below them. */
  const lines = (texts: string[], style: Omit<TextOptions, "y">, top: number) =>
    texts.reduce((below, text) => drawText(doc, text, { ...style, y: below }), top);
  /** A label (Chinese and the reader's, side by side when they fit) in grey; the y below it. */
  const drawLabel = (key: string, x: number, w: number, top: number) => {
    const style = { x, width: w, size: 6.3, color: GREY };
    const [first, second] = [zh(key), own(key)];
    if (second === first) return drawText(doc, first, { ...style, y: top });
    if (!isRightToLeft(second)) return drawText(doc, `${first} / ${second}`, { ...style, y: top });
    if (textWidth(doc, first, style) + textWidth(doc, second, style) + 8 <= w) {
      drawText(doc, second, { ...style, y: top });
      return drawText(doc, first, { ...style, y: top });
    }
    return lines([first, second], style, top);
  };
  /**
   * Text ending at the right edge of its box: PDFKit aligns one font's run, not a line of
   * several, so a left-to-right line is measured and drawn from where it must start.
   */
  const drawRight = (text: string, style: TextOptions) =>
    isRightToLeft(text)
      ? drawText(doc, text, { ...style, align: "right" })
      : drawText(doc, text, { ...style, x: style.x + style.width - textWidth(doc, text, style), align: "left" });
  /** A labelled box: the label above its value lines; the y below it. */
  const box = (key: string, values: string[], x: number, w: number, top: number) => {
    const below = drawLabel(key, x + 3, w - 6, top + 2);
    return lines(values, { x: x + 3, width: w - 6, size: 7.5 }, below + 0.5) + 3;
  };
  const rule = (at: number, from = left, to = left + width, color = LINE, lineWidth = 0.5) =>
    doc.moveTo(from, at).lineTo(to, at).strokeColor(color).lineWidth(lineWidth).stroke();
  const heading = (key: string) => {
    y += 3;
    const style = { x: left, width, size: 8.5, bold: true, color: ACCENT };
    const [first, second] = [zh(key), own(key)];
    if (isRightToLeft(second)) {
      drawText(doc, second, { ...style, y });
      y = drawText(doc, first, { ...style, y });
    } else y = drawText(doc, first === second ? first : `${first} / ${second}`, { ...style, y });
    rule(y + 0.5);
    y += 2.5;
  };
  /** A table row: each cell's lines from the row's top; the row ends below its tallest cell. */
  const row = (cells: { x: number; w: number; texts: string[]; size?: number; bold?: boolean }[]) => {
    const top = y;
    y = Math.max(
      ...cells.map((cell) =>
        lines(cell.texts, { x: cell.x + 2, width: cell.w - 4, size: cell.size ?? 7, bold: cell.bold }, top),
      ),
    );
    y += 1.5;
  };
  /** Column headings of a table, from `[width share, label key]`; the columns' positions. */
  const columns = (spec: [number, string][]) => {
    let x = left;
    const cells = spec.map(([share, key]) => {
      const cell = { x, w: width * share, key };
      x += width * share;
      return cell;
    });
    const top = y;
    y = Math.max(...cells.map((cell) => drawLabel(cell.key, cell.x + 2, cell.w - 4, top))) + 1;
    rule(y);
    y += 1.5;
    return cells;
  };

  const placeLines = (place: Place) =>
    place.name === place.nameZh
      ? [`${place.nameZh} (${place.code})`]
      : isRightToLeft(place.name)
        ? [`${place.nameZh} (${place.code})`, place.name]
        : [`${place.nameZh} ${place.name} (${place.code})`];
  const compactAddress = (address: Address) => [
    address.addressLines.join(", "),
    [address.postcode, address.city, address.countryCode].filter(Boolean).join(" "),
  ];
  /** A party in few lines: name, street, city, tax number and contact. */
  const partyLines = (party: WaybillParty | null) => {
    if (!party) return ["—"];
    const contact = [party.contactName, party.phone, party.email].filter((part): part is string => part !== null);
    return [
      party.name,
      ...compactAddress(party),
      ...(party.taxId ? [party.taxId] : []),
      ...(contact.length ? [contact.join(" · ")] : []),
    ];
  };
  const endpointLines = (endpoint: Endpoint) =>
    endpoint.kind === "DOOR"
      ? [...label("door"), ...compactAddress(endpoint.address)]
      : [...label("terminal"), ...placeLines(endpoint.place)];
  const consigneeLines = () => {
    const { consignee } = content;
    if (!consignee.toOrder) return partyLines(consignee.party);
    const order = consignee.orderOf ? [...label("toOrder"), consignee.orderOf] : label("toOrderOfShipper");
    return [...order, ...(consignee.party ? partyLines(consignee.party) : [])];
  };
  const day = (iso: string) => isoInChina(new Date(iso));
  const kg = (value: number) => new Intl.NumberFormat("en", { maximumFractionDigits: 3 }).format(value);

  // ---- Page 1: title, operator and document, parties, route.
  const titleStyle = { x: left, width, size: 12.5, bold: true };
  if (rtl) {
    drawText(doc, own("title"), { ...titleStyle, y });
    y = drawText(doc, zh("title"), { ...titleStyle, y });
  } else y = drawText(doc, pair(waybill, "title")[0]!, { ...titleStyle, y });
  y += 3;

  const third = width / 3;
  const mto = content.multimodalTransportOperator;
  const top = y;
  const operatorBottom = box(
    "operator",
    [mto.name, ...compactAddress(mto), ...(mto.taxId ? [...label("taxId"), mto.taxId] : [])],
    left,
    third,
    top,
  );
  const issue = content.issue;
  const issueBottom = box(
    "number",
    [...(content.number ? [content.number] : label("draft")), ...labelled("version", content.version ?? "—")],
    left + third,
    third,
    top,
  );
  const issuePlaceBottom = box(
    "placeOfIssue",
    [
      ...(issue ? [...placeLines(issue.place), ...labelled("dateOfIssue", issue.date)] : ["—"]),
      ...(content.amendmentReason ? [...label("amendmentReason"), content.amendmentReason] : []),
    ],
    left + 2 * third,
    third,
    top,
  );
  y = Math.max(operatorBottom, issueBottom, issuePlaceBottom);
  rule(y);

  /** Boxes side by side, with rules between and under them. */
  const boxRow = (boxes: [string, string[]][]) => {
    const rowTop = y;
    const share = width / boxes.length;
    y = Math.max(...boxes.map(([key, values], index) => box(key, values, left + index * share, share, rowTop)));
    for (let index = 1; index < boxes.length; index += 1)
      doc
        .moveTo(left + index * share, rowTop)
        .lineTo(left + index * share, y)
        .strokeColor(LINE)
        .lineWidth(0.5)
        .stroke();
    rule(y);
  };
  boxRow([
    ["shipper", partyLines(content.shipper)],
    ["consignee", consigneeLines()],
    ["notifyParty", partyLines(content.notifyParty)],
  ]);
  boxRow([
    ["placeOfReceipt", endpointLines(content.placeOfReceipt)],
    ["placeOfDelivery", endpointLines(content.placeOfDelivery)],
    ["service", [content.service.number, ...pair(common, `legMode.${content.service.mode}`)]],
  ]);

  heading("legs");
  const legColumns = columns([
    [0.09, "legMode"],
    [0.2, "legFrom"],
    [0.2, "legTo"],
    [0.1, "legDeparture"],
    [0.1, "legArrival"],
    [0.31, "legBorder"],
  ]);
  for (const leg of content.legs) {
    const gauge = leg.gaugeChange?.replace(">", " → ");
    const borderIn = (t: TFunction) =>
      [leg.endsAtBorder ? t("borderCrossing") : null, gauge ? `${t("gaugeChange")} ${gauge}` : null]
        .filter(Boolean)
        .join(" · ");
    const border = leg.endsAtBorder || gauge ? pairLines(borderIn(zh), borderIn(own)) : [];
    const cells = [
      pair(common, `legMode.${leg.mode}`),
      placeLines(leg.from),
      placeLines(leg.to),
      [day(leg.plannedDeparture)],
      [day(leg.plannedArrival)],
      border.length ? border : ["—"],
    ];
    row(legColumns.map((column, index) => ({ x: column.x, w: column.w, texts: cells[index]! })));
  }

  // ---- Containers (or the air consignment's pieces and goods).
  const goodsSpec: [number, string][] = [
    [0.3, "goods"],
    [0.1, "hsCode"],
    [0.14, "packages"],
    [0.11, "grossWeight"],
    [0.09, "volume"],
    [0.14, "marks"],
    [0.12, "dangerousGoods"],
  ];
  const goodsRow = (goods: WaybillGoods, cells: { x: number; w: number }[]) => {
    const dg = goods.dangerousGoods;
    const texts = [
      [goods.description],
      [goods.hsCode],
      pairLines(
        `${goods.packages} ${zhBooking(`cargo.packageTypes.${goods.packageType}`)}`,
        ownBooking(`cargo.packageTypes.${goods.packageType}`),
      ),
      [kg(goods.grossWeightKg)],
      [kg(goods.volumeM3)],
      [goods.marks ?? "N/M"],
      [dg ? [dg.unNumber, dg.dgClass, dg.packingGroup].filter(Boolean).join(" · ") : "—"],
    ];
    row(cells.map((cell, index) => ({ ...cell, texts: texts[index]! })));
  };
  const containerSpec: [number, string][] = [
    [0.1, "sizeType"],
    [0.2, "containerNumber"],
    [0.22, "seals"],
    [0.3, "vgm"],
    [0.18, "reefer"],
  ];
  /** Height a container takes, roughly (its row and its goods rows), to decide where it goes. */
  /**
   * The height a container will take (its row, and each goods row as tall as its longest
   * wrapped description or marks), to decide before drawing whether it still fits the page.
   */
  const containerHeight = (unit: Container) => {
    const lineHeight = 10.5;
    const linesOf = (text: string, share: number) =>
      Math.ceil(textWidth(doc, text, { size: 7 }) / (width * share - 4) + 0.05);
    const goodsHeight = (goods: WaybillGoods) =>
      Math.max(rtl ? 2 : 1, linesOf(goods.description, 0.3), linesOf(goods.marks ?? "N/M", 0.14)) * lineHeight + 1.5;
    return 14 + unit.goods.reduce((sum, goods) => sum + goodsHeight(goods), 0);
  };
  const drawContainer = (unit: Container, containerCells: { x: number; w: number }[]) => {
    doc
      .rect(left, y - 0.5, width, 10)
      .fillColor("#f1f4f7")
      .fill();
    const texts = [
      [unit.isoSizeType],
      [`${unit.containerNumber ?? inline("atGateIn")}${unit.shipperOwned ? " (SOC)" : ""}`],
      [unit.seals.length ? unit.seals.join(", ") : "—"],
      [
        unit.vgm
          ? `${kg(unit.vgm.kg)} kg · SOLAS ${unit.vgm.method.replace("METHOD_", "M")} · ${unit.vgm.responsiblePerson}`
          : "—",
      ],
      [unit.reeferSetpointC === null ? "—" : `${unit.reeferSetpointC} °C`],
    ];
    row(containerCells.map((cell, index) => ({ ...cell, texts: texts[index]!, bold: index < 2 })));
    const goodsCells = goodsSpec.reduce<{ x: number; w: number }[]>((cells, [share]) => {
      const x = cells.length ? cells.at(-1)!.x + cells.at(-1)!.w : left;
      return [...cells, { x, w: width * share }];
    }, []);
    for (const goods of unit.goods) goodsRow(goods, goodsCells);
    rule(y - 0.5);
    y += 1;
  };
  const containerHeadings = () => {
    const containerCells = columns(containerSpec);
    y -= 1;
    columns(goodsSpec);
    return containerCells;
  };

  const footTop = bottom - FOOT_HEIGHT;
  const rest: Container[] = [];
  if (content.containers.length > 0) {
    heading("containers");
    const cells = containerHeadings();
    content.containers.forEach((unit, index) => {
      if (rest.length > 0 || index >= CONTAINERS_ON_FIRST_PAGE || y + containerHeight(unit) > footTop) rest.push(unit);
      else drawContainer(unit, cells);
    });
  }
  if (content.air) {
    heading("airPieces");
    y = lines(
      content.air.pieces.map(
        (piece) =>
          `${piece.quantity} × ${piece.lengthCm} × ${piece.widthCm} × ${piece.heightCm} cm · ${kg(piece.grossKg)} kg`,
      ),
      { x: left + 2, width: width - 4, size: 7.5 },
      y,
    );
    heading("goods");
    const cells = columns(goodsSpec);
    for (const goods of content.air.goods) goodsRow(goods, cells);
  }

  // ---- Page 1's foot: totals and terms, clauses, QR code, verification address, fingerprint.
  y = footTop;
  rule(y, left, left + width, "#1d2733", 0.7);
  y += 2;
  const qrSize = 84;
  const textWidthLeft = width - qrSize - 8;
  const { totals } = content;
  const footThird = textWidthLeft / 3;
  const footRowTop = y;
  const totalsBottom = box(
    "totals",
    [
      ...(totals.containers > 0 ? [`${totals.containers} × ${inline("containers")}`] : []),
      `${totals.packages} · ${kg(totals.grossWeightKg)} kg · ${kg(totals.volumeM3)} m³`,
    ],
    left,
    footThird,
    footRowTop,
  );
  const freightBottom = box(
    "freightTerms",
    [
      ...pair(waybill, `freight.${content.freightTerms}`),
      ...labelled("originals", content.originals),
      ...(content.originals === 0 ? label("electronicOnly") : []),
    ],
    left + footThird,
    footThird,
    footRowTop,
  );
  const referenceBottom = box(
    "bookingReference",
    [
      content.priceReference.bookingReference,
      ...(content.priceReference.invoiceNumber
        ? [...label("invoiceReference"), content.priceReference.invoiceNumber]
        : []),
    ],
    left + 2 * footThird,
    footThird,
    footRowTop,
  );
  y = Math.max(totalsBottom, freightBottom, referenceBottom);
  const clauseTexts = [zh("clause", { version: content.carriageTerms.version })];
  if (own("clause") !== zh("clause")) clauseTexts.push(own("clause", { version: content.carriageTerms.version }));
  y = drawLabel("carriageTerms", left + 3, textWidthLeft - 6, y + 2);
  y = lines(clauseTexts, { x: left + 3, width: textWidthLeft - 6, size: 6.5 }, y + 0.5);
  y = drawLabel("signature", left + 3, textWidthLeft - 6, y + 2);

  const qrTop = footTop + 4;
  drawQrCode(doc, options.verifyUrl, { x: left + width - qrSize, y: qrTop, size: qrSize });
  const footLine = bottom - 20;
  [...new Set([zh("verify"), own("verify")])].reduce(
    (below, text) => drawRight(text, { x: left + width - qrSize, y: below, width: qrSize, size: 6.3, color: GREY }),
    qrTop + qrSize,
  );
  drawText(doc, options.verifyUrl, { x: left, y: footLine, width, size: 6.5 });
  const print = fingerprint(content);
  const [zhPrint, ownPrint] = labelled("fingerprint", print);
  const printStyle = { x: left, y: footLine + 9, width, size: 7, bold: true };
  drawText(doc, zhPrint!, printStyle);
  if (ownPrint) drawText(doc, ownPrint, printStyle);

  // ---- Continuation pages: the containers after the fourth.
  if (rest.length > 0) {
    doc.addPage();
    y = MARGIN + HEADER_HEIGHT;
    heading("continued");
    let cells = containerHeadings();
    for (const unit of rest) {
      if (y + containerHeight(unit) > bottom - 12) {
        doc.addPage();
        y = MARGIN + HEADER_HEIGHT;
        heading("continued");
        cells = containerHeadings();
      }
      drawContainer(unit, cells);
    }
  }

  // ---- The CIM/SMGS page: what the train needs at the border stations.
  if (needsRailConsignmentNote(content)) {
    doc.addPage();
    y = MARGIN + HEADER_HEIGHT;
    heading("cimTitle");
    y = lines(pair(waybill, "cimNote"), { x: left, width, size: 7, color: GREY }, y) + 3;
    const railLegs = content.legs.filter((leg) => leg.mode === "RAIL");
    const stationTop = y;
    const third3 = width / 3;
    const departure = box("departureStation", placeLines(railLegs[0]!.from), left, third3, stationTop);
    const borders = box(
      "borderStations",
      railLegs
        .filter((leg) => leg.endsAtBorder || leg.gaugeChange)
        .flatMap((leg) => [...placeLines(leg.to), ...(leg.gaugeChange ? [leg.gaugeChange.replace(">", " → ")] : [])]),
      left + third3,
      third3,
      stationTop,
    );
    const destination = box(
      "destinationStation",
      placeLines(railLegs.at(-1)!.to),
      left + 2 * third3,
      third3,
      stationTop,
    );
    y = Math.max(departure, borders, destination);
    rule(y);
    boxRow([
      ["consignor", partyLines(content.shipper)],
      ["consignee", consigneeLines()],
    ]);
    heading("containers");
    const cimColumns = columns([
      [0.1, "sizeType"],
      [0.17, "containerNumber"],
      [0.18, "seals"],
      [0.13, "grossWeight"],
      [0.42, "goods"],
    ]);
    for (const unit of content.containers) {
      if (y > bottom - 30) break;
      const gross = unit.goods.reduce((sum, goods) => sum + goods.grossWeightKg, 0);
      const texts = [
        [unit.isoSizeType],
        [unit.containerNumber ?? inline("atGateIn")],
        [unit.seals.join(", ") || "—"],
        [kg(gross)],
        unit.goods.map((goods) => `${goods.hsCode} · ${goods.description}`),
      ];
      row(cimColumns.map((column, index) => ({ x: column.x, w: column.w, texts: texts[index]! })));
    }
  }

  // ---- Every page's header: the operator, the number and version, page n of m.
  const range = doc.bufferedPageRange();
  const pages = range.count;
  for (let index = 0; index < pages; index += 1) {
    doc.switchToPage(range.start + index);
    const page = { page: index + 1, pages };
    const style = { x: left, width, size: 7, color: GREY };
    drawText(doc, "丝路通 Silu Gateway", { ...style, y: MARGIN, size: 9, bold: true, color: ACCENT });
    drawText(doc, mto.name, { ...style, y: MARGIN + 11 });
    const versionText = `${content.number ?? inline("draft")} · ${inline("version")} ${content.version ?? "—"}`;
    drawRight(versionText, { ...style, y: MARGIN, size: 8, bold: true, color: "#1d2733" });
    const pageTexts = [zh("page", page), own("page", page)];
    if (isRightToLeft(pageTexts[1]!)) {
      drawRight(pageTexts[0]!, { ...style, y: MARGIN + 10 });
      drawRight(pageTexts[1]!, { ...style, y: MARGIN + 17 });
    } else drawRight(`${pageTexts[0]} · ${pageTexts[1]}`, { ...style, y: MARGIN + 11 });
    rule(MARGIN + HEADER_HEIGHT - 5);
  }
  return documentBytes(doc);
}
