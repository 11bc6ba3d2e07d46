import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError, TextAreaField } from "~/components/FormField";
import { ReasonSelect } from "./DelayForm";
import type { FormFailure } from "~/utils/forms.server";

/** A supervisor cancels the departure with a reason; every affected booking is told. */
export function CancelDepartureForm({ failure }: { failure: FormFailure | undefined }) {
  const { t } = useTranslation("disruptions");
  const errors = failure?.errors ?? {};
  return (
    <section aria-labelledby="departure-cancel">
      <h2 id="departure-cancel">{t("cancel.title")}</h2>
      <p className="lead">{t("cancel.lead")}</p>
      <FormError error={errors.form} />
      <Form method="post" className="stacked-form narrow" noValidate data-testid="cancel-departure-form">
        <ReasonSelect id="cancel-reasonCode" defaultValue={failure?.values.reasonCode ?? "OTHER"} />
        <TextAreaField id="cancel-remark" name="remark" label={t("delay.remark")} error={errors.remark} />
        <button type="submit" name="intent" value="cancel" className="danger">
          {t("cancel.submit")}
        </button>
      </Form>
    </section>
  );
}

/** A cancelled departure's bookings whose exporter has not yet moved or cancelled them. */
export function UndecidedBookings({
  bookings,
}: {
  bookings: { reference: string; status: string; company: string }[];
}) {
  const { t } = useTranslation(["disruptions", "common"]);
  return (
    <section aria-labelledby="departure-undecided">
      <h2 id="departure-undecided">{t("undecided.title")}</h2>
      {bookings.length === 0 ? (
        <p data-testid="undecided-none">{t("undecided.none")}</p>
      ) : (
        <ul data-testid="undecided-bookings">
          {bookings.map((booking) => (
            <li key={booking.reference}>
              <bdi>{booking.reference}</bdi> · <bdi>{booking.company}</bdi> ·{" "}
              {t(`status.${booking.status}`, { ns: "common" })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
