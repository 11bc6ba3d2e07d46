import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { newBookingReference } from "~/domain/booking/reference";
import { CargoLineSchema, PartySchema } from "./booking";
import { CreateStaffSchema, PlaceEditSchema } from "./admin";
import {
  BOOKING_REFERENCE,
  calendarDate,
  INVOICE_NUMBER,
  isPlainText,
  LINK_TOKEN,
  PLACE_CODE,
  RECORD_ID,
  VALUE_DATE_WINDOW,
} from "./fields";
import { RegisterCompanySchema, ResetPasswordSchema, SignInSchema } from "./identity";
import { ReceiptSchema, RefundMadeSchema } from "./payments";
import { parseScheduleFilters } from "./schedule-filters";

/** The first message per field, as parseForm shows it. */
function messages(result: { error?: { issues: { path: (string | number)[]; message: string }[] } }) {
  const byField: Record<string, string> = {};
  for (const issue of result.error?.issues ?? []) byField[String(issue.path[0] ?? "form")] ??= issue.message;
  return byField;
}

const registration = {
  companyNameZh: "兰州丝路贸易有限公司",
  companyNameLatin: "Lanzhou Silk Road Trading Co., Ltd.",
  creditCode: "91620100MA72X4K3QK",
  address: "甘肃省兰州市\n城关区 1 号",
  contactPhone: "+86 931 800 0000",
  name: "李强",
  email: "li@example.cn",
  password: "a long enough passphrase",
  confirmPassword: "a long enough passphrase",
  locale: "en",
};

describe("control characters are refused in every text field", () => {
  it("tells single-line from multi-line text", () => {
    expect(isPlainText("Lanzhou 兰州 Ланьчжоу")).toBe(true);
    expect(isPlainText("a\nb")).toBe(false);
    expect(isPlainText("a\nb\r\n\tc", { lines: true })).toBe(true);
    for (const bad of ["\u0000", "a\u0000b", "\u001b[31m", "\u007f", "\u0085", "\u009b"]) {
      expect(isPlainText(bad)).toBe(false);
      expect(isPlainText(bad, { lines: true })).toBe(false);
    }
  });

  it("refuses text that would read backwards or break lines unseen, but keeps Arabic direction marks", () => {
    for (const bad of ["王芳\u202e", "\u202a", "\u202d", "\u2066x\u2069", "a\u2028b", "a\u2029b", "\ufffe", "\uffff"]) {
      expect(isPlainText(bad), JSON.stringify(bad)).toBe(false);
      expect(isPlainText(bad, { lines: true }), JSON.stringify(bad)).toBe(false);
    }
    expect(isPlainText("شركة\u200f Lanzhou\u200e")).toBe(true);
    expect(RegisterCompanySchema.safeParse({ ...registration, name: "王芳\u202e" }).error?.issues[0]).toMatchObject({
      path: ["name"],
      message: "errors.controlCharacters",
    });
  });

  it("answers a NUL in registration fields with a message at the field", () => {
    expect(RegisterCompanySchema.safeParse(registration).success).toBe(true);
    const result = RegisterCompanySchema.safeParse({
      ...registration,
      companyNameZh: "兰州\u0000",
      address: "Street\u0000 1",
      name: "Li\u0000",
      contactPhone: "+86 931\u0000",
    });
    expect(messages(result)).toMatchObject({
      companyNameZh: "errors.controlCharacters",
      address: "errors.controlCharacters",
      name: "errors.controlCharacters",
      contactPhone: "errors.controlCharacters",
    });
    expect(messages(RegisterCompanySchema.safeParse({ ...registration, email: "li\u0000@example.cn" }))).toEqual({
      email: "errors.controlCharacters",
    });
  });

  it("keeps line breaks in addresses and descriptions, not in names", () => {
    const party = {
      name: "Duisburg GmbH",
      addressLines: "Hafen 2\r\nTor 3",
      city: "Duisburg",
      countryCode: "DE",
    };
    expect(PartySchema.parse(party).addressLines).toEqual(["Hafen 2", "Tor 3"]);
    expect(messages(PartySchema.safeParse({ ...party, name: "A\nB", city: "x\u0000" }))).toEqual({
      name: "errors.controlCharacters",
      city: "errors.controlCharacters",
    });
    expect(messages(PartySchema.safeParse({ ...party, addressLines: "Hafen\u202e2" }))).toEqual({
      addressLines: "errors.controlCharacters",
    });
    const line = {
      description: "Frozen beef\nboneless",
      hsCode: "0202.30",
      grossWeightKg: "1000",
      packages: "10",
      packageType: "PALLETS",
      volumeM3: "20",
      unNumber: "UN1203\u0000",
      dangerous: "on",
      dgClass: "3",
    };
    expect(messages(CargoLineSchema.safeParse(line))).toEqual({ unNumber: "errors.controlCharacters" });
  });

  it("checks staff, admin and payment forms too", () => {
    expect(
      messages(
        CreateStaffSchema.safeParse({
          email: "a@b.cn",
          name: "\u0000",
          role: "OPERATOR",
          ports: ["CNLAZ"],
          locale: "en",
        }),
      ),
    ).toEqual({ name: "errors.controlCharacters" });
    expect(messages(PlaceEditSchema.safeParse({ name_en: "Lan\u0000zhou" }))).toMatchObject({
      name_en: "errors.controlCharacters",
    });
    expect(
      messages(ReceiptSchema.safeParse({ amount: "1\u0000", receivedOn: today(), bankReference: "BOC\u0000" })),
    ).toEqual({ amount: "errors.controlCharacters", bankReference: "errors.controlCharacters" });
    expect(RefundMadeSchema.safeParse({ refundId: "x\u0000", refundReference: "BOC-1" }).success).toBe(false);
    expect(SignInSchema.parse({ email: "a@b.cn", password: "x", redirectTo: "/en\u0000" }).redirectTo).toBeUndefined();
    expect(
      messages(
        ResetPasswordSchema.safeParse({ token: "t\u0000", password: "x".repeat(12), confirmPassword: "x".repeat(12) }),
      ),
    ).toEqual({
      form: "errors.linkInvalid",
    });
  });
});

