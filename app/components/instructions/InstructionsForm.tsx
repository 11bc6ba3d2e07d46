import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError, FormField, TextAreaField } from "~/components/FormField";
import { SelectField } from "~/components/SelectField";
import { LANGUAGE_ENDONYMS } from "~/i18n/config";
import { AIR_GROUP, lineField, unitField, unitGroup } from "~/domain/instructions/form";
import type { InstructionsView } from "~/domain/instructions/instructions-view.server";

/** What each field shows: what was just sent (kept after a refusal), else what is saved or prefilled. */
export interface InstructionsFormState {
  errors: Record<string, string>;
  value: (name: string) => string;
  /** Names of the fields just sent, to keep every typed row on the page. */
  sent: string[];
}

/** Rows a goods group shows: the saved ones and a spare, and every row just typed into. */
function rowCount(group: string, saved: number, sent: string[]): number {
  const prefix = `${group}_l`;
  const typed = sent
    .filter((name) => name.startsWith(prefix))
    .map((name) => Number(/^[a-z0-9]+_l(\d+)_/.exec(name)?.[1] ?? 0) + 1);
  return Math.max(saved, ...typed);
}

function GoodsRows({
  group,
  rows,
  page,
  form,
}: {
  group: string;
  rows: number;
  page: InstructionsView;
  form: InstructionsFormState;
}) {
  const { t } = useTranslation(["instructions", "booking"]);
  const count = rowCount(group, rows, form.sent);
  return (
    <>
      {Array.from({ length: count }, (_, row) => {
        const name = (field: string) => lineField(group, row, field);
        const input = (field: string, mode: "numeric" | "decimal" | "text" = "text") => (
          <FormField
            name={name(field)}
            label={t(`line.${field}`)}
            inputMode={mode}
            defaultValue={form.value(name(field))}
            error={form.errors[name(field)]}
          />
        );
        return (
          <fieldset key={row} className="cargo-line">
            <legend>{t("line.row", { number: row + 1 })}</legend>
            <div className="field-grid">
              <div className="wide-field">
                <TextAreaField
                  name={name("description")}
                  label={t("line.description")}
                  rows={2}
                  defaultValue={form.value(name("description"))}
                  error={form.errors[name("description")]}
                />
              </div>
              {input("hsCode", "numeric")}
              {input("packages", "numeric")}
              <SelectField
                id={`field-${name("packageType")}`}
                name={name("packageType")}
                label={t("line.packageType")}
                defaultValue={form.value(name("packageType")) || "PALLETS"}
                error={form.errors[name("packageType")]}
                options={page.options.packageTypes.map((type) => ({
                  value: type,
                  label: t(`booking:cargo.packageTypes.${type}`),
                }))}
              />
              {input("grossWeightKg", "decimal")}
              {input("volumeM3", "decimal")}
              <div className="wide-field">
                <TextAreaField
                  name={name("marks")}
                  label={t("line.marks")}
                  hint={t("line.marksHint")}
                  rows={2}
                  defaultValue={form.value(name("marks"))}
                  error={form.errors[name("marks")]}
                />
              </div>
            </div>
          </fieldset>
        );
      })}
    </>
  );
}

function UnitFields({
  unit,
  page,
  form,
}: {
  unit: InstructionsView["units"][number];
  page: InstructionsView;
  form: InstructionsFormState;
}) {
  const { t } = useTranslation("instructions");
  const name = (field: string) => unitField(unit.index, field);
  const input = (field: string, options: { hint?: string; mode?: "numeric" | "text"; autoComplete?: string } = {}) => (
    <FormField
      name={name(field)}
      label={t(`unit.${field}`)}
      hint={options.hint}
      inputMode={options.mode ?? "text"}
      autoComplete={options.autoComplete ?? "off"}
      defaultValue={form.value(name(field))}
      error={form.errors[name(field)]}
    />
  );
  return (
    <fieldset className="instructions-unit" data-testid={`unit-${unit.index}`}>
      <legend>{t("unit.legend", { number: unit.index + 1, type: `${unit.isoSizeType} #${unit.sequence}` })}</legend>
      {unit.shipperOwned ? <p className="field-hint">{t("unit.shipperOwned")}</p> : null}
      {unit.reeferSetpointC !== null ? (
        <p className="field-hint">{t("unit.reefer", { temperature: unit.reeferSetpointC })}</p>
      ) : null}
      <div className="field-grid">
        {input("containerNumber", {
          hint: unit.shipperOwned ? t("unit.containerNumberOwnHint") : t("unit.containerNumberHint"),
        })}
        {input("seals", { hint: t("unit.sealsHint") })}
        {input("tareKg", { mode: "numeric" })}
        {input("vgmKg", { mode: "numeric" })}
        <SelectField
          id={`field-${name("vgmMethod")}`}
          name={name("vgmMethod")}
          label={t("unit.vgmMethod")}
          defaultValue={form.value(name("vgmMethod"))}
          error={form.errors[name("vgmMethod")]}
          options={[
            { value: "", label: t("unit.choose") },
            ...page.options.vgmMethods.map((method) => ({ value: method, label: t(`unit.${method}`) })),
          ]}
        />
        {input("vgmResponsible", { autoComplete: "name" })}
      </div>
      <GoodsRows group={unitGroup(unit.index)} rows={unit.rows} page={page} form={form} />
    </fieldset>
  );
}

