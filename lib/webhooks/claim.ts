import "server-only";
import { env } from "@/lib/env";
import { dueDeliveriesOf, leaseDelivery, ownersWithDueDeliveries, type DueDelivery } from "@/lib/dal/webhook-deliveries";
import { attempt } from "./attempt";

/**
 * Which due deliveries this process sends next, fairly. Taking the oldest due rows first let
 * one workspace's backlog (thousands of events and retries for an endpoint that accepts the
 * connection and never answers) hold every sending slot for a whole timeout at a time, while
 * everyone else's events, a key.revoked notice included, waited behind it.
 *
 * So the worker goes round the workspaces that have something due, taking at most PER_ROUND of
 * each one's oldest per round, and caps what one workspace (PER_OWNER) and one endpoint
 * (PER_WEBHOOK) may have in flight here: a black hole then holds two slots, not all of them,
 * and a workspace's next turn comes however large anyone's backlog is. Leases (lib/dal) still
 * decide which instance sends what, so several instances can run this at once.
 */
const CONCURRENCY = 32;
const PER_OWNER = 4;
const PER_WEBHOOK = 2;
const PER_ROUND = 2;
const OWNERS_PER_CLAIM = 16;
const LEASE_MARGIN_MS = 15_000;

type Job = { workspaceId: string; webhookId: string };
const inFlight = new Map<Promise<void>, Job>();
const ownerLoad = new Map<string, number>();
const webhookLoad = new Map<string, number>();
// The last workspace served: the next claim starts after it, so with more workspaces than one
// claim visits, every workspace still gets its turn.
let cursor: string | null = null;

const count = (map: Map<string, number>, key: string, by: number) => {
  const n = (map.get(key) ?? 0) + by;
  if (n > 0) map.set(key, n);
  else map.delete(key);
};

let onSettled: () => void = () => {};
/** The worker's wake-up: a finished attempt frees a slot for the next due delivery. */
export const whenAttemptSettles = (fn: () => void) => {
  onSettled = fn;
};

function start(delivery: DueDelivery, workspaceId: string): void {
  const job: Job = { workspaceId, webhookId: delivery.webhookId };
  count(ownerLoad, workspaceId, 1);
  count(webhookLoad, delivery.webhookId, 1);
  const running = attempt(delivery.id)
    .catch((error: Error) => console.error("[webhooks] attempt failed:", error.message))
    .finally(() => {
      inFlight.delete(running);
      count(ownerLoad, workspaceId, -1);
      count(webhookLoad, delivery.webhookId, -1);
      onSettled();
    });
  inFlight.set(running, job);
}

/** Leases and starts up to `room` of one workspace's due deliveries; returns how many. */
async function takeFrom(workspaceId: string, room: number, now: Date): Promise<number> {
  const busy = [...webhookLoad].filter(([, n]) => n >= PER_WEBHOOK).map(([id]) => id);
  const candidates = await dueDeliveriesOf(workspaceId, room, busy, now);
  const leaseUntil = new Date(now.getTime() + env().WEBHOOK_TIMEOUT_MS + LEASE_MARGIN_MS);
  let taken = 0;
  for (const candidate of candidates) {
    if ((webhookLoad.get(candidate.webhookId) ?? 0) >= PER_WEBHOOK) continue;
    if (!(await leaseDelivery(candidate, leaseUntil))) continue; // another worker took it
    start(candidate, workspaceId);
    taken++;
  }
  return taken;
}

/** The workspaces with something due, starting after the last one served and wrapping round. */
async function ownersInTurn(now: Date): Promise<string[]> {
  const after = await ownersWithDueDeliveries(cursor, OWNERS_PER_CLAIM, now);
  if (after.length === OWNERS_PER_CLAIM || cursor === null) return after;
  const wrapped = await ownersWithDueDeliveries(null, OWNERS_PER_CLAIM - after.length, now);
  return [...after, ...wrapped.filter((owner) => !after.includes(owner))];
}

/** Takes up to `limit` due deliveries, round-robin across workspaces, and starts sending them. */
export async function claimAndSend(limit = CONCURRENCY - inFlight.size, now = new Date()): Promise<number> {
  let budget = limit;
  if (budget <= 0) return 0;
  let turn = (await ownersInTurn(now)).filter((owner) => (ownerLoad.get(owner) ?? 0) < PER_OWNER);
  let taken = 0;
  for (let round = 0; budget > 0 && turn.length > 0; round++) {
    const again: string[] = [];
    for (const owner of turn) {
      const room = Math.min(PER_ROUND, budget, PER_OWNER - (ownerLoad.get(owner) ?? 0));
      if (room <= 0) continue;
      const got = await takeFrom(owner, room, now);
      if (round === 0) cursor = owner;
      budget -= got;
      taken += got;
      // Fewer than asked: nothing more is due for it now, or its endpoints are busy.
      if (got === room) again.push(owner);
      if (budget <= 0) break;
    }
    turn = again;
  }
  return taken;
}

/** Waits for every attempt this process has started (tests, shutdown). */
export async function drain(): Promise<void> {
  while (inFlight.size > 0) await Promise.all([...inFlight.keys()]);
}
