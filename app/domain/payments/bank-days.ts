import { DateTime } from "luxon";
import { ISSUER_TIME_ZONE } from "./issuer-time";

/**
 * Bank transfers are made on business days (Monday to Friday) in the issuer's zone, and a
 * transfer sent during a business day reaches the operator's account by its end: due times
 * are 17:00 Beijing time on a business day, never the middle of a night or a weekend.
 * (Chinese public holidays are not yet known to the portal; weekends are.)
 */
export const BANK_DAY_ENDS_AT_HOUR = 17;

const isBusinessDay = (day: DateTime) => day.weekday <= 5;
const endOf = (day: DateTime) => day.set({ hour: BANK_DAY_ENDS_AT_HOUR, minute: 0, second: 0, millisecond: 0 });

/** The end (17:00) of the `days`-th business day after today, in the issuer's zone. */
export function businessDaysLater(now: Date, days: number): Date {
  let day = DateTime.fromJSDate(now, { zone: ISSUER_TIME_ZONE });
  let counted = 0;
  while (counted < days) {
    day = day.plus({ days: 1 });
    if (isBusinessDay(day)) counted += 1;
  }
  return endOf(day).toJSDate();
}

/** The last business-day end (17:00) at or before `moment`. */
export function lastBusinessDayEndBefore(moment: Date): Date {
  let day = DateTime.fromJSDate(moment, { zone: ISSUER_TIME_ZONE });
  if (endOf(day) > day) day = day.minus({ days: 1 });
  while (!isBusinessDay(day)) day = day.minus({ days: 1 });
  return endOf(day).toJSDate();
}

/**
 * When a bank-transfer invoice issued now falls due: the end of the `days`-th business day, or
 * the last business-day end before the cargo cut-off if that comes first. Null when the cut-off
 * leaves fewer than `minimumDays` business days: a transfer could not be expected in time.
 */
export function bankTransferDueAt(
  now: Date,
  policy: { days: number; minimumDays: number },
  cargoCutoffAt: Date,
): Date | null {
  if (businessDaysLater(now, policy.minimumDays) > cargoCutoffAt) return null;
  const due = businessDaysLater(now, policy.days);
  return due <= cargoCutoffAt ? due : lastBusinessDayEndBefore(cargoCutoffAt);
}
