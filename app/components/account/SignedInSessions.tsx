import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** A short name for a browser from its user agent ("Chrome · Windows"), or null. */
function deviceName(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const browser = /(Edg|Firefox|Chrome|Safari|HeadlessChrome)\/[\d.]+/.exec(userAgent)?.[1]?.replace("Edg", "Edge");
  const system = /(Windows|Mac OS X|Android|iPhone|iPad|Linux)/.exec(userAgent)?.[1]?.replace("Mac OS X", "macOS");
  return [browser, system].filter(Boolean).join(" · ") || null;
}

/** The account's signed-in sessions, with "sign out everywhere else". */
export function SignedInSessions({
  sessions,
}: {
  sessions: { id: string; current: boolean; device: string | null; signedInAt: string; lastSeen: string }[];
}) {
  const { t } = useTranslation("account");
  return (
    <section aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">{t("account.sessionsTitle")}</h2>
      <ul className="sessions">
        {sessions.map((session) => (
          <li key={session.id}>
            <strong>
              {session.current ? t("account.thisDevice") : (deviceName(session.device) ?? t("account.unknownDevice"))}
            </strong>
            <span>
              {" "}
              {t("account.signedInAt", { date: session.signedInAt })},{" "}
              {t("account.lastSeen", { date: session.lastSeen })}
            </span>
          </li>
        ))}
      </ul>
      {sessions.length > 1 ? (
        <Form method="post">
          <button type="submit" name="intent" value="signOutOthers">
            {t("account.signOutOthers")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
