import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isValidWaybillNumber, parseWaybillNumber } from "~/domain/waybill/number";
import { nextWaybillNumber } from "~/domain/waybill/numbering.server";
import { TRANSACTION_OPTIONS } from "~/utils/transactions.server";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

// 08:00 on 1 January in China is still 31 December in UTC: the year is China's.
const NEW_YEAR_IN_CHINA = new Date("2026-12-31T16:30:00Z");
const NOW = new Date("2026-12-01T02:00:00Z");
let test: TestDatabase;

beforeAll(async () => {
  test = await createTestDatabase();
});

afterAll(async () => {
  await test.drop();
});

const allocate = (place: string, now = NOW) =>
  test.db.$transaction((tx) => nextWaybillNumber(tx, place, now), TRANSACTION_OPTIONS);

describe("waybill number allocation", () => {
  it("gives 20 concurrent issues 20 distinct consecutive numbers", async () => {
    const numbers = await Promise.all(Array.from({ length: 20 }, () => allocate("CNLAZ")));
    expect(new Set(numbers).size).toBe(20);
    expect(numbers.every(isValidWaybillNumber)).toBe(true);
    const sequences = numbers.map((number) => parseWaybillNumber(number)!.sequence).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
    expect(numbers.every((number) => number.startsWith("SGW-LAZ-26-"))).toBe(true);
  });

  it("counts each origin port and each year (China time) on its own", async () => {
    expect(await allocate("CNTSU")).toMatch(/^SGW-TSU-26-000001-.$/);
    expect(await allocate("CN-WUW")).toMatch(/^SGW-WUW-26-000001-.$/);
    expect(await allocate("CNLAZ", NEW_YEAR_IN_CHINA)).toMatch(/^SGW-LAZ-27-000001-.$/);
    expect(await allocate("CNLAZ")).toMatch(/^SGW-LAZ-26-000021-.$/);
  });

  it("gives the number of a rolled-back issue back", async () => {
    await expect(
      test.db.$transaction(async (tx) => {
        await nextWaybillNumber(tx, "CNTSU", NOW);
        throw new Error("payment not confirmed after all");
      }, TRANSACTION_OPTIONS),
    ).rejects.toThrow("payment not confirmed");
    expect(await allocate("CNTSU")).toMatch(/^SGW-TSU-26-000002-.$/);
  });
});