const today = (days = 0) => DateTime.utc().plus({ days }).toISODate()!;

describe("dates are real calendar days within a window", () => {
  it("refuses impossible and far-away value dates on a receipt", () => {
    const receipt = (receivedOn: string) =>
      messages(ReceiptSchema.safeParse({ amount: "1", receivedOn, bankReference: "BOC-1" }));
    expect(receipt(today())).toEqual({});
    expect(receipt(today(-300))).toEqual({});
    expect(receipt(today(7))).toEqual({});
    expect(receipt("2026-02-30")).toEqual({ receivedOn: "errors.receivedOn" });
    expect(receipt("2025-13-01")).toEqual({ receivedOn: "errors.receivedOn" });
    expect(receipt("9999-12-31")).toEqual({ receivedOn: "errors.receivedOnRange" });
    expect(receipt("0000-01-01")).toEqual({ receivedOn: "errors.receivedOnRange" });
    expect(receipt(today(8))).toEqual({ receivedOn: "errors.receivedOnRange" });
    expect(receipt(today(-(VALUE_DATE_WINDOW.pastDays + 1)))).toEqual({ receivedOn: "errors.receivedOnRange" });
  });

  it("keeps the board's date filters within a window", () => {
    expect(parseScheduleFilters(new URLSearchParams(`from=${today(30)}`)).errors).toEqual({});
    expect(parseScheduleFilters(new URLSearchParams("from=9999-12-31&to=0000-01-01")).errors).toEqual({
      from: "errors.dateOutOfRange",
      to: "errors.dateOutOfRange",
    });
    expect(parseScheduleFilters(new URLSearchParams("from=2026-12-01%00")).errors).toEqual({
      from: "errors.invalidDate",
    });
  });

  it("reads the clock it is given", () => {
    const schema = calendarDate(
      { pastDays: 1, futureDays: 1, now: () => new Date("2026-12-01T12:00:00Z") },
      { invalid: "bad", outOfRange: "far" },
    );
    expect(schema.safeParse("2026-12-02").success).toBe(true);
    expect(schema.safeParse("2026-12-03").error?.issues[0]?.message).toBe("far");
    expect(schema.safeParse("2026-11-29").error?.issues[0]?.message).toBe("far");
  });
});

describe("identifier formats match what the portal makes", () => {
  it("matches generated references, invoice numbers, ids, place codes and tokens", () => {
    for (let i = 0; i < 50; i += 1) expect(newBookingReference()).toMatch(BOOKING_REFERENCE);
    expect("SGI-2026-000123").toMatch(INVOICE_NUMBER);
    expect("clx3k2a9b0000qz8h1y2c3d4e").toMatch(RECORD_ID);
    expect("0b4ad2a4-8d6e-4c4e-9a51-2f7c8e1d3b6a").toMatch(RECORD_ID);
    expect("CNLAZ").toMatch(PLACE_CODE);
    expect("CN-WUW").toMatch(PLACE_CODE);
    expect("Qk1YbWx2c3VwZXJzZWNyZXR0b2tlbnRoYXRpc2xvbmc").toMatch(LINK_TOKEN);
    for (const pattern of [BOOKING_REFERENCE, INVOICE_NUMBER, RECORD_ID, PLACE_CODE, LINK_TOKEN]) {
      expect(pattern.test("\u0000")).toBe(false);
      expect(pattern.test("")).toBe(false);
    }
    expect(BOOKING_REFERENCE.test("SG-7K3M-9QX2\u0000")).toBe(false);
  });
});