function TermsFields({ page, form }: { page: InstructionsView; form: InstructionsFormState }) {
  const { t } = useTranslation("instructions");
  return (
    <fieldset>
      <legend>{t("terms.legend")}</legend>
      <div className="field-grid">
        <SelectField
          id="field-freightTerms"
          name="freightTerms"
          label={t("terms.freightTerms")}
          defaultValue={form.value("freightTerms")}
          error={form.errors.freightTerms}
          options={[
            { value: "", label: t("unit.choose") },
            ...page.options.freightTerms.map((terms) => ({ value: terms, label: t(`terms.${terms}`) })),
          ]}
        />
        <SelectField
          id="field-originals"
          name="originals"
          label={t("terms.originals")}
          defaultValue={form.value("originals")}
          error={form.errors.originals}
          options={[
            { value: "", label: t("unit.choose") },
            ...page.options.originals.map((count) => ({
              value: String(count),
              label: count === 0 ? t("terms.electronic") : String(count),
            })),
          ]}
        />
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          id="field-consigneeToOrder"
          name="consigneeToOrder"
          defaultChecked={form.value("consigneeToOrder") === "on"}
        />{" "}
        {t("terms.consigneeToOrder")}
      </label>
      <FormField
        name="toOrderOf"
        label={t("terms.toOrderOf")}
        hint={t("terms.toOrderOfHint")}
        defaultValue={form.value("toOrderOf")}
        error={form.errors.toOrderOf}
      />
    </fieldset>
  );
}

function AirPieces({ page, form }: { page: InstructionsView; form: InstructionsFormState }) {
  const { t } = useTranslation("instructions");
  return (
    <fieldset>
      <legend>{t("air.legend")}</legend>
      <ul>
        {page.pieces.map((piece, index) => (
          <li key={index}>{t("air.piece", piece)}</li>
        ))}
      </ul>
      <label className="checkbox">
        <input
          type="checkbox"
          id="field-piecesConfirmed"
          name="piecesConfirmed"
          defaultChecked={form.value("piecesConfirmed") === "on"}
          aria-invalid={form.errors.piecesConfirmed ? true : undefined}
          aria-describedby={form.errors.piecesConfirmed ? "field-piecesConfirmed-error" : undefined}
        />{" "}
        {t("air.confirm")}
      </label>
      {form.errors.piecesConfirmed ? (
        <p className="field-error" id="field-piecesConfirmed-error">
          {t(form.errors.piecesConfirmed)}
        </p>
      ) : null}
      <GoodsRows group={AIR_GROUP} rows={page.airRows} page={page} form={form} />
    </fieldset>
  );
}

/** The through waybill's second language, beside Chinese: the consignee's (submitting draws the draft in it). */
function WaybillLanguage({ page, form }: { page: InstructionsView; form: InstructionsFormState }) {
  const { t } = useTranslation("instructions");
  return (
    <fieldset>
      <legend>{t("waybill.legend")}</legend>
      <p className="field-hint">{t("waybill.languageHint")}</p>
      <SelectField
        id="field-consigneeLocale"
        name="consigneeLocale"
        label={t("waybill.language")}
        defaultValue={form.value("consigneeLocale")}
        error={form.errors.consigneeLocale}
        options={page.options.consigneeLocales.map((locale) => ({
          value: locale,
          label: LANGUAGE_ENDONYMS[locale],
          lang: locale,
        }))}
      />
    </fieldset>
  );
}

/** The shipping instructions form: terms, then each container (or the flight's pieces) with its goods. */
export function InstructionsForm({ page, form }: { page: InstructionsView; form: InstructionsFormState }) {
  const { t } = useTranslation("instructions");
  const errorCount = Object.keys(form.errors).length;
  return (
    <Form method="post" className="stacked-form" noValidate>
      <FormError error={errorCount > 0 ? (form.errors.form ?? "errors.form") : undefined} />
      <TermsFields page={page} form={form} />
      {page.air ? <AirPieces page={page} form={form} /> : null}
      {page.units.map((unit) => (
        <UnitFields key={unit.id} unit={unit} page={page} form={form} />
      ))}
      <WaybillLanguage page={page} form={form} />
      <p className="actions">
        <button type="submit" name="intent" value="save" className="secondary">
          {t("page.save")}
        </button>{" "}
        <button type="submit" name="intent" value="submit">
          {t("page.submit")}
        </button>
      </p>
    </Form>
  );
}
