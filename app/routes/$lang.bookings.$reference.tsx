import {
  AcceptedTerms,
  AmendContainers,
  BookingHistory,
  BookingNotices,
  BookingSummary,
  CancelBooking,
  CancelledTerms,
} from "~/components/booking/BookingSections";
import { creditStatusOf } from "~/domain/admin/companies.server";
import { DepartureCancelledChoice } from "~/components/booking/DepartureCancelledChoice";
import { presentDepartureChoice } from "~/domain/operations/departure-cancellation.server";
import { presentBooking } from "~/domain/booking/booking-page-view";
import { listRevisions } from "~/domain/booking/revisions.server";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError } from "~/components/FormField";
import { HoldCountdown } from "~/components/HoldCountdown";
import { PriceTable } from "~/components/PriceTable";
import { BookingStatusBadge } from "~/components/booking/BookingStatusBadge";
import { amendBooking } from "~/domain/booking/amend-booking.server";
import { findCompanyBooking, readCompanyBooking } from "~/domain/booking/find-bookings.server";
import { allows } from "~/domain/booking/lifecycle";
import { requireActor } from "~/domain/identity/actor.server";
import { bankTransferDue, chooseBankTransfer } from "~/domain/payments/choose-bank-transfer.server";
import { confirmOnAccount } from "~/domain/payments/confirm-on-account.server";
import { bookingPayments } from "~/domain/payments/payment-queries.server";
import { startCheckout, stripeConfigured } from "~/domain/payments/stripe.server";
import { PaymentSection } from "~/components/PaymentSection";
import { redirectWithNotice, requestMeta, takeNotice } from "~/domain/identity/session.server";
import { loadCatalog } from "~/domain/places/catalog.server";
import { fixedT } from "~/i18n/i18next.server";
import { parseContainerLines } from "~/schemas/booking";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { domainRoute, pageFailure } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";
import { requireParam } from "~/utils/params.server";
import { BOOKING_REFERENCE } from "~/schemas/fields";

export const handle = {
  i18n: ["common", "schedules", "account", "booking", "payments", "instructions", "waybill", "disruptions", "tracking"],
};

export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  requireParam(params, "reference", BOOKING_REFERENCE);
  const { actor, user } = await requireActor(db(), request, locale);
  const now = new Date();
  const booking = await readCompanyBooking(db(), actor, params.reference ?? "", now);
  if (allows(booking.status, "editDraft")) throw redirect(`/${locale}/bookings/${booking.reference}/edit/equipment`);
  const [catalog, t, payments, creditStatus, revisions, { notice, headers }, departureChoice] = await Promise.all([
    loadCatalog(db()),
    fixedT(locale, "booking"),
    bookingPayments(db(), booking.id),
    creditStatusOf(db(), booking.companyId),
    listRevisions(db(), booking.id),
    takeNotice(request),
    presentDepartureChoice(db(), booking, { locale, timeZone: user.timeZone, now }),
  ]);
  const paying = {
    bankTransferDue: bankTransferDue(now, booking.departure.cargoCutoffAt),
    minimumBusinessDays: env().BANK_TRANSFER_MIN_BUSINESS_DAYS,
    card: stripeConfigured(),
    creditStatus,
  };
  const page = {
    ...presentBooking(
      booking,
      { actor, locale, timeZone: user.timeZone, now, catalog, t },
      { payments, revisions, paying },
    ),
    // What the last action did, from the signed notice cookie: a link cannot put its own text
    // (say another bank account) on the page.
    notice,
    departureChoice,
    // Back from Stripe (its return address): only which of two fixed messages; the webhook decides.
    returnedFromStripe: new URL(request.url).searchParams.get("payment"),
  };
  return data(page, { headers });
});

