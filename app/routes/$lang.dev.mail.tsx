import { recentOutbox } from "~/domain/email/mailer.server";
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LinkedText } from "~/components/LinkedText";
import { formatLocalDateTime } from "~/i18n/format";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { requireLocale } from "~/utils/locale.server";
import { domainRoute } from "~/utils/forms.server";

export const handle = { i18n: ["common"] };

/** Development only: the e-mails the portal would have sent, when no SMTP_URL is set. */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  if (env().NODE_ENV === "production") throw data(null, { status: 404 });
  const messages = await recentOutbox(db());
  return {
    messages: messages.map((message) => ({
      id: message.id,
      to: message.to,
      subject: message.subject,
      text: message.text,
      locale: message.locale,
      createdAt: formatLocalDateTime(message.createdAt, locale, "Asia/Shanghai"),
      delivered: Boolean(message.sentAt),
    })),
  };
});

export default function DevelopmentMail() {
  const { t } = useTranslation("common");
  const { messages } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("devMail.title")}</h1>
      <p className="lead">{t("devMail.intro")}</p>
      {messages.length === 0 ? <p>{t("devMail.empty")}</p> : null}
      {messages.map((message) => (
        <article key={message.id} className="departure-card" lang={message.locale}>
          <h2>{message.subject}</h2>
          <p>
            {t("devMail.to", { to: message.to })} · {message.createdAt} ·{" "}
            {message.delivered ? t("devMail.delivered") : t("devMail.kept")}
          </p>
          <pre className="mail-text">
            <LinkedText text={message.text} />
          </pre>
        </article>
      ))}
    </>
  );
}
