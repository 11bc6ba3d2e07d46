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

interface UndecidedBooking {
  reference: string;
  status: string;
  company: string;
  /** Where the port can move it (its waybill is issued); null when its exporter chooses. */
  moves: { id: string; serviceNumber: string; departureLocal: string }[] | null;
}

/**
 * A cancelled departure's bookings whose exporter has not yet moved or cancelled them; those
 * whose waybill is issued are moved here by a supervisor, with the waybill amended.
 */
export function UndecidedBookings({
  bookings,
  canManage,
  failure,
}: {
  bookings: UndecidedBooking[];
  canManage: boolean;
  failure: FormFailure | undefined;
}) {
  const { t } = useTranslation(["disruptions", "booking"]);
  return (
    <section aria-labelledby="departure-undecided">
      <h2 id="departure-undecided">{t("undecided.title")}</h2>
      {bookings.length === 0 ? (
        <p data-testid="undecided-none">{t("undecided.none")}</p>
      ) : (
        <ul data-testid="undecided-bookings">
          {bookings.map((booking) => (
            <li key={booking.reference} data-testid={`undecided-${booking.reference}`}>
              <bdi>{booking.reference}</bdi> · <bdi>{booking.company}</bdi> ·{" "}
              {t(`status.${booking.status}`, { ns: "booking" })}
              {booking.moves && canManage ? (
                <MoveAndAmendForm
                  reference={booking.reference}
                  moves={booking.moves}
                  failure={failure?.values.reference === booking.reference ? failure : undefined}
                />
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The port moves a booking whose waybill is issued and amends the waybill, in one action. */
function MoveAndAmendForm({
  reference,
  moves,
  failure,
}: {
  reference: string;
  moves: NonNullable<UndecidedBooking["moves"]>;
  failure: FormFailure | undefined;
}) {
  const { t } = useTranslation("disruptions");
  const id = `move-${reference}`;
  if (moves.length === 0) return <p>{t("moveAndAmend.none")}</p>;
  return (
    <Form method="post" className="stacked-form narrow" noValidate data-testid="move-and-amend-form">
      <p>{t("moveAndAmend.lead")}</p>
      <FormError error={failure?.errors.form ?? failure?.errors.targetId} />
      <input type="hidden" name="reference" value={reference} />
      <div className="field">
        <label htmlFor={id}>{t("moveAndAmend.target")}</label>
        <select id={id} name="targetId" defaultValue={moves[0]!.id}>
          {moves.map((move) => (
            <option key={move.id} value={move.id}>
              {t("moveAndAmend.option", { service: move.serviceNumber, departure: move.departureLocal })}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" name="intent" value="moveAndAmend">
        {t("moveAndAmend.submit")}
      </button>
    </Form>
  );
}
