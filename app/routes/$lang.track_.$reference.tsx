import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConsignmentTracking } from "~/components/tracking/ConsignmentTracking";
import { requireActor } from "~/domain/identity/actor.server";
import { can } from "~/domain/identity/permissions";
import { consignmentView, findTrackedBooking } from "~/domain/tracking/consignment.server";
import { fixedT } from "~/i18n/i18next.server";
import { BOOKING_REFERENCE } from "~/schemas/fields";
import { db } from "~/utils/db.server";
import { domainRoute } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";
import { requireParam } from "~/utils/params.server";

export const handle = { i18n: ["common", "tracking", "schedules", "alerts"] };

/**
 * One consignment's tracking (decision 023): the timeline per route place (planned, estimated,
 * actual, delays), each container's events, the ETA and the route map with the current
 * position, in the viewer's language and time zone. The exporter's own confirmed bookings and
 * bookings shared with a partner; anyone else 404.
 */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const reference = requireParam(params, "reference", BOOKING_REFERENCE);
  const { actor, user } = await requireActor(db(), request, locale);
  const booking = await findTrackedBooking(db(), actor, reference);
  const [t, view] = await Promise.all([
    fixedT(locale, "tracking"),
    consignmentView(db(), booking.id, { locale, timeZone: user.timeZone }),
  ]);
  return {
    title: t("consignment.title", { reference }),
    view,
    canShareLinks: can(actor, "update:booking", { companyId: booking.companyId }),
  };
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function TrackConsignment() {
  const { t } = useTranslation(["tracking", "alerts"]);
  const { lang } = useParams();
  const page = useLoaderData<typeof loader>();
  return (
    <article className="wide">
      <p className="breadcrumb">
        <Link to={`/${lang}/track`}>{t("consignment.back")}</Link>
      </p>
      <h1>
        <bdi>{page.title}</bdi>
      </h1>
      <ConsignmentTracking
        view={page.view}
        extra={
          <p className="actions">
            <Link to={`/${lang}/track/${page.view.reference}/alerts`}>{t("alerts:link")}</Link>
            {page.canShareLinks ? (
              <Link to={`/${lang}/bookings/${page.view.reference}/share-links`}>{t("links.fromTracking")}</Link>
            ) : null}
          </p>
        }
      />
    </article>
  );
}
