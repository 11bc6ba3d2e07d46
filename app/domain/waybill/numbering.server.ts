import { yearInChina } from "~/domain/payments/issuer-time";
import type { Tx } from "~/utils/transactions.server";
import { formatWaybillNumber, MAX_WAYBILL_SEQUENCE, portCodeForNumber } from "./number";

/**
 * The next waybill number of an origin port in the year of issue (China time), inside the
 * issuing transaction: the counter row is created if missing (portable INSERT … ON CONFLICT DO
 * NOTHING) and incremented by one UPDATE, which holds the row's lock until commit, so
 * concurrent issues take turns and get consecutive numbers; a rolled-back issue gives its
 * number back. The same pattern as invoice numbers (app/domain/payments/invoices.server.ts).
 */
export async function nextWaybillNumber(tx: Tx, originPlaceCode: string, now: Date): Promise<string> {
  const portCode = portCodeForNumber(originPlaceCode);
  const year = yearInChina(now);
  await tx.$executeRaw`INSERT INTO "WaybillCounter" ("portCode", "year", "last") VALUES (${portCode}, ${year}, 0) ON CONFLICT ("portCode", "year") DO NOTHING`;
  const { last } = await tx.waybillCounter.update({
    where: { portCode_year: { portCode, year } },
    data: { last: { increment: 1 } },
  });
  if (last > MAX_WAYBILL_SEQUENCE) throw new Error(`Waybill numbers of ${portCode} in ${year} are used up`);
  return formatWaybillNumber({ portCode, year, sequence: last });
}
