import "server-only";
import { pingDatabase } from "@/lib/dal/health-probe";
import { env } from "@/lib/env";
import type { Redis } from "ioredis";
import { redis, redisReady } from "@/lib/limits/rate-limit";

export type Dependency = "ok" | "unavailable" | "not_configured";
export type Health = { ok: boolean; database: Dependency; redis: Dependency; checkedAt: string };

const TIMEOUT_MS = 2_000;
const CACHE_MS = 1_000;

const within = <T>(promise: Promise<T>) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), TIMEOUT_MS).unref())]);

/** PING, after waiting for the connection if it is still being made (no offline queue here). */
async function pingRedis(client: Redis): Promise<void> {
  await redisReady(client, TIMEOUT_MS);
  await client.ping();
}

async function probe(): Promise<Health> {
  const [database, cache] = await Promise.all([
    within(pingDatabase()).then(() => "ok" as const, () => "unavailable" as const),
    env().REDIS_URL ? within(pingRedis(redis()!)).then(() => "ok" as const, () => "unavailable" as const) : Promise.resolve("not_configured" as const),
  ]);
  // Only the database decides: without Redis every instance still serves, with its own
  // in-memory limits, so a Redis outage must not make a load balancer drop every instance.
  return { ok: database === "ok", database, redis: cache, checkedAt: new Date().toISOString() };
}

// On globalThis: the route handler and proxy.ts (through instrumentation.ts) are separate
// bundles, and must share one answer.
const g = globalThis as unknown as { __latchkeyHealthLast?: { at: number; result: Promise<Health> } };

/**
 * Database and Redis reachability, probed at most once a second per instance (callers in
 * between share the answer), so a load balancer polling it costs nothing measurable. An
 * error handler asks for a fresher answer (maxAgeMs) to tell an outage from a bug.
 */
export function health(maxAgeMs = CACHE_MS): Promise<Health> {
  const now = Date.now();
  const last = g.__latchkeyHealthLast;
  if (last && now - last.at < maxAgeMs) return last.result;
  g.__latchkeyHealthLast = { at: now, result: probe() };
  return g.__latchkeyHealthLast.result;
}