export const action = /* @__PURE__ */ domainRoute(async function action({
  params,
  request,
  context,
}: ActionFunctionArgs) {
  const locale = requireLocale(params);
  requireParam(params, "reference", BOOKING_REFERENCE);
  const { actor, user } = await requireActor(db(), request, locale);
  const formData = await request.formData();
  const intent = formData.get("intent");
  const meta = requestMeta(context, request);
  if (intent === "bankTransfer" || intent === "onAccount" || intent === "card") {
    // Paying commits the booking to the cancellation terms shown beside the choice: accepted first.
    if (formData.get("acceptCancellationTerms") !== "on") {
      return data({ error: "errors.acceptCancellationTerms" }, { status: 400 });
    }
    try {
      if (intent === "card") {
        return redirect(await startCheckout(db(), actor, params.reference ?? "", { email: user.email, locale }));
      }
      if (intent === "bankTransfer") {
        const invoice = await chooseBankTransfer(db(), actor, params.reference ?? "", locale);
        const notice = { code: "invoiceIssued", number: invoice.number } as const;
        return redirectWithNotice(`/${locale}/bookings/${params.reference}`, notice);
      }
      await confirmOnAccount(db(), actor, params.reference ?? "", locale);
      return redirectWithNotice(`/${locale}/bookings/${params.reference}`, { code: "confirmedOnAccount" });
    } catch (error) {
      return pageFailure(error);
    }
  }
  if (intent === "amend") {
    const booking = await findCompanyBooking(db(), actor, params.reference ?? "");
    const { lines, errors } = parseContainerLines(
      formData,
      booking.departure.capacities.map((capacity) => capacity.equipmentCode),
    );
    if (Object.keys(errors).length > 0) return data({ error: errors.form ?? "errors.quantity" }, { status: 400 });
    try {
      await amendBooking(db(), { actor, reference: booking.reference, containers: lines, meta });
    } catch (error) {
      return pageFailure(error);
    }
    return redirectWithNotice(`/${locale}/bookings/${params.reference}`, { code: "amended" });
  }
  throw data(null, { status: 400 });
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function BookingPage() {
  const { t } = useTranslation(["booking", "common", "schedules"]);
  const { lang } = useParams();
  const page = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as { error: string } | undefined;
  return (
    <article className="narrow wide">
      <p className="breadcrumb">
        <Link to={`/${lang}/bookings`}>{t("list.title")}</Link>
      </p>
      <h1>{page.title}</h1>
      <BookingNotices notice={page.notice} returnedFromStripe={page.returnedFromStripe} />
      <FormError error={failure?.error} />
      <p className="badges">
        <BookingStatusBadge status={page.status} testId="booking-status" />
      </p>
      {page.departureChoice ? (
        <DepartureCancelledChoice reference={page.reference} choice={page.departureChoice} />
      ) : null}
      {page.hold ? <HoldCountdown {...page.hold} /> : null}
      {page.instructions ? (
        <p>
          <Link to={`/${lang}/bookings/${page.reference}/instructions`}>{t("instructions:page.link")}</Link>
          {" · "}
          <Link to={`/${lang}/bookings/${page.reference}/waybill`}>{t("waybill:screen.link")}</Link>
        </p>
      ) : null}
      <p>
        <Link to={`/${lang}/bookings/${page.reference}/partners`}>{t("partnersLink")}</Link>
        {" · "}
        <Link to={`/${lang}/bookings/${page.reference}/share-links`}>{t("tracking:links.fromBooking")}</Link>
      </p>
      <BookingSummary reference={page.reference} summary={page.summary} canCorrectParties={page.canCorrectParties} />
      <AcceptedTerms terms={page.carriageTerms} />
      <h2>{t("review.price")}</h2>
      <PriceTable price={page.price} />
      <PaymentSection options={page.payOptions} payments={page.payments} />
      {page.amendable ? <AmendContainers offers={page.amendable} /> : null}
      {page.canCancel && !page.departureChoice ? (
        <CancelBooking reference={page.reference} fee={page.cancellationFee} />
      ) : null}
      {page.cancelled ? <CancelledTerms terms={page.cancelled} /> : null}
      <BookingHistory revisions={page.revisions} events={page.events} />
    </article>
  );
}
