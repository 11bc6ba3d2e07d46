import { Form, Link, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormField } from "~/components/FormField";
import { Fact } from "~/components/DepartureCard";
import { Amount, RouteName, withElements } from "~/components/Isolate";
import { NoticeMessage } from "~/components/NoticeMessage";
import type { BookingPageView } from "~/domain/booking/booking-page-view";
import { Consignment } from "./Consignment";
import type { Notice } from "~/schemas/notices";

/** What is booked: the route and departure, the containers, then the cargo lines and parties. */
export function BookingSummary({
  booking,
}: {
  booking: Pick<BookingPageView, "reference" | "departure" | "lines" | "consignment" | "canCorrectParties">;
}) {
  const { t } = useTranslation(["booking", "common", "schedules"]);
  const { lang } = useParams();
  const { departure } = booking;
  return (
    <>
      <dl className="facts summary">
        <Fact label={t("page.route")}>
          <RouteName origin={departure.origin} destination={departure.destination} /> ·{" "}
          <bdi>{departure.serviceNumber}</bdi>
        </Fact>
        <Fact label={t("schedules:board.departure")}>{departure.departureLocal}</Fact>
        <Fact label={t("schedules:departure.docCutoff")}>{departure.docCutoffLocal}</Fact>
        <Fact label={t("schedules:board.cargoCutoff")}>{departure.cargoCutoffLocal}</Fact>
        <Fact label={t("page.booked")}>
          {booking.lines.map((line) => `${line.quantity} × ${t(`common:equipment.${line.code}`)}`).join(", ")}
        </Fact>
      </dl>
      <Consignment consignment={booking.consignment} />
      {booking.canCorrectParties ? (
        <p>
          <Link to={`/${lang}/bookings/${booking.reference}/parties`}>{t("correct.link")}</Link>
        </p>
      ) : null}
    </>
  );
}

/** The booking page's form to change a hold's containers (before the cut-off). */
export function AmendContainers({
  offers,
}: {
  offers: { code: string; quantity: number; available: string; availableCount: number }[];
}) {
  const { t } = useTranslation(["booking", "common"]);
  return (
    <section aria-labelledby="amend-heading">
      <h2 id="amend-heading">{t("page.amendTitle")}</h2>
      <Form method="post" className="stacked-form">
        {offers.map((offer) => (
          <FormField
            key={offer.code}
            name={`qty_${offer.code}`}
            label={`${t(`common:equipment.${offer.code}`)} (${offer.code})`}
            hint={
              offer.availableCount > 0
                ? t("page.amendAvailable", { count: offer.availableCount, available: offer.available })
                : t("page.amendNoneAvailable")
            }
            type="number"
            min={0}
            inputMode="numeric"
            defaultValue={String(offer.quantity)}
          />
        ))}
        <button type="submit" name="intent" value="amend">
          {t("page.amend")}
        </button>
      </Form>
    </section>
  );
}

/** Cancelling, with what it costs now under the corridor's policy. */
export function CancelBooking({ reference, fee }: { reference: string; fee: { percent: number; amount: string } }) {
  const { t } = useTranslation("booking");
  const { lang } = useParams();
  return (
    <section aria-labelledby="cancel-heading">
      <h2 id="cancel-heading">{t("page.cancel")}</h2>
      <p>
        {fee.percent > 0
          ? withElements((markers) => t("page.cancelFee", { percent: fee.percent, ...markers }), {
              amount: <Amount>{fee.amount}</Amount>,
            })
          : t("page.cancelFree")}{" "}
        <Link to={`/${lang}/bookings/${reference}/cancel`}>{t("cancel.review")}</Link>
      </p>
    </section>
  );
}

/** A cancelled booking: the fee it was cancelled under, and the refund. */
export function CancelledTerms({
  terms,
}: {
  terms: { fee: string; feePercent: number; refund: string; refundDone: boolean };
}) {
  const { t } = useTranslation("booking");
  return (
    <p data-testid="cancelled-terms">
      {terms.feePercent > 0
        ? withElements((markers) => t("cancel.feeCharged", { percent: terms.feePercent, ...markers }), {
            amount: <Amount>{terms.fee}</Amount>,
          })
        : t("cancel.noFeeCharged")}{" "}
      {withElements((markers) => t(terms.refundDone ? "cancel.refundDone" : "cancel.refundDue", markers), {
        amount: <Amount>{terms.refund}</Amount>,
      })}
    </p>
  );
}

/** The booking's revisions (what changed after the hold) and its history of lifecycle steps. */
export function BookingHistory({
  revisions,
  events,
}: {
  revisions: { number: number; title: string; at: string; by: string | null; change: string }[];
  events: { id: string; type: string; at: string }[];
}) {
  const { t } = useTranslation("booking");
  return (
    <>
      {revisions.length > 0 ? (
        <section aria-labelledby="revisions-heading">
          <h2 id="revisions-heading">{t("page.revisions")}</h2>
          <ol className="history" data-testid="revisions">
            {revisions.map((revision) => (
              <li key={revision.number}>
                <strong>{revision.title}</strong> — {revision.at}
                {revision.by ? ` · ${revision.by}` : ""}
                <br />
                <bdi>{revision.change}</bdi>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{t("page.history")}</h2>
        <ol className="history">
          {events.map((event) => (
            <li key={event.id}>
              {event.at}: {t(`event.${event.type}`)}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

/**
 * What the last action did (cancelled, amended, invoiced, confirmed: the notice its redirect
 * left), and whether the exporter came back from Stripe's checkout (a fixed key from the URL).
 */
export function BookingNotices({
  notice,
  returnedFromStripe,
}: {
  notice: Notice | null;
  returnedFromStripe: string | null;
}) {
  const { t } = useTranslation(["booking", "payments"]);
  return (
    <>
      <NoticeMessage notice={notice} />
      {returnedFromStripe === "returned" || returnedFromStripe === "cancelled" ? (
        <p className="notice" role="status">
          {t(`payments:stripe.${returnedFromStripe}`)}
        </p>
      ) : null}
    </>
  );
}
