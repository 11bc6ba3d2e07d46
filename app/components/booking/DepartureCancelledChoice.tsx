import { Form, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

interface Choice {
  reasonCode: string;
  remark: string | null;
  departureLocal: string;
  alternatives: { id: string; serviceNumber: string; departureLocal: string; etaLocal: string }[];
}

/**
 * The operator cancelled the booking's departure: one button per later departure with room
 * (the price is kept), and one to cancel with a full refund (no fee). Each is one action.
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
      <h3>{t("choice.move")}</h3>
      <p>{t("choice.priceKept")}</p>
      {choice.alternatives.length === 0 ? <p>{t("choice.none")}</p> : null}
      <ul className="plain">
        {choice.alternatives.map((departure) => (
          <li key={departure.id}>
            <Form method="post" action={action}>
              <input type="hidden" name="departureId" value={departure.id} />
              <button type="submit" name="intent" value="move">
                {t("choice.moveTo", {
                  service: departure.serviceNumber,
                  departure: departure.departureLocal,
                  eta: departure.etaLocal,
                })}
              </button>
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
