import type { TFunction } from "i18next";
import type { Locale } from "~/i18n/config";
import { formatMoney, formatNumber } from "~/i18n/format";
import type { RevisionKind } from "./revisions.server";

interface Revision {
  number: number;
  kind: RevisionKind;
  by: string | null;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

const containers = (lines: unknown, locale: Locale) =>
  Object.entries((lines ?? {}) as Record<string, number>)
    .map(([code, quantity]) => `${formatNumber(quantity, locale)} × ${code}`)
    .join(", ") || "—";

const shown = (value: unknown, locale: Locale): string => {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "number") return formatNumber(value, locale);
  if (typeof value === "string" && value.startsWith("[")) {
    const list = JSON.parse(value) as string[];
    return list.length > 0 ? list.join(", ") : "—";
  }
  return String(value);
};

/** A party or address in a line: its name, first street line, city and country — or the Incoterm. */
const partSummary = (value: unknown): string => {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value;
  const part = value as { name?: string; addressLines?: string[]; city?: string; countryCode?: string };
  return [part.name, part.addressLines?.[0], part.city, part.countryCode].filter(Boolean).join(", ") || "—";
};

/** One line of the booking page's revision list: what changed, from what to what. */
export function presentRevision(revision: Revision, t: TFunction, locale: Locale): { title: string; change: string } {
  const title = t("revision.title", { number: revision.number, kind: t(`revision.kind.${revision.kind}`) });
  if (revision.kind === "CONTAINERS") {
    const currency = String(revision.after.currency ?? "");
    const money = (side: Record<string, unknown>) => formatMoney(Number(side.totalMinor ?? 0), currency, locale);
    return {
      title,
      change: `${containers(revision.before.containers, locale)} → ${containers(revision.after.containers, locale)}; ${money(revision.before)} → ${money(revision.after)}`,
    };
  }
  if (revision.kind === "PARTIES") {
    const parts = Object.keys(revision.after);
    return {
      title,
      change: parts
        .map(
          (part) =>
            `${t(`revision.part.${part}`)}: ${partSummary(revision.before[part])} → ${partSummary(revision.after[part])}`,
        )
        .join("; "),
    };
  }
  const fields = Object.keys(revision.after).filter((field) => field !== "unit");
  return {
    title,
    change: `${String(revision.after.unit)}: ${fields
      .map(
        (field) =>
          `${t(`revision.field.${field}`)} ${shown(revision.before[field], locale)} → ${shown(revision.after[field], locale)}`,
      )
      .join("; ")}`,
  };
}
