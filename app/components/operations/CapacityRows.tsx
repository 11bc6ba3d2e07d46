import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError, FormField } from "~/components/FormField";
import type { FormFailure } from "~/utils/forms.server";

interface CapacityRow {
  equipmentCode: string;
  total: number;
  available: number;
  held: number;
  booked: number;
  currency: string;
  tariff: string;
  minCharge: string;
}

/**
 * A departure's capacity per equipment type, one small form each: the total (never below held +
 * booked — the refusal says how many are held and booked, at the field), the tariff and the
 * minimum charge. A refusal shows at the row it was about, with what was typed.
 */
export function CapacityRows({
  capacities,
  canManage,
  failure,
}: {
  capacities: CapacityRow[];
  canManage: boolean;
  failure: FormFailure | undefined;
}) {
  const { t } = useTranslation("operations");
  return (
    <div className="capacity-rows">
      {capacities.map((row) => {
        const mine = failure?.values.equipmentCode === row.equipmentCode ? failure : undefined;
        const errors = mine?.errors ?? {};
        const shown = (name: string, saved: string | number) => mine?.values[name] ?? String(saved);
        return (
          <Form
            key={row.equipmentCode}
            method="post"
            className="stacked-form capacity-row"
            noValidate
            data-testid={`capacity-${row.equipmentCode}`}
          >
            <fieldset disabled={!canManage}>
              <legend>{t("capacity.row", { equipment: row.equipmentCode, currency: row.currency })}</legend>
              <p data-testid={`committed-${row.equipmentCode}`}>
                {t("capacity.counts", { available: row.available, held: row.held, booked: row.booked })}
              </p>
              <FormError error={errors.form} />
              <input type="hidden" name="equipmentCode" value={row.equipmentCode} />
              <FormField
                id={`capacity-${row.equipmentCode}-total`}
                name="total"
                label={t("capacity.total")}
                inputMode="numeric"
                defaultValue={shown("total", row.total)}
                error={errors.total}
              />
              <FormField
                id={`capacity-${row.equipmentCode}-tariff`}
                name="tariff"
                label={t("capacity.tariffIn", { currency: row.currency })}
                hint={t("capacity.tariffHint")}
                inputMode="decimal"
                defaultValue={shown("tariff", row.tariff)}
                error={errors.tariff}
              />
              <FormField
                id={`capacity-${row.equipmentCode}-minCharge`}
                name="minCharge"
                label={t("capacity.minChargeIn", { currency: row.currency })}
                inputMode="decimal"
                defaultValue={shown("minCharge", row.minCharge)}
                error={errors.minCharge}
              />
              {canManage ? (
                <button type="submit" name="intent" value="capacity">
                  {t("capacity.save")}
                </button>
              ) : null}
            </fieldset>
          </Form>
        );
      })}
    </div>
  );
}
