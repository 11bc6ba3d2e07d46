import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormError, FormField } from "~/components/FormField";
import { NoticeMessage } from "~/components/NoticeMessage";
import { CapacityRows } from "~/components/operations/CapacityRows";
import { CancelDepartureForm, UndecidedBookings } from "~/components/operations/CancelDepartureForm";
import { DelayForm } from "~/components/operations/DelayForm";
import { cancelDeparture } from "~/domain/operations/departure-cancellation.server";
import { moveAndAmend, undecidedWithMoves } from "~/domain/operations/move-and-amend.server";
import { delayDeparture } from "~/domain/operations/disruptions.server";
import { requireActor } from "~/domain/identity/actor.server";
import { redirectWithNotice, requestMeta, takeNotice } from "~/domain/identity/session.server";
import {
  findStaffDeparture,
  updateCapacityAndTariff,
  updateDepartureTimes,
} from "~/domain/scheduling/departure-admin.server";
import { departurePage } from "~/domain/scheduling/operations-view.server";
import { fixedT } from "~/i18n/i18next.server";
import { RECORD_ID } from "~/schemas/fields";
import { CancelDepartureSchema, delaySchema, MoveAndAmendSchema } from "~/schemas/disruptions";
import { CapacitySchema, departureTimesSchema } from "~/schemas/operations";
import { db } from "~/utils/db.server";
import { domainRoute, failureFromError, parseForm, type FormFailure } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";
import { requireParam } from "~/utils/params.server";

export const handle = { i18n: ["common", "account", "operations", "disruptions", "booking"] };

const IntentSchema = z.object({ intent: z.enum(["times", "capacity", "delay", "cancel", "moveAndAmend"]) });
const TIME_FIELDS = ["departureAt", "cargoCutoffAt", "docCutoffAt", "etaAt"] as const;

/** One departure of the staff member's port: times and cut-offs, capacity and tariffs per equipment type. */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const id = requireParam(params, "id", RECORD_ID);
  const { actor } = await requireActor(db(), request, locale);
  const [page, t, { notice, headers }] = await Promise.all([
    departurePage(db(), actor, id, locale),
    fixedT(locale, "operations"),
    takeNotice(request),
  ]);
  // A cancelled departure: who has not yet moved or cancelled their booking (after access is checked),
  // and where the port can move those whose waybill is issued.
  const undecided = await undecidedWithMoves(db(), id, { locale, timeZone: page.originZone });
  const title = t("departure.title", { service: page.serviceNumber, date: page.departureLocal });
  return data({ ...page, title, notice, undecided }, { headers });
});

