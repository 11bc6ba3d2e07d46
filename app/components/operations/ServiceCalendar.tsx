import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError, FormField } from "~/components/FormField";
import { SelectField } from "~/components/SelectField";
import { DISPLAY_CURRENCIES } from "~/domain/pricing/currencies";
import { EQUIPMENT_CODES } from "~/domain/scheduling/equipment";

interface CalendarPage {
  canManage: boolean;
  exceptions: { localDate: string; note: string | null }[];
  offers: { equipmentCode: string; total: number; tariff: string; minCharge: string | null; currency: string }[];
  departures: { id: string; departureLocal: string; cargoCutoffLocal: string; status: string }[];
}

/**
 * A service's calendar: the dates it does not run, what each new departure offers, publishing
 * N weeks ahead, and the departures published (each links to its own page).
 */
export function ServiceCalendar({
  page,
  lang,
  errors,
  submitted,
}: {
  page: CalendarPage;
  lang: string;
  errors: (intent: string) => Record<string, string>;
  submitted: Record<string, string>;
}) {
  const { t } = useTranslation(["operations", "common"]);
  const exceptionErrors = errors("addException");
  const offerErrors = errors("offer");
  const publishErrors = errors("publish");
  const offerValue = (name: string) => (submitted.intent === "offer" ? submitted[name] : undefined);
  return (
    <>
      <section aria-labelledby="service-exceptions">
        <h2 id="service-exceptions">{t("exceptions.title")}</h2>
        <p className="lead">{t("exceptions.lead")}</p>
        {page.exceptions.length === 0 ? (
          <p className="empty">{t("exceptions.empty")}</p>
        ) : (
          <ul data-testid="exceptions">
            {page.exceptions.map((exception) => (
              <li key={exception.localDate}>
                <Form method="post" className="inline-form">
                  <bdi>{exception.localDate}</bdi> {exception.note ? <bdi>{exception.note}</bdi> : null}
                  <input type="hidden" name="localDate" value={exception.localDate} />
                  {page.canManage ? (
                    <button type="submit" name="intent" value="removeException">
                      {t("exceptions.remove")}
                    </button>
                  ) : null}
                </Form>
              </li>
            ))}
          </ul>
        )}
        {page.canManage ? (
          <Form method="post" className="stacked-form narrow" noValidate data-testid="exception-form">
            <FormField
              name="localDate"
              type="date"
              label={t("exceptions.date")}
              defaultValue={submitted.intent === "addException" ? submitted.localDate : ""}
              error={exceptionErrors.localDate}
            />
            <FormField
              name="note"
              label={t("exceptions.note")}
              defaultValue={submitted.intent === "addException" ? submitted.note : ""}
              error={exceptionErrors.note}
            />
            <button type="submit" name="intent" value="addException">
              {t("exceptions.add")}
            </button>
          </Form>
        ) : null}
      </section>
      <section aria-labelledby="service-offers">
        <h2 id="service-offers">{t("offers.title")}</h2>
        <p className="lead">{t("offers.lead")}</p>
        {page.offers.length === 0 ? (
          <p className="empty">{t("offers.empty")}</p>
        ) : (
          <table className="capacity-table" data-testid="offers">
            <thead>
              <tr>
                <th scope="col">{t("capacity.equipment")}</th>
                <th scope="col">{t("capacity.total")}</th>
                <th scope="col">{t("capacity.tariff")}</th>
                <th scope="col">{t("capacity.minCharge")}</th>
              </tr>
            </thead>
            <tbody>
              {page.offers.map((offer) => (
                <tr key={offer.equipmentCode}>
                  <td>{offer.equipmentCode}</td>
                  <td>{offer.total}</td>
                  <td>{offer.tariff}</td>
                  <td>{offer.minCharge ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {page.canManage ? (
          <Form method="post" className="stacked-form narrow" noValidate data-testid="offer-form">
            <SelectField
              id="offer-equipmentCode"
              name="equipmentCode"
              label={t("capacity.equipment")}
              defaultValue={submitted.intent === "offer" ? submitted.equipmentCode : "45G1"}
              error={offerErrors.equipmentCode}
              options={EQUIPMENT_CODES.map((code) => ({ value: code, label: code }))}
            />
            <FormField
              name="total"
              label={t("capacity.total")}
              inputMode="numeric"
              defaultValue={offerValue("total")}
              error={offerErrors.total}
            />
            <FormField
              name="tariff"
              label={t("capacity.tariff")}
              inputMode="decimal"
              defaultValue={offerValue("tariff")}
              error={offerErrors.tariff}
            />
            <SelectField
              id="offer-currency"
              name="currency"
              label={t("capacity.currency")}
              defaultValue={offerValue("currency") ?? "USD"}
              error={offerErrors.currency}
              options={DISPLAY_CURRENCIES.map((code) => ({ value: code, label: code }))}
            />
            <FormField
              name="minCharge"
              label={t("capacity.minCharge")}
              hint={t("capacity.minChargeHint")}
              inputMode="decimal"
              defaultValue={offerValue("minCharge")}
              error={offerErrors.minCharge}
            />
            <button type="submit" name="intent" value="offer">
              {t("offers.save")}
            </button>
          </Form>
        ) : null}
      </section>
      <section aria-labelledby="service-publish">
        <h2 id="service-publish">{t("publish.title")}</h2>
        {page.canManage ? (
          <Form method="post" className="stacked-form narrow" noValidate data-testid="publish-form">
            <FormError error={publishErrors.form} />
            <FormField
              name="weeks"
              label={t("publish.weeks")}
              hint={t("publish.hint")}
              inputMode="numeric"
              defaultValue={submitted.intent === "publish" ? submitted.weeks : "13"}
              error={publishErrors.weeks}
            />
            <button type="submit" name="intent" value="publish">
              {t("publish.submit")}
            </button>
          </Form>
        ) : null}
        {page.departures.length === 0 ? (
          <p className="empty">{t("publish.none")}</p>
        ) : (
          <table className="capacity-table" data-testid="service-departures">
            <thead>
              <tr>
                <th scope="col">{t("departure.departs")}</th>
                <th scope="col">{t("departure.cargoCutoff")}</th>
                <th scope="col">{t("departure.status")}</th>
              </tr>
            </thead>
            <tbody>
              {page.departures.map((departure) => (
                <tr key={departure.id}>
                  <td>
                    <Link to={`/${lang}/staff/departures/${departure.id}`}>{departure.departureLocal}</Link>
                  </td>
                  <td>{departure.cargoCutoffLocal}</td>
                  <td>{t(`status.${departure.status}`, { ns: "common" })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
