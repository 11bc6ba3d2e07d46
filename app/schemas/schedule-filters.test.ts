import { describe, expect, it } from "vitest";
import { parseScheduleFilters } from "./schedule-filters";

const parse = (query: string) => parseScheduleFilters(new URLSearchParams(query));

describe("parseScheduleFilters", () => {
  it("reads every filter from the query string", () => {
    const { filters, errors } = parse(
      "corridor=CHINA_EUROPE&origin=CNLAZ&destination=DEDUI&from=2026-12-01&to=2026-12-31&mode=RAIL&equipment=45G1&sort=price&currency=EUR&closed=1&page=2",
    );
    expect(errors).toEqual({});
    expect(filters).toEqual({
      corridor: "CHINA_EUROPE",
      origin: "CNLAZ",
      destination: "DEDUI",
      from: "2026-12-01",
      to: "2026-12-31",
      mode: "RAIL",
      equipment: "45G1",
      sort: "price",
      currency: "EUR",
      closed: "1",
      page: 2,
    });
  });

  it("treats blank fields as not set and defaults to page 1 in departure order", () => {
    expect(parse("corridor=&origin=&from=&equipment=&sort=&currency=").filters).toEqual({
      page: 1,
      sort: "departure",
    });
  });

  it("refuses an unknown order, currency or switch value at its field", () => {
    const { filters, errors } = parse("sort=cheapest&currency=JPY&closed=yes&origin=CNLAZ");
    expect(errors).toEqual({
      sort: "errors.invalidChoice",
      currency: "errors.invalidChoice",
      closed: "errors.invalidChoice",
    });
    expect(filters).toEqual({ origin: "CNLAZ", page: 1, sort: "departure" });
  });

  it("reports an invalid field as a translation key and keeps the other filters", () => {
    const { filters, errors } = parse("origin=CNLAZ&from=2026-02-30&equipment=99X9");
    expect(errors).toEqual({ from: "errors.invalidDate", equipment: "errors.invalidChoice" });
    expect(filters).toEqual({ origin: "CNLAZ", page: 1, sort: "departure" });
  });

  it("refuses a range that ends before it starts", () => {
    const { filters, errors } = parse("from=2026-12-10&to=2026-12-01");
    expect(errors).toEqual({ to: "errors.dateRangeReversed" });
    expect(filters).toEqual({ from: "2026-12-10", page: 1, sort: "departure" });
  });

  it("falls back to page 1 for a nonsense page", () => {
    expect(parse("page=-3").filters.page).toBe(1);
    expect(parse("page=abc").filters.page).toBe(1);
  });
});
