import { describe, expect, it } from "vitest";
import { airWaybillInput, railWaybillInput } from "../../../tests/support/waybill";
import { amendableFields, applyAmendment, changedFields } from "./amendment";
import { buildWaybillContent } from "./content";

const rail = () => buildWaybillContent(railWaybillInput());

describe("waybill amendments from the staff form", () => {
  it("offers the consignee, each container's number and seals, and each goods description", () => {
    const content = rail();
    const fields = amendableFields(content);
    expect(fields["consignee.name"]).toBe("Rhein Foods GmbH");
    expect(fields["consignee.addressLines"]).toBe("Hafenstraße 12");
    expect(fields["containers.0.containerNumber"]).toBe(content.containers[0]!.containerNumber ?? "");
    expect(fields["containers.1.seals"]).toBe(content.containers[1]!.seals.join(" "));
    expect(fields["containers.0.goods.0.description"]).toBe(content.containers[0]!.goods[0]!.description);
    // Prices, legs and weights are not amended here: they are not in the form.
    expect(Object.keys(fields).some((field) => /price|legs|weight|vgm/i.test(field))).toBe(false);
  });

  it("takes only the fields that differ from the version shown, ignoring line-ending and edge spaces", () => {
    const content = rail();
    const posted = { ...amendableFields(content) };
    posted["consignee.addressLines"] = "Hafenstraße 12\r\n";
    posted["consignee.name"] = "  Rhein Foods Duisburg GmbH ";
    posted["containers.0.containerNumber"] = "texu 307007-9";
    expect(changedFields(content, posted)).toEqual({
      "consignee.name": "Rhein Foods Duisburg GmbH",
      "containers.0.containerNumber": "texu 307007-9",
    });
    expect(changedFields(content, amendableFields(content))).toEqual({});
  });

  it("applies a consignee change, a container swap and a new description to the latest version", () => {
    const latest = rail();
    const amended = applyAmendment(latest, {
      "consignee.name": "Rhein Foods Duisburg GmbH",
      "consignee.addressLines": "Hafenstraße 14\nHalle 3",
      "containers.0.containerNumber": "apzu 481209-0",
      "containers.0.seals": "sl-2001, sl-2002",
      "containers.0.goods.0.description": "Dried goji berries, organic, in cartons",
    });
    expect(amended.consignee.party).toMatchObject({
      name: "Rhein Foods Duisburg GmbH",
      addressLines: ["Hafenstraße 14", "Halle 3"],
    });
    expect(amended.containers[0]).toMatchObject({ containerNumber: "APZU4812090", seals: ["SL-2001", "SL-2002"] });
    expect(amended.containers[0]!.goods[0]!.description).toBe("Dried goji berries, organic, in cartons");
    // The version it was applied to is left as it was.
    expect(latest.consignee.party!.name).toBe("Rhein Foods GmbH");
  });

  it("refuses broken fields, each at its field, and applies none of them", () => {
    const latest = rail();
    const attempt = () =>
      applyAmendment(latest, {
        "containers.0.containerNumber": "MSKU1234567",
        "containers.1.seals": "A B C D",
        "consignee.name": "Evil \u202eCorp",
        "consignee.countryCode": "Germany",
        "consignee.addressLines": "",
      });
    expect(attempt).toThrow(
      expect.objectContaining({
        code: "invalid",
        fields: {
          "containers.0.containerNumber": "errors.containerNumberInvalid",
          "containers.1.seals": "errors.sealsInvalid",
          "consignee.name": "errors.controlCharacters",
          "consignee.countryCode": "errors.country",
          "consignee.addressLines": "errors.addressLines",
        },
      }),
    );
  });

  it("refuses the same container number on two boxes", () => {
    const latest = rail();
    const taken = latest.containers[1]!.containerNumber!;
    expect(() => applyAmendment(latest, { "containers.0.containerNumber": taken })).toThrow(
      expect.objectContaining({ fields: { "containers.0.containerNumber": "errors.containerNumberTwice" } }),
    );
  });

  it("refuses fields that are not on the form or do not exist on this document", () => {
    expect(() => applyAmendment(rail(), { "containers.9.seals": "X1" })).toThrow(
      expect.objectContaining({ code: "changedMeanwhile" }),
    );
    expect(() => applyAmendment(rail(), { freightTerms: "COLLECT" })).toThrow(
      expect.objectContaining({ code: "changedMeanwhile" }),
    );
  });

  it("amends the goods description of an air consignment", () => {
    const air = buildWaybillContent(airWaybillInput());
    expect(amendableFields(air)["air.goods.0.description"]).toBe(air.air!.goods[0]!.description);
    const amended = applyAmendment(air, { "air.goods.0.description": "Saffron, dried, in tins" });
    expect(amended.air!.goods[0]!.description).toBe("Saffron, dried, in tins");
  });
});
