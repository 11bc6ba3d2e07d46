import { isValidContainerNumber, normalizeContainerNumber } from "~/domain/booking/iso6346";
import { MAX_SEALS } from "~/domain/instructions/content";
import { AppError, invalidFields } from "~/utils/app-error";
import { isPlainText } from "~/schemas/fields";
import type { WaybillContent } from "./content";

/*
 * What origin port staff may change on an issued waybill (issue 12: consignee, cargo
 * description, container swap): the fields of the amendment form, flat, as the form posts them.
 * An amendment is the set of fields whose posted value differs from the version the form was
 * drawn from, applied to the latest version — so two people amending different fields at the
 * same time both keep their change (amendWaybill retries on the newer latest).
 */
export type AmendableFields = Record<string, string>;

const PARTY_FIELDS = ["name", "addressLines", "city", "postcode", "countryCode"] as const;
const lines = (value: string) =>
  value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

/** The amendable fields of a version, as the form shows them. */
export function amendableFields(content: WaybillContent): AmendableFields {
  const fields: AmendableFields = {};
  const party = content.consignee.party;
  if (content.consignee.toOrder) fields["consignee.orderOf"] = content.consignee.orderOf ?? "";
  if (party) {
    fields["consignee.name"] = party.name;
    fields["consignee.addressLines"] = party.addressLines.join("\n");
    fields["consignee.city"] = party.city;
    fields["consignee.postcode"] = party.postcode ?? "";
    fields["consignee.countryCode"] = party.countryCode;
  }
  content.containers.forEach((container, index) => {
    fields[`containers.${index}.containerNumber`] = container.containerNumber ?? "";
    fields[`containers.${index}.seals`] = container.seals.join(" ");
    container.goods.forEach((goods, line) => {
      fields[`containers.${index}.goods.${line}.description`] = goods.description;
    });
  });
  content.air?.goods.forEach((goods, line) => {
    fields[`air.goods.${line}.description`] = goods.description;
  });
  return fields;
}

/** The fields whose posted value differs from the version the form showed (missing ones are kept). */
export function changedFields(base: WaybillContent, posted: Record<string, unknown>): AmendableFields {
  const shown = amendableFields(base);
  const changes: AmendableFields = {};
  for (const [field, before] of Object.entries(shown)) {
    const value = posted[field];
    if (typeof value !== "string") continue;
    const normalized = value.replace(/\r\n/g, "\n").trim();
    if (normalized !== before.trim()) changes[field] = normalized;
  }
  return changes;
}

/**
 * Applies changed fields to a version's content (the latest one), checking each: a container
 * number by ISO 6346, seals as on the shipping instructions, a party's name and address lines
 * within the document's limits. Every broken field is reported at once, nothing applied.
 */
export function applyAmendment(latest: WaybillContent, changes: AmendableFields): WaybillContent {
  const content = structuredClone(latest);
  const errors: Record<string, string> = {};
  for (const [field, value] of Object.entries(changes)) {
    const path = field.split(".");
    // No control or direction-override characters: they can make a name read backwards on the document.
    const multiLine = field.endsWith("addressLines") || field.endsWith("description");
    if (!isPlainText(value, { lines: multiLine })) {
      errors[field] = "errors.controlCharacters";
      continue;
    }
    if (path[0] === "consignee") {
      const key = path[1]!;
      if (key === "orderOf") {
        if (!content.consignee.toOrder) throw new AppError("waybillState", 409);
        if (value.length > 140) errors[field] = "errors.tooLong";
        content.consignee.orderOf = value || null;
        continue;
      }
      const party = content.consignee.party;
      if (!party || !(PARTY_FIELDS as readonly string[]).includes(key)) throw new AppError("changedMeanwhile", 409);
      if (key === "addressLines") {
        const given = lines(value);
        if (given.length < 1 || given.length > 4 || given.some((line) => line.length > 70)) {
          errors[field] = "errors.addressLines";
        } else party.addressLines = given;
      } else if (key === "countryCode") {
        if (!/^[A-Z]{2}$/.test(value)) errors[field] = "errors.country";
        else party.countryCode = value;
      } else if (key === "postcode") {
        if (value.length > 12) errors[field] = "errors.tooLong";
        else party.postcode = value || null;
      } else {
        const limit = key === "name" ? 140 : 35;
        if (!value) errors[field] = "errors.required";
        else if (value.length > limit) errors[field] = "errors.tooLong";
        else party[key as "name" | "city"] = value;
      }
      continue;
    }
    if (path[0] === "containers") {
      const container = content.containers[Number(path[1])];
      if (!container) throw new AppError("changedMeanwhile", 409);
      if (path[2] === "containerNumber") {
        const number = normalizeContainerNumber(value);
        if (!isValidContainerNumber(number)) errors[field] = "errors.containerNumberInvalid";
        else container.containerNumber = number;
      } else if (path[2] === "seals") {
        const seals = value
          .toUpperCase()
          .split(/[\s,]+/)
          .filter(Boolean);
        if (seals.length > MAX_SEALS || seals.some((seal) => !/^[A-Z0-9-]{1,20}$/.test(seal))) {
          errors[field] = "errors.sealsInvalid";
        } else container.seals = seals;
      } else if (path[2] === "goods" && path[4] === "description") {
        const goods = container.goods[Number(path[3])];
        if (!goods) throw new AppError("changedMeanwhile", 409);
        if (!value) errors[field] = "errors.required";
        else if (value.length > 500) errors[field] = "errors.tooLong";
        else goods.description = value;
      } else throw new AppError("changedMeanwhile", 409);
      continue;
    }
    if (path[0] === "air" && path[1] === "goods" && path[3] === "description") {
      const goods = content.air?.goods[Number(path[2])];
      if (!goods) throw new AppError("changedMeanwhile", 409);
      if (!value) errors[field] = "errors.required";
      else if (value.length > 500) errors[field] = "errors.tooLong";
      else goods.description = value;
      continue;
    }
    throw new AppError("changedMeanwhile", 409);
  }
  // A swapped-in number must not be another box's already.
  content.containers.forEach((container, index) => {
    const field = `containers.${index}.containerNumber`;
    if (!(field in changes) || errors[field] || !container.containerNumber) return;
    if (content.containers.some((other, at) => at !== index && other.containerNumber === container.containerNumber)) {
      errors[field] = "errors.containerNumberTwice";
    }
  });
  if (Object.keys(errors).length > 0) throw invalidFields(errors);
  return content;
}
