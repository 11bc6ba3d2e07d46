import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormError, TextAreaField } from "~/components/FormField";
import { NoticeMessage } from "~/components/NoticeMessage";
import { SelectField } from "~/components/SelectField";
import { WaybillDocument } from "~/components/waybill/WaybillDocument";
import { WaybillStatusPanel } from "~/components/waybill/WaybillStatusPanel";
import { WaybillVersions } from "~/components/waybill/WaybillVersions";
import { requireActor } from "~/domain/identity/actor.server";
import { redirectWithNotice, takeNotice } from "~/domain/identity/session.server";
import { CONSIGNEE_LOCALES } from "~/domain/waybill/consignee-language";
import { approveWaybillDraft, chooseWaybillLanguage } from "~/domain/waybill/draft-waybill.server";
import { requestWaybillChanges } from "~/domain/waybill/review-waybill.server";
import { readExporterWaybill } from "~/domain/waybill/waybill-pages.server";
import { LANGUAGE_ENDONYMS } from "~/i18n/config";
import { fixedT } from "~/i18n/i18next.server";
import { BOOKING_REFERENCE, multiLine, singleLine } from "~/schemas/fields";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { domainRoute, failureFromError, parseForm, type FormFailure } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";
import { requireParam } from "~/utils/params.server";

export const handle = { i18n: ["common", "account", "booking", "instructions", "waybill"] };

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve") }),
  z.object({
    intent: z.literal("requestChanges"),
    comment: multiLine().pipe(z.string().min(3, "errors.required").max(500, "errors.tooLong")),
  }),
  z.object({
    intent: z.literal("language"),
    consigneeLocale: singleLine().pipe(
      z.enum(CONSIGNEE_LOCALES as [string, ...string[]], { message: "errors.consigneeLocale" }),
    ),
  }),
]);

/** The exporter's through waybill: the draft to approve or send back, then the issued document and its versions. */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  requireParam(params, "reference", BOOKING_REFERENCE);
  const { actor, user } = await requireActor(db(), request, locale);
  const reader = { locale, timeZone: user.timeZone };
  const [page, t, { notice, headers }] = await Promise.all([
    readExporterWaybill(db(), actor, params.reference ?? "", reader, env().APP_URL),
    fixedT(locale, "waybill"),
    takeNotice(request),
  ]);
  return data({ ...page, title: t("screen.title", { reference: page.reference }), notice }, { headers });
});

export const action = /* @__PURE__ */ domainRoute(async function action({ params, request }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  requireParam(params, "reference", BOOKING_REFERENCE);
  const { actor } = await requireActor(db(), request, locale);
  const formData = await request.formData();
  const reference = params.reference ?? "";
  const parsed = parseForm(formData, ActionSchema);
  if (!parsed.ok) return parsed.failure;
  const back = `/${locale}/bookings/${reference}/waybill`;
  try {
    switch (parsed.data.intent) {
      case "approve":
        await approveWaybillDraft(db(), { actor, reference });
        return redirectWithNotice(back, { code: "waybillApproved" });
      case "requestChanges":
        await requestWaybillChanges(db(), { actor, reference, comment: parsed.data.comment });
        return redirectWithNotice(back, { code: "waybillChangesRequested" });
      case "language":
        await chooseWaybillLanguage(db(), {
          actor,
          reference,
          consigneeLocale: parsed.data.consigneeLocale as (typeof CONSIGNEE_LOCALES)[number],
        });
        return redirectWithNotice(back, { code: "waybillDraftReady" });
    }
  } catch (error) {
    return failureFromError(error, formData);
  }
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function ExporterWaybill() {
  const { t } = useTranslation(["waybill", "booking", "instructions"]);
  const { lang } = useParams();
  const page = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as FormFailure | undefined;
  const errors = failure?.errors ?? {};
  const waybill = page.waybill;
  return (
    <article className="narrow wide">
      <p className="breadcrumb">
        <Link to={`/${lang}/bookings/${page.reference}`}>{t("instructions:page.back")}</Link>
      </p>
      <h1>{page.title}</h1>
      <NoticeMessage notice={page.notice} />
      <FormError error={errors.form} />
      {!waybill ? (
        <p className="lead" data-testid="waybill-status">
          {page.instructionsSubmitted ? t("screen.noDraft") : t("screen.noInstructions")}{" "}
          <Link to={`/${lang}/bookings/${page.reference}/instructions`}>{t("instructions:page.link")}</Link>
        </p>
      ) : (
        <>
          <WaybillStatusPanel status={waybill.status} note={waybill.statusNote} reader="exporter" />
          {(waybill.status === "CHANGES_REQUESTED" || waybill.status === "RETURNED") && page.mayAct ? (
            <p>
              <Link to={`/${lang}/bookings/${page.reference}/instructions`}>{t("screen.correctInstructions")}</Link>
            </p>
          ) : null}
          {waybill.number ? (
            <p>
              <a href={`/${lang}/waybills/${waybill.number}.pdf`}>{t("screen.pdf")}</a> ·{" "}
              <a href={`/${lang}/waybills/${waybill.number}.json`}>{t("screen.json")}</a> ·{" "}
              {waybill.verifyUrl ? <a href={waybill.verifyUrl}>{t("verify")}</a> : null}
              {waybill.content?.legs.some((leg) => leg.mode === "SEA") ? (
                <>
                  {" · "}
                  <a href={`/${lang}/waybills/${waybill.number}.ebl.json`}>{t("screen.ebl")}</a>
                </>
              ) : null}
            </p>
          ) : null}
          {page.actions.includes("approve") ? (
            <Form method="post" className="stacked-form">
              <p>{t("screen.approveLead", { language: LANGUAGE_ENDONYMS[waybill.consigneeLocale] })}</p>
              <button type="submit" name="intent" value="approve">
                {t("screen.approve")}
              </button>
            </Form>
          ) : null}
          {page.mayChangeLanguage ? (
            <Form method="post" className="stacked-form inline-form">
              <SelectField
                id="field-consigneeLocale"
                name="consigneeLocale"
                label={t("instructions:waybill.language")}
                defaultValue={waybill.consigneeLocale}
                error={errors.consigneeLocale}
                options={CONSIGNEE_LOCALES.map((value) => ({ value, label: LANGUAGE_ENDONYMS[value], lang: value }))}
              />
              <button type="submit" name="intent" value="language" className="secondary">
                {t("screen.changeLanguage")}
              </button>
            </Form>
          ) : null}
          {waybill.content ? (
            <WaybillDocument content={waybill.content} />
          ) : (
            <p>
              {t("screen.noDraft")}{" "}
              <Link to={`/${lang}/bookings/${page.reference}/instructions`}>{t("instructions:page.link")}</Link>
            </p>
          )}
          {page.actions.includes("requestChanges") ? (
            <Form method="post" className="stacked-form">
              <TextAreaField
                name="comment"
                label={t("screen.requestChangesLabel")}
                hint={t("screen.requestChangesHint")}
                defaultValue={failure?.values.comment ?? ""}
                error={errors.comment}
                rows={3}
                maxLength={500}
              />
              <button type="submit" name="intent" value="requestChanges" className="secondary">
                {t("screen.requestChanges")}
              </button>
            </Form>
          ) : null}
          {waybill.number && waybill.versions.length > 0 ? (
            <WaybillVersions lang={lang ?? ""} number={waybill.number} versions={waybill.versions} />
          ) : null}
        </>
      )}
    </article>
  );
}
