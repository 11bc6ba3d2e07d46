import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError, FormField } from "~/components/FormField";
import { SelectField } from "~/components/SelectField";
import { requireActor } from "~/domain/identity/actor.server";
import { can } from "~/domain/identity/permissions";
import { redirectWithNotice, requestMeta, takeNotice } from "~/domain/identity/session.server";
import { NoticeMessage } from "~/components/NoticeMessage";
import { DISPLAY_CURRENCIES } from "~/domain/pricing/currencies";
import { addExchangeRate, listExchangeRates } from "~/domain/pricing/exchange-rates.server";
import { presentRates } from "~/domain/pricing/rates-view";
import { fixedT } from "~/i18n/i18next.server";
import { exchangeRateSchema } from "~/schemas/exchange-rates";
import { db } from "~/utils/db.server";
import { failureFromError, parseForm, type FormFailure, domainRoute } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";

export const handle = { i18n: ["common", "account"] };

/** Supervisors and the platform admin keep the rates; to anyone else the page does not exist. */
async function requireRateKeeper(request: Request, locale: string) {
  const { actor, user } = await requireActor(db(), request, locale);
  if (!can(actor, "manage:exchangeRate")) throw data(null, { status: 404 });
  return { actor, user };
}

export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const { actor, user } = await requireRateKeeper(request, locale);
  const [rates, t, { notice, headers }] = await Promise.all([
    listExchangeRates(db(), actor),
    fixedT(locale, "account"),
    takeNotice(request),
  ]);
  const page = {
    title: t("rates.title"),
    notice,
    timeZone: user.timeZone,
    rates: presentRates(rates, locale, user.timeZone, new Date()),
  };
  return data(page, { headers });
});

/** A new dated rate: added beside the old ones, never over them. */
export const action = /* @__PURE__ */ domainRoute(async function action({
  params,
  request,
  context,
}: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const { actor, user } = await requireRateKeeper(request, locale);
  const formData = await request.formData();
  const parsed = parseForm(formData, exchangeRateSchema(user.timeZone, new Date()));
  if (!parsed.ok) return parsed.failure;
  const { baseCurrency, currency, rate, validFrom } = parsed.data;
  try {
    await addExchangeRate(
      db(),
      actor,
      { baseCurrency, currency, rateMicros: rate, validFrom },
      requestMeta(context, request),
    );
  } catch (error) {
    return failureFromError(error, formData);
  }
  return redirectWithNotice(`/${locale}/staff/rates`, { code: "rateAdded" });
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

const CURRENCY_OPTIONS = DISPLAY_CURRENCIES.map((code) => ({ value: code, label: code }));

export default function ExchangeRates() {
  const { t } = useTranslation(["account", "common"]);
  const page = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as FormFailure | undefined;
  const errors = failure?.errors ?? {};
  const values = failure?.values ?? {};
  return (
    <>
      <h1>{page.title}</h1>
      <p className="lead">{t("rates.lead")}</p>
      <NoticeMessage notice={page.notice} />
      <section aria-labelledby="rates-add">
        <h2 id="rates-add">{t("rates.add")}</h2>
        <FormError error={Object.keys(errors).length > 0 ? (errors.form ?? "errors.form") : undefined} />
        <Form method="post" className="stacked-form narrow" noValidate data-testid="rate-form">
          <SelectField
            id="rate-baseCurrency"
            name="baseCurrency"
            label={t("rates.baseCurrency")}
            defaultValue={values.baseCurrency ?? "EUR"}
            error={errors.baseCurrency}
            options={CURRENCY_OPTIONS}
          />
          <SelectField
            id="rate-currency"
            name="currency"
            label={t("rates.currency")}
            defaultValue={values.currency ?? "CNY"}
            error={errors.currency}
            options={CURRENCY_OPTIONS}
          />
          <FormField
            name="rate"
            label={t("rates.rate")}
            hint={t("rates.rateHint")}
            inputMode="decimal"
            autoComplete="off"
            required
            defaultValue={values.rate ?? ""}
            error={errors.rate}
          />
          <FormField
            name="validFrom"
            type="datetime-local"
            label={t("rates.validFrom", { timeZone: page.timeZone })}
            hint={t("rates.validFromHint")}
            defaultValue={values.validFrom ?? ""}
            error={errors.validFrom}
          />
          <button type="submit">{t("rates.submit")}</button>
        </Form>
      </section>
      <section aria-labelledby="rates-history">
        <h2 id="rates-history">{t("rates.history")}</h2>
        {page.rates.length === 0 ? (
          <p className="empty">{t("rates.empty")}</p>
        ) : (
          <div className="scroll-x">
            <table className="capacity-table rates-table" data-testid="rates">
              <thead>
                <tr>
                  <th scope="col">{t("rates.columns.rate")}</th>
                  <th scope="col">{t("rates.columns.validFrom")}</th>
                  <th scope="col">{t("rates.columns.state")}</th>
                  <th scope="col">{t("rates.columns.enteredBy")}</th>
                </tr>
              </thead>
              <tbody>
                {page.rates.map((rate) => (
                  <tr key={rate.id} className={`rate-${rate.state}`}>
                    <td>
                      <bdi>{t("rates.pair", { base: rate.baseCurrency, rate: rate.rate, quote: rate.currency })}</bdi>
                    </td>
                    <td>{rate.validFrom}</td>
                    <td>{t(`rates.state.${rate.state}`)}</td>
                    <td>
                      <bdi>{rate.createdBy ?? t("rates.seeded")}</bdi> · {rate.createdAt}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
