import { presentPayments } from "~/domain/payments/payment-view";
import { AmendContainers, BookingHistory, BookingNotices, CancelBooking } from "~/components/booking/BookingSections";
import { presentRevision } from "~/domain/booking/revision-view";
import { listRevisions } from "~/domain/booking/revisions.server";
import { creditStatusOf } from "~/domain/admin/companies.server";
import { AIR_KG } from "~/domain/scheduling/equipment";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Fact } from "~/components/DepartureCard";
import { FormError } from "~/components/FormField";
import { HoldCountdown } from "~/components/HoldCountdown";
import { PriceTable } from "~/components/PriceTable";
import { presentBookingDeparture } from "~/domain/booking/booking-view";
import { presentPrice } from "~/domain/booking/price-view";
import { amendBooking, cancelBooking, findCompanyBooking, readDetails } from "~/domain/booking/bookings.server";
import { allows, canAmend, canCancel, canPay, feeFor, holdLapsed } from "~/domain/booking/lifecycle";
import { releaseExpiredHolds } from "~/domain/booking/holds.server";
import { readPriceLines } from "~/domain/booking/pricing";
import { requireActor } from "~/domain/identity/actor.server";
import { bookingPayments, chooseBankTransfer, confirmOnAccount } from "~/domain/payments/payments.server";
import { startCheckout, stripeConfigured } from "~/domain/payments/stripe.server";
import { PaymentSection } from "~/components/PaymentSection";
import { can } from "~/domain/identity/permissions";
import { redirectWithNotice, requestMeta, takeNotice } from "~/domain/identity/session.server";
import { loadCatalog } from "~/domain/places/catalog.server";
import { fixedT } from "~/i18n/i18next.server";
import { formatLocalDateTime, formatMoney, formatNumber } from "~/i18n/format";
import { parseContainerLines } from "~/schemas/booking";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { domainRoute, pageFailure } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";
import { requireParam } from "~/utils/params.server";
import { BOOKING_REFERENCE } from "~/schemas/fields";

export const handle = { i18n: ["common", "schedules", "account", "booking", "payments"] };

