import type { Db } from "~/utils/db.server";
import { parseRateMicros } from "~/domain/pricing/exchange-rates";

/** Demo rates (decision 013): one EUR and one USD in CNY; the board derives the rest. */
export const DEMO_RATES = [
  { baseCurrency: "EUR", currency: "CNY", rate: "7.82" },
  { baseCurrency: "USD", currency: "CNY", rate: "7.1" },
] as const;

/** Adds each demo pair that has no rate yet, valid from a day before `now`. Returns how many. */
export async function seedExchangeRates(db: Db, now = new Date()): Promise<number> {
  let created = 0;
  for (const demo of DEMO_RATES) {
    const known = await db.exchangeRate.findFirst({
      where: { baseCurrency: demo.baseCurrency, currency: demo.currency },
      select: { id: true },
    });
    if (known) continue;
    await db.exchangeRate.create({
      data: {
        baseCurrency: demo.baseCurrency,
        currency: demo.currency,
        rateMicros: parseRateMicros(demo.rate)!,
        validFrom: new Date(now.getTime() - 86_400_000),
        createdById: "seed",
      },
    });
    created += 1;
  }
  return created;
}
