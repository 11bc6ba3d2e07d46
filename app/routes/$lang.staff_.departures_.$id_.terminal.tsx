import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { NoticeMessage } from "~/components/NoticeMessage";
import { RouteName } from "~/components/Isolate";
import { EventForms } from "~/components/terminal/EventForms";
import { GateInForms } from "~/components/terminal/GateInForms";
import { LoadingList } from "~/components/terminal/LoadingList";
import { requireActor } from "~/domain/identity/actor.server";
import { redirectWithNotice, takeNotice } from "~/domain/identity/session.server";
import { confirmBookingByHand } from "~/domain/operations/confirm-by-hand.server";
import { RECORDABLE_MILESTONES } from "~/domain/operations/events";
import { recordOperationalEvent } from "~/domain/operations/events.server";
import { gateIn } from "~/domain/operations/gate-in.server";
import { terminalPage } from "~/domain/operations/terminal-view.server";
import { fixedT } from "~/i18n/i18next.server";
import { BOOKING_REFERENCE, optional, PLACE_CODE, RECORD_ID, singleLine } from "~/schemas/fields";
import { db } from "~/utils/db.server";
import { domainRoute, failureFromError, parseForm, type FormFailure } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";
import { requireParam } from "~/utils/params.server";

export const handle = { i18n: ["common", "account", "booking", "terminal"] };

const note = (max: number) => optional(singleLine().max(max, "errors.tooLong"));
const reference = z.string().regex(BOOKING_REFERENCE, "errors.required");
const ActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("gateIn"),
    reference,
    unitId: optional(z.string().regex(RECORD_ID, "errors.required")),
    containerNumber: singleLine().min(1, "errors.required").max(16, "errors.containerNumberInvalid"),
    seals: optional(singleLine().max(80, "errors.sealsInvalid")),
    grossKg: optional(
      z.coerce
        .number({ message: "errors.grossKg" })
        .int("errors.grossKg")
        .min(1000, "errors.grossKg")
        .max(60_000, "errors.grossKg"),
    ),
    reeferC: optional(
      z.coerce.number({ message: "errors.reeferC" }).min(-60, "errors.reeferC").max(40, "errors.reeferC"),
    ),
    damage: note(300),
    lateReason: note(300),
  }),
  z.object({
    intent: z.literal("confirm"),
    reference,
    reason: singleLine().min(3, "errors.required").max(300, "errors.tooLong"),
  }),
  z.object({
    intent: z.literal("event"),
    milestone: z.enum(RECORDABLE_MILESTONES as [string, ...string[]], { message: "errors.required" }),
    placeCode: z.string().regex(PLACE_CODE, "errors.required"),
    localTime: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "errors.required"),
    equipmentReference: optional(z.string().regex(/^[A-Z]{4}\d{7}$/, "errors.containerNotOnDeparture")),
    remark: note(250),
    supersedesId: optional(z.string().uuid("errors.eventNotFound")),
  }),
]);

/** Origin port staff at the terminal: a departure's loading list, gate-in, events and their corrections. */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const id = requireParam(params, "id", RECORD_ID);
  const { actor } = await requireActor(db(), request, locale);
  const [page, t, { notice, headers }] = await Promise.all([
    terminalPage(db(), actor, id, locale),
    fixedT(locale, "terminal"),
    takeNotice(request),
  ]);
  return data({ ...page, title: t("title", { service: page.serviceNumber }), notice }, { headers });
});

export const action = /* @__PURE__ */ domainRoute(async function action({ params, request }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const departureId = requireParam(params, "id", RECORD_ID);
  const { actor } = await requireActor(db(), request, locale);
  const formData = await request.formData();
  const parsed = parseForm(formData, ActionSchema);
  if (!parsed.ok) return parsed.failure;
  const back = `/${locale}/staff/departures/${departureId}/terminal`;
  const form = parsed.data;
  try {
    switch (form.intent) {
      case "gateIn":
        await gateIn(db(), actor, {
          departureId,
          reference: form.reference,
          unitId: form.unitId ?? null,
          containerNumber: form.containerNumber,
          seals: (form.seals ?? "").split(/[\s,;，；]+/),
          grossKg: form.grossKg ?? null,
          reeferC: form.reeferC ?? null,
          damage: form.damage ?? null,
          lateReason: form.lateReason ?? null,
        });
        return redirectWithNotice(back, { code: "gatedIn" });
      case "confirm":
        await confirmBookingByHand(db(), actor, { departureId, reference: form.reference, reason: form.reason });
        return redirectWithNotice(back, { code: "confirmedByHand" });
      case "event":
        await recordOperationalEvent(db(), actor, {
          departureId,
          milestone: form.milestone as (typeof RECORDABLE_MILESTONES)[number],
          placeCode: form.placeCode,
          localTime: form.localTime,
          equipmentReference: form.equipmentReference ?? null,
          remark: form.remark ?? null,
          supersedesId: form.supersedesId ?? null,
        });
        return redirectWithNotice(back, { code: "eventRecorded" });
    }
  } catch (error) {
    return failureFromError(error, formData);
  }
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function DepartureTerminal() {
  const { t } = useTranslation("terminal");
  const { lang, id } = useParams();
  const page = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as FormFailure | undefined;
  return (
    <article className="narrow wide">
      <p className="breadcrumb">
        <Link to={`/${lang}/staff`}>{t("back")}</Link>
      </p>
      <h1>{page.title}</h1>
      <p className="lead">
        <RouteName origin={page.origin} destination={page.destination} /> ·{" "}
        {t("departs", { at: page.departureLocal, cutoff: page.cutoffLocal })}
      </p>
      <NoticeMessage notice={page.notice} />
      <LoadingList
        page={page}
        downloads={{
          csv: `/${lang}/staff/departures/${id}/manifest.csv`,
          pdf: `/${lang}/staff/departures/${id}/manifest.pdf`,
        }}
      />
      <GateInForms page={page} failure={failure} />
      <EventForms page={page} failure={failure} />
    </article>
  );
}
