import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { recordAudit } from "~/domain/audit/audit.server";
import { authorize } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import { deleteSubscription } from "./event-subscriptions.server";
import { ApiProblem } from "./dcsa-http.server";
import { parseStoredFilters } from "./subscription-filters";

/*
 * The company admin's view of its event subscriptions (decision 026): where each calls back,
 * what it filters, when it last delivered, and the notifications that fail (still retrying, or
 * given up after the last try), which the admin may send again; a subscription may be deleted.
 * The same permission as the company's API keys.
 */

const PROBLEMS_SHOWN = 100;

export async function listCompanySubscriptions(db: Db, actor: Actor, companyId: string) {
  authorize(actor, "manage:apiKey", { companyId });
  const [subscriptions, problems] = await Promise.all([
    db.eventSubscription.findMany({
      where: { companyId },
      orderBy: { createdAt: "desc" },
      select: { id: true, callbackUrl: true, filters: true, createdAt: true, lastSuccessAt: true },
    }),
    db.eventDelivery.findMany({
      where: {
        subscription: { companyId },
        OR: [{ status: "FAILED" }, { status: { in: ["PENDING", "SENDING"] }, attempts: { gt: 0 } }],
      },
      orderBy: [{ lastAttemptAt: "desc" }, { id: "asc" }],
      take: PROBLEMS_SHOWN,
      select: {
        id: true,
        subscriptionId: true,
        eventId: true,
        status: true,
        attempts: true,
        lastStatus: true,
        lastError: true,
        lastAttemptAt: true,
        nextAttemptAt: true,
      },
    }),
  ]);
  const failedCounts = await db.eventDelivery.groupBy({
    by: ["subscriptionId"],
    where: { subscription: { companyId }, status: "FAILED" },
    _count: { _all: true },
  });
  const failed = new Map(failedCounts.map((row) => [row.subscriptionId, row._count._all]));
  return {
    subscriptions: subscriptions.map((subscription) => ({
      id: subscription.id,
      callbackHost: new URL(subscription.callbackUrl).host,
      filters: parseStoredFilters(subscription.filters),
      createdAt: subscription.createdAt,
      lastSuccessAt: subscription.lastSuccessAt,
      failedCount: failed.get(subscription.id) ?? 0,
    })),
    problems: problems.map((problem) => ({
      ...problem,
      callbackHost: new URL(subscriptions.find((s) => s.id === problem.subscriptionId)!.callbackUrl).host,
      // A notification still being retried shows when; a failed one waits for the admin.
      nextAttemptAt: problem.status === "FAILED" ? null : problem.nextAttemptAt,
    })),
  };
}

/** Sends a failed notification again: it is due now, with its tries counted afresh. */
export async function retryDelivery(
  db: Db,
  {
    actor,
    companyId,
    deliveryId,
    now = new Date(),
  }: { actor: Actor; companyId: string; deliveryId: string; now?: Date },
) {
  authorize(actor, "manage:apiKey", { companyId });
  const { count } = await db.eventDelivery.updateMany({
    where: { id: deliveryId, status: "FAILED", subscription: { companyId } },
    data: { status: "PENDING", attempts: 0, nextAttemptAt: now },
  });
  if (count !== 1) throw new AppError("notFound", 404);
  await recordAudit(db, {
    actorId: actor.userId,
    action: "eventSubscription.retried",
    entity: "EventDelivery",
    entityId: deliveryId,
  });
}

/** Deletes one of the company's subscriptions (and its queued notifications). */
export async function deleteCompanySubscription(
  db: Db,
  { actor, companyId, subscriptionId }: { actor: Actor; companyId: string; subscriptionId: string },
) {
  authorize(actor, "manage:apiKey", { companyId });
  try {
    await deleteSubscription(db, { companyId, keyId: "" }, subscriptionId, { actorId: actor.userId });
  } catch (error) {
    if (error instanceof ApiProblem) throw new AppError("notFound", 404);
    throw error;
  }
}
