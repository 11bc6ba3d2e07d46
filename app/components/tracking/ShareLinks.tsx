import { useEffect, useState } from "react";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LANGUAGE_ENDONYMS, isLocale } from "~/i18n/config";

/** Copies `text` to the clipboard; shown only once scripts run (the field can be selected by hand). */
export function CopyButton({ text }: { text: string }) {
  const { t } = useTranslation("tracking");
  const [ready, setReady] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setReady(true), []);
  if (!ready) return null;
  return (
    <button
      type="button"
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => setCopied(true));
      }}
    >
      {copied ? t("links.copied") : t("links.copy")}
    </button>
  );
}

export interface ShareLinkRow {
  id: string;
  hint: string;
  locale: string;
  state: "ACTIVE" | "EXPIRED" | "REVOKED";
  createdAt: string;
  expiresAt: string;
}

/** A booking's tracking links: which language, when made, until when, and a revoke button for live ones. */
export function ShareLinksTable({ links, canManage }: { links: ShareLinkRow[]; canManage: boolean }) {
  const { t } = useTranslation("tracking");
  if (links.length === 0) return <p className="empty">{t("links.none")}</p>;
  return (
    <table className="capacity-table stacked-table" data-testid="share-links">
      <thead>
        <tr>
          <th scope="col">{t("links.hint")}</th>
          <th scope="col">{t("links.language")}</th>
          <th scope="col">{t("links.createdAt")}</th>
          <th scope="col">{t("links.expiresAt")}</th>
          <th scope="col">{t("links.state")}</th>
          {canManage ? <th scope="col">{t("links.actions")}</th> : null}
        </tr>
      </thead>
      <tbody>
        {links.map((link) => (
          <tr key={link.id} data-testid={`share-link-${link.id}`}>
            <td data-label={t("links.hint")}>
              <bdi dir="ltr">{link.hint}…</bdi>
            </td>
            <td data-label={t("links.language")}>
              {isLocale(link.locale) ? LANGUAGE_ENDONYMS[link.locale] : link.locale}
            </td>
            <td data-label={t("links.createdAt")}>{link.createdAt}</td>
            <td data-label={t("links.expiresAt")}>{link.expiresAt}</td>
            <td data-label={t("links.state")}>{t(`links.states.${link.state}`)}</td>
            {canManage ? (
              <td data-label={t("links.actions")}>
                {link.state === "ACTIVE" ? (
                  <Form method="post">
                    <input type="hidden" name="linkId" value={link.id} />
                    <button
                      type="submit"
                      name="intent"
                      value="revoke"
                      aria-label={t("links.revokeLabel", { hint: link.hint })}
                    >
                      {t("links.revoke")}
                    </button>
                  </Form>
                ) : null}
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
