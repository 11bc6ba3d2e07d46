import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError } from "~/components/FormField";
import { cancelBooking } from "~/domain/booking/cancel-booking.server";
import { presentCancellation } from "~/domain/booking/cancellation-view";
import { readCompanyBooking } from "~/domain/booking/find-bookings.server";
import { requireActor } from "~/domain/identity/actor.server";
import { redirectWithNotice, requestMeta } from "~/domain/identity/session.server";
import { bookingPayments } from "~/domain/payments/payment-queries.server";
import { fixedT } from "~/i18n/i18next.server";
import { BOOKING_REFERENCE } from "~/schemas/fields";
import { db } from "~/utils/db.server";
import { domainRoute, pageFailure } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";
import { requireParam } from "~/utils/params.server";
import { Amount, withElements } from "~/components/Isolate";

export const handle = { i18n: ["common", "booking"] };

/** Cancelling asks first: what it costs now in money, and what comes back. */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  requireParam(params, "reference", BOOKING_REFERENCE);
  const { actor, user } = await requireActor(db(), request, locale);
  const booking = await readCompanyBooking(db(), actor, params.reference ?? "");
  const [payments, t] = await Promise.all([bookingPayments(db(), booking.id), fixedT(locale, "booking")]);
  const page = presentCancellation(booking, payments, { actor, locale, timeZone: user.timeZone, now: new Date(), t });
  // Not (or no longer) cancellable by this reader: the booking page says where it stands.
  if (!page) throw redirect(`/${locale}/bookings/${booking.reference}`);
  return page;
});

export const action = /* @__PURE__ */ domainRoute(async function action({
  params,
  request,
  context,
}: ActionFunctionArgs) {
  const locale = requireLocale(params);
  requireParam(params, "reference", BOOKING_REFERENCE);
  const { actor } = await requireActor(db(), request, locale);
  const reference = params.reference ?? "";
  try {
    await cancelBooking(db(), { actor, reference, meta: requestMeta(context, request) });
  } catch (error) {
    return pageFailure(error);
  }
  return redirectWithNotice(`/${locale}/bookings/${reference}`, { code: "cancelled" });
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function ConfirmCancellation() {
  const { t } = useTranslation("booking");
  const { lang } = useParams();
  const page = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as { error: string } | undefined;
  return (
    <article className="narrow">
      <h1>{page.title}</h1>
      <FormError error={failure?.error} />
      <dl className="facts" data-testid="cancellation-terms">
        <div>
          <dt>{t("cancel.fee")}</dt>
          <dd>
            {page.feePercent > 0
              ? withElements((markers) => t("cancel.feeAmount", { percent: page.feePercent, ...markers }), {
                  amount: <Amount>{page.fee}</Amount>,
                })
              : t("cancel.noFee")}
          </dd>
        </div>
        <div>
          <dt>{t("cancel.paid")}</dt>
          <dd>
            <Amount>{page.paid}</Amount>
          </dd>
        </div>
        <div>
          <dt>{t("cancel.refund")}</dt>
          <dd>
            <Amount>{page.refund}</Amount>
          </dd>
        </div>
      </dl>
      {page.feeStillDue ? (
        <p>
          {withElements((markers) => t("cancel.feeStillDue", markers), {
            amount: <Amount>{page.feeStillDue}</Amount>,
          })}
        </p>
      ) : null}
      <p>{t("cancel.lead", { time: page.departureLocal })}</p>
      <Form method="post" className="button-row">
        <button type="submit" className="danger">
          {t("cancel.confirm")}
        </button>
        <Link to={`/${lang}/bookings/${page.reference}`}>{t("cancel.keep")}</Link>
      </Form>
    </article>
  );
}
