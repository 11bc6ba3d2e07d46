import { Form, Link, useParams } from "@remix-run/react";
import type { useLoaderData } from "@remix-run/react";
import type { RefObject } from "react";
import { useTranslation } from "react-i18next";
import { FormField } from "~/components/FormField";
import { CancellationTiers } from "~/components/CancellationTiers";
import { PriceTable } from "~/components/PriceTable";
import { BookingSummary } from "./BookingSections";
import type { loader } from "~/routes/$lang.bookings.$reference_.edit.$step";
import { AIR_PIECE_ROWS, WIZARD_STEPS } from "~/schemas/booking";
import { translateFieldMessage } from "~/utils/field-message";

/** What every step form of the booking wizard reads: the draft's page and the last failure. */
export interface Wizard {
  page: ReturnType<typeof useLoaderData<typeof loader>>;
  errors: Record<string, string>;
  /** What to show in a field: what was just typed, else what the draft saved. */
  value: (name: string, saved: unknown) => string;
  checked: (name: string, saved: boolean | undefined) => boolean;
  /** What was submitted with the last answer (to know which rows were typed). */
  values: Record<string, string>;
  /** Reprices the live price from the form (equipment and parties steps). */
  reprice: (event: React.FormEvent<HTMLFormElement>) => void;
  priceForm: RefObject<HTMLFormElement>;
}