export const action = /* @__PURE__ */ domainRoute(async function action({
  params,
  request,
  context,
}: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const id = requireParam(params, "id", RECORD_ID);
  const { actor } = await requireActor(db(), request, locale);
  const formData = await request.formData();
  const meta = requestMeta(context, request);
  const back = `/${locale}/staff/departures/${id}`;
  const intent = IntentSchema.safeParse(Object.fromEntries(formData)).data?.intent;
  try {
    if (intent === "times") {
      const { departure } = await findStaffDeparture(db(), actor, id);
      const schema = departureTimesSchema(departure.service.origin.timeZone, departure.service.destination.timeZone);
      const parsed = parseForm(formData, schema);
      if (!parsed.ok) return parsed.failure;
      await updateDepartureTimes(db(), actor, id, parsed.data, meta);
      return redirectWithNotice(back, { code: "departureSaved" });
    }
    if (intent === "delay") {
      const { departure } = await findStaffDeparture(db(), actor, id);
      const { origin, destination } = departure.service;
      const parsed = parseForm(formData, delaySchema(origin.timeZone, destination.timeZone));
      if (!parsed.ok) return parsed.failure;
      await delayDeparture(db(), actor, id, parsed.data, meta);
      return redirectWithNotice(back, { code: "departureDelayed" });
    }
    if (intent === "cancel") {
      const parsed = parseForm(formData, CancelDepartureSchema);
      if (!parsed.ok) return parsed.failure;
      await cancelDeparture(db(), actor, id, parsed.data, meta);
      return redirectWithNotice(back, { code: "departureCancelled" });
    }
    if (intent === "moveAndAmend") {
      const parsed = parseForm(formData, MoveAndAmendSchema);
      if (!parsed.ok) return parsed.failure;
      const { reference, targetId } = parsed.data;
      await moveAndAmend(db(), actor, { departureId: id, reference, targetId, meta });
      return redirectWithNotice(back, { code: "bookingMovedAmended" });
    }
    if (intent === "capacity") {
      const parsed = parseForm(formData, CapacitySchema);
      if (!parsed.ok) return parsed.failure;
      const { equipmentCode, total, tariff, minCharge } = parsed.data;
      await updateCapacityAndTariff(
        db(),
        actor,
        id,
        { equipmentCode, total: total as number, tariffMinor: tariff, minChargeMinor: minCharge ?? null },
        meta,
      );
      return redirectWithNotice(back, { code: "departureSaved" });
    }
    throw data(null, { status: 400 });
  } catch (error) {
    return failureFromError(error, formData);
  }
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function StaffDeparture() {
  const { t } = useTranslation(["operations", "common"]);
  const { lang } = useParams();
  const page = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as FormFailure | undefined;
  const submitted = failure?.values ?? {};
  const timeErrors = submitted.intent === "times" ? (failure?.errors ?? {}) : {};
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/${lang}/staff/services/${page.serviceCode}`}>
          <bdi>{page.serviceCode}</bdi>
        </Link>
      </p>
      <h1>{page.title}</h1>
      <p className="lead">
        <bdi>{page.origin}</bdi> → <bdi>{page.destination}</bdi> · {t(`status.${page.status}`, { ns: "common" })}
      </p>
      <NoticeMessage notice={page.notice} />
      {page.canManage ? null : <p data-testid="read-only">{t("departure.readOnly")}</p>}
      <section aria-labelledby="departure-times">
        <h2 id="departure-times">{t("departure.times")}</h2>
        <p className="lead">{t("departure.timesLead")}</p>
        <FormError error={timeErrors.form} />
        <Form method="post" className="stacked-form narrow" noValidate data-testid="times-form">
          <fieldset disabled={!page.canManage} className="plain">
            {TIME_FIELDS.map((name) => (
              <FormField
                key={name}
                name={name}
                type="datetime-local"
                label={t(`departure.${name}`, { zone: name === "etaAt" ? page.destinationZone : page.originZone })}
                defaultValue={submitted.intent === "times" ? submitted[name] : page.times[name]}
                error={timeErrors[name]}
              />
            ))}
            {page.canManage ? (
              <button type="submit" name="intent" value="times">
                {t("departure.saveTimes")}
              </button>
            ) : null}
          </fieldset>
        </Form>
      </section>
      {page.status === "CANCELLED" ? (
        <UndecidedBookings
          bookings={page.undecided}
          canManage={page.canManage}
          failure={submitted.intent === "moveAndAmend" ? failure : undefined}
        />
      ) : null}
      {page.canManage && page.status !== "CANCELLED" ? (
        <DelayForm
          times={page.times}
          originZone={page.originZone}
          destinationZone={page.destinationZone}
          failure={submitted.intent === "delay" ? failure : undefined}
        />
      ) : null}
      <section aria-labelledby="departure-capacity">
        <h2 id="departure-capacity">{t("capacity.title")}</h2>
        <p className="lead">{t("capacity.lead")}</p>
        <CapacityRows
          capacities={page.capacities}
          canManage={page.canManage}
          failure={submitted.intent === "capacity" ? failure : undefined}
        />
      </section>
      {page.canManage && !["CANCELLED", "DEPARTED", "ARRIVED"].includes(page.status) ? (
        <CancelDepartureForm failure={submitted.intent === "cancel" ? failure : undefined} />
      ) : null}
    </>
  );
}
