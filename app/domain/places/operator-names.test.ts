import { describe, expect, it } from "vitest";
import { SUPPORTED_LOCALES } from "~/i18n/config";
import { SERVICES } from "../../../seeds/data/services";
import { operatorName } from "./operator-names";

describe("operatorName", () => {
  it("names every seeded service's operator in every locale, translated outside English", () => {
    for (const service of SERVICES) {
      for (const locale of SUPPORTED_LOCALES) {
        const name = operatorName(service.operatorName, locale);
        if (locale === "en") expect(name).toBe(service.operatorName);
        else expect(name, `${service.operatorName} in ${locale}`).not.toBe(service.operatorName);
      }
    }
  });

  it("keeps an aircraft type as a code and the stored name of an operator it does not know", () => {
    expect(operatorName("Silk Road Air Cargo Charter (B747-400F)", "kk")).toBe(
      "«Жібек жолы» әуе жүк чартерлері (B747-400F)",
    );
    expect(operatorName("Gansu (Lanzhou) International Land Port Operations", "zh-CN")).toBe(
      "甘肃（兰州）国际陆港运营公司",
    );
    expect(operatorName("Khorgos Gateway Co.", "ru")).toBe("Khorgos Gateway Co.");
  });
});
