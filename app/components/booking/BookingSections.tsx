import { Form, Link, useParams } from "@remix-run/react";
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { FormField } from "~/components/FormField";
import { Fact } from "~/components/DepartureCard";
import { Amount, RouteName, withElements } from "~/components/Isolate";
import { NoticeMessage } from "~/components/NoticeMessage";
import type { RevisionChange } from "~/domain/booking/revision-view";
import type { BookingSummaryView } from "~/domain/booking/summary-view";
import { Consignment, SummaryHeading, type SummaryStep } from "./Consignment";
import type { Notice } from "~/schemas/notices";

/**
 * Everything the exporter entered: the departure with its ETA and cut-offs, the containers (or
 * air pieces), the cargo, the parties, door legs and Incoterm. The review step shows it with a
 * "Change" link per part (`editable`), the booking page the same without them.
 */
export function BookingSummary({
  reference,
  summary,
  editable = false,
  canCorrectParties = false,
}: {
  reference: string;
  summary: BookingSummaryView;
  editable?: boolean;
  canCorrectParties?: boolean;
}) {
  const { t } = useTranslation(["booking", "common", "schedules"]);
  const { lang } = useParams();
  const { departure } = summary;
  const change = editable ? (step: SummaryStep) => `/${lang}/bookings/${reference}/edit/${step}` : undefined;
  return (
    <div className="booking-summary" data-testid="booking-summary">
      <section aria-labelledby="summary-departure">
        <SummaryHeading id="summary-departure" title={t("summary.departure")} />
        <dl className="facts summary">
          <Fact label={t("page.route")}>
            <RouteName origin={departure.origin} destination={departure.destination} /> ·{" "}
            <bdi>{departure.serviceNumber}</bdi>
          </Fact>
          <Fact label={t("schedules:board.departure")}>{departure.departureLocal}</Fact>
          <Fact label={t("schedules:board.eta")}>{departure.etaLocal}</Fact>
          <Fact label={t("schedules:departure.docCutoff")}>{departure.docCutoffLocal}</Fact>
          <Fact label={t("schedules:board.cargoCutoff")}>{departure.cargoCutoffLocal}</Fact>
        </dl>
      </section>
      <section aria-labelledby="summary-equipment">
        <SummaryHeading
          id="summary-equipment"
          title={t(summary.air ? "equipment.pieces" : "equipment.containers")}
          change={change?.("equipment")}
        />
        <ul className="summary-list">
          {summary.containers.map((line) => (
            <li key={line.code}>
              {line.quantity} × {t(`common:equipment.${line.code}`)} (<bdi>{line.code}</bdi>)
              {line.shipperOwned ? ` · ${t("equipment.shipperOwned")}` : ""}
            </li>
          ))}
          {summary.pieces.map((piece, index) => (
            <li key={index}>{t("summary.piece", { ...piece })}</li>
          ))}
        </ul>
        {summary.chargeableKg !== null ? <p>{t("review.chargeable", { kg: summary.chargeableKg })}</p> : null}
      </section>
      <Consignment consignment={summary.consignment} change={change} />
      {canCorrectParties ? (
        <p>
          <Link to={`/${lang}/bookings/${reference}/parties`}>{t("correct.link")}</Link>
        </p>
      ) : null}
    </div>
  );
}

/** Which version of the carriage terms the booker accepted at the hold, and when: a link to the terms. */
export function AcceptedTerms({ terms }: { terms: { version: string; acceptedAt: string } | null }) {
  const { t } = useTranslation("booking");
  const { lang } = useParams();
  if (!terms) return null;
  return (
    <p data-testid="accepted-terms">
      <Link to={`/${lang}/terms`}>{t("summary.termsAccepted", { version: terms.version, at: terms.acceptedAt })}</Link>
    </p>
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

/**
 * What a revision changed: "label before → after; …", the arrow as the reader's language points
 * it (`revision.change`: "←" in Arabic) and each side isolated, so that a Latin code or an amount
 * neither turns the arrow round nor swaps places with the other side.
 */
function RevisionChanges({ subject, changes }: { subject: string | null; changes: RevisionChange[] }) {
  const { t } = useTranslation("booking");
  const side = (value: string, money?: boolean) => (money ? <Amount>{value}</Amount> : <bdi>{value}</bdi>);
  return (
    <>
      {subject ? (
        <>
          <bdi>{subject}</bdi>:{" "}
        </>
      ) : null}
      {changes.map((change, index) => (
        <Fragment key={index}>
          {index > 0 ? "; " : null}
          {change.label ? `${change.label} ` : null}
          {withElements((markers) => t("revision.change", markers), {
            before: side(change.before, change.money),
            after: side(change.after, change.money),
          })}
        </Fragment>
      ))}
    </>
  );
}

/** The booking's revisions (what changed after the hold) and its history of lifecycle steps. */
export function BookingHistory({
  revisions,
  events,
}: {
  revisions: {
    number: number;
    title: string;
    at: string;
    by: string | null;
    subject: string | null;
    changes: RevisionChange[];
  }[];
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
                {revision.by ? (
                  <>
                    {" · "}
                    <bdi>{revision.by}</bdi>
                  </>
                ) : null}
                <br />
                <RevisionChanges subject={revision.subject} changes={revision.changes} />
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
              {event.at}: {t([`event.${event.type}`, `disruptions:event.${event.type}`])}
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
