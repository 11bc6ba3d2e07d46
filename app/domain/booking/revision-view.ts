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

/**
 * One change of a revision: what changed ("Consignee:", "Seals:"; none for the containers and
 * their price) and its value before and after. The page writes "before → after" with the arrow
 * of the reader's language (`booking:revision.change`) and each side in its own isolate.
 */
export interface RevisionChange {
  label: string | null;
  before: string;
  after: string;
  /** Both sides are amounts of money, which read left to right. */
  money?: boolean;
}

/** One line of the booking page's revision list: what changed (of which unit), from what to what. */
export function presentRevision(
  revision: Revision,
  t: TFunction,
  locale: Locale,
): { title: string; subject: string | null; changes: RevisionChange[] } {
  const title = t("revision.title", { number: revision.number, kind: t(`revision.kind.${revision.kind}`) });
  if (revision.kind === "CONTAINERS") {
    const currency = String(revision.after.currency ?? "");
    const money = (side: Record<string, unknown>) => formatMoney(Number(side.totalMinor ?? 0), currency, locale);
    return {
      title,
      subject: null,
      changes: [
        {
          label: null,
          before: containers(revision.before.containers, locale),
          after: containers(revision.after.containers, locale),
        },
        { label: null, before: money(revision.before), after: money(revision.after), money: true },
      ],
    };
  }
  if (revision.kind === "PARTIES") {
    return {
      title,
      subject: null,
      changes: Object.keys(revision.after).map((part) => ({
        label: `${t(`revision.part.${part}`)}:`,
        before: partSummary(revision.before[part]),
        after: partSummary(revision.after[part]),
      })),
    };
  }
  return {
    title,
    subject: String(revision.after.unit),
    changes: Object.keys(revision.after)
      .filter((field) => field !== "unit")
      .map((field) => ({
        label: t(`revision.field.${field}`),
        before: shown(revision.before[field], locale),
        after: shown(revision.after[field], locale),
      })),
  };
}
