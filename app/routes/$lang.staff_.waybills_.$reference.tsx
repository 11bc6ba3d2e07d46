import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormError } from "~/components/FormField";
import { NoticeMessage } from "~/components/NoticeMessage";
import { WaybillDocument } from "~/components/waybill/WaybillDocument";
import { StaffWaybillActions } from "~/components/waybill/StaffWaybillActions";
import { WaybillStatusPanel } from "~/components/waybill/WaybillStatusPanel";
import { WaybillVersions } from "~/components/waybill/WaybillVersions";
import { requireActor } from "~/domain/identity/actor.server";
import { redirectWithNotice, takeNotice } from "~/domain/identity/session.server";
import { amendWaybillFromForm } from "~/domain/waybill/amendment.server";
import { issueWaybill } from "~/domain/waybill/issue-waybill.server";
import { returnWaybillDraft, surrenderWaybill, voidWaybillAsStaff } from "~/domain/waybill/review-waybill.server";
import { readStaffWaybill } from "~/domain/waybill/waybill-pages.server";
import { fixedT } from "~/i18n/i18next.server";
import { BOOKING_REFERENCE, multiLine } from "~/schemas/fields";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { domainRoute, failureFromError, parseForm, type FormFailure } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";
import { requireParam } from "~/utils/params.server";

export const handle = { i18n: ["common", "account", "booking", "instructions", "waybill"] };

/** A comment or reason: said in a few words, at most 500 characters. */
const reasonText = multiLine().pipe(z.string().min(3, "errors.required").max(500, "errors.tooLong"));
const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("issue") }),
  z.object({ intent: z.literal("surrender") }),
  z.object({ intent: z.literal("return"), comment: reasonText }),
  z.object({ intent: z.literal("void"), reason: reasonText }),
  z.object({ intent: z.literal("amend"), reason: reasonText, basedOn: z.coerce.number().int().min(1) }),
]);

/** Port staff: one booking's through waybill — review, return, issue, amend, void; surrender at destination. */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  requireParam(params, "reference", BOOKING_REFERENCE);
  const { actor, user } = await requireActor(db(), request, locale);
  const reader = { locale, timeZone: user.timeZone };
  const [page, t, { notice, headers }] = await Promise.all([
    readStaffWaybill(db(), actor, params.reference ?? "", reader, env().APP_URL),
    fixedT(locale, "waybill"),
    takeNotice(request),
  ]);
  return data({ ...page, title: t("staff.detailTitle", { reference: page.reference }), notice }, { headers });
});

export const action = /* @__PURE__ */ domainRoute(async function action({ params, request }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  requireParam(params, "reference", BOOKING_REFERENCE);
  const { actor } = await requireActor(db(), request, locale);
  const reference = params.reference ?? "";
  const formData = await request.formData();
  const parsed = parseForm(formData, ActionSchema);
  if (!parsed.ok) return parsed.failure;
  const back = `/${locale}/staff/waybills/${reference}`;
  try {
    switch (parsed.data.intent) {
      case "issue": {
        const { number } = await issueWaybill(db(), { actor, reference });
        return redirectWithNotice(back, { code: "waybillIssued", number });
      }
      case "surrender":
        await surrenderWaybill(db(), { actor, reference });
        return redirectWithNotice(back, { code: "waybillSurrendered" });
      case "return":
        await returnWaybillDraft(db(), { actor, reference, comment: parsed.data.comment });
        return redirectWithNotice(back, { code: "waybillReturned" });
      case "void":
        await voidWaybillAsStaff(db(), { actor, reference, reason: parsed.data.reason });
        return redirectWithNotice(back, { code: "waybillVoided" });
      case "amend": {
        const { version } = await amendWaybillFromForm(db(), {
          actor,
          reference,
          basedOn: parsed.data.basedOn,
          reason: parsed.data.reason,
          values: Object.fromEntries(formData),
        });
        return redirectWithNotice(back, { code: "waybillAmended", version });
      }
    }
  } catch (error) {
    return failureFromError(error, formData);
  }
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function StaffWaybill() {
  const { t } = useTranslation(["waybill", "booking"]);
  const { lang } = useParams();
  const page = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as FormFailure | undefined;
  const { waybill } = page;
  return (
    <article className="narrow wide">
      <p className="breadcrumb">
        <Link to={`/${lang}/staff/waybills`}>{t("staff.title")}</Link>
      </p>
      <h1>{page.title}</h1>
      <p className="lead">
        <bdi>{page.company}</bdi> · {page.origin} → {page.destination} · {page.departure}
      </p>
      <NoticeMessage notice={page.notice} />
      <FormError error={failure?.errors.form} />
      <WaybillStatusPanel status={waybill.status} note={waybill.statusNote} reader="staff" />
      {page.awaitingPayment ? <p data-testid="waybill-unpaid">{t("staff.unpaid")}</p> : null}
      {page.awaitingArrival ? <p data-testid="waybill-awaiting-arrival">{t("staff.awaitingArrival")}</p> : null}
      {waybill.number ? (
        <p>
          <a href={`/${lang}/waybills/${waybill.number}.pdf`}>{t("screen.pdf")}</a> ·{" "}
          <a href={`/${lang}/waybills/${waybill.number}.json`}>{t("screen.json")}</a>
        </p>
      ) : null}
      <StaffWaybillActions
        actions={page.actions}
        amendable={page.amendable}
        basedOn={waybill.latestVersion}
        failure={failure}
      />
      {waybill.content ? <WaybillDocument content={waybill.content} /> : null}
      {waybill.number && waybill.versions.length > 0 ? (
        <WaybillVersions lang={lang ?? ""} number={waybill.number} versions={waybill.versions} />
      ) : null}
    </article>
  );
}
