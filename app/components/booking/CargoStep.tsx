import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormField, TextAreaField } from "~/components/FormField";
import { SelectField } from "~/components/SelectField";
import { useEffect, useState } from "react";
import { DG_CLASSES, isReefer, PACKING_GROUPS } from "~/domain/booking/cargo-rules";
import type { CargoLine } from "~/schemas/booking";
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
  const { page, errors, value, values } = wizard;
  const cargo = page.details.cargo;
  const rows = rowCount(cargo?.lines.length ?? 0, values, added);
  // A set point only means something for a reefer box: other bookings are not asked for one.
  const reefer = (page.details.containers ?? []).some((line) => isReefer(line.equipmentCode));
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
            <DangerousGoodsFields wizard={wizard} row={row} saved={saved} />
          </fieldset>
        );
      })}
      {rows < MAX_CARGO_LINES ? (
        <button type="submit" name="intent" value="addLine" className="secondary">
          {t("cargo.addLine")}
        </button>
      ) : null}
      {reefer ? (
        <FormField
          name="reeferTemperatureC"
          label={t("cargo.reeferTemperatureC")}
          hint={t("cargo.reeferHint")}
          inputMode="decimal"
          defaultValue={value("reeferTemperatureC", cargo?.reeferTemperatureC)}
          error={errors.reeferTemperatureC}
        />
      ) : null}
      <button type="submit">{t("wizard.next")}</button>
    </Form>
  );
}

/**
 * A line's dangerous-goods data. Without JavaScript every field is there, grouped under "only for
 * dangerous goods"; once the page runs, UN number, class and packing group appear when the line
 * is marked as dangerous goods (and stay when they hold an error, which only happens then).
 */
function DangerousGoodsFields({ wizard, row, saved }: { wizard: Wizard; row: number; saved?: Partial<CargoLine> }) {
  const { t } = useTranslation(["booking"]);
  const { errors, value, checked } = wizard;
  const name = (field: string) => `line_${row}_${field}`;
  const [dangerous, setDangerous] = useState(checked(name("dangerous"), saved?.dangerous));
  const [interactive, setInteractive] = useState(false);
  useEffect(() => setInteractive(true), []);
  const detailsId = `dg-details-${row}`;
  return (
    <fieldset className="dg-group">
      <legend>{t("cargo.dangerousGoods")}</legend>
      <label className="checkbox">
        <input
          type="checkbox"
          name={name("dangerous")}
          defaultChecked={dangerous}
          aria-controls={detailsId}
          aria-expanded={interactive ? dangerous : undefined}
          onChange={(event) => setDangerous(event.currentTarget.checked)}
        />{" "}
        {t("cargo.dangerous")}
      </label>
      <div id={detailsId} className="field-grid" hidden={interactive && !dangerous}>
        <p className="field-hint wide-field">{t("cargo.dangerousOnly")}</p>
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
          options={[{ value: "", label: "—" }, ...DG_CLASSES.map((dgClass) => ({ value: dgClass, label: dgClass }))]}
        />
        <SelectField
          id={`field-${name("packingGroup")}`}
          name={name("packingGroup")}
          label={t("cargo.packingGroup")}
          defaultValue={value(name("packingGroup"), saved?.packingGroup)}
          error={errors[name("packingGroup")]}
          options={[{ value: "", label: "—" }, ...PACKING_GROUPS.map((group) => ({ value: group, label: group }))]}
        />
      </div>
    </fieldset>
  );
}
