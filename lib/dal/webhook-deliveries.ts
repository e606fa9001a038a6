import "server-only";
import { db } from "@/lib/db";

/**
 * The delivery worker's queries (lib/webhooks/worker.ts). No request reaches these: the worker
 * is the system acting on rows it found in the table, so they take ids read from the table,
 * never a Viewer, and nothing a client sent can become one of their arguments.
 *
 * A delivery is due when it is pending, its time has come, and no worker holds a live lease
 * on it. Instances share the work by a compare-and-set on that lease (leaseDelivery), so two
 * never send the same attempt, and one that dies mid-send leaves a lease that expires.
 */
const due = (now: Date) => ({ status: "pending", nextAttemptAt: { lte: now }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] });

/**
 * Up to `take` workspaces with due deliveries, in id order after `after` (null: from the start),
 * so the worker can go round all of them however many there are.
 */
export async function ownersWithDueDeliveries(after: string | null, take: number, now = new Date()): Promise<string[]> {
  const rows = await db().webhookDelivery.groupBy({
    by: ["workspaceId"],
    where: after === null ? due(now) : { ...due(now), workspaceId: { gt: after } },
    orderBy: { workspaceId: "asc" },
    take,
  });
  return rows.map((row) => row.workspaceId);
}

export type DueDelivery = { id: string; webhookId: string; leaseUntil: Date | null };

/** One workspace's oldest due deliveries, leaving out webhooks that already have enough in flight. */
export function dueDeliveriesOf(workspaceId: string, take: number, skipWebhooks: string[], now = new Date()): Promise<DueDelivery[]> {
  return db().webhookDelivery.findMany({
    where: skipWebhooks.length > 0 ? { workspaceId, ...due(now), webhookId: { notIn: skipWebhooks } } : { workspaceId, ...due(now) },
    orderBy: { nextAttemptAt: "asc" },
    take,
    select: { id: true, webhookId: true, leaseUntil: true },
  });
}

/** Takes the lease if nobody took it since `candidate` was read; true when this caller holds it. */
export async function leaseDelivery(candidate: DueDelivery, until: Date): Promise<boolean> {
  const claim = await db().webhookDelivery.updateMany({ where: { id: candidate.id, status: "pending", leaseUntil: candidate.leaseUntil }, data: { leaseUntil: until } });
  return claim.count === 1;
}

/** What sending needs, the webhook's sealed signing secret included; null once it was deleted. */
export function deliveryToSend(id: string) {
  return db().webhookDelivery.findUnique({
    where: { id },
    select: { id: true, workspaceId: true, payload: true, attempts: true, webhook: { select: { id: true, userId: true, workspaceId: true, url: true, credentialId: true, secretKeyId: true, secretSealed: true } } },
  });
}

export type AttemptRecord = {
  number: number;
  startedAt: Date;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  requestUrl: string;
  requestHeaders: Record<string, string>;
  responseExcerpt: string;
};

/** What happens to the delivery after an attempt. */
export type NextStep = { status: "delivered" | "failed" } | { status: "pending"; retryAt: Date };

/** Logs one attempt and moves the delivery on, releasing its lease, in one transaction. */
export async function recordAttempt(deliveryId: string, attempt: AttemptRecord, next: NextStep, finishedAt = new Date()): Promise<void> {
  const moved =
    next.status === "pending"
      ? { attempts: attempt.number, leaseUntil: null, nextAttemptAt: next.retryAt }
      : { status: next.status, attempts: attempt.number, leaseUntil: null, finishedAt };
  try {
    await db().$transaction([
      db().webhookAttempt.create({ data: { deliveryId, ...attempt, requestHeaders: JSON.stringify(attempt.requestHeaders) }, select: { id: true } }),
      db().webhookDelivery.update({ where: { id: deliveryId }, data: moved, select: { id: true } }),
    ]);
  } catch (error) {
    // Deleted with its webhook while we were sending: nothing left to record.
    const code = (error as { code?: string }).code;
    if (code !== "P2025" && code !== "P2003") throw error;
  }
}
