import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { FormError, FormField } from "~/components/FormField";
import { LivePrice } from "~/components/LivePrice";
import { PriceTable } from "~/components/PriceTable";
import { SelectField } from "~/components/SelectField";
import { findCompanyBooking, holdDraft, readDetails, saveDraftStep } from "~/domain/booking/bookings.server";
import { presentBookingDeparture } from "~/domain/booking/booking-view";
import { presentQuote, quoteForm, type QuoteBasis } from "~/domain/booking/live-quote";
import { holdEnd } from "~/domain/booking/holds.server";
import { allows } from "~/domain/booking/lifecycle";
import { canonicalCargo, validateCargo } from "~/domain/booking/cargo.server";
import { DG_CLASSES, PACKING_GROUPS } from "~/domain/booking/cargo-rules";
import { policyFor } from "~/domain/booking/cancellation-policy";
import { requireActor } from "~/domain/identity/actor.server";
import { loadCatalog } from "~/domain/places/catalog.server";
import { AIR_KG } from "~/domain/scheduling/equipment";
import { fixedT } from "~/i18n/i18next.server";
import { formatMoney, formatNumber } from "~/i18n/format";
import {
  AIR_PIECE_ROWS,
  CargoSchema,
  INCOTERMS_2020,
  PACKAGE_TYPES,
  parseAirPieces,
  parseContainerLines,
  PartiesSchema,
} from "~/schemas/booking";
import { AppError } from "~/utils/app-error";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import {
  failureFromError,
  parseForm,
  submittedValues,
  throwAsResponse,
  type FormFailure,
  domainRoute,
} from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";
import { requireParam } from "~/utils/params.server";
import { BOOKING_REFERENCE } from "~/schemas/fields";

export const handle = { i18n: ["common", "schedules", "account", "booking"] };

const STEPS = ["equipment", "cargo", "parties", "review"] as const;
type Step = (typeof STEPS)[number];

async function loadDraft(request: Request, params: LoaderFunctionArgs["params"]) {
  const locale = requireLocale(params);
  requireParam(params, "reference", BOOKING_REFERENCE);
  const step = requireParam(params, "step", STEPS) as Step;
  const { actor } = await requireActor(db(), request, locale);
  const booking = await findCompanyBooking(db(), actor, params.reference ?? "").catch(throwAsResponse);
  if (!allows(booking.status, "editDraft")) throw redirect(`/${locale}/bookings/${booking.reference}`);
  return { locale, step, actor, booking };
}

export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const { locale, step, booking } = await loadDraft(request, params);
  const [catalog, t] = await Promise.all([loadCatalog(db()), fixedT(locale, "booking")]);
  const details = readDetails(booking.details);
  const { departure } = booking;
  const basis: QuoteBasis = {
    air: departure.service.mode === "AIR",
    capacities: departure.capacities.map(({ equipmentCode, tariffMinor, currency, minChargeMinor }) => ({
      equipmentCode,
      tariffMinor,
      currency,
      minChargeMinor,
    })),
    saved: details,
  };
  const estimate = presentQuote(details, basis, locale);
  const policy = policyFor(departure.service.corridorCode);
  const now = new Date();
  const hold = holdEnd(now, env().HOLD_MINUTES, departure.cargoCutoffAt);
  return {
    title: t("wizard.title"),
    locale,
    step,
    basis,
    estimate,
    reference: booking.reference,
    air: departure.service.mode === "AIR",
    departure: presentBookingDeparture(departure, catalog, locale),
    offers: departure.capacities
      .filter((capacity) => capacity.equipmentCode !== AIR_KG)
      .map((capacity) => ({
        code: capacity.equipmentCode,
        available: capacity.available,
        availableText: formatNumber(capacity.available, locale),
        tariff: formatMoney(capacity.tariffMinor, capacity.currency, locale),
      })),
    details,
    review: step === "review" && details.cargo && details.parties ? estimate : null,
    policy,
    holdMinutes: env().HOLD_MINUTES,
    // A hold never outlasts the cargo cut-off: say so when the cut-off comes first.
    holdEndsAtCutoff: hold.atCutoff ? Math.max(1, Math.ceil((hold.endsAt.getTime() - now.getTime()) / 60_000)) : null,
  };
});

