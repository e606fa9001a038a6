import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { utcDay } from "./activity";

/**
 * Deletes what has outlived its retention period, so no table grows without bound: finished
 * webhook deliveries (their attempts go with them: the foreign key cascades), security-log
 * events, daily usage rows, expired sessions, and expired ceremonies and mailed links
 * (AuthChallenge, AccountToken: past their expiry they can never be used).
 *
 * Every instance runs this at once, with no coordination, and that is safe: each batch picks
 * at most BATCH rows, then deletes those that still match, so two instances racing on one
 * batch delete each row once (the loser's statement matches nothing) and no statement holds
 * locks for long. Pending deliveries are never touched, whatever their age: the worker may be
 * sending one, and the status is checked in the DELETE itself, not only when picking.
 */
// 500 ids and a few other values stay under the 999 bound values Prisma allows one SQLite statement.
export const BATCH = 500;
const DAY_MS = 86_400_000;
/** A browser not signed in from for this long is forgotten (its device cookie has expired too). */
const DEVICE_RETENTION_DAYS = 400;

export type Pruned = { deliveries: number; auditEvents: number; usageDays: number; sessions: number; challenges: number; accountTokens: number; devices: number };

/** Deletes everything expired at `now`; `signal` stops it between two batches. */
export async function pruneExpired(now = new Date(), signal?: AbortSignal): Promise<Pruned> {
  const config = env();
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const finished = { status: { in: ["delivered", "failed"] }, createdAt: { lt: before(config.WEBHOOK_DELIVERY_RETENTION_DAYS) } };
  const oldEvents = { createdAt: { lt: before(config.AUDIT_RETENTION_DAYS) } };
  const expired = { expiresAt: { lt: now } };
  const client = db();
  return {
    deliveries: await inBatches(signal, async () => {
      const ids = (await client.webhookDelivery.findMany({ where: finished, select: { id: true }, orderBy: { createdAt: "asc" }, take: BATCH })).map((row) => row.id);
      return { full: ids.length === BATCH, deleted: ids.length ? (await client.webhookDelivery.deleteMany({ where: { id: { in: ids }, ...finished } })).count : 0 };
    }),
    auditEvents: await inBatches(signal, async () => {
      const ids = (await client.auditEvent.findMany({ where: oldEvents, select: { id: true }, orderBy: { createdAt: "asc" }, take: BATCH })).map((row) => row.id);
      return { full: ids.length === BATCH, deleted: ids.length ? (await client.auditEvent.deleteMany({ where: { id: { in: ids }, ...oldEvents } })).count : 0 };
    }),
    usageDays: await pruneUsage(utcDay(before(config.USAGE_RETENTION_DAYS)), signal),
    sessions: await inBatches(signal, async () => {
      const ids = (await client.userSession.findMany({ where: expired, select: { id: true }, orderBy: { expiresAt: "asc" }, take: BATCH })).map((row) => row.id);
      return { full: ids.length === BATCH, deleted: ids.length ? (await client.userSession.deleteMany({ where: { id: { in: ids }, ...expired } })).count : 0 };
    }),
    challenges: await inBatches(signal, async () => {
      const ids = (await client.authChallenge.findMany({ where: expired, select: { id: true }, orderBy: { expiresAt: "asc" }, take: BATCH })).map((row) => row.id);
      return { full: ids.length === BATCH, deleted: ids.length ? (await client.authChallenge.deleteMany({ where: { id: { in: ids }, ...expired } })).count : 0 };
    }),
    accountTokens: await inBatches(signal, async () => {
      const ids = (await client.accountToken.findMany({ where: expired, select: { id: true }, orderBy: { expiresAt: "asc" }, take: BATCH })).map((row) => row.id);
      return { full: ids.length === BATCH, deleted: ids.length ? (await client.accountToken.deleteMany({ where: { id: { in: ids }, ...expired } })).count : 0 };
    }),
    // A handful per person: one statement, its condition checked in the DELETE itself.
    devices: (await client.knownDevice.deleteMany({ where: { lastSeenAt: { lt: before(DEVICE_RETENTION_DAYS) } } })).count,
  };
}

/**
 * Runs `batch` until it picks less than a full batch. It goes on while batches are full even
 * when another instance deleted this one's rows first (deleted 0), so every run ends with
 * nothing expired left that existed when it last looked.
 */
async function inBatches(signal: AbortSignal | undefined, batch: () => Promise<{ full: boolean; deleted: number }>): Promise<number> {
  let total = 0;
  for (;;) {
    if (signal?.aborted) return total;
    const { full, deleted } = await batch();
    total += deleted;
    if (!full) return total;
  }
}

/**
 * Daily usage rows have a two-column key (keyId, day), so a batch is bounded by position
 * instead of by a list of ids: the rows up to the BATCH-th oldest in (day, keyId) order.
 * "YYYY-MM-DD" strings sort like the dates they name.
 */
function pruneUsage(cutoffDay: string, signal?: AbortSignal): Promise<number> {
  const client = db();
  const old = { day: { lt: cutoffDay } };
  return inBatches(signal, async () => {
    const last = await client.keyUsageDay.findFirst({ where: old, select: { day: true, keyId: true }, orderBy: [{ day: "asc" }, { keyId: "asc" }], skip: BATCH - 1 });
    const upTo = last ? { OR: [{ day: { lt: last.day } }, { day: last.day, keyId: { lte: last.keyId } }] } : {};
    return { full: last !== null, deleted: (await client.keyUsageDay.deleteMany({ where: { ...old, ...upTo } })).count };
  });
}

type Job = { timer?: NodeJS.Timeout; stop: AbortController; running?: Promise<void> };
// On globalThis, like the other background work, so a reloaded module never starts a second job.
const g = globalThis as unknown as { __latchkeyRetention?: Job };

/**
 * Prunes on this instance from now on: first within a minute of starting, then every
 * RETENTION_INTERVAL_MS. The jitter (up to 10% either way) spreads instances started together
 * by a deploy; they would be safe at the same second too, only busier.
 */
export function startRetention(): void {
  if (g.__latchkeyRetention) return;
  const job: Job = (g.__latchkeyRetention = { stop: new AbortController() });
  const interval = env().RETENTION_INTERVAL_MS;
  const schedule = (ms: number) => {
    if (job.stop.signal.aborted) return;
    job.timer = setTimeout(run, ms);
    job.timer.unref(); // never keep a stopping process alive for this
  };
  const run = () => {
    // Never throws out of the timer: a failed round (database down) is logged and retried
    // at the next one, and whatever it had deleted stays deleted.
    job.running = pruneExpired(new Date(), job.stop.signal).then(
      () => undefined,
      (error) => console.error("[retention] pruning failed, will retry:", error instanceof Error ? error.message || error.name : String(error)),
    );
    void job.running.then(() => schedule(interval * (0.9 + Math.random() * 0.2)));
  };
  schedule(Math.min(interval, 60_000) * (0.1 + Math.random() * 0.9));
}

/** Stops the job; a round in progress ends after its current batch, which this waits for. */
export async function stopRetention(): Promise<void> {
  const job = g.__latchkeyRetention;
  if (!job) return;
  g.__latchkeyRetention = undefined;
  job.stop.abort();
  clearTimeout(job.timer);
  await job.running;
}
