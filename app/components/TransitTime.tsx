import { useTranslation } from "react-i18next";

/** Trains are counted in days, flights and short hops in hours. */
export function TransitTime({ hours }: { hours: number }) {
  const { t } = useTranslation("schedules");
  return hours < 48 ? (
    <>{t("board.hours", { count: hours })}</>
  ) : (
    <>{t("board.days", { count: Math.round(hours / 24) })}</>
  );
}
