import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Fact } from "~/components/DepartureCard";
import { sendVerificationEmail } from "~/domain/identity/email-links.server";
import { endOtherSessions, requireUser } from "~/domain/identity/session.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { fixedT } from "~/i18n/i18next.server";
import { formatLocalDateTime } from "~/i18n/format";
import { db } from "~/utils/db.server";
import { requireLocale } from "~/utils/locale.server";

export const handle = { i18n: ["common", "account"] };

export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const session = await requireUser(db(), request, locale);
  const { user } = session;
  const [memberships, sessions, t] = await Promise.all([
    db().membership.findMany({ where: { userId: user.id }, include: { company: true }, orderBy: { createdAt: "asc" } }),
    db().session.findMany({
      where: { userId: user.id, expiresAt: { gt: new Date() } },
      orderBy: { lastSeenAt: "desc" },
    }),
    fixedT(locale, "account"),
  ]);
  const when = (date: Date) => formatLocalDateTime(date, locale, user.timeZone);
  return {
    title: t("account.title"),
    welcome: new URL(request.url).searchParams.get("welcome") === "1",
    user: { name: user.name, email: user.email, verified: Boolean(user.emailVerifiedAt) },
    companies: memberships.map((membership) => ({
      id: membership.companyId,
      name: membership.company.legalNameZh,
      latinName: membership.company.legalNameLatin,
      role: membership.role,
    })),
    sessions: sessions.map((other) => ({
      id: other.id,
      current: other.id === session.id,
      device: other.userAgent,
      signedInAt: when(other.createdAt),
      lastSeen: when(other.lastSeenAt),
    })),
  };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const session = await requireUser(db(), request, locale);
  const intent = (await request.formData()).get("intent");
  if (intent === "resendVerification") {
    await sendVerificationEmail(db(), session.userId);
    return { resent: true as const };
  }
  if (intent === "signOutOthers") {
    const count = await endOtherSessions(db(), session.userId, session.id);
    await recordAudit(db(), {
      actorId: session.userId,
      action: "auth.signed_out_elsewhere",
      entity: "User",
      entityId: session.userId,
      ipAddress: context.ipAddress ?? null,
      after: { sessionsEnded: count },
    });
    return { signedOut: count };
  }
  return null;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

/** A short name for a browser from its user agent ("Chrome on Windows"). */
function deviceName(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const browser = /(Edg|Firefox|Chrome|Safari|HeadlessChrome)\/[\d.]+/.exec(userAgent)?.[1]?.replace("Edg", "Edge");
  const system = /(Windows|Mac OS X|Android|iPhone|iPad|Linux)/.exec(userAgent)?.[1]?.replace("Mac OS X", "macOS");
  return [browser, system].filter(Boolean).join(" · ") || null;
}

export default function Account() {
  const { t } = useTranslation("account");
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="narrow">
      <h1>{t("account.title")}</h1>
      {data.welcome ? (
        <p className="notice" role="status">
          {t("account.welcome")}
        </p>
      ) : null}
      {result && "resent" in result ? (
        <p className="notice" role="status">
          {t("verify.sent")}
        </p>
      ) : null}
      {result && "signedOut" in result ? (
        <p className="notice" role="status">
          {t("account.othersSignedOut", { count: result.signedOut })}
        </p>
      ) : null}
      <dl className="facts summary">
        <Fact label={t("account.name")}>{data.user.name}</Fact>
        <Fact label={t("account.email")}>{data.user.email}</Fact>
        {data.companies.map((company) => (
          <Fact key={company.id} label={t("account.company")}>
            {company.name} ({company.latinName}) — {t(`account.role.${company.role}`)}
          </Fact>
        ))}
      </dl>
      {data.user.verified ? null : (
        <Form method="post" className="inline-form">
          <p>{t("verify.notVerified")}</p>
          <button type="submit" name="intent" value="resendVerification">
            {t("verify.resend")}
          </button>
        </Form>
      )}
      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">{t("account.sessionsTitle")}</h2>
        <ul className="sessions">
          {data.sessions.map((session) => (
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
        {data.sessions.length > 1 ? (
          <Form method="post">
            <button type="submit" name="intent" value="signOutOthers">
              {t("account.signOutOthers")}
            </button>
          </Form>
        ) : null}
      </section>
    </div>
  );
}
