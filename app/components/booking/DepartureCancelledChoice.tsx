import { Form, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

interface Alternative {
  id: string;
  serviceNumber: string;
  departureLocal: string;
  etaLocal: string;
  totalMinor: number;
  total: string;
  differenceMinor: number;
  difference: string;
}

interface Choice {
  reasonCode: string;
  remark: string | null;
  departureLocal: string;
  invoiceOpen: boolean;
  paysDifference: boolean;
  pending: { difference: string; checkoutUrl: string | null; serviceNumber: string | null } | null;
  alternatives: Alternative[];
}

/**
 * The operator cancelled the booking's departure: one button per later departure with room —
 * at the same price in one click, at another price only with the new price accepted (a dearer
 * one is paid first) — and one to cancel with a full refund (no fee).
 */
export function DepartureCancelledChoice({ reference, choice }: { reference: string; choice: Choice }) {
  const { t } = useTranslation("disruptions");
  const { lang } = useParams();
  const action = `/${lang}/bookings/${reference}/rebook`;
  return (
    <section aria-labelledby="departure-cancelled" className="notice warning" data-testid="departure-cancelled">
      <h2 id="departure-cancelled">{t("choice.title")}</h2>
      <p>{t("choice.lead", { departure: choice.departureLocal, reason: t(`reason.${choice.reasonCode}`) })}</p>
      {choice.remark ? <p>{t("email.remark", { remark: choice.remark })}</p> : null}
      {choice.pending ? (
        <p data-testid="move-pending">
          {t("choice.pending", { difference: choice.pending.difference, service: choice.pending.serviceNumber ?? "" })}{" "}
          {choice.pending.checkoutUrl ? <a href={choice.pending.checkoutUrl}>{t("choice.payPending")}</a> : null}
        </p>
      ) : null}
      <h3>{t("choice.move")}</h3>
      <p>{t("choice.priceRule")}</p>
      {choice.alternatives.length === 0 ? <p>{t("choice.none")}</p> : null}
      <ul className="plain">
        {choice.alternatives.map((departure) => (
          <li key={departure.id}>
            <Form method="post" action={action} data-testid={`move-${departure.serviceNumber}`}>
              <input type="hidden" name="departureId" value={departure.id} />
              {departure.differenceMinor === 0 ? (
                <button type="submit" name="intent" value="move">
                  {t("choice.moveTo", {
                    service: departure.serviceNumber,
                    departure: departure.departureLocal,
                    eta: departure.etaLocal,
                  })}
                </button>
              ) : (
                <RepricedMove departure={departure} choice={choice} />
              )}
            </Form>
          </li>
        ))}
      </ul>
      <h3>{t("choice.refundTitle")}</h3>
      <p>{t("choice.refundNote")}</p>
      <Form method="post" action={action}>
        <button type="submit" name="intent" value="refund" className="danger">
          {t("choice.refund")}
        </button>
      </Form>
    </section>
  );
}

/** A later departure at another price: the difference shown, accepted with a checkbox. */
function RepricedMove({ departure, choice }: { departure: Alternative; choice: Choice }) {
  const { t } = useTranslation("disruptions");
  const dearer = departure.differenceMinor > 0;
  const facts = {
    service: departure.serviceNumber,
    departure: departure.departureLocal,
    eta: departure.etaLocal,
    total: departure.total,
    difference: departure.difference,
  };
  return (
    <fieldset className="plain">
      <legend>{t("choice.moveToPriced", facts)}</legend>
      <p>{t(dearer ? "choice.dearer" : "choice.cheaper", facts)}</p>
      {choice.invoiceOpen ? (
        <p>{t("choice.invoiceOpen")}</p>
      ) : (
        <>
          <label className="checkbox">
            <input type="checkbox" name="acceptedTotalMinor" value={departure.totalMinor} required />{" "}
            {t("choice.accept", facts)}
          </label>
          <button type="submit" name="intent" value="move">
            {t(dearer && choice.paysDifference ? "choice.payAndMove" : "choice.moveAtPrice", facts)}
          </button>
        </>
      )}
    </fieldset>
  );
}
