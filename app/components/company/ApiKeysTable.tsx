import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  requestCount: number;
  revokedAt: string | null;
}

/** The company's API keys: which, what for, how much used; live ones can be revoked. */
export function ApiKeysTable({ keys }: { keys: ApiKeyRow[] }) {
  const { t } = useTranslation("api");
  if (keys.length === 0) return <p className="empty">{t("keys.empty")}</p>;
  return (
    <table className="capacity-table stacked-table" data-testid="api-keys">
      <thead>
        <tr>
          <th scope="col">{t("keys.name")}</th>
          <th scope="col">{t("keys.prefix")}</th>
          <th scope="col">{t("keys.scopes")}</th>
          <th scope="col">{t("keys.use")}</th>
          <th scope="col">{t("keys.status")}</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((key) => (
          <tr key={key.id}>
            <td data-label={t("keys.name")}>
              <bdi>{key.name}</bdi>
            </td>
            <td data-label={t("keys.prefix")}>
              <code>{key.prefix}…</code>
            </td>
            <td data-label={t("keys.scopes")}>
              {key.scopes.map((scope) => t(`keys.scope.${scope.replace(":", "_")}`)).join(", ")}
            </td>
            <td data-label={t("keys.use")}>
              {t("keys.calls", { count: key.requestCount })}
              <br />
              {key.lastUsedAt ? t("keys.lastUsed", { time: key.lastUsedAt }) : t("keys.neverUsed")}
            </td>
            <td data-label={t("keys.status")}>
              {key.revokedAt ? (
                t("keys.revoked", { time: key.revokedAt })
              ) : (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="keyId" value={key.id} />
                  {t("keys.live", { time: key.createdAt })}{" "}
                  <button
                    type="submit"
                    name="intent"
                    value="revoke"
                    className="danger"
                    aria-label={t("keys.revokeFor", { name: key.name })}
                  >
                    {t("keys.revoke")}
                  </button>
                </Form>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
