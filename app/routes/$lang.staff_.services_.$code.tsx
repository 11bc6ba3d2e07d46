import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormError, shownValue } from "~/components/FormField";
import { NoticeMessage } from "~/components/NoticeMessage";
import { keepWeekdays, ServiceFields, shownWeekdays } from "~/components/operations/ServiceForm";
import { ServiceCalendar } from "~/components/operations/ServiceCalendar";
import { requireActor } from "~/domain/identity/actor.server";
import { redirectWithNotice, requestMeta, takeNotice } from "~/domain/identity/session.server";
import { servicePage } from "~/domain/scheduling/operations-view.server";
import {
  addException,
  publishService,
  removeException,
  setOffer,
  updateService,
} from "~/domain/scheduling/services.server";
import { fixedT } from "~/i18n/i18next.server";
import { EditServiceSchema, ExceptionSchema, OfferSchema, PublishSchema, SERVICE_CODE } from "~/schemas/operations";
import { db } from "~/utils/db.server";
import { domainRoute, failureFromError, parseForm, type FormFailure } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";
import { requireParam } from "~/utils/params.server";

export const handle = { i18n: ["common", "account", "operations"] };

const IntentSchema = z.object({ intent: z.enum(["save", "addException", "removeException", "offer", "publish"]) });

/** One service of the staff member's port: route, legs, pattern, exceptions, offers, publishing. */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const code = requireParam(params, "code", SERVICE_CODE);
  const { actor } = await requireActor(db(), request, locale);
  const [page, t, { notice, headers }] = await Promise.all([
    servicePage(db(), actor, code, locale, new Date()),
    fixedT(locale, "operations"),
    takeNotice(request),
  ]);
  return data({ ...page, title: t("service.title", { code: page.code }), notice }, { headers });
});

export const action = /* @__PURE__ */ domainRoute(async function action({
  params,
  request,
  context,
}: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const code = requireParam(params, "code", SERVICE_CODE);
  const { actor } = await requireActor(db(), request, locale);
  const formData = await request.formData();
  const meta = requestMeta(context, request);
  const back = `/${locale}/staff/services/${code}`;
  const intent = IntentSchema.safeParse(Object.fromEntries(formData)).data?.intent;
  try {
    switch (intent) {
      case "save": {
        keepWeekdays(formData);
        const parsed = parseForm(formData, EditServiceSchema, ["weekdays"]);
        if (!parsed.ok) return parsed.failure;
        await updateService(db(), actor, code, parsed.data, meta);
        return redirectWithNotice(back, { code: "serviceSaved" });
      }
      case "addException":
      case "removeException": {
        const parsed = parseForm(formData, ExceptionSchema);
        if (!parsed.ok) return parsed.failure;
        const { localDate, note } = parsed.data;
        if (intent === "addException") await addException(db(), actor, code, { localDate, note: note ?? null }, meta);
        else await removeException(db(), actor, code, localDate, meta);
        return redirectWithNotice(back, { code: "serviceSaved" });
      }
      case "offer": {
        const parsed = parseForm(formData, OfferSchema);
        if (!parsed.ok) return parsed.failure;
        const { tariff, minCharge, ...offer } = parsed.data;
        await setOffer(
          db(),
          actor,
          code,
          { ...offer, total: offer.total as number, tariffMinor: tariff, minChargeMinor: minCharge ?? null },
          meta,
        );
        return redirectWithNotice(back, { code: "serviceSaved" });
      }
      case "publish": {
        const parsed = parseForm(formData, PublishSchema);
        if (!parsed.ok) return parsed.failure;
        const { created } = await publishService(db(), actor, code, parsed.data.weeks, meta);
        return redirectWithNotice(back, { code: "timetablePublished", created });
      }
      default:
        throw data(null, { status: 400 });
    }
  } catch (error) {
    return failureFromError(error, formData);
  }
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function StaffService() {
  const { t } = useTranslation(["operations", "common"]);
  const { lang } = useParams();
  const page = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as FormFailure | undefined;
  const errors = failure?.errors ?? {};
  const submitted = failure?.values ?? {};
  const intent = submitted.intent;
  const forIntent = (name: string) => (intent === name ? errors : {});
  const value = shownValue(intent === "save" ? submitted : {});
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/${lang}/staff/services`}>{t("services.title")}</Link>
      </p>
      <h1>{page.title}</h1>
      <p className="lead">
        <bdi>{page.serviceNumber}</bdi> · <bdi>{page.origin}</bdi> · {t("service.zone", { zone: page.originZone })}
      </p>
      <NoticeMessage notice={page.notice} />
      {page.canManage ? null : <p data-testid="read-only">{t("service.readOnly")}</p>}
      <section aria-labelledby="service-edit">
        <h2 id="service-edit">{t("service.details")}</h2>
        <FormError
          error={intent === "save" && Object.keys(errors).length > 0 ? (errors.form ?? "errors.form") : undefined}
        />
        <Form method="post" className="stacked-form narrow" noValidate data-testid="service-form">
          <fieldset disabled={!page.canManage} className="plain">
            <ServiceFields
              value={(name) => value(name, page.saved[name])}
              errors={forIntent("save")}
              weekdays={intent === "save" ? shownWeekdays(submitted, page.weekdays) : page.weekdays}
              corridors={page.corridors}
              places={page.places}
            />
            <input type="hidden" name="intent" value="save" />
            {page.canManage ? <button type="submit">{t("service.save")}</button> : null}
          </fieldset>
        </Form>
      </section>
      <ServiceCalendar page={page} lang={lang ?? ""} errors={forIntent} submitted={submitted} />
    </>
  );
}
