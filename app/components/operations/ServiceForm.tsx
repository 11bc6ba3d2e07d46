import { useTranslation } from "react-i18next";
import { FormField } from "~/components/FormField";
import { SelectField } from "~/components/SelectField";
import { translateFieldMessage } from "~/utils/field-message";

type Option = { value: string; label: string };
const MODES = ["RAIL", "AIR"];
const LEG_MODES = ["RAIL", "ROAD", "SEA", "AIR"];
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
const LEGS = [1, 2, 3, 4, 5];

/**
 * The fields of a service: route, operator, legs (border crossings and gauge changes), weekly
 * pattern and validity. A plain form: the page's <Form> posts it, with or without JavaScript.
 * `origins` only when creating (the origin is whose service it is and does not change).
 */
export function ServiceFields({
  value,
  errors,
  weekdays,
  corridors,
  places,
  origins,
}: {
  value: (name: string) => string;
  errors: Record<string, string>;
  weekdays: number[];
  corridors: Option[];
  places: Option[];
  origins?: Option[];
}) {
  const { t } = useTranslation("operations");
  const blankPlace = [{ value: "", label: "—" }, ...places];
  return (
    <>
      <fieldset>
        <legend>{t("service.route")}</legend>
        {origins ? (
          <>
            <FormField
              name="code"
              label={t("service.code")}
              hint={t("service.codeHint")}
              defaultValue={value("code")}
              error={errors.code}
              autoComplete="off"
              required
            />
            <SelectField
              id="service-originCode"
              name="originCode"
              label={t("service.origin")}
              defaultValue={value("originCode")}
              error={errors.originCode}
              options={origins}
            />
          </>
        ) : null}
        <SelectField
          id="service-corridorCode"
          name="corridorCode"
          label={t("service.corridor")}
          defaultValue={value("corridorCode")}
          error={errors.corridorCode}
          options={corridors}
        />
        <SelectField
          id="service-destinationCode"
          name="destinationCode"
          label={t("service.destination")}
          defaultValue={value("destinationCode")}
          error={errors.destinationCode}
          options={places}
        />
        <SelectField
          id="service-mode"
          name="mode"
          label={t("service.mode")}
          defaultValue={value("mode") || "RAIL"}
          error={errors.mode}
          options={MODES.map((mode) => ({ value: mode, label: t(`mode.${mode}`) }))}
        />
        <FormField
          name="serviceNumber"
          label={t("service.serviceNumber")}
          defaultValue={value("serviceNumber")}
          error={errors.serviceNumber}
          required
        />
        <FormField
          name="operatorName"
          label={t("service.operatorName")}
          defaultValue={value("operatorName")}
          error={errors.operatorName}
          required
        />
      </fieldset>
      <fieldset>
        <legend>{t("service.legs")}</legend>
        <p className="field-hint">{t("service.legsHint")}</p>
        {LEGS.map((n) => (
          <div key={n} className="leg-row" data-testid={`leg-${n}`}>
            <SelectField
              id={`service-leg${n}Mode`}
              name={`leg${n}Mode`}
              label={t("service.legMode", { n })}
              defaultValue={value(`leg${n}Mode`) || "RAIL"}
              error={errors[`leg${n}Mode`]}
              options={LEG_MODES.map((mode) => ({ value: mode, label: t(`mode.${mode}`) }))}
            />
            <SelectField
              id={`service-leg${n}To`}
              name={`leg${n}To`}
              label={t("service.legTo", { n })}
              defaultValue={value(`leg${n}To`)}
              error={errors[`leg${n}To`]}
              options={blankPlace}
            />
            <FormField
              name={`leg${n}Hours`}
              label={t("service.legHours", { n })}
              inputMode="numeric"
              defaultValue={value(`leg${n}Hours`)}
              error={errors[`leg${n}Hours`]}
            />
            <FormField
              name={`leg${n}Gauge`}
              label={t("service.legGauge", { n })}
              hint={n === 1 ? t("service.legGaugeHint") : undefined}
              defaultValue={value(`leg${n}Gauge`)}
              error={errors[`leg${n}Gauge`]}
            />
          </div>
        ))}
      </fieldset>
      <fieldset aria-describedby={errors.weekdays ? "service-weekdays-error" : undefined}>
        <legend>{t("service.pattern")}</legend>
        <div className="weekday-checks">
          {WEEKDAYS.map((day) => (
            <label key={day} className="checkbox">
              <input type="checkbox" name="weekdays" value={day} defaultChecked={weekdays.includes(day)} />
              {t(`weekday.${day}`)}
            </label>
          ))}
        </div>
        {errors.weekdays ? (
          <p className="field-error" id="service-weekdays-error">
            {translateFieldMessage(t, errors.weekdays)}
          </p>
        ) : null}
        <FormField
          name="departureLocalTime"
          type="time"
          label={t("service.departureLocalTime")}
          defaultValue={value("departureLocalTime")}
          error={errors.departureLocalTime}
        />
        {(["cargo", "doc"] as const).map((kind) => (
          <div key={kind} className="leg-row">
            <FormField
              name={`${kind}CutoffDays`}
              label={t(`service.${kind}CutoffDays`)}
              inputMode="numeric"
              defaultValue={value(`${kind}CutoffDays`)}
              error={errors[`${kind}CutoffDays`]}
            />
            <FormField
              name={`${kind}CutoffLocalTime`}
              type="time"
              label={t(`service.${kind}CutoffLocalTime`)}
              defaultValue={value(`${kind}CutoffLocalTime`)}
              error={errors[`${kind}CutoffLocalTime`]}
            />
          </div>
        ))}
        <FormField
          name="validFrom"
          type="date"
          label={t("service.validFrom")}
          defaultValue={value("validFrom")}
          error={errors.validFrom}
        />
        <FormField
          name="validUntil"
          type="date"
          label={t("service.validUntil")}
          hint={t("service.validUntilHint")}
          defaultValue={value("validUntil")}
          error={errors.validUntil}
        />
      </fieldset>
    </>
  );
}

/**
 * The weekdays to show ticked: what was just submitted (the action copies the ticked boxes into
 * one "weekdaysChosen" value, since a failure keeps one value per name), else what was saved.
 */
export function shownWeekdays(submitted: Record<string, string> | undefined, saved: number[]): number[] {
  const chosen = submitted?.weekdaysChosen;
  if (chosen === undefined) return saved;
  return chosen.split(",").filter(Boolean).map(Number);
}

/** Before parsing: keeps the ticked weekdays for a form shown again after a refusal. */
export function keepWeekdays(formData: FormData) {
  formData.set("weekdaysChosen", formData.getAll("weekdays").join(","));
}
