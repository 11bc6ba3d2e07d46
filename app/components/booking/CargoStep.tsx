import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormField, TextAreaField } from "~/components/FormField";
import { SelectField } from "~/components/SelectField";
import { DG_CLASSES, PACKING_GROUPS } from "~/domain/booking/cargo-rules";
import { MAX_CARGO_LINES, PACKAGE_TYPES } from "~/schemas/booking";
import type { Wizard } from "./WizardSteps";

/** How many rows the form shows: every saved or typed line, one more when asked for. */
function rowCount(saved: number, values: Record<string, string>, added: boolean): number {
  const typed = Object.keys(values)
    .map((name) => /^line_(\d+)_/.exec(name)?.[1])
    .filter((row): row is string => row !== undefined)
    .map((row) => Number(row) + 1);
  return Math.min(MAX_CARGO_LINES, Math.max(1, saved, ...typed) + (added ? 1 : 0));
}

/** Step 2: one line per kind of goods (its own HS code, packages, weight, DG), and the reefer set point. */
export function CargoStep({ wizard, added }: { wizard: Wizard; added: boolean }) {
  const { t } = useTranslation(["booking", "common", "schedules"]);
  const { page, errors, value, checked, values } = wizard;
  const cargo = page.details.cargo;
  const rows = rowCount(cargo?.lines.length ?? 0, values, added);
  return (
    <Form method="post" className="stacked-form" noValidate>
      {/* Enter in a field means "next", not "add a line": the first submit button is the default. */}
      <button type="submit" className="visually-hidden" tabIndex={-1} aria-hidden="true">
        {t("wizard.next")}
      </button>
      <p className="field-hint">{t("cargo.linesHint")}</p>
      {Array.from({ length: rows }, (_, row) => {
        const saved = cargo?.lines[row];
        const name = (field: string) => `line_${row}_${field}`;
        return (
          <fieldset key={row} className="cargo-line">
            <legend>{t("cargo.line", { number: row + 1 })}</legend>
            <div className="field-grid">
              <div className="wide-field">
                <TextAreaField
                  name={name("description")}
                  label={t("cargo.description")}
                  hint={row === 0 ? t("cargo.descriptionHint") : undefined}
                  rows={2}
                  defaultValue={value(name("description"), saved?.description)}
                  error={errors[name("description")]}
                />
              </div>
              <FormField
                name={name("hsCode")}
                label={t("cargo.hsCode")}
                hint={row === 0 ? t("cargo.hsCodeHint") : undefined}
                inputMode="numeric"
                defaultValue={value(name("hsCode"), saved?.hsCode)}
                error={errors[name("hsCode")]}
              />
              <FormField
                name={name("packages")}
                label={t("cargo.packages")}
                inputMode="numeric"
                defaultValue={value(name("packages"), saved?.packages)}
                error={errors[name("packages")]}
              />
              <SelectField
                id={`field-${name("packageType")}`}
                name={name("packageType")}
                label={t("cargo.packageType")}
                defaultValue={value(name("packageType"), saved?.packageType) || "PALLETS"}
                error={errors[name("packageType")]}
                options={PACKAGE_TYPES.map((type) => ({ value: type, label: t(`cargo.packageTypes.${type}`) }))}
              />
              <FormField
                name={name("grossWeightKg")}
                label={t("cargo.lineWeightKg")}
                inputMode="decimal"
                defaultValue={value(name("grossWeightKg"), saved?.grossWeightKg)}
                error={errors[name("grossWeightKg")]}
              />
              <FormField
                name={name("volumeM3")}
                label={t("cargo.volumeM3")}
                inputMode="decimal"
                defaultValue={value(name("volumeM3"), saved?.volumeM3)}
                error={errors[name("volumeM3")]}
              />
            </div>
            <fieldset>
              <legend>{t("cargo.dangerousGoods")}</legend>
              <label className="checkbox">
                <input
                  type="checkbox"
                  name={name("dangerous")}
                  defaultChecked={checked(name("dangerous"), saved?.dangerous)}
                />{" "}
                {t("cargo.dangerous")}
              </label>
              <div className="field-grid">
                <FormField
                  name={name("unNumber")}
                  label={t("cargo.unNumber")}
                  defaultValue={value(name("unNumber"), saved?.unNumber)}
                  error={errors[name("unNumber")]}
                />
                <SelectField
                  id={`field-${name("dgClass")}`}
                  name={name("dgClass")}
                  label={t("cargo.dgClass")}
                  defaultValue={value(name("dgClass"), saved?.dgClass)}
                  error={errors[name("dgClass")]}
                  options={[
                    { value: "", label: "—" },
                    ...DG_CLASSES.map((dgClass) => ({ value: dgClass, label: dgClass })),
                  ]}
                />
                <SelectField
                  id={`field-${name("packingGroup")}`}
                  name={name("packingGroup")}
                  label={t("cargo.packingGroup")}
                  defaultValue={value(name("packingGroup"), saved?.packingGroup)}
                  error={errors[name("packingGroup")]}
                  options={[
                    { value: "", label: "—" },
                    ...PACKING_GROUPS.map((group) => ({ value: group, label: group })),
                  ]}
                />
              </div>
            </fieldset>
          </fieldset>
        );
      })}
      {rows < MAX_CARGO_LINES ? (
        <button type="submit" name="intent" value="addLine" className="secondary">
          {t("cargo.addLine")}
        </button>
      ) : null}
      <FormField
        name="reeferTemperatureC"
        label={t("cargo.reeferTemperatureC")}
        hint={t("cargo.reeferHint")}
        inputMode="decimal"
        defaultValue={value("reeferTemperatureC", cargo?.reeferTemperatureC)}
        error={errors.reeferTemperatureC}
      />
      <button type="submit">{t("wizard.next")}</button>
    </Form>
  );
}
