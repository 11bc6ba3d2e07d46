import { describe, expect, it } from "vitest";
import { cutoffFor, zonedToUtc } from "~/domain/scheduling/timetable";
import { addDays, localTimeConverter } from "./local-time";

describe("localTimeConverter", () => {
  it("agrees with zonedToUtc on ordinary days and across clock changes", () => {
    const convert = localTimeConverter();
    const cases: [string, string, string][] = [
      ["2027-03-09", "10:30", "Asia/Shanghai"],
      ["2027-03-28", "01:30", "Europe/Berlin"],
      ["2027-03-28", "02:30", "Europe/Berlin"], // skipped by the spring change
      ["2027-03-28", "03:30", "Europe/Berlin"],
      ["2027-10-31", "02:30", "Europe/Berlin"], // happens twice in autumn
      ["2027-10-31", "23:59", "Europe/Berlin"],
      ["2027-01-01", "00:00", "Asia/Almaty"],
    ];
    for (const [date, time, zone] of cases) {
      expect(convert(date, time, zone).toISOString(), `${date} ${time} ${zone}`).toBe(
        zonedToUtc(date, time, zone).toISOString(),
      );
    }
  });

  it("gives cutoffFor's cut-offs from the departure's local date", () => {
    const convert = localTimeConverter();
    const departure = zonedToUtc("2027-03-30", "10:30", "Europe/Berlin");
    expect(convert(addDays("2027-03-30", -3), "12:00", "Europe/Berlin")).toEqual(
      cutoffFor(departure, "Europe/Berlin", { daysBefore: 3, localTime: "12:00" }),
    );
    expect(addDays("2027-03-01", -1)).toBe("2027-02-28");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
  });
});
