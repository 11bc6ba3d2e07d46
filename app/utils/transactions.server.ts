import type { Prisma } from "~/generated/prisma/sqlite/client";

/** A client inside `db.$transaction(async (tx) => …)`: what the domain's writing helpers take. */
export type Tx = Prisma.TransactionClient;

/**
 * Interactive transactions wait at most this long for a connection and run at most this long:
 * a hold racing 200 others on a busy 2-core machine must not time out (decision 006).
 */
export const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 15_000 };