export const action = /* @__PURE__ */ domainRoute(async function action({ params, request }: ActionFunctionArgs) {
  if (params.step === "review") return holdReviewedDraft(request, params);
  const { locale, step, actor, booking } = await loadDraft(request, params);
  const formData = await request.formData();
  const next = (target: Step) => redirect(`/${locale}/bookings/${booking.reference}/edit/${target}`);
  const invalid = (errors: Record<string, string>) =>
    data<FormFailure>({ errors, values: submittedValues(formData) }, { status: 400 });
  try {
    if (step === "equipment") {
      if (booking.departure.service.mode === "AIR") {
        const { pieces, errors } = parseAirPieces(formData);
        if (Object.keys(errors).length > 0) return invalid(errors);
        await saveDraftStep(db(), actor, booking.reference, { pieces, containers: [] });
      } else {
        const offered = booking.departure.capacities.map((capacity) => capacity.equipmentCode);
        const { lines, errors } = parseContainerLines(formData, offered);
        if (Object.keys(errors).length > 0) return invalid(errors);
        await saveDraftStep(db(), actor, booking.reference, { containers: lines, pieces: [] });
      }
      return next("cargo");
    }
    if (step === "cargo") {
      const parsed = parseForm(formData, CargoSchema);
      if (!parsed.ok) return parsed.failure;
      const errors = validateCargo(parsed.data, readDetails(booking.details).containers ?? []);
      if (Object.keys(errors).length > 0) return invalid(errors);
      await saveDraftStep(db(), actor, booking.reference, { cargo: canonicalCargo(parsed.data) });
      return next("parties");
    }
    if (step === "parties") {
      const parsed = parseForm(formData, PartiesSchema);
      if (!parsed.ok) return parsed.failure;
      await saveDraftStep(db(), actor, booking.reference, { parties: parsed.data });
      return next("review");
    }
    throw data(null, { status: 404 });
  } catch (error) {
    if (error instanceof AppError && error.code === "draftIncomplete") return next("equipment");
    return failureFromError(error, formData);
  }
});

