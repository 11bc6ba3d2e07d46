import type { Db } from "~/utils/db.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { authorize } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import type { RequestMeta } from "~/domain/identity/session.server";
import { invalidateBoard } from "~/domain/scheduling/board-cache.server";
import { rateText, ratesValidAt, type ExchangeRateRow } from "./exchange-rates";

/** How many rates the staff page lists (newest first); older ones stay in the table. */
export const RATE_HISTORY_SHOWN = 50;

/** The newest rate of each pair valid at `at` (decision 013). */
export async function loadRatesAt(db: Db, at: Date): Promise<ExchangeRateRow[]> {
  const rows = await db.exchangeRate.findMany({
    where: { validFrom: { lte: at } },
    orderBy: { validFrom: "desc" },
    select: { baseCurrency: true, currency: true, rateMicros: true, validFrom: true },
    take: 500,
  });
  return ratesValidAt(rows, at);
}

/** The rate history, newest first, with who entered each rate. */
export async function listExchangeRates(db: Db, actor: Actor) {
  authorize(actor, "manage:exchangeRate");
  const rates = await db.exchangeRate.findMany({
    orderBy: [{ validFrom: "desc" }, { createdAt: "desc" }],
    take: RATE_HISTORY_SHOWN,
  });
  const authors = await db.user.findMany({
    where: { id: { in: [...new Set(rates.map((rate) => rate.createdById))] } },
    select: { id: true, name: true },
  });
  const nameOf = new Map(authors.map((author) => [author.id, author.name]));
  // Seeded rates (seeds/exchange-rates.ts) have no author: the name is null.
  return rates.map((rate) => ({ ...rate, createdByName: nameOf.get(rate.createdById) ?? null }));
}

export interface NewExchangeRate {
  baseCurrency: string;
  currency: string;
  rateMicros: number;
  validFrom: Date;
}

/**
 * Staff add a rate. Rates are never changed or deleted: a new row with its own date takes
 * over from then on, and the board shows it at once.
 */
export async function addExchangeRate(db: Db, actor: Actor, input: NewExchangeRate, meta: RequestMeta) {
  authorize(actor, "manage:exchangeRate");
  const previous = (await loadRatesAt(db, input.validFrom)).find(
    (rate) => rate.baseCurrency === input.baseCurrency && rate.currency === input.currency,
  );
  const rate = await db.exchangeRate.create({ data: { ...input, createdById: actor.userId } });
  invalidateBoard();
  await recordAudit(db, {
    actorId: actor.userId,
    action: "exchangeRate.added",
    entity: "ExchangeRate",
    entityId: rate.id,
    ipAddress: meta.ipAddress,
    before: previous ? { rate: rateText(previous.rateMicros), validFrom: previous.validFrom.toISOString() } : undefined,
    after: {
      baseCurrency: input.baseCurrency,
      currency: input.currency,
      rate: rateText(input.rateMicros),
      validFrom: input.validFrom.toISOString(),
    },
  });
  return rate;
}