export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  requireParam(params, "reference", BOOKING_REFERENCE);
  const { actor, user } = await requireActor(db(), request, locale);
  const now = new Date();
  const found = await findCompanyBooking(db(), actor, params.reference ?? "");
  // Expired holds give their capacity back when they are looked at, not only when swept; only
  // then is the booking read again.
  const lapsed = holdLapsed(found, now);
  if (lapsed) await releaseExpiredHolds(db(), now, { departureId: found.departureId });
  const booking = lapsed ? await findCompanyBooking(db(), actor, found.reference) : found;
  if (allows(booking.status, "editDraft")) throw redirect(`/${locale}/bookings/${booking.reference}/edit/equipment`);
  const [catalog, t, payments, creditStatus, revisions, { notice, headers }] = await Promise.all([
    loadCatalog(db()),
    fixedT(locale, "booking"),
    bookingPayments(db(), booking.id),
    creditStatusOf(db(), booking.companyId),
    listRevisions(db(), booking.id),
    takeNotice(request),
  ]);
  const details = readDetails(booking.details);
  const mayChange = can(actor, "update:booking", { companyId: booking.companyId });
  const payable = mayChange && canPay(booking, now);
  const fee = feeFor(booking, now);
  const page = {
    title: t("page.title", { reference: booking.reference }),
    reference: booking.reference,
    status: booking.status,
    departure: presentBookingDeparture(booking.departure, catalog, locale),
    hold:
      booking.status === "HELD" && booking.holdExpiresAt
        ? {
            expiresAt: booking.holdExpiresAt.toISOString(),
            serverNow: now.toISOString(),
            expiresLocal: formatLocalDateTime(booking.holdExpiresAt, locale, user.timeZone),
            atCutoff: booking.holdExpiresAt.getTime() === booking.departure.cargoCutoffAt.getTime(),
          }
        : null,
    lines: booking.lines.map((line) => ({ code: line.equipmentCode, quantity: formatNumber(line.quantity, locale) })),
    price: presentPrice(readPriceLines(booking.priceLines), booking.currency, booking.totalMinor, locale),
    cargo: details.cargo ?? null,
    parties: details.parties ?? null,
    revisions: revisions.map((revision) => ({
      number: revision.number,
      at: formatLocalDateTime(revision.at, locale, user.timeZone),
      by: revision.by,
      ...presentRevision(revision, t, locale),
    })),
    events: booking.events.map((event) => ({
      id: event.id,
      type: event.type,
      at: formatLocalDateTime(event.createdAt, locale, user.timeZone),
    })),
    canCancel: mayChange && canCancel(booking),
    amendable:
      mayChange &&
      canAmend(
        {
          status: booking.status,
          mode: booking.departure.service.mode,
          cargoCutoffAt: booking.departure.cargoCutoffAt,
        },
        now,
      )
        ? booking.departure.capacities
            .filter((capacity) => capacity.equipmentCode !== AIR_KG)
            .map((capacity) => ({
              code: capacity.equipmentCode,
              quantity: booking.lines.find((line) => line.equipmentCode === capacity.equipmentCode)?.quantity ?? 0,
              available: formatNumber(capacity.available, locale),
            }))
        : null,
    cancellationFee: { percent: fee.percent, amount: formatMoney(fee.feeMinor, booking.currency, locale) },
    payOptions: payable
      ? {
          bankTransferDays: env().BANK_TRANSFER_DAYS,
          card: stripeConfigured(),
          onAccount: creditStatus === "ON_ACCOUNT",
        }
      : null,
    payments: presentPayments(payments, locale, user.timeZone),
    // What the last action did, from the signed notice cookie: a link cannot put its own text
    // (say another bank account) on the page.
    notice,
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
  if (intent === "cancel") {
    await cancelBooking(db(), actor, params.reference ?? "", meta);
    return redirectWithNotice(`/${locale}/bookings/${params.reference}`, { code: "cancelled" });
  }
  if (intent === "bankTransfer" || intent === "onAccount" || intent === "card") {
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
      await amendBooking(db(), actor, booking.reference, lines, meta);
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
        <span className={`badge status status-${page.status.toLowerCase()}`} data-testid="booking-status">
          {t(`status.${page.status}`)}
        </span>
      </p>
      {page.hold ? <HoldCountdown {...page.hold} /> : null}
      <dl className="facts summary">
        <Fact label={t("page.route")}>
          {t("schedules:board.route", { origin: page.departure.origin, destination: page.departure.destination })} ·{" "}
          {page.departure.serviceNumber}
        </Fact>
        <Fact label={t("schedules:board.departure")}>{page.departure.departureLocal}</Fact>
        <Fact label={t("schedules:board.cargoCutoff")}>{page.departure.cargoCutoffLocal}</Fact>
        <Fact label={t("page.booked")}>
          {page.lines.map((line) => `${line.quantity} × ${t(`common:equipment.${line.code}`)}`).join(", ")}
        </Fact>
        {page.cargo ? (
          <Fact label={t("cargo.description")}>
            {page.cargo.description} (HS {page.cargo.hsCode})
          </Fact>
        ) : null}
        {page.parties ? (
          <Fact label={t("parties.consignee")}>
            {page.parties.consigneeName}, {page.parties.consigneeAddress}
          </Fact>
        ) : null}
      </dl>
      <h2>{t("review.price")}</h2>
      <PriceTable price={page.price} />
      <PaymentSection options={page.payOptions} payments={page.payments} />
      {page.amendable ? <AmendContainers offers={page.amendable} /> : null}
      {page.canCancel ? <CancelBooking fee={page.cancellationFee} /> : null}
      <BookingHistory revisions={page.revisions} events={page.events} />
    </article>
  );
}
