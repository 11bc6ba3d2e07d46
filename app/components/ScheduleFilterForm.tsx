import { Form, Link, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EQUIPMENT_CODES, SERVICE_MODES } from "~/domain/scheduling/equipment";
import { BOARD_SORTS } from "~/domain/scheduling/board-sorts";
import type { ScheduleFilterErrors, ScheduleFilterField } from "~/schemas/schedule-filters";

interface Option {
  value: string;
  name: string;
}

interface Props {
  values: Record<string, string>;
  errors: ScheduleFilterErrors;
  options: { corridors: Option[]; origins: Option[]; destinations: Option[]; currencies: Option[] };
}

/**
 * A GET form: every search is a shareable URL and needs no JavaScript. On a phone it folds
 * behind a "Filter" button (`<details>`, so it opens without JavaScript too); on a wider screen
 * the stylesheet keeps it unfolded.
 */
export function ScheduleFilterForm({ values, errors, options }: Props) {
  const { t } = useTranslation("schedules");
  const { lang } = useParams();

  const fieldProps = (name: ScheduleFilterField) => ({
    id: `filter-${name}`,
    name,
    defaultValue: values[name] ?? "",
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": errors[name] ? `filter-${name}-error` : undefined,
  });
  const fieldError = (name: ScheduleFilterField) =>
    errors[name] ? (
      <p className="field-error" id={`filter-${name}-error`}>
        {t(errors[name])}
      </p>
    ) : null;
  const select = (name: ScheduleFilterField, choices: Option[], blank: string | null = t("filters.any")) => (
    <div className="field">
      <label htmlFor={`filter-${name}`}>{t(`filters.${name}`)}</label>
      <select {...fieldProps(name)}>
        {blank === null ? null : <option value="">{blank}</option>}
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.name}
          </option>
        ))}
      </select>
      {fieldError(name)}
    </div>
  );

  const filtering = Object.keys(errors).length > 0;
  return (
    <details className="filter-panel" open={filtering || undefined}>
      <summary>{t("filters.toggle")}</summary>
      <Form method="get" className="filters" aria-labelledby="filters-heading">
        <h2 id="filters-heading" className="visually-hidden">
          {t("filters.heading")}
        </h2>
        {select("corridor", options.corridors)}
        {select("origin", options.origins)}
        {select("destination", options.destinations)}
        <div className="field">
          <label htmlFor="filter-from">{t("filters.from")}</label>
          <input type="date" {...fieldProps("from")} />
          {fieldError("from")}
        </div>
        <div className="field">
          <label htmlFor="filter-to">{t("filters.to")}</label>
          <input type="date" {...fieldProps("to")} />
          {fieldError("to")}
        </div>
        {select(
          "mode",
          SERVICE_MODES.map((mode) => ({ value: mode, name: t(`mode.${mode}`, { ns: "common" }) })),
        )}
        {select(
          "equipment",
          EQUIPMENT_CODES.map((code) => ({ value: code, name: t(`equipment.${code}`, { ns: "common" }) })),
        )}
        {select(
          "sort",
          BOARD_SORTS.map((sort) => ({ value: sort, name: t(`filters.sortBy.${sort}`) })),
          null,
        )}
        {select("currency", options.currencies, t("filters.tariffCurrency"))}
        <div className="field field-checkbox">
          <input type="checkbox" id="filter-closed" name="closed" value="1" defaultChecked={values.closed === "1"} />
          <label htmlFor="filter-closed">{t("filters.closed")}</label>
        </div>
        <div className="filter-actions">
          <button type="submit">{t("filters.submit")}</button>
          <Link to={`/${lang}/schedules`}>{t("filters.reset")}</Link>
        </div>
      </Form>
    </details>
  );
}
