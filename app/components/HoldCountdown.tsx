import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * Minutes left on a hold. The server renders the figure at the time of the request; with
 * JavaScript it counts down, and says when the hold has lapsed, and when the cargo cut-off
 * ends it early.
 */
export function HoldCountdown({
  expiresAt,
  serverNow,
  expiresLocal,
  atCutoff,
}: {
  expiresAt: string;
  serverNow: string;
  expiresLocal: string;
  /** The hold was cut short by the cargo cut-off. */
  atCutoff: boolean;
}) {
  const { t } = useTranslation("booking");
  const deadline = new Date(expiresAt).getTime();
  const [now, setNow] = useState(() => new Date(serverNow).getTime());
  useEffect(() => {
    const offset = new Date(serverNow).getTime() - Date.now();
    const tick = () => setNow(Date.now() + offset);
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [serverNow]);
  const seconds = Math.max(0, Math.round((deadline - now) / 1000));
  return (
    <p className="hold-countdown" role="timer" aria-live="off" data-testid="hold-countdown">
      {seconds > 0
        ? t(atCutoff ? "hold.remainingCutoff" : "hold.remaining", {
            minutes: Math.floor(seconds / 60),
            seconds: String(seconds % 60).padStart(2, "0"),
            time: expiresLocal,
          })
        : t("hold.lapsed")}
    </p>
  );
}
