import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Amount, RouteName } from "~/components/Isolate";
import { SelectField } from "~/components/SelectField";
import { presentBookingDeparture } from "~/domain/booking/booking-view";
import { listCompanyBookings } from "~/domain/booking/find-bookings.server";
import { BOOKING_STATUSES } from "~/domain/booking/statuses";
import { BookingListFiltersSchema } from "~/schemas/booking";
import { requireActor } from "~/domain/identity/actor.server";
import { can } from "~/domain/identity/permissions";
import { loadCatalog } from "~/domain/places/catalog.server";
import { fixedT } from "~/i18n/i18next.server";
import { formatMoney } from "~/i18n/format";
import { db } from "~/utils/db.server";
import { requireLocale } from "~/utils/locale.server";
import { domainRoute } from "~/utils/forms.server";
import { BookingStatusBadge } from "~/components/booking/BookingStatusBadge";

export const handle = { i18n: ["common", "schedules", "account", "booking"] };

/** My company's bookings, newest first, filtered by status, departure and reference. */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const { actor } = await requireActor(db(), request, locale);
  const filters = BookingListFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [{ bookings, departures, companyIds }, catalog, t, schedules] = await Promise.all([
    listCompanyBookings(db(), actor, filters),
    loadCatalog(db()),
    fixedT(locale, "booking"),
    fixedT(locale, "schedules"),
  ]);
  return {
    title: t("list.title"),
    filters,
    filtered: Object.values(filters).some((value) => value !== undefined),
    departures: departures.map((departure) => {
      const shown = presentBookingDeparture(departure, catalog, locale);
      return {
        id: departure.id,
        // The arrow of the reading direction (schedules:board.route), as everywhere else.
        label: `${shown.serviceNumber} · ${schedules("board.route", { origin: shown.origin, destination: shown.destination })} · ${shown.departureLocal}`,
      };
    }),
    canBook: companyIds.some((companyId) => can(actor, "create:booking", { companyId })),
    bookings: bookings.map((booking) => ({
      reference: booking.reference,
      status: booking.status,
      departure: presentBookingDeparture(booking.departure, catalog, locale),
      total: booking.totalMinor > 0 ? formatMoney(booking.totalMinor, booking.currency, locale) : "—",
      href:
        booking.status === "DRAFT"
          ? `/${locale}/bookings/${booking.reference}/edit/equipment`
          : `/${locale}/bookings/${booking.reference}`,
    })),
  };
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function Bookings() {
  const { t } = useTranslation(["booking", "schedules"]);
  const { lang } = useParams();
  const page = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("list.title")}</h1>
      <Form method="get" className="filters">
        <SelectField
          id="filter-status"
          name="status"
          label={t("list.status")}
          defaultValue={page.filters.status ?? ""}
          options={[
            { value: "", label: t("list.any") },
            ...BOOKING_STATUSES.map((status) => ({ value: status, label: t(`status.${status}`) })),
          ]}
        />
        <SelectField
          id="filter-departure"
          name="departure"
          label={t("list.departure")}
          defaultValue={page.filters.departure ?? ""}
          options={[
            { value: "", label: t("list.any") },
            ...page.departures.map((departure) => ({ value: departure.id, label: departure.label })),
          ]}
        />
        <div className="field">
          <label htmlFor="filter-reference">{t("list.reference")}</label>
          <input id="filter-reference" name="reference" defaultValue={page.filters.reference ?? ""} />
        </div>
        <div className="filter-actions">
          <button type="submit">{t("list.search")}</button>
        </div>
      </Form>
      {page.bookings.length === 0 ? (
        <p className="empty">
          {t(page.filtered ? "list.noMatch" : "list.empty")}{" "}
          {page.canBook ? <Link to={`/${lang}/schedules`}>{t("list.findDeparture")}</Link> : null}
        </p>
      ) : (
        <table className="capacity-table stacked-table">
          <thead>
            <tr>
              <th scope="col">{t("list.reference")}</th>
              <th scope="col">{t("screen.route")}</th>
              <th scope="col">{t("schedules:board.departure")}</th>
              <th scope="col">{t("list.status")}</th>
              <th scope="col">{t("price.total")}</th>
            </tr>
          </thead>
          <tbody>
            {page.bookings.map((booking) => (
              <tr key={booking.reference}>
                <td data-label={t("list.reference")}>
                  <bdi>
                    <Link to={booking.href}>{booking.reference}</Link>
                  </bdi>
                </td>
                <td data-label={t("screen.route")}>
                  <RouteName origin={booking.departure.origin} destination={booking.departure.destination} />
                </td>
                <td data-label={t("schedules:board.departure")}>{booking.departure.departureLocal}</td>
                <td data-label={t("list.status")}>
                  <BookingStatusBadge status={booking.status} />
                </td>
                <td data-label={t("price.total")}>
                  <Amount>{booking.total}</Amount>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
