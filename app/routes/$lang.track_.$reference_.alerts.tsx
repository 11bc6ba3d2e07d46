import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormError } from "~/components/FormField";
import { requireActor } from "~/domain/identity/actor.server";
import { ETA_DELIVERIES, ETA_THRESHOLDS } from "~/domain/tracking/alerts";
import {
  alertSettings,
  createCalendarFeed,
  revokeCalendarFeed,
  subscribeAlerts,
  unsubscribeAlerts,
} from "~/domain/tracking/alerts.server";
import { fixedT } from "~/i18n/i18next.server";
import { formatLocalDateTime } from "~/i18n/format";
import { BOOKING_REFERENCE } from "~/schemas/fields";
import { db } from "~/utils/db.server";
import { domainRoute, pageFailure } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";
import { requireParam } from "~/utils/params.server";

export const handle = { i18n: ["common", "alerts"] };

const Choice = z.object({
  events: z.literal("on").optional(),
  etaThresholdHours: z.coerce
    .number()
    .int()
    .refine((hours) => (ETA_THRESHOLDS as readonly number[]).includes(hours)),
  etaDelivery: z.enum(ETA_DELIVERIES),
});
const Intent = z.enum(["save", "unsubscribe", "feed", "revokeFeed"]);

/**
 * A consignment's alerts for the signed-in partner or exporter (decision 024): e-mails on actual
 * events and on ETA changes (at once or in a daily digest), and a secret calendar feed. Who may
 * not follow the booking gets 404, and nothing is written.
 */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const reference = requireParam(params, "reference", BOOKING_REFERENCE);
  const { actor, user } = await requireActor(db(), request, locale);
  const [settings, t] = await Promise.all([alertSettings(db(), actor, reference), fixedT(locale, "alerts")]);
  const { feedSince, ...rest } = settings;
  return {
    title: t("page.title", { reference }),
    ...rest,
    feedSince: feedSince ? formatLocalDateTime(feedSince, locale, user.timeZone) : null,
  };
});

export const action = /* @__PURE__ */ domainRoute(async function action({ params, request }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const reference = requireParam(params, "reference", BOOKING_REFERENCE);
  const { actor } = await requireActor(db(), request, locale);
  const formData = await request.formData();
  const intent = Intent.safeParse(formData.get("intent"));
  if (!intent.success) throw data(null, { status: 400 });
  try {
    switch (intent.data) {
      case "save": {
        const parsed = Choice.safeParse(Object.fromEntries(formData));
        if (!parsed.success) throw data(null, { status: 400 });
        const { events, etaThresholdHours, etaDelivery } = parsed.data;
        await subscribeAlerts(db(), actor, reference, { events: events === "on", etaThresholdHours, etaDelivery });
        return { done: "saved" as const };
      }
      case "unsubscribe":
        await unsubscribeAlerts(db(), actor, reference);
        return { done: "unsubscribed" as const };
      case "feed":
        // The address is in this one answer only: stored hashed, never shown again.
        return { done: "feedCreated" as const, feedUrl: (await createCalendarFeed(db(), actor, reference)).url };
      case "revokeFeed":
        await revokeCalendarFeed(db(), actor, reference);
        return { done: "feedRevoked" as const };
    }
  } catch (error) {
    return pageFailure(error);
  }
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function TrackAlerts() {
  const { t } = useTranslation(["alerts", "common"]);
  const { lang } = useParams();
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { done?: string; feedUrl?: string; error?: string } | undefined;
  return (
    <article className="narrow wide">
      <p className="breadcrumb">
        <Link to={`/${lang}/track`}>{t("page.back")}</Link>
      </p>
      <h1>{page.title}</h1>
      <p className="lead">{t("page.lead")}</p>
      <FormError error={result?.error} />
      {result?.done ? (
        <p className="notice" role="status">
          {t(`page.done.${result.done}`)}
        </p>
      ) : null}
      <p data-testid="alerts-status">{page.subscribed ? t("page.subscribed") : t("page.notSubscribed")}</p>
      <Form method="post" className="stacked-form" data-testid="alerts-form">
        <label className="checkbox">
          <input type="checkbox" name="events" value="on" defaultChecked={page.events} /> {t("page.events")}
        </label>
        <label htmlFor="etaThresholdHours">{t("page.threshold")}</label>
        <select id="etaThresholdHours" name="etaThresholdHours" defaultValue={String(page.etaThresholdHours)}>
          {ETA_THRESHOLDS.map((hours) => (
            <option key={hours} value={hours}>
              {hours === 0 ? t("page.thresholdNone") : t("page.thresholdHours", { hours })}
            </option>
          ))}
        </select>
        <fieldset>
          <legend>{t("page.delivery")}</legend>
          {ETA_DELIVERIES.map((delivery) => (
            <label key={delivery} className="checkbox">
              <input type="radio" name="etaDelivery" value={delivery} defaultChecked={page.etaDelivery === delivery} />{" "}
              {t(`page.deliveries.${delivery}`)}
            </label>
          ))}
        </fieldset>
        <p className="field-hint">{t("page.hint")}</p>
        <button type="submit" name="intent" value="save">
          {page.subscribed ? t("page.save") : t("page.subscribe")}
        </button>
      </Form>
      {page.subscribed ? (
        <Form method="post">
          <button type="submit" name="intent" value="unsubscribe" className="secondary">
            {t("page.unsubscribe")}
          </button>
        </Form>
      ) : null}
      <h2>{t("feed.title")}</h2>
      <p>{t("feed.lead")}</p>
      {result?.feedUrl ? (
        <section className="notice" role="status">
          <label htmlFor="feed-url">{t("feed.url")}</label>
          <input id="feed-url" readOnly value={result.feedUrl} className="secret" data-testid="feed-url" />
          <p className="field-hint">{t("feed.shownOnce")}</p>
        </section>
      ) : null}
      <p>{page.feedSince ? t("feed.active", { time: page.feedSince }) : t("feed.none")}</p>
      <Form method="post" className="inline-form">
        <button type="submit" name="intent" value="feed">
          {page.feedSince ? t("feed.regenerate") : t("feed.create")}
        </button>{" "}
        {page.feedSince ? (
          <button type="submit" name="intent" value="revokeFeed" className="secondary">
            {t("feed.revoke")}
          </button>
        ) : null}
      </Form>
    </article>
  );
}