/** The wizard's steps, the current one marked; each a plain link (saved steps can be revisited). */
export function WizardNav({ reference, current, done }: { reference: string; current: string; done: string[] }) {
  const { t } = useTranslation("booking");
  const { lang } = useParams();
  return (
    <nav aria-label={t("wizard.steps")}>
      <ol className="wizard-steps">
        {WIZARD_STEPS.map((step) => (
          <li
            key={step}
            aria-current={step === current ? "step" : undefined}
            className={done.includes(step) ? "done" : undefined}
          >
            <a href={`/${lang}/bookings/${reference}/edit/${step}`}>
              {t(`wizard.step.${step}`)}
              {done.includes(step) ? <span className="visually-hidden"> ({t("wizard.done")})</span> : null}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

export function ContainersStep({ wizard }: { wizard: Wizard }) {
  const { t } = useTranslation(["booking", "common", "schedules"]);
  const { page, errors, value, checked, reprice, priceForm } = wizard;
  return (
    <Form method="post" className="stacked-form" noValidate onChange={reprice} ref={priceForm}>
      <fieldset>
        <legend>{t("equipment.containers")}</legend>
        {page.offers.map((offer) => (
          <div key={offer.code} className="equipment-line">
            <FormField
              name={`qty_${offer.code}`}
              label={`${t(`common:equipment.${offer.code}`)} (${offer.code})`}
              hint={t("equipment.offer", { tariff: offer.tariff, available: offer.availableText })}
              type="number"
              min={0}
              max={offer.available}
              inputMode="numeric"
              defaultValue={value(
                `qty_${offer.code}`,
                page.details.containers?.find((line) => line.equipmentCode === offer.code)?.quantity ?? 0,
              )}
              error={errors[`qty_${offer.code}`]}
            />
            <label className="checkbox">
              <input
                type="checkbox"
                name={`soc_${offer.code}`}
                defaultChecked={checked(
                  `soc_${offer.code}`,
                  page.details.containers?.find((line) => line.equipmentCode === offer.code)?.shipperOwned,
                )}
              />{" "}
              {t("equipment.shipperOwned")}
            </label>
          </div>
        ))}
      </fieldset>
      <button type="submit">{t("wizard.next")}</button>
    </Form>
  );
}

export function AirPiecesStep({ wizard }: { wizard: Wizard }) {
  const { t } = useTranslation(["booking", "common", "schedules"]);
  const { page, errors, value, reprice, priceForm } = wizard;
  return (
    <Form method="post" className="stacked-form" noValidate onChange={reprice} ref={priceForm}>
      <fieldset>
        <legend>{t("equipment.pieces")}</legend>
        <p className="field-hint">{t("equipment.piecesHint")}</p>
        <table className="capacity-table pieces-table">
          <thead>
            <tr>
              {(["quantity", "lengthCm", "widthCm", "heightCm", "grossKg"] as const).map((field) => (
                <th key={field} scope="col">
                  {t(`equipment.${field}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: AIR_PIECE_ROWS }, (_, row) => (
              <tr key={row}>
                {(["quantity", "lengthCm", "widthCm", "heightCm", "grossKg"] as const).map((field) => {
                  const name = `piece_${row}_${field}`;
                  return (
                    <td key={field}>
                      <input
                        name={name}
                        inputMode="decimal"
                        aria-label={t("equipment.pieceField", { row: row + 1, field: t(`equipment.${field}`) })}
                        aria-invalid={errors[name] ? true : undefined}
                        defaultValue={value(name, page.details.pieces?.[row]?.[field])}
                      />
                      {errors[name] ? <p className="field-error">{translateFieldMessage(t, errors[name])}</p> : null}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </fieldset>
      <button type="submit">{t("wizard.next")}</button>
    </Form>
  );
}

/**
 * The last step before the hold: everything entered, each part with a link back to its step;
 * the price; what cancelling will cost by date once paid; and the carriage terms to accept.
 */
export function ReviewStep({ wizard }: { wizard: Wizard }) {
  const { t } = useTranslation(["booking", "common", "schedules"]);
  const { lang } = useParams();
  const { page, errors, values } = wizard;
  const termsError = errors.acceptCarriageTerms;
  return page.review && page.summary ? (
    <>
      <BookingSummary reference={page.reference} summary={page.summary} editable />
      <section aria-labelledby="review-price">
        <h2 id="review-price">{t("review.price")}</h2>
        <PriceTable price={page.review} />
      </section>
      <section aria-labelledby="review-policy" data-testid="review-cancellation">
        <h2 id="review-policy">{t("review.policyTitle")}</h2>
        <p>
          {t("review.policy", {
            count: page.policy.freeUntilDaysBeforeDeparture,
            days: page.policy.freeUntilDaysBeforeDeparture,
            before: page.policy.percentBeforeCutoff,
            after: page.policy.percentAfterCutoff,
          })}
        </p>
        <p>{t("summary.policyLead")}</p>
        <CancellationTiers tiers={page.cancellationTerms} />
      </section>
      {/* Checked by the server, so that the refusal is in the page's language, at its field. */}
      <Form method="post" className="stacked-form" noValidate>
        <p>
          {page.holdEndsAtCutoff !== null
            ? t("review.holdNoteCutoff", { count: page.holdEndsAtCutoff, time: page.departure.cargoCutoffLocal })
            : t("review.holdNote", { minutes: page.holdMinutes })}
        </p>
        <div className="field">
          <label className="checkbox" htmlFor="field-acceptCarriageTerms">
            <input
              type="checkbox"
              id="field-acceptCarriageTerms"
              name="acceptCarriageTerms"
              value={page.carriageTermsVersion}
              defaultChecked={values.acceptCarriageTerms === page.carriageTermsVersion}
              aria-required="true"
              aria-invalid={termsError ? true : undefined}
              aria-describedby={termsError ? "field-acceptCarriageTerms-error" : undefined}
            />{" "}
            {t("summary.acceptTerms", { version: page.carriageTermsVersion })}
          </label>
          <p className="field-hint">
            <Link to={`/${lang}/terms`}>{t("summary.readTerms", { version: page.carriageTermsVersion })}</Link>
          </p>
          {termsError ? (
            <p className="field-error" id="field-acceptCarriageTerms-error">
              {translateFieldMessage(t, termsError)}
            </p>
          ) : null}
        </div>
        <button type="submit">{t("review.hold")}</button>
      </Form>
    </>
  ) : (
    <p>{t("review.incomplete")}</p>
  );
}
