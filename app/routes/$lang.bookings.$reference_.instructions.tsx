import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { NoticeMessage } from "~/components/NoticeMessage";
import { InstructionsForm } from "~/components/instructions/InstructionsForm";
import { InstructionsStatus } from "~/components/instructions/InstructionsStatus";
import { InstructionsSummary } from "~/components/instructions/InstructionsSummary";
import { instructionsFromForm } from "~/domain/instructions/form";
import { findInstructionsBooking } from "~/domain/instructions/instructions.server";
import { presentInstructions } from "~/domain/instructions/instructions-view.server";
import { saveInstructionsDraft } from "~/domain/instructions/save-draft.server";
import { submitInstructionsWithDraft } from "~/domain/waybill/draft-from-instructions.server";
import { requireActor } from "~/domain/identity/actor.server";
import { redirectWithNotice, requestMeta, takeNotice } from "~/domain/identity/session.server";
import { fixedT } from "~/i18n/i18next.server";
import { BOOKING_REFERENCE } from "~/schemas/fields";
import { db } from "~/utils/db.server";
import { domainRoute, failureFromError, type FormFailure } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";
import { requireParam } from "~/utils/params.server";

export const handle = { i18n: ["common", "account", "booking", "instructions"] };

const IntentSchema = z.enum(["save", "submit"]);

/** The exporter's shipping instructions for a confirmed booking: a draft to save, then submitted. */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  requireParam(params, "reference", BOOKING_REFERENCE);
  const { actor, user } = await requireActor(db(), request, locale);
  const [target, t, { notice, headers }] = await Promise.all([
    findInstructionsBooking(db(), actor, params.reference ?? ""),
    fixedT(locale, "instructions"),
    takeNotice(request),
  ]);
  const page = presentInstructions(target, { actor, locale, timeZone: user.timeZone, now: new Date(), t });
  return data({ ...page, notice }, { headers });
});

export const action = /* @__PURE__ */ domainRoute(async function action({
  params,
  request,
  context,
}: ActionFunctionArgs) {
  const locale = requireLocale(params);
  requireParam(params, "reference", BOOKING_REFERENCE);
  const { actor } = await requireActor(db(), request, locale);
  const formData = await request.formData();
  // Another company's booking is not found, whatever the form says.
  const target = await findInstructionsBooking(db(), actor, params.reference ?? "");
  const intent = IntentSchema.safeParse(formData.get("intent"));
  if (!intent.success) throw data(null, { status: 400 });
  const { booking } = target;
  const { content, formField } = instructionsFromForm(
    formData,
    target.units.map((unit) => unit.id),
    booking.departure.service.mode === "AIR",
  );
  try {
    if (intent.data === "save") {
      await saveInstructionsDraft(db(), { actor, reference: booking.reference, content });
      return redirectWithNotice(`/${locale}/bookings/${booking.reference}/instructions`, { code: "instructionsSaved" });
    }
    await submitInstructionsWithDraft(db(), {
      actor,
      reference: booking.reference,
      content,
      consigneeLocale: formData.get("consigneeLocale"),
      meta: requestMeta(context, request),
    });
    return redirectWithNotice(`/${locale}/bookings/${booking.reference}/waybill`, { code: "waybillDraftReady" });
  } catch (error) {
    return failureFromError(error, formData, formField);
  }
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function ShippingInstructions() {
  const { t } = useTranslation(["instructions", "booking"]);
  const { lang } = useParams();
  const page = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as FormFailure | undefined;
  const form = {
    errors: failure?.errors ?? {},
    // After a refusal every field shows what was sent (an unticked box is not sent: unticked).
    value: (name: string) => (failure ? (failure.values[name] ?? "") : (page.values[name] ?? "")),
    sent: Object.keys(failure?.values ?? {}),
  };
  return (
    <article className="narrow wide">
      <p className="breadcrumb">
        <Link to={`/${lang}/bookings/${page.reference}`}>{t("page.back")}</Link>
      </p>
      <h1>{page.title}</h1>
      <NoticeMessage notice={page.notice} />
      <InstructionsStatus page={page} />
      {page.writable ? <InstructionsForm page={page} form={form} /> : null}
      {page.summary ? <InstructionsSummary summary={page.summary} /> : null}
    </article>
  );
}