/** Committing the review: the hold path reads only what it needs (see holdDraft). */
async function holdReviewedDraft(request: Request, params: ActionFunctionArgs["params"]) {
  const locale = requireLocale(params);
  requireParam(params, "reference", BOOKING_REFERENCE);
  const { actor } = await requireActor(db(), request, locale);
  const formData = await request.formData();
  const reference = params.reference ?? "";
  try {
    await holdDraft(db(), actor, reference);
    return redirect(`/${locale}/bookings/${reference}`);
  } catch (error) {
    if (error instanceof AppError && error.code === "draftIncomplete") {
      return redirect(`/${locale}/bookings/${reference}/edit/equipment`);
    }
    if (error instanceof AppError && error.code === "notDraft") return redirect(`/${locale}/bookings/${reference}`);
    if (error instanceof AppError && error.status === 404) throwAsResponse(error);
    return failureFromError(error, formData);
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function BookingWizard() {
  const { t } = useTranslation(["booking", "common", "schedules"]);
  const { lang } = useParams();
  const page = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as FormFailure | undefined;
  const errors = failure?.errors ?? {};
  const values = failure?.values ?? {};
  const cargo = page.details.cargo;
  const parties = page.details.parties;
  const value = (name: string, saved: unknown) =>
    values[name] ?? (saved === undefined || saved === null ? "" : String(saved));
  const checked = (name: string, saved: boolean | undefined) => (failure ? values[name] === "on" : Boolean(saved));
  // With JavaScript the price follows the form; it belongs to the step it was computed on.
  const [live, setLive] = useState<{ step: string; price: ReturnType<typeof quoteForm> }>();
  const priceForm = useRef<HTMLFormElement>(null);
  const repriceFrom = (form: HTMLFormElement) =>
    setLive({ step: page.step, price: quoteForm(new FormData(form), page.step, page.basis, page.locale) });
  const reprice = (event: React.FormEvent<HTMLFormElement>) => repriceFrom(event.currentTarget);
  // What was typed before the page's JavaScript arrived is priced as soon as it does.
  useEffect(() => {
    if (priceForm.current) repriceFrom(priceForm.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per step, on arrival
  }, [page.step]);
  const price = live?.step === page.step ? live.price : page.estimate;

  return (
    <div className="narrow wide">
      <h1>{t("wizard.title")}</h1>
      <p className="lead">
        {t("schedules:board.route", { origin: page.departure.origin, destination: page.departure.destination })} ·{" "}
        {page.departure.serviceNumber} · {page.departure.departureLocal}
      </p>
      <p>
        {t("wizard.reference", { reference: page.reference })} ·{" "}
        {t("wizard.cutoff", { time: page.departure.cargoCutoffLocal })}
      </p>
      <nav aria-label={t("wizard.steps")}>
        <ol className="wizard-steps">
          {STEPS.map((step) => (
            <li key={step} aria-current={step === page.step ? "step" : undefined}>
              <a href={`/${lang}/bookings/${page.reference}/edit/${step}`}>{t(`wizard.step.${step}`)}</a>
            </li>
          ))}
        </ol>
      </nav>
      <FormError error={Object.keys(errors).length > 0 ? (errors.form ?? "errors.form") : undefined} />

      {page.step === "equipment" && !page.air ? (
        <Form method="post" className="stacked-form" noValidate onChange={reprice} ref={priceForm}>
          <fieldset>
            <legend>{t("equipment.containers")}</legend>
            {page.offers.map((offer) => (
              <div key={offer.code} className="equipment-line">
                <FormField
                  name={`qty_${offer.code}`}
                  label={`${t(`common:equipment.${offer.code}`)} (${offer.code})`}
                  hint={t("equipment.offer", { tariff: offer.tariff, available: offer.availableText })}
                  type="number"
                  min={0}
                  max={offer.available}
                  inputMode="numeric"
                  defaultValue={value(
                    `qty_${offer.code}`,
                    page.details.containers?.find((line) => line.equipmentCode === offer.code)?.quantity ?? 0,
                  )}
                  error={errors[`qty_${offer.code}`]}
                />
                <label className="checkbox">
                  <input
                    type="checkbox"
                    name={`soc_${offer.code}`}
                    defaultChecked={checked(
                      `soc_${offer.code}`,
                      page.details.containers?.find((line) => line.equipmentCode === offer.code)?.shipperOwned,
                    )}
                  />{" "}
                  {t("equipment.shipperOwned")}
                </label>
              </div>
            ))}
          </fieldset>
          <button type="submit">{t("wizard.next")}</button>
        </Form>
      ) : null}

      {page.step === "equipment" && page.air ? (
        <Form method="post" className="stacked-form" noValidate onChange={reprice} ref={priceForm}>
          <fieldset>
            <legend>{t("equipment.pieces")}</legend>
            <p className="field-hint">{t("equipment.piecesHint")}</p>
            <table className="capacity-table pieces-table">
              <thead>
                <tr>
                  {(["quantity", "lengthCm", "widthCm", "heightCm", "grossKg"] as const).map((field) => (
                    <th key={field} scope="col">
                      {t(`equipment.${field}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {Array.from({ length: AIR_PIECE_ROWS }, (_, row) => (
                  <tr key={row}>
                    {(["quantity", "lengthCm", "widthCm", "heightCm", "grossKg"] as const).map((field) => {
                      const name = `piece_${row}_${field}`;
                      return (
                        <td key={field}>
                          <input
                            name={name}
                            inputMode="decimal"
                            aria-label={t("equipment.pieceField", { row: row + 1, field: t(`equipment.${field}`) })}
                            aria-invalid={errors[name] ? true : undefined}
                            defaultValue={value(name, page.details.pieces?.[row]?.[field])}
                          />
                          {errors[name] ? <p className="field-error">{t(errors[name])}</p> : null}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </fieldset>
          <button type="submit">{t("wizard.next")}</button>
        </Form>
      ) : null}

      {page.step === "cargo" ? (
        <Form method="post" className="stacked-form" noValidate>
          <FormField
            name="description"
            label={t("cargo.description")}
            hint={t("cargo.descriptionHint")}
            required
            defaultValue={value("description", cargo?.description)}
            error={errors.description}
          />
          <FormField
            name="hsCode"
            label={t("cargo.hsCode")}
            hint={t("cargo.hsCodeHint")}
            required
            inputMode="numeric"
            defaultValue={value("hsCode", cargo?.hsCode)}
            error={errors.hsCode}
          />
          <FormField
            name="grossWeightKg"
            label={t("cargo.grossWeightKg")}
            required
            inputMode="decimal"
            defaultValue={value("grossWeightKg", cargo?.grossWeightKg)}
            error={errors.grossWeightKg}
          />
          <FormField
            name="packages"
            label={t("cargo.packages")}
            required
            inputMode="numeric"
            defaultValue={value("packages", cargo?.packages)}
            error={errors.packages}
          />
          <SelectField
            id="field-packageType"
            name="packageType"
            label={t("cargo.packageType")}
            defaultValue={value("packageType", cargo?.packageType) || "PALLETS"}
            error={errors.packageType}
            options={PACKAGE_TYPES.map((type) => ({ value: type, label: t(`cargo.packageTypes.${type}`) }))}
          />
          <FormField
            name="volumeM3"
            label={t("cargo.volumeM3")}
            required
            inputMode="decimal"
            defaultValue={value("volumeM3", cargo?.volumeM3)}
            error={errors.volumeM3}
          />
          <FormField
            name="reeferTemperatureC"
            label={t("cargo.reeferTemperatureC")}
            hint={t("cargo.reeferHint")}
            inputMode="decimal"
            defaultValue={value("reeferTemperatureC", cargo?.reeferTemperatureC)}
            error={errors.reeferTemperatureC}
          />
          <fieldset>
            <legend>{t("cargo.dangerousGoods")}</legend>
            <label className="checkbox">
              <input type="checkbox" name="dangerous" defaultChecked={checked("dangerous", cargo?.dangerous)} />{" "}
              {t("cargo.dangerous")}
            </label>
            <FormField
              name="unNumber"
              label={t("cargo.unNumber")}
              defaultValue={value("unNumber", cargo?.unNumber)}
              error={errors.unNumber}
            />
            <SelectField
              id="field-dgClass"
              name="dgClass"
              label={t("cargo.dgClass")}
              defaultValue={value("dgClass", cargo?.dgClass)}
              error={errors.dgClass}
              options={[
                { value: "", label: "—" },
                ...DG_CLASSES.map((dgClass) => ({ value: dgClass, label: dgClass })),
              ]}
            />
            <SelectField
              id="field-packingGroup"
              name="packingGroup"
              label={t("cargo.packingGroup")}
              defaultValue={value("packingGroup", cargo?.packingGroup)}
              error={errors.packingGroup}
              options={[{ value: "", label: "—" }, ...PACKING_GROUPS.map((group) => ({ value: group, label: group }))]}
            />
          </fieldset>
          <button type="submit">{t("wizard.next")}</button>
        </Form>
      ) : null}

      {page.step === "parties" ? (
        <Form method="post" className="stacked-form" noValidate onChange={reprice} ref={priceForm}>
          {(["shipper", "consignee", "notify"] as const).map((party) => (
            <fieldset key={party}>
              <legend>{t(`parties.${party}`)}</legend>
              <FormField
                name={`${party}Name`}
                label={t("parties.name")}
                id={`field-${party}Name`}
                required={party !== "notify"}
                defaultValue={value(`${party}Name`, parties?.[`${party}Name`])}
                error={errors[`${party}Name`]}
              />
              <FormField
                name={`${party}Address`}
                label={t("parties.address")}
                id={`field-${party}Address`}
                required={party !== "notify"}
                defaultValue={value(`${party}Address`, parties?.[`${party}Address`])}
                error={errors[`${party}Address`]}
              />
            </fieldset>
          ))}
          <fieldset>
            <legend>{t("parties.doorLegs")}</legend>
            <label className="checkbox">
              <input type="checkbox" name="doorPickup" defaultChecked={checked("doorPickup", parties?.doorPickup)} />{" "}
              {t("parties.doorPickup")}
            </label>
            <FormField
              name="pickupAddress"
              label={t("parties.pickupAddress")}
              defaultValue={value("pickupAddress", parties?.pickupAddress)}
              error={errors.pickupAddress}
            />
            <label className="checkbox">
              <input
                type="checkbox"
                name="doorDelivery"
                defaultChecked={checked("doorDelivery", parties?.doorDelivery)}
              />{" "}
              {t("parties.doorDelivery")}
            </label>
            <FormField
              name="deliveryAddress"
              label={t("parties.deliveryAddress")}
              defaultValue={value("deliveryAddress", parties?.deliveryAddress)}
              error={errors.deliveryAddress}
            />
          </fieldset>
          <SelectField
            id="field-incoterm"
            name="incoterm"
            label={t("parties.incoterm")}
            defaultValue={value("incoterm", parties?.incoterm) || "FCA"}
            error={errors.incoterm}
            options={INCOTERMS_2020.map((term) => ({
              value: term,
              label: `${term} — ${t(`parties.incoterms.${term}`)}`,
            }))}
          />
          <button type="submit">{t("wizard.next")}</button>
        </Form>
      ) : null}

      {page.step === "equipment" || page.step === "parties" ? <LivePrice price={price} /> : null}

      {page.step === "review" ? (
        page.review ? (
          <Form method="post" className="stacked-form">
            <h2>{t("review.price")}</h2>
            {page.review.chargeableKg !== undefined ? (
              <p>{t("review.chargeable", { kg: page.review.chargeableKg })}</p>
            ) : null}
            <PriceTable price={page.review} />
            <h2>{t("review.policyTitle")}</h2>
            <p>
              {t("review.policy", {
                days: page.policy.freeUntilDaysBeforeDeparture,
                before: page.policy.percentBeforeCutoff,
                after: page.policy.percentAfterCutoff,
              })}
            </p>
            <p>
              {page.holdEndsAtCutoff !== null
                ? t("review.holdNoteCutoff", { count: page.holdEndsAtCutoff, time: page.departure.cargoCutoffLocal })
                : t("review.holdNote", { minutes: page.holdMinutes })}
            </p>
            <button type="submit">{t("review.hold")}</button>
          </Form>
        ) : (
          <p>{t("review.incomplete")}</p>
        )
      ) : null}
    </div>
  );
}
