import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError, FormField } from "~/components/FormField";
import type { TerminalPage } from "~/domain/operations/terminal-view.server";
import type { FormFailure } from "~/utils/forms.server";
import { SelectField } from "~/components/SelectField";

type Page = Pick<
  TerminalPage,
  "bookings" | "unconfirmed" | "afterCutoff" | "acceptsLate" | "gatesIn" | "confirmsBookings"
>;

/** A gate-in form per confirmed booking, and (for supervisors) confirming a booking by hand. */
export function GateInForms({ page, failure }: { page: Page; failure: FormFailure | undefined }) {
  const { t } = useTranslation("terminal");
  const mine = (intent: string, reference: string) =>
    failure?.values.intent === intent && failure.values.reference === reference ? failure : undefined;
  return (
    <section aria-labelledby="gate-in">
      <h2 id="gate-in">{t("gateIn.title")}</h2>
      {page.afterCutoff ? (
        <p className="lead">{t(page.acceptsLate ? "gateIn.lateSupervisor" : "gateIn.lateClosed")}</p>
      ) : null}
      {page.bookings.length === 0 ? <p>{t("gateIn.none")}</p> : null}
      {page.gatesIn
        ? page.bookings
            .filter((booking) => booking.units.length > 0)
            .map((booking) => {
              const sent = mine("gateIn", booking.reference);
              const errors = sent?.errors ?? {};
              const value = (name: string) => sent?.values[name] ?? "";
              const id = (name: string) => `gatein-${booking.reference}-${name}`;
              return (
                <Form
                  method="post"
                  className="stacked-form"
                  key={booking.reference}
                  aria-label={t("gateIn.formFor", { reference: booking.reference })}
                  data-testid={`gate-in-${booking.reference}`}
                >
                  <h3>
                    {booking.reference} · <bdi>{booking.company}</bdi>
                  </h3>
                  <FormError error={errors.form} />
                  <input type="hidden" name="intent" value="gateIn" />
                  <input type="hidden" name="reference" value={booking.reference} />
                  <SelectField
                    id={id("unitId")}
                    name="unitId"
                    label={t("gateIn.unit")}
                    defaultValue={sent ? value("unitId") : (booking.units.find((unit) => !unit.numbered)?.id ?? "")}
                    options={[
                      { value: "", label: t("gateIn.unitByNumber") },
                      ...booking.units.map((unit) => ({ value: unit.id, label: unit.label })),
                    ]}
                    error={errors.unitId}
                  />
                  <FormField
                    id={id("containerNumber")}
                    name="containerNumber"
                    label={t("gateIn.containerNumber")}
                    hint={t("gateIn.containerNumberHint")}
                    defaultValue={value("containerNumber")}
                    error={errors.containerNumber}
                    autoCapitalize="characters"
                    maxLength={16}
                    required
                  />
                  <FormField
                    id={id("seals")}
                    name="seals"
                    label={t("gateIn.seals")}
                    hint={t("gateIn.sealsHint")}
                    defaultValue={value("seals")}
                    error={errors.seals}
                    maxLength={80}
                  />
                  <FormField
                    id={id("grossKg")}
                    name="grossKg"
                    label={t("gateIn.grossKg")}
                    inputMode="numeric"
                    defaultValue={value("grossKg")}
                    error={errors.grossKg}
                  />
                  {booking.units.some((unit) => unit.reefer) ? (
                    <FormField
                      id={id("reeferC")}
                      name="reeferC"
                      label={t("gateIn.reeferC")}
                      inputMode="decimal"
                      defaultValue={value("reeferC")}
                      error={errors.reeferC}
                    />
                  ) : null}
                  <FormField
                    id={id("damage")}
                    name="damage"
                    label={t("gateIn.damage")}
                    defaultValue={value("damage")}
                    error={errors.damage}
                    maxLength={300}
                  />
                  {page.afterCutoff ? (
                    <FormField
                      id={id("lateReason")}
                      name="lateReason"
                      label={t("gateIn.lateReason")}
                      defaultValue={value("lateReason")}
                      error={errors.lateReason}
                      maxLength={300}
                      required
                    />
                  ) : null}
                  <button type="submit">{t("gateIn.submit")}</button>
                </Form>
              );
            })
        : null}
      {page.confirmsBookings && page.unconfirmed.length > 0 ? (
        <>
          <h2>{t("confirm.title")}</h2>
          <p>{t("confirm.lead")}</p>
          {page.unconfirmed.map((booking) => {
            const sent = mine("confirm", booking.reference);
            return (
              <Form method="post" className="stacked-form" key={booking.reference}>
                <h3>
                  {booking.reference} · <bdi>{booking.company}</bdi> · {t(`confirm.status.${booking.status}`)}
                </h3>
                <input type="hidden" name="intent" value="confirm" />
                <input type="hidden" name="reference" value={booking.reference} />
                <FormField
                  id={`confirm-${booking.reference}-reason`}
                  name="reason"
                  label={t("confirm.reason")}
                  defaultValue={sent?.values.reason ?? ""}
                  error={sent?.errors.reason ?? sent?.errors.form}
                  maxLength={300}
                  required
                />
                <button type="submit">{t("confirm.submit")}</button>
              </Form>
            );
          })}
        </>
      ) : null}
    </section>
  );
}
