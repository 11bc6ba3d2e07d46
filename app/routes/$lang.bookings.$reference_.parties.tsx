import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError, shownValue } from "~/components/FormField";
import { AddressFields, PartyFields, type PartyForm } from "~/components/booking/PartiesStep";
import { correctParties } from "~/domain/booking/correct-parties.server";
import { readCompanyBooking } from "~/domain/booking/find-bookings.server";
import { presentPartiesCorrection } from "~/domain/booking/parties-correction-view";
import { requireActor } from "~/domain/identity/actor.server";
import { redirectWithNotice, requestMeta } from "~/domain/identity/session.server";
import { fixedT } from "~/i18n/i18next.server";
import { parsePartiesForm } from "~/schemas/booking";
import { BOOKING_REFERENCE } from "~/schemas/fields";
import { db } from "~/utils/db.server";
import { domainRoute, failureFromError, submittedValues, type FormFailure } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";
import { requireParam } from "~/utils/params.server";

export const handle = { i18n: ["common", "account", "booking"] };

async function loadCorrection(request: Request, params: LoaderFunctionArgs["params"]) {
  const locale = requireLocale(params);
  requireParam(params, "reference", BOOKING_REFERENCE);
  const { actor, user } = await requireActor(db(), request, locale);
  const booking = await readCompanyBooking(db(), actor, params.reference ?? "");
  const page = presentPartiesCorrection(booking, { actor, locale, timeZone: user.timeZone, now: new Date() });
  // Not (or no longer) correctable by this reader: the booking page says what can be done.
  if (!page) throw redirect(`/${locale}/bookings/${booking.reference}`);
  return { locale, actor, booking, page };
}

/** Correcting the parties of a held or confirmed booking, until the documents cut-off. */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const { locale, page } = await loadCorrection(request, params);
  const t = await fixedT(locale, "booking");
  return { title: t("correct.title", { reference: page.reference }), ...page };
});

export const action = /* @__PURE__ */ domainRoute(async function action({
  params,
  request,
  context,
}: ActionFunctionArgs) {
  const { locale, actor, booking, page } = await loadCorrection(request, params);
  const formData = await request.formData();
  // The door legs are as booked: their addresses are asked for exactly when a leg was booked.
  if (page.parties.doorPickup) formData.set("doorPickup", "on");
  else formData.delete("doorPickup");
  if (page.parties.doorDelivery) formData.set("doorDelivery", "on");
  else formData.delete("doorDelivery");
  const { parties, errors } = parsePartiesForm(formData);
  if (!parties) return data<FormFailure>({ errors, values: submittedValues(formData) }, { status: 400 });
  try {
    const { revision } = await correctParties(db(), {
      actor,
      reference: booking.reference,
      correction: parties,
      expectedVersion: String(formData.get("version") ?? ""),
      meta: requestMeta(context, request),
    });
    return redirectWithNotice(`/${locale}/bookings/${booking.reference}`, {
      code: revision ? "partiesCorrected" : "partiesUnchanged",
    });
  } catch (error) {
    // The domain names a party's field "consignee.city"; the form calls it consignee_city.
    return failureFromError(error, formData, (field) => field.replace(".", "_"));
  }
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function CorrectParties() {
  const { t } = useTranslation(["booking", "common"]);
  const { lang } = useParams();
  const page = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as FormFailure | undefined;
  const errors = failure?.errors ?? {};
  const values = failure?.values ?? {};
  const form: PartyForm = {
    errors,
    value: shownValue(values),
    countries: page.countries,
  };
  const { parties } = page;
  return (
    <div className="narrow wide">
      <h1>{page.title}</h1>
      <p className="lead">{t("correct.lead", { time: page.docCutoffLocal })}</p>
      <FormError error={Object.keys(errors).length > 0 ? (errors.form ?? "errors.form") : undefined} />
      <Form method="post" className="stacked-form" noValidate>
        <PartyFields form={form} role="shipper" saved={parties.shipper} />
        <PartyFields form={form} role="consignee" saved={parties.consignee} />
        <PartyFields form={form} role="notify" saved={parties.notify} />
        {parties.doorPickup ? (
          <fieldset>
            <legend>{t("parties.pickupAddress")}</legend>
            <div className="field-grid">
              <AddressFields form={form} prefix="pickup" saved={parties.pickupAddress} defaultCountry="CN" />
            </div>
          </fieldset>
        ) : null}
        {parties.doorDelivery ? (
          <fieldset>
            <legend>{t("parties.deliveryAddress")}</legend>
            <div className="field-grid">
              <AddressFields form={form} prefix="delivery" saved={parties.deliveryAddress} />
            </div>
          </fieldset>
        ) : null}
        <input type="hidden" name="incoterm" value={parties.incoterm} />
        <input type="hidden" name="version" value={page.version} />
        <button type="submit">{t("correct.save")}</button>
      </Form>
      <p>
        <Link to={`/${lang}/bookings/${page.reference}`}>{t("correct.back")}</Link>
      </p>
    </div>
  );
}
