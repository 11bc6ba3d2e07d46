import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { NoticeMessage } from "~/components/NoticeMessage";
import { DeliveryProblemsTable, SubscriptionsTable } from "~/components/company/EventSubscriptionsTables";
import {
  deleteCompanySubscription,
  listCompanySubscriptions,
  retryDelivery,
} from "~/domain/api/subscription-admin.server";
import { requireActor } from "~/domain/identity/actor.server";
import { redirectWithNotice, takeNotice } from "~/domain/identity/session.server";
import { formatLocalDateTime } from "~/i18n/format";
import { fixedT } from "~/i18n/i18next.server";
import { RECORD_ID } from "~/schemas/fields";
import { db } from "~/utils/db.server";
import { domainRoute, parseForm } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";

export const handle = { i18n: ["common", "account", "api"] };

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("retry"), deliveryId: z.string().regex(RECORD_ID) }),
  z.object({ intent: z.literal("delete"), subscriptionId: z.string().regex(RECORD_ID) }),
]);

/** The admin's company (as for its API keys: the admin's first membership); 404 without one. */
async function adminCompany(request: Request, locale: string) {
  const context = await requireActor(db(), request, locale);
  const companyId = context.actor.memberships[0]?.companyId;
  if (!companyId) throw data(null, { status: 404 });
  return { ...context, companyId };
}

/** The company's event subscriptions and the notifications that fail (decision 026). */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const { actor, user, companyId } = await adminCompany(request, locale);
  const [view, t, { notice, headers }] = await Promise.all([
    listCompanySubscriptions(db(), actor, companyId),
    fixedT(locale, "api"),
    takeNotice(request),
  ]);
  const when = (date: Date | null) => (date ? formatLocalDateTime(date, locale, user.timeZone) : null);
  return data(
    {
      title: t("subscriptions.title"),
      notice,
      subscriptions: view.subscriptions.map((row) => ({
        ...row,
        createdAt: when(row.createdAt)!,
        lastSuccessAt: when(row.lastSuccessAt),
      })),
      problems: view.problems.map((row) => ({
        ...row,
        lastAttemptAt: when(row.lastAttemptAt),
        nextAttemptAt: when(row.nextAttemptAt),
      })),
    },
    { headers },
  );
});

export const action = /* @__PURE__ */ domainRoute(async function action({ params, request }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const { actor, companyId } = await adminCompany(request, locale);
  const parsed = parseForm(await request.formData(), ActionSchema);
  if (!parsed.ok) throw data(null, { status: 400 });
  const target = `/${locale}/company/event-subscriptions`;
  if (parsed.data.intent === "retry") {
    await retryDelivery(db(), { actor, companyId, deliveryId: parsed.data.deliveryId });
    return redirectWithNotice(target, { code: "deliveryRetried" });
  }
  await deleteCompanySubscription(db(), { actor, companyId, subscriptionId: parsed.data.subscriptionId });
  return redirectWithNotice(target, { code: "subscriptionDeleted" });
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function EventSubscriptions() {
  const { t } = useTranslation(["api", "account"]);
  const { lang } = useParams();
  const page = useLoaderData<typeof loader>();
  return (
    <article className="narrow wide">
      <p className="breadcrumb">
        <Link to={`/${lang}/company`}>{t("account:company.title")}</Link> ›{" "}
        <Link to={`/${lang}/company/api-keys`}>{t("keys.title")}</Link>
      </p>
      <h1>{page.title}</h1>
      <p className="lead">{t("subscriptions.lead")}</p>
      <NoticeMessage notice={page.notice} />
      <SubscriptionsTable subscriptions={page.subscriptions} />
      <h2>{t("subscriptions.problemsTitle")}</h2>
      <p>{t("subscriptions.problemsLead")}</p>
      <DeliveryProblemsTable problems={page.problems} />
    </article>
  );
}
