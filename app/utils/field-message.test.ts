import { describe, expect, it } from "vitest";
import { fixedT } from "~/i18n/i18next.server";
import { fieldMessage, readFieldMessage, translateFieldMessage } from "./field-message";

describe("field messages with values", () => {
  it("carries a key and its values as one string, and reads them back", () => {
    const message = fieldMessage("errors.overPayload", { limit: 53000, total: 60000.5 });
    expect(readFieldMessage(message)).toEqual({
      key: "errors.overPayload",
      values: { limit: "53000", total: "60000.5" },
    });
    expect(readFieldMessage("errors.required")).toEqual({ key: "errors.required", values: {} });
  });

  it("puts the limit into the reader's language, with its number format", async () => {
    const message = fieldMessage("errors.overPayload", { limit: 53000, total: 60000 });
    const en = translateFieldMessage(await fixedT("en", "booking"), message);
    expect(en).toContain("53,000 kg");
    expect(en).toContain("60,000 kg");
    const de = translateFieldMessage(await fixedT("de", "booking"), message);
    expect(de).toContain("53.000 kg");
    const ru = translateFieldMessage(await fixedT("ru", "booking"), message);
    expect(ru).toMatch(/53\s000 кг/u);
  });
});
