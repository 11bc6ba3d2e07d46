import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError, FormField, TextAreaField } from "~/components/FormField";
import { DISRUPTION_REASONS } from "~/domain/operations/disruptions";
import type { FormFailure } from "~/utils/forms.server";

/**
 * A supervisor delays the departure: its new time (origin's zone), its new ETA (destination's
 * zone) and a reason. Everyone with a booking on it, and their partners, is e-mailed.
 */
export function DelayForm({
  times,
  originZone,
  destinationZone,
  failure,
}: {
  times: { departureAt: string; etaAt: string };
  originZone: string;
  destinationZone: string;
  failure: FormFailure | undefined;
}) {
  const { t } = useTranslation("disruptions");
  const errors = failure?.errors ?? {};
  const values = failure?.values ?? {};
  return (
    <section aria-labelledby="departure-delay">
      <h2 id="departure-delay">{t("delay.title")}</h2>
      <p className="lead">{t("delay.lead")}</p>
      <FormError error={errors.form} />
      <Form method="post" className="stacked-form narrow" noValidate data-testid="delay-form">
        <FormField
          id="delay-departureAt"
          name="departureAt"
          type="datetime-local"
          label={t("delay.departureAt", { zone: originZone })}
          defaultValue={values.departureAt ?? times.departureAt}
          error={errors.departureAt}
        />
        <FormField
          id="delay-etaAt"
          name="etaAt"
          type="datetime-local"
          label={t("delay.etaAt", { zone: destinationZone })}
          defaultValue={values.etaAt ?? times.etaAt}
          error={errors.etaAt}
        />
        <ReasonSelect id="delay-reasonCode" defaultValue={values.reasonCode ?? "LATE_INBOUND"} />
        <TextAreaField
          id="delay-remark"
          name="remark"
          label={t("delay.remark")}
          defaultValue={values.remark ?? ""}
          error={errors.remark}
        />
        <button type="submit" name="intent" value="delay">
          {t("delay.submit")}
        </button>
      </Form>
    </section>
  );
}

/** Why a departure is delayed or cancelled: one of the reason codes, in the reader's language. */
export function ReasonSelect({ id, defaultValue }: { id: string; defaultValue: string }) {
  const { t } = useTranslation("disruptions");
  return (
    <div className="field">
      <label htmlFor={id}>{t("delay.reasonCode")}</label>
      <select id={id} name="reasonCode" defaultValue={defaultValue}>
        {DISRUPTION_REASONS.map((reason) => (
          <option key={reason} value={reason}>
            {t(`reason.${reason}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
