import { DateTime } from "luxon";

/**
 * The staff dashboard's pure parts (issue 13, item 7): the time windows of a port (in the
 * port's zone) and the utilisation bars drawn as server-rendered SVG.
 */

/** How soon a hold must end to count as "about to expire". */
export const EXPIRING_HOLD_MINUTES = 60;
/** How close the cargo cut-off must be for boxes not gated in to show. */
export const GATE_IN_HORIZON_HOURS = 48;
/** How far back departures without a DEPA event are looked for. */
export const MISSING_DEPA_LOOKBACK_DAYS = 7;

export interface PortWindows {
  /** The port's local calendar day of `now`: [start, end). */
  today: { start: Date; end: Date };
  /** The six local days after today: [today.end, start of the seventh day). */
  week: { start: Date; end: Date };
}

/**
 * Today and the rest of the week (the next six local days) at a port: calendar days as its
 * clocks show them, so a day across a DST change is 23 or 25 hours long.
 */
export function portWindows(now: Date, timeZone: string): PortWindows {
  const start = DateTime.fromJSDate(now, { zone: timeZone }).startOf("day");
  if (!start.isValid) throw new Error(`Invalid time zone "${timeZone}"`);
  const tomorrow = start.plus({ days: 1 });
  return {
    today: { start: start.toJSDate(), end: tomorrow.toJSDate() },
    week: { start: tomorrow.toJSDate(), end: start.plus({ days: 7 }).toJSDate() },
  };
}

export interface UtilisationRow {
  equipmentCode: string;
  total: number;
  held: number;
  booked: number;
}

export interface UtilisationBar {
  equipmentCode: string;
  y: number;
  /** Widths of the booked and held parts, never more than the track together. */
  bookedWidth: number;
  heldWidth: number;
  /** (held + booked) / total in whole percent; may exceed 100 when over capacity. */
  percent: number;
  over: boolean;
  /** The text drawn beside the bar. */
  text: string;
}

export interface UtilisationChart {
  width: number;
  height: number;
  labelWidth: number;
  trackWidth: number;
  barHeight: number;
  bars: UtilisationBar[];
  /** The numbers of every bar, for aria-label and the text alternative. */
  label: string;
}

export interface BarFacts {
  equipmentCode: string;
  booked: number;
  held: number;
  total: number;
  percent: number;
  over: boolean;
}

const LABEL_WIDTH = 56;
const TRACK_WIDTH = 180;
const TEXT_WIDTH = 88;
const BAR_HEIGHT = 14;
const ROW_GAP = 6;

/** Whole percent used; 0 of 0 is 0 %, anything of 0 is 100 % (and over). */
export function utilisationPercent(row: Pick<UtilisationRow, "total" | "held" | "booked">): number {
  const used = Math.max(0, row.held) + Math.max(0, row.booked);
  if (row.total <= 0) return used > 0 ? 100 : 0;
  return Math.round((used / row.total) * 100);
}

/**
 * The bars of one departure, one per equipment type: booked then held, clamped to the track so
 * a bar never draws beyond 100 % (over capacity is flagged and its real percentage told).
 * `describe` words one bar's numbers in the reader's language for the accessible label.
 */
export function utilisationChart(rows: UtilisationRow[], describe: (facts: BarFacts) => string): UtilisationChart {
  const bars = rows.map((row, index) => {
    const total = Math.max(0, row.total);
    const booked = Math.max(0, row.booked);
    const held = Math.max(0, row.held);
    const percent = utilisationPercent(row);
    const over = booked + held > total;
    const scale = total > 0 ? TRACK_WIDTH / total : 0;
    const bookedWidth = round1(total > 0 ? Math.min(TRACK_WIDTH, booked * scale) : booked > 0 ? TRACK_WIDTH : 0);
    const heldWidth = Math.min(
      TRACK_WIDTH - bookedWidth,
      round1(total > 0 ? held * scale : held > 0 ? TRACK_WIDTH : 0),
    );
    return {
      equipmentCode: row.equipmentCode,
      y: index * (BAR_HEIGHT + ROW_GAP),
      bookedWidth,
      heldWidth,
      percent,
      over,
      text: `${booked + held}/${total} · ${percent}%`,
    };
  });
  const label = bars
    .map((bar, index) =>
      describe({
        equipmentCode: bar.equipmentCode,
        booked: Math.max(0, rows[index]!.booked),
        held: Math.max(0, rows[index]!.held),
        total: Math.max(0, rows[index]!.total),
        percent: bar.percent,
        over: bar.over,
      }),
    )
    .join("; ");
  return {
    width: LABEL_WIDTH + TRACK_WIDTH + TEXT_WIDTH,
    height: Math.max(BAR_HEIGHT, bars.length * (BAR_HEIGHT + ROW_GAP) - ROW_GAP),
    labelWidth: LABEL_WIDTH,
    trackWidth: TRACK_WIDTH,
    barHeight: BAR_HEIGHT,
    bars,
    label,
  };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
