import { findPlace } from "~/domain/admin/ports.server";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError, FormField } from "~/components/FormField";
import { SelectField, timeZoneOptions } from "~/components/SelectField";
import { updatePlace } from "~/domain/admin/ports.server";
import { requireActor } from "~/domain/identity/actor.server";
import { can } from "~/domain/identity/permissions";
import { redirectWithNotice, requestMeta } from "~/domain/identity/session.server";
import { parseLocalizedNames, pickName } from "~/domain/places/names";
import { fixedT } from "~/i18n/i18next.server";
import { LANGUAGE_ENDONYMS, SUPPORTED_LOCALES } from "~/i18n/config";
import { PlaceEditSchema } from "~/schemas/admin";
import { db } from "~/utils/db.server";
import { failureFromError, parseForm, type FormFailure, domainRoute } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";
import { requireParam } from "~/utils/params.server";
import { PLACE_CODE } from "~/schemas/fields";

export const handle = { i18n: ["common", "account"] };

async function requireAdmin(request: Request, locale: string) {
  const { actor } = await requireActor(db(), request, locale);
  if (!can(actor, "manage:port")) throw data(null, { status: 404 });
  return actor;
}

export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  requireParam(params, "code", PLACE_CODE);
  await requireAdmin(request, locale);
  const place = await findPlace(db(), params.code ?? "");
  if (!place) throw data(null, { status: 404 });
  const names = parseLocalizedNames(place.names);
  const t = await fixedT(locale, "account");
  return {
    title: t("admin.editPlace", { place: pickName(names, locale) }),
    place: {
      code: place.code,
      kind: place.kind,
      names,
      timeZone: place.timeZone,
      latitude: place.latitude,
      longitude: place.longitude,
      iataCode: place.iataCode ?? "",
    },
    timeZones: Intl.supportedValuesOf("timeZone"),
  };
});

export const action = /* @__PURE__ */ domainRoute(async function action({
  params,
  request,
  context,
}: ActionFunctionArgs) {
  const locale = requireLocale(params);
  requireParam(params, "code", PLACE_CODE);
  const actor = await requireAdmin(request, locale);
  const formData = await request.formData();
  const parsed = parseForm(formData, PlaceEditSchema);
  if (!parsed.ok) return parsed.failure;
  const { timeZone, latitude, longitude, iataCode, ...named } = parsed.data;
  const names = Object.fromEntries(SUPPORTED_LOCALES.map((code) => [code, named[`name_${code}`]])) as Record<
    (typeof SUPPORTED_LOCALES)[number],
    string
  >;
  try {
    await updatePlace(
      db(),
      actor,
      params.code ?? "",
      { names, timeZone, latitude, longitude, iataCode: iataCode ?? null },
      requestMeta(context, request),
    );
  } catch (error) {
    return failureFromError(error, formData);
  }
  return redirectWithNotice(`/${locale}/admin`, { code: "placeSaved" });
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function EditPlace() {
  const { t } = useTranslation("account");
  const { lang } = useParams();
  const { place, timeZones, title } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as FormFailure | undefined;
  const errors = failure?.errors ?? {};
  const values = failure?.values ?? {};
  return (
    <div className="narrow">
      <p className="breadcrumb">
        <Link to={`/${lang}/admin`}>{t("admin.title")}</Link>
      </p>
      <h1>{title}</h1>
      <p className="lead">
        {place.code} · {place.kind}
      </p>
      <FormError error={Object.keys(errors).length > 0 ? (errors.form ?? "errors.form") : undefined} />
      <Form method="post" className="stacked-form" noValidate>
        <fieldset>
          <legend>{t("admin.names")}</legend>
          {SUPPORTED_LOCALES.map((code) => (
            <FormField
              key={code}
              name={`name_${code}`}
              label={LANGUAGE_ENDONYMS[code]}
              lang={code}
              dir={code === "ar" ? "rtl" : "ltr"}
              required
              defaultValue={values[`name_${code}`] ?? place.names[code]}
              error={errors[`name_${code}`]}
            />
          ))}
        </fieldset>
        <SelectField
          id="place-timeZone"
          name="timeZone"
          label={t("profile.timeZone")}
          defaultValue={values.timeZone ?? place.timeZone}
          error={errors.timeZone}
          options={timeZoneOptions(timeZones)}
        />
        <FormField
          name="latitude"
          label={t("admin.latitude")}
          inputMode="decimal"
          defaultValue={values.latitude ?? String(place.latitude)}
          error={errors.latitude}
        />
        <FormField
          name="longitude"
          label={t("admin.longitude")}
          inputMode="decimal"
          defaultValue={values.longitude ?? String(place.longitude)}
          error={errors.longitude}
        />
        <FormField
          name="iataCode"
          label={t("admin.iataCode")}
          defaultValue={values.iataCode ?? place.iataCode}
          error={errors.iataCode}
        />
        <button type="submit">{t("admin.save")}</button>
      </Form>
    </div>
  );
}
