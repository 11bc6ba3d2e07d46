import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormError } from "~/components/FormField";
import { NoticeMessage } from "~/components/NoticeMessage";
import { requireActor } from "~/domain/identity/actor.server";
import { redirectWithNotice, requestMeta, takeNotice } from "~/domain/identity/session.server";
import { listBookingPartners, setBookingShares } from "~/domain/tracking/shares.server";
import { fixedT } from "~/i18n/i18next.server";
import { formatLocalDateTime } from "~/i18n/format";
import { BOOKING_REFERENCE, RECORD_ID } from "~/schemas/fields";
import { db } from "~/utils/db.server";
import { domainRoute, pageFailure } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";
import { requireParam } from "~/utils/params.server";

export const handle = { i18n: ["common", "booking", "tracking"] };

/** The ticked partners: record ids, at most as many as a company could sensibly have. */
const Shares = z.object({ partner: z.array(z.string().regex(RECORD_ID)).max(200) });

/**
 * Which of the company's partners follow this booking (decision 017): the exporter ticks them;
 * they then see the consignment on their tracking page and its issued through waybill.
 */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const reference = requireParam(params, "reference", BOOKING_REFERENCE);
  const { actor, user } = await requireActor(db(), request, locale);
  const sharing = await listBookingPartners(db(), actor, reference);
  const [t, { notice, headers }] = await Promise.all([fixedT(locale, "tracking"), takeNotice(request)]);
  const partners = sharing.partners.map(({ sharedAt, ...partner }) => ({
    ...partner,
    sharedSince: sharedAt ? formatLocalDateTime(sharedAt, locale, user.timeZone) : null,
  }));
  return data(
    { title: t("share.title", { reference }), reference, canShare: sharing.canShare, partners, notice },
    { headers },
  );
});

export const action = /* @__PURE__ */ domainRoute(async function action({
  params,
  request,
  context,
}: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const reference = requireParam(params, "reference", BOOKING_REFERENCE);
  const { actor } = await requireActor(db(), request, locale);
  const formData = await request.formData();
  const parsed = Shares.safeParse({ partner: formData.getAll("partner") });
  if (!parsed.success) throw data(null, { status: 400 });
  try {
    await setBookingShares(db(), {
      actor,
      reference,
      partnerIds: parsed.data.partner,
      meta: requestMeta(context, request),
    });
  } catch (error) {
    return pageFailure(error);
  }
  return redirectWithNotice(`/${locale}/bookings/${reference}/partners`, { code: "sharesSaved" });
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function BookingPartners() {
  const { t } = useTranslation(["tracking", "booking"]);
  const { lang } = useParams();
  const page = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as { error: string } | undefined;
  return (
    <article className="narrow wide">
      <p className="breadcrumb">
        <Link to={`/${lang}/bookings/${page.reference}`}>{t("share.back")}</Link>
      </p>
      <h1>{page.title}</h1>
      <NoticeMessage notice={page.notice} />
      <FormError error={failure?.error} />
      <p className="lead">{t("share.lead")}</p>
      {page.partners.length === 0 ? (
        <p className="empty">
          {t("share.none")} <Link to={`/${lang}/company`}>{t("share.invite")}</Link>
        </p>
      ) : (
        <Form method="post" className="stacked-form" data-testid="booking-partners">
          {page.canShare ? null : <p className="field-hint">{t("share.readOnly")}</p>}
          <table className="capacity-table stacked-table">
            <thead>
              <tr>
                <th scope="col">{t("share.shared")}</th>
                <th scope="col">{t("share.partner")}</th>
                <th scope="col">{t("share.email")}</th>
              </tr>
            </thead>
            <tbody>
              {page.partners.map((partner) => (
                <tr key={partner.id}>
                  <td data-label={t("share.shared")}>
                    <label className="checkbox">
                      <input
                        type="checkbox"
                        name="partner"
                        value={partner.id}
                        defaultChecked={partner.sharedSince !== null}
                        disabled={!page.canShare}
                        aria-label={`${t("share.shared")}: ${partner.name}`}
                      />{" "}
                      {partner.sharedSince ? t("share.sharedSince", { time: partner.sharedSince }) : null}
                    </label>
                  </td>
                  <td data-label={t("share.partner")}>
                    <bdi>{partner.name}</bdi>
                  </td>
                  <td data-label={t("share.email")}>
                    <bdi>{partner.email}</bdi>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {page.canShare ? <button type="submit">{t("share.save")}</button> : null}
        </Form>
      )}
    </article>
  );
}
