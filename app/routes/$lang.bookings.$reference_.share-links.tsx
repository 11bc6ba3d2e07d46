import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { SelectField } from "~/components/SelectField";
import { CopyButton, ShareLinksTable } from "~/components/tracking/ShareLinks";
import { requireActor } from "~/domain/identity/actor.server";
import { requestMeta } from "~/domain/identity/session.server";
import { SHARE_LINK_DAYS } from "~/domain/tracking/share-link-rules";
import { createShareLink, listShareLinks, revokeShareLink } from "~/domain/tracking/share-links.server";
import { LANGUAGE_ENDONYMS, SUPPORTED_LOCALES } from "~/i18n/config";
import { formatLocalDateTime } from "~/i18n/format";
import { fixedT } from "~/i18n/i18next.server";
import { BOOKING_REFERENCE, RECORD_ID } from "~/schemas/fields";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { domainRoute, pageFailure } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";
import { requireParam } from "~/utils/params.server";

export const handle = { i18n: ["common", "tracking"] };

const CreateSchema = z.object({
  intent: z.literal("create"),
  days: z.coerce.number().pipe(z.union([z.literal(7), z.literal(30), z.literal(90)])),
  linkLocale: z.enum(SUPPORTED_LOCALES),
});
const RevokeSchema = z.object({ intent: z.literal("revoke"), linkId: z.string().regex(RECORD_ID) });

/**
 * Tracking links for a consignee without an account (decision 023): whoever may change the
 * booking creates one (expiry, language; the link is shown once), lists and revokes them; the
 * company's other users see the list.
 */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const reference = requireParam(params, "reference", BOOKING_REFERENCE);
  const { actor, user } = await requireActor(db(), request, locale);
  const [page, t] = await Promise.all([listShareLinks(db(), actor, reference), fixedT(locale, "tracking")]);
  const when = (date: Date) => formatLocalDateTime(date, locale, user.timeZone);
  return {
    title: t("links.title", { reference }),
    ...page,
    links: page.links.map((link) => ({
      id: link.id,
      hint: link.hint,
      locale: link.locale,
      state: link.state,
      createdAt: when(link.createdAt),
      expiresAt: when(link.expiresAt),
    })),
  };
});

export const action = /* @__PURE__ */ domainRoute(async function action({
  params,
  request,
  context,
}: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const reference = requireParam(params, "reference", BOOKING_REFERENCE);
  const { actor } = await requireActor(db(), request, locale);
  const form = Object.fromEntries(await request.formData());
  const meta = requestMeta(context, request);
  try {
    if (form.intent === "revoke") {
      const parsed = RevokeSchema.safeParse(form);
      if (!parsed.success) throw data(null, { status: 404 });
      await revokeShareLink(db(), { actor, reference, linkId: parsed.data.linkId, meta });
      return redirect(`/${locale}/bookings/${reference}/share-links`);
    }
    const parsed = CreateSchema.safeParse(form);
    if (!parsed.success) return data({ error: "errors.invalid" }, { status: 400 });
    const link = await createShareLink(db(), {
      actor,
      reference,
      days: parsed.data.days,
      locale: parsed.data.linkLocale,
      meta,
    });
    // The token is in this one answer only: stored as its hash, never shown again.
    return { created: { url: `${env().APP_URL}/${link.locale}/t/${link.token}` } };
  } catch (error) {
    return pageFailure(error);
  }
});

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [{ title: page?.title ?? "" }];

export default function ShareLinks() {
  const { t } = useTranslation("tracking");
  const { lang } = useParams();
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { created: { url: string } } | { error: string } | undefined;
  const created = result && "created" in result ? result.created : undefined;
  const error = result && "error" in result ? result.error : undefined;
  return (
    <article className="narrow wide">
      <p className="breadcrumb">
        <Link to={`/${lang}/bookings/${page.reference}`}>{t("links.back")}</Link>
      </p>
      <h1>{page.title}</h1>
      <p className="lead">{t("links.lead")}</p>
      {error ? (
        <p className="form-error" role="alert">
          {t(error)}
        </p>
      ) : null}
      {created ? (
        <section className="notice" role="status" aria-labelledby="new-link">
          <p id="new-link">{t("links.created")}</p>
          <label htmlFor="new-link-value">{t("links.linkLabel")}</label>
          <input
            id="new-link-value"
            readOnly
            value={created.url}
            className="secret"
            data-testid="new-share-link"
          />{" "}
          <CopyButton text={created.url} />
        </section>
      ) : null}
      <ShareLinksTable links={page.links} canManage={page.canManage} />
      {!page.canManage ? (
        <p className="field-hint">{t("links.readOnly")}</p>
      ) : !page.trackable ? (
        <p className="field-hint">{t("links.notTrackable")}</p>
      ) : (
        <>
          <h2>{t("links.new")}</h2>
          <Form method="post" className="stacked-form">
            <SelectField
              id="share-link-days"
              name="days"
              label={t("links.expiry")}
              defaultValue="30"
              options={SHARE_LINK_DAYS.map((days) => ({ value: String(days), label: t(`links.days.${days}`) }))}
            />
            <SelectField
              id="share-link-locale"
              name="linkLocale"
              label={t("links.languageChoice")}
              defaultValue={lang ?? "en"}
              options={SUPPORTED_LOCALES.map((code) => ({ value: code, label: LANGUAGE_ENDONYMS[code], lang: code }))}
            />
            <button type="submit" name="intent" value="create">
              {t("links.create")}
            </button>
          </Form>
        </>
      )}
    </article>
  );
}
