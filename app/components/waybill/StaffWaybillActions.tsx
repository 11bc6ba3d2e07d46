import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormField, TextAreaField } from "~/components/FormField";
import type { WaybillAction } from "~/domain/waybill/status";
import type { FormFailure } from "~/utils/forms.server";

/** A field of the amendment form's label, from its flat name (containers.0.seals …). */
function amendLabel(t: (key: string, values?: Record<string, unknown>) => string, field: string): string {
  const path = field.split(".");
  if (path[0] === "consignee") return `${t("consignee")}: ${t(`staff.amend.${path[1]}`)}`;
  if (path[0] === "air") return `${t("goods")} ${Number(path[2]) + 1}: ${t("staff.amend.description")}`;
  const container = t("staff.amend.container", { number: Number(path[1]) + 1 });
  if (path[2] === "goods") return `${container}, ${t("goods")} ${Number(path[3]) + 1}: ${t("staff.amend.description")}`;
  return `${container}: ${t(path[2] === "seals" ? "seals" : "containerNumber")}`;
}

/** What port staff may do with the waybill now: each action its own small form. */
export function StaffWaybillActions({
  actions,
  amendable,
  basedOn,
  failure,
}: {
  actions: WaybillAction[];
  amendable: Record<string, string> | null;
  basedOn: number;
  failure: FormFailure | undefined;
}) {
  const { t } = useTranslation("waybill");
  const errors = failure?.errors ?? {};
  const sent = (name: string, fallback = "") => failure?.values[name] ?? fallback;
  const intent = failure?.values.intent;
  return (
    <section className="staff-actions" aria-label={t("staff.actions")}>
      {actions.includes("issue") ? (
        <Form method="post">
          <p>{t("staff.issueLead")}</p>
          <button type="submit" name="intent" value="issue">
            {t("staff.issue")}
          </button>
        </Form>
      ) : null}
      {actions.includes("surrender") ? (
        <Form method="post">
          <p>{t("staff.surrenderLead")}</p>
          <button type="submit" name="intent" value="surrender">
            {t("staff.surrender")}
          </button>
        </Form>
      ) : null}
      {actions.includes("return") ? (
        <Form method="post" className="stacked-form">
          <TextAreaField
            name="comment"
            label={t("staff.returnLabel")}
            hint={t("staff.returnHint")}
            defaultValue={sent("comment")}
            error={errors.comment}
            rows={3}
            maxLength={500}
          />
          <button type="submit" name="intent" value="return" className="secondary">
            {t("staff.return")}
          </button>
        </Form>
      ) : null}
      {actions.includes("amend") && amendable ? (
        <details open={intent === "amend"}>
          <summary>{t("staff.amendTitle")}</summary>
          <Form method="post" className="stacked-form" noValidate>
            <p className="field-hint">{t("staff.amendLead")}</p>
            <input type="hidden" name="basedOn" value={basedOn} />
            {Object.entries(amendable).map(([field, value]) =>
              field.endsWith("addressLines") || field.endsWith("description") ? (
                <TextAreaField
                  key={field}
                  name={field}
                  id={`field-${field.replaceAll(".", "-")}`}
                  label={amendLabel(t, field)}
                  defaultValue={sent(field, value)}
                  error={errors[field]}
                  rows={3}
                />
              ) : (
                <FormField
                  key={field}
                  name={field}
                  id={`field-${field.replaceAll(".", "-")}`}
                  label={amendLabel(t, field)}
                  defaultValue={sent(field, value)}
                  error={errors[field]}
                />
              ),
            )}
            <TextAreaField
              name="reason"
              id="field-amend-reason"
              label={t("amendmentReason")}
              hint={t("staff.reasonHint")}
              defaultValue={intent === "amend" ? sent("reason") : ""}
              error={intent === "amend" ? errors.reason : undefined}
              rows={2}
              maxLength={500}
            />
            <button type="submit" name="intent" value="amend">
              {t("staff.amend.submit")}
            </button>
          </Form>
        </details>
      ) : null}
      {actions.includes("void") ? (
        <details open={intent === "void"}>
          <summary>{t("staff.voidTitle")}</summary>
          <Form method="post" className="stacked-form">
            <p className="field-hint">{t("staff.voidLead")}</p>
            <TextAreaField
              name="reason"
              id="field-void-reason"
              label={t("staff.voidReason")}
              defaultValue={intent === "void" ? sent("reason") : ""}
              error={intent === "void" ? errors.reason : undefined}
              rows={2}
              maxLength={500}
            />
            <button type="submit" name="intent" value="void" className="danger">
              {t("staff.void")}
            </button>
          </Form>
        </details>
      ) : null}
    </section>
  );
}
