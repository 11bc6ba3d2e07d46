import { Form, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** Invitations sent and not yet accepted, each revocable by whoever may invite. */
export function OpenInvitations({
  invitations,
  canRevoke,
}: {
  invitations: { id: string; email: string; kind: string; role: string | null; expires: string }[];
  canRevoke: boolean;
}) {
  const { t } = useTranslation("account");
  const { lang } = useParams();
  return (
    <>
      {invitations.length > 0 ? (
        <section aria-labelledby="invitations-heading">
          <h2 id="invitations-heading">{t("company.pending")}</h2>
          <ul>
            {invitations.map((invitation) => (
              <li key={invitation.id}>
                <bdi>{invitation.email}</bdi> —{" "}
                {invitation.kind === "PARTNER" ? t("company.partner") : t(`account.role.${invitation.role}`)} ·{" "}
                {t("company.expires", { date: invitation.expires })}
                {canRevoke ? (
                  <Form method="post" action={`/${lang}/company/invitations/${invitation.id}`} className="inline-form">
                    <button type="submit" className="link-button">
                      {t("company.revoke")}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
