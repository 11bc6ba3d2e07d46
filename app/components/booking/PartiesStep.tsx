import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormField, TextAreaField } from "~/components/FormField";
import { SelectField } from "~/components/SelectField";
import type { Address, Party } from "~/schemas/booking";
import type { Wizard } from "./WizardSteps";

/** What the party fields read: the last failure's messages, what to show, and the countries. */
export interface PartyForm {
  errors: Record<string, string>;
  value: (name: string, saved: unknown) => string;
  countries: { code: string; name: string }[];
}

/** Street lines, city, postcode and country: a party's address, or a door leg's. */
export function AddressFields({
  form,
  prefix,
  saved,
  defaultCountry = "",
}: {
  form: PartyForm;
  prefix: string;
  saved: Address | undefined;
  defaultCountry?: string;
}) {
  const { t } = useTranslation("booking");
  const { errors, value } = form;
  const name = (field: string) => `${prefix}_${field}`;
  return (
    <>
      <div className="wide-field">
        <TextAreaField
          name={name("addressLines")}
          label={t("parties.addressLines")}
          hint={t("parties.addressLinesHint")}
          rows={3}
          defaultValue={value(name("addressLines"), saved?.addressLines.join("\n"))}
          error={errors[name("addressLines")]}
        />
      </div>
      <FormField
        name={name("city")}
        label={t("parties.city")}
        autoComplete="off"
        defaultValue={value(name("city"), saved?.city)}
        error={errors[name("city")]}
      />
      <FormField
        name={name("postcode")}
        label={t("parties.postcode")}
        defaultValue={value(name("postcode"), saved?.postcode)}
        error={errors[name("postcode")]}
      />
      <SelectField
        id={`field-${name("countryCode")}`}
        name={name("countryCode")}
        label={t("parties.country")}
        defaultValue={value(name("countryCode"), saved?.countryCode || defaultCountry)}
        error={errors[name("countryCode")]}
        options={[
          { value: "", label: t("parties.countryChoose") },
          ...form.countries.map(({ code, name: label }) => ({ value: code, label })),
        ]}
      />
    </>
  );
}

/** Shipper, consignee or notify party: who they are, where, whom to call, and their tax id. */
export function PartyFields({
  form,
  role,
  saved,
}: {
  form: PartyForm;
  role: "shipper" | "consignee" | "notify";
  saved?: Party;
}) {
  const { t } = useTranslation("booking");
  const { errors, value } = form;
  const name = (field: string) => `${role}_${field}`;
  return (
    <fieldset>
      <legend>{t(`parties.${role}`)}</legend>
      {role === "notify" ? <p className="field-hint">{t("parties.notifyHint")}</p> : null}
      <div className="field-grid">
        <div className="wide-field">
          <FormField
            name={name("name")}
            label={t("parties.name")}
            required={role !== "notify"}
            defaultValue={value(name("name"), saved?.name)}
            error={errors[name("name")]}
          />
        </div>
        <AddressFields form={form} prefix={role} saved={saved} defaultCountry={role === "shipper" ? "CN" : ""} />
        <FormField
          name={name("contactName")}
          label={t("parties.contactName")}
          defaultValue={value(name("contactName"), saved?.contactName)}
          error={errors[name("contactName")]}
        />
        <FormField
          name={name("phone")}
          label={t("parties.phone")}
          type="tel"
          dir="ltr"
          placeholder="+86 931 1234567"
          defaultValue={value(name("phone"), saved?.phone)}
          error={errors[name("phone")]}
        />
        <FormField
          name={name("email")}
          label={t("parties.email")}
          type="email"
          dir="ltr"
          defaultValue={value(name("email"), saved?.email)}
          error={errors[name("email")]}
        />
        <FormField
          name={name("taxId")}
          label={t("parties.taxId")}
          hint={t("parties.taxIdHint")}
          dir="ltr"
          defaultValue={value(name("taxId"), saved?.taxId)}
          error={errors[name("taxId")]}
        />
      </div>
    </fieldset>
  );
}

/** Step 3: parties, the door legs of the through journey, and the Incoterm. */
export function PartiesStep({ wizard }: { wizard: Wizard }) {
  const { t } = useTranslation(["booking", "common", "schedules"]);
  const { page, errors, value, checked, reprice, priceForm } = wizard;
  const parties = page.details.parties;
  const form: PartyForm = { errors, value, countries: page.countries };
  return (
    <Form method="post" className="stacked-form" noValidate onChange={reprice} ref={priceForm}>
      <PartyFields form={form} role="shipper" saved={parties?.shipper} />
      <PartyFields form={form} role="consignee" saved={parties?.consignee} />
      <PartyFields form={form} role="notify" saved={parties?.notify} />
      <fieldset>
        <legend>{t("parties.doorLegs")}</legend>
        <label className="checkbox">
          <input type="checkbox" name="doorPickup" defaultChecked={checked("doorPickup", parties?.doorPickup)} />{" "}
          {t("parties.doorPickup")}
        </label>
        <fieldset>
          <legend>{t("parties.pickupAddress")}</legend>
          <div className="field-grid">
            <AddressFields form={form} prefix="pickup" saved={parties?.pickupAddress} defaultCountry="CN" />
          </div>
        </fieldset>
        <label className="checkbox">
          <input type="checkbox" name="doorDelivery" defaultChecked={checked("doorDelivery", parties?.doorDelivery)} />{" "}
          {t("parties.doorDelivery")}
        </label>
        <fieldset>
          <legend>{t("parties.deliveryAddress")}</legend>
          <div className="field-grid">
            <AddressFields form={form} prefix="delivery" saved={parties?.deliveryAddress} />
          </div>
        </fieldset>
      </fieldset>
      <SelectField
        id="field-incoterm"
        name="incoterm"
        label={t("parties.incoterm")}
        defaultValue={value("incoterm", parties?.incoterm) || "FCA"}
        error={errors.incoterm}
        options={page.incoterms.map((term) => ({
          value: term,
          label: `${term} — ${t(`parties.incoterms.${term}`)}`,
        }))}
      />
      <button type="submit">{t("wizard.next")}</button>
    </Form>
  );
}
