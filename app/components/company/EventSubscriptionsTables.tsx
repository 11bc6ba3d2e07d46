import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

interface SubscriptionRow {
  id: string;
  callbackHost: string;
  filters: Record<string, string | string[] | undefined>;
  createdAt: string;
  lastSuccessAt: string | null;
  failedCount: number;
}

interface ProblemRow {
  id: string;
  eventId: string;
  callbackHost: string;
  status: string;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
}

/** The company's subscriptions: where they call back, what they filter, how they fare; each can be deleted. */
export function SubscriptionsTable({ subscriptions }: { subscriptions: SubscriptionRow[] }) {
  const { t } = useTranslation("api");
  if (subscriptions.length === 0) return <p className="empty">{t("subscriptions.empty")}</p>;
  return (
    <table className="capacity-table stacked-table" data-testid="event-subscriptions">
      <thead>
        <tr>
          <th scope="col">{t("subscriptions.callback")}</th>
          <th scope="col">{t("subscriptions.filters")}</th>
          <th scope="col">{t("subscriptions.created")}</th>
          <th scope="col">{t("subscriptions.lastSuccess")}</th>
          <th scope="col">{t("subscriptions.failed")}</th>
          <th scope="col">
            <span className="visually-hidden">{t("subscriptions.delete")}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {subscriptions.map((row) => {
          const filters = Object.entries(row.filters).filter(([, value]) => value !== undefined);
          return (
            <tr key={row.id}>
              <td data-label={t("subscriptions.callback")}>
                <bdi dir="ltr">{row.callbackHost}</bdi>
              </td>
              <td data-label={t("subscriptions.filters")}>
                {filters.length === 0
                  ? t("subscriptions.allEvents")
                  : filters.map(([name, value]) => (
                      <div key={name} dir="ltr">
                        <code>
                          {name}={[value].flat().join(",")}
                        </code>
                      </div>
                    ))}
              </td>
              <td data-label={t("subscriptions.created")}>{row.createdAt}</td>
              <td data-label={t("subscriptions.lastSuccess")}>{row.lastSuccessAt ?? t("subscriptions.never")}</td>
              <td data-label={t("subscriptions.failed")}>{row.failedCount}</td>
              <td>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="subscriptionId" value={row.id} />
                  <button
                    type="submit"
                    name="intent"
                    value="delete"
                    className="danger"
                    aria-label={t("subscriptions.deleteFor", { host: row.callbackHost })}
                  >
                    {t("subscriptions.delete")}
                  </button>
                </Form>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Notifications that fail: still retried (with the next try) or given up (can be sent again). */
export function DeliveryProblemsTable({ problems }: { problems: ProblemRow[] }) {
  const { t } = useTranslation("api");
  if (problems.length === 0) return <p className="empty">{t("subscriptions.problemsEmpty")}</p>;
  return (
    <table className="capacity-table stacked-table" data-testid="delivery-problems">
      <thead>
        <tr>
          <th scope="col">{t("subscriptions.callback")}</th>
          <th scope="col">{t("subscriptions.event")}</th>
          <th scope="col">{t("subscriptions.tries")}</th>
          <th scope="col">{t("subscriptions.lastError")}</th>
          <th scope="col">{t("subscriptions.status")}</th>
        </tr>
      </thead>
      <tbody>
        {problems.map((row) => (
          <tr key={row.id}>
            <td data-label={t("subscriptions.callback")}>
              <bdi dir="ltr">{row.callbackHost}</bdi>
            </td>
            <td data-label={t("subscriptions.event")}>
              <code>{row.eventId}</code>
            </td>
            <td data-label={t("subscriptions.tries")}>{row.attempts}</td>
            <td data-label={t("subscriptions.lastError")}>
              <code dir="ltr">{row.lastError ?? (row.lastStatus ? `HTTP ${row.lastStatus}` : "")}</code>
              {row.lastAttemptAt ? (
                <>
                  <br />
                  {t("subscriptions.lastTry", { time: row.lastAttemptAt })}
                </>
              ) : null}
            </td>
            <td data-label={t("subscriptions.status")}>
              {row.status === "FAILED" ? (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="deliveryId" value={row.id} />
                  {t("subscriptions.givenUp")}{" "}
                  <button
                    type="submit"
                    name="intent"
                    value="retry"
                    aria-label={t("subscriptions.retryFor", { event: row.eventId })}
                  >
                    {t("subscriptions.retry")}
                  </button>
                </Form>
              ) : (
                t("subscriptions.nextTry", { time: row.nextAttemptAt ?? "" })
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
