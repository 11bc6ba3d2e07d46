import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { FormError, shownValue } from "~/components/FormField";
import { AirPiecesStep, ContainersStep, ReviewStep, WizardNav, type Wizard } from "~/components/booking/WizardSteps";
import { CargoStep } from "~/components/booking/CargoStep";
import { PartiesStep } from "~/components/booking/PartiesStep";
import { LivePrice } from "~/components/LivePrice";
import { RouteName } from "~/components/Isolate";
import { findCompanyBooking } from "~/domain/booking/find-bookings.server";
import { holdBooking } from "~/domain/booking/hold-booking.server";
import { saveCargoStep, saveEquipmentStep, savePartiesStep } from "~/domain/booking/draft-steps.server";
import { presentDraft } from "~/domain/booking/draft-view";
import { quoteForm } from "~/domain/booking/live-quote";
import { allows } from "~/domain/booking/lifecycle";
import { requireActor } from "~/domain/identity/actor.server";
import { loadCatalog } from "~/domain/places/catalog.server";
import { fixedT } from "~/i18n/i18next.server";
import {
  formFieldOfCargo,
  parseAirPieces,
  parseCargoForm,
  parseContainerLines,
  parsePartiesForm,
  WIZARD_STEPS,
  type WizardStep,
} from "~/schemas/booking";
import { AppError } from "~/utils/app-error";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import {
  failureFromError,
  submittedValues,
  throwAsResponse,
  type FormFailure,
  domainRoute,
} from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";
import { requireParam } from "~/utils/params.server";
import { BOOKING_REFERENCE } from "~/schemas/fields";

export const handle = { i18n: ["common", "schedules", "account", "booking", "payments"] };

async function loadDraft(request: Request, params: LoaderFunctionArgs["params"]) {
  const locale = requireLocale(params);
  requireParam(params, "reference", BOOKING_REFERENCE);
  const step = requireParam(params, "step", WIZARD_STEPS) as WizardStep;
  const { actor, user } = await requireActor(db(), request, locale);
  const booking = await findCompanyBooking(db(), actor, params.reference ?? "").catch(throwAsResponse);
  if (!allows(booking.status, "editDraft")) throw redirect(`/${locale}/bookings/${booking.reference}`);
  return { locale, step, actor, user, booking };
}

export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const { locale, step, user, booking } = await loadDraft(request, params);
  const [catalog, t] = await Promise.all([loadCatalog(db()), fixedT(locale, "booking")]);
  const context = { locale, timeZone: user.timeZone, catalog, now: new Date(), holdMinutes: env().HOLD_MINUTES };
  const draft = presentDraft(booking, step, context);
  return { title: t("wizard.title"), ...draft };
});

export const action = /* @__PURE__ */ domainRoute(async function action({ params, request }: ActionFunctionArgs) {
  if (params.step === "review") return holdReviewedDraft(request, params);
  const { locale, step, actor, booking } = await loadDraft(request, params);
  const formData = await request.formData();
  const next = (target: WizardStep) => redirect(`/${locale}/bookings/${booking.reference}/edit/${target}`);
  const invalid = (errors: Record<string, string>) =>
    data<FormFailure>({ errors, values: submittedValues(formData) }, { status: 400 });
  try {
    if (step === "equipment") {
      if (booking.departure.service.mode === "AIR") {
        const { pieces, errors } = parseAirPieces(formData);
        if (Object.keys(errors).length > 0) return invalid(errors);
        await saveEquipmentStep(db(), actor, booking.reference, { pieces });
      } else {
        const offered = booking.departure.capacities.map((capacity) => capacity.equipmentCode);
        const { lines, errors } = parseContainerLines(formData, offered);
        if (Object.keys(errors).length > 0) return invalid(errors);
        await saveEquipmentStep(db(), actor, booking.reference, { containers: lines });
      }
      return next("cargo");
    }
    if (step === "cargo") {
      const { cargo, rows, errors } = parseCargoForm(formData);
      // Another line asked for: the form comes back with what was typed and one more row.
      if (formData.get("intent") === "addLine")
        return data<FormFailure>({ errors: {}, values: submittedValues(formData) });
      if (Object.keys(errors).length > 0) return invalid(errors);
      try {
        await saveCargoStep(db(), actor, booking.reference, cargo);
      } catch (error) {
        return failureFromError(error, formData, (field) => formFieldOfCargo(field, rows));
      }
      return next("parties");
    }
    if (step === "parties") {
      const { parties, errors } = parsePartiesForm(formData);
      if (!parties) return invalid(errors);
      await savePartiesStep(db(), actor, booking.reference, parties);
      return next("review");
    }
    throw data(null, { status: 404 });
  } catch (error) {
    if (error instanceof AppError && error.code === "draftIncomplete") return next("equipment");
    return failureFromError(error, formData);
  }
});

/** Committing the review: the hold path reads only what it needs (see holdBooking). */
async function holdReviewedDraft(request: Request, params: ActionFunctionArgs["params"]) {
  const locale = requireLocale(params);
  requireParam(params, "reference", BOOKING_REFERENCE);
  const { actor } = await requireActor(db(), request, locale);
  const formData = await request.formData();
  const reference = params.reference ?? "";
  try {
    // The checkbox sends the version of the carriage terms the page showed; unticked, nothing.
    const accepted = formData.get("acceptCarriageTerms");
    await holdBooking(db(), { actor, reference, acceptedTerms: typeof accepted === "string" ? accepted : null });
    return redirect(`/${locale}/bookings/${reference}`);
  } catch (error) {
    if (error instanceof AppError && error.code === "draftIncomplete") {
      return redirect(`/${locale}/bookings/${reference}/edit/${error.field === "cargo" ? "cargo" : "equipment"}`);
    }
    if (error instanceof AppError && error.code === "notDraft") return redirect(`/${locale}/bookings/${reference}`);
    if (error instanceof AppError && error.status === 404) throwAsResponse(error);
    return failureFromError(error, formData);
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function BookingWizard() {
  const { t } = useTranslation(["booking", "common", "schedules"]);
  const page = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as FormFailure | undefined;
  const errors = failure?.errors ?? {};
  const values = failure?.values ?? {};
  const value = shownValue(values);
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
  const wizard: Wizard = { page, errors, value, checked, values, reprice, priceForm };

  return (
    <div className="narrow wide">
      <h1>{t("wizard.title")}</h1>
      <p className="lead">
        <RouteName origin={page.departure.origin} destination={page.departure.destination} /> ·{" "}
        <bdi>{page.departure.serviceNumber}</bdi> · {page.departure.departureLocal}
      </p>
      <p>
        {t("wizard.reference", { reference: page.reference })} ·{" "}
        {t("wizard.cutoff", { time: page.departure.cargoCutoffLocal })}
      </p>
      <WizardNav reference={page.reference} current={page.step} done={page.done} />
      <FormError error={Object.keys(errors).length > 0 ? (errors.form ?? "errors.form") : undefined} />

      {page.step === "equipment" && !page.air ? <ContainersStep wizard={wizard} /> : null}

      {page.step === "equipment" && page.air ? <AirPiecesStep wizard={wizard} /> : null}

      {page.step === "cargo" ? (
        <CargoStep wizard={wizard} added={Boolean(failure && Object.keys(errors).length === 0)} />
      ) : null}

      {page.step === "parties" ? <PartiesStep wizard={wizard} /> : null}

      {page.step === "equipment" || page.step === "parties" ? <LivePrice price={price} /> : null}

      {page.step === "review" ? <ReviewStep wizard={wizard} /> : null}
    </div>
  );
}
