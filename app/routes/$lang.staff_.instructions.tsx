import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { DateTime } from "luxon";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormError } from "~/components/FormField";
import { NoticeMessage } from "~/components/NoticeMessage";
import { requireActor } from "~/domain/identity/actor.server";
import { redirectWithNotice, requestMeta, takeNotice } from "~/domain/identity/session.server";
import { reopenInstructions } from "~/domain/instructions/reopen.server";
import { instructionsAtPorts } from "~/domain/instructions/staff-list.server";
import { loadCatalog, placeName } from "~/domain/places/catalog.server";
import { formatLocalDateTime } from "~/i18n/format";
import { fixedT } from "~/i18n/i18next.server";
import { BOOKING_REFERENCE } from "~/schemas/fields";
import { db } from "~/utils/db.server";
import { domainRoute, pageFailure } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";

export const handle = { i18n: ["common", "account", "booking", "instructions"] };

/** A time typed in the staff member's own zone (datetime-local), as an instant. */
const ReopenSchema = z.object({
  reference: z.string().regex(BOOKING_REFERENCE),
  until: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/),
});

/** Origin port staff: reopen a confirmed booking's shipping instructions after the documents cut-off. */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const { actor, user } = await requireActor(db(), request, locale);
  const now = new Date();
  const [{ ports, bookings }, catalog, t, { notice, headers }] = await Promise.all([
    instructionsAtPorts(db(), actor, now),
    loadCatalog(db()),
    fixedT(locale, "instructions"),
    takeNotice(request),
  ]);
  const when = (date: Date) => formatLocalDateTime(date, locale, user.timeZone);
  const page = {
    title: t("staff.title"),
    notice,
    ports: new Intl.ListFormat(locale, { type: "conjunction" }).format(
      ports.map((code) => placeName(catalog, code, locale)),
    ),
    bookings: bookings.map((booking) => ({
      reference: booking.reference,
      company: booking.company.legalNameZh,
      docCutoff: when(booking.departure.docCutoffAt),
      status: booking.instructions?.status ?? null,
      version: booking.instructions?.version ?? 0,
      reopenedUntil:
        booking.instructions?.reopenedUntil && booking.instructions.reopenedUntil > now
          ? when(booking.instructions.reopenedUntil)
          : null,
      // Suggested: a day from now, on the staff member's clock.
      until: DateTime.fromJSDate(now, { zone: user.timeZone }).plus({ days: 1 }).toFormat("yyyy-LL-dd'T'HH:mm"),
    })),
  };
  return data(page, { headers });
});

export const action = /* @__PURE__ */ domainRoute(async function action({
  params,
  request,
  context,
}: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const { actor, user } = await requireActor(db(), request, locale);
  const parsed = ReopenSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: "errors.reopenUntilInvalid" }, { status: 400 });
  const until = DateTime.fromISO(parsed.data.until, { zone: user.timeZone });
  try {
    await reopenInstructions(db(), {
      actor,
      reference: parsed.data.reference,
      until: until.isValid ? until.toJSDate() : new Date(Number.NaN),
      meta: requestMeta(context, request),
    });
  } catch (error) {
    return pageFailure(error);
  }
  return redirectWithNotice(`/${locale}/staff/instructions`, {
    code: "instructionsReopened",
    reference: parsed.data.reference,
  });
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function StaffInstructions() {
  const { t } = useTranslation("instructions");
  const page = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as { error: string } | undefined;
  return (
    <>
      <h1>{page.title}</h1>
      <p className="lead">{t("staff.lead", { ports: page.ports })}</p>
      <NoticeMessage notice={page.notice} />
      <FormError error={failure?.error} />
      {page.bookings.length === 0 ? (
        <p className="empty">{t("staff.empty")}</p>
      ) : (
        <table className="capacity-table stacked-table" data-testid="instructions-to-reopen">
          <thead>
            <tr>
              <th scope="col">{t("staff.booking")}</th>
              <th scope="col">{t("staff.company")}</th>
              <th scope="col">{t("staff.docCutoff")}</th>
              <th scope="col">{t("staff.status")}</th>
              <th scope="col">{t("staff.until")}</th>
            </tr>
          </thead>
          <tbody>
            {page.bookings.map((booking) => (
              <tr key={booking.reference}>
                <td data-label={t("staff.booking")}>
                  <bdi>{booking.reference}</bdi>
                </td>
                <td data-label={t("staff.company")}>
                  <bdi>{booking.company}</bdi>
                </td>
                <td data-label={t("staff.docCutoff")}>{booking.docCutoff}</td>
                <td data-label={t("staff.status")}>
                  {booking.status === "SUBMITTED"
                    ? t("screen.submittedShort", { version: booking.version })
                    : booking.status === "DRAFT"
                      ? t("screen.draft")
                      : t("screen.none")}
                  {booking.reopenedUntil ? ` · ${t("staff.reopenedUntil", { time: booking.reopenedUntil })}` : null}
                </td>
                <td data-label={t("staff.until")}>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="reference" value={booking.reference} />
                    <label htmlFor={`until-${booking.reference}`} className="visually-hidden">
                      {t("staff.untilFor", { reference: booking.reference })}
                    </label>
                    <input
                      type="datetime-local"
                      id={`until-${booking.reference}`}
                      name="until"
                      defaultValue={booking.until}
                      required
                    />{" "}
                    <button type="submit">{t("staff.reopen")}</button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
