import "server-only";
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { env } from "@/lib/env";

/**
 * Limits, with rate-limiter-flexible: each key's own requests per minute; failed key checks
 * per client IP (a flood of bad keys gets 429 before it reaches the database, while valid
 * clients are not counted at all); sign-in failures, sign-ups and key creations. In memory by
 * default; in Redis when REDIS_URL is set, so several instances share one budget. If Redis is
 * unreachable the limits fall back to this process's memory (rate-limiter-flexible's
 * insurance limiter) rather than failing requests.
 */
export type Limit = { limit: number; remaining: number; resetSeconds: number };
export type Verdict = { ok: true; limit: Limit } | { ok: false; limit: Limit; retryAfterSeconds: number };

type Store = {
  redis?: Redis;
  byPoints: Map<number, RateLimiterAbstract>;
  failures?: RateLimiterAbstract;
  signIn?: { account: RateLimiterAbstract; ip: RateLimiterAbstract };
  signUps?: RateLimiterAbstract;
  keyCreations?: RateLimiterAbstract;
  redisConnected?: boolean;
  redisFirstConnect?: Promise<void>;
};
const g = globalThis as unknown as { __latchkeyRateLimits?: Store };
const store: Store = (g.__latchkeyRateLimits ??= { byPoints: new Map() });

/** The shared Redis client (REDIS_URL), or undefined when rate limits live in memory. */
export function redis(): Redis | undefined {
  const url = env().REDIS_URL;
  if (!url) return undefined;
  // No offline queue: while Redis is down, calls fail at once and the insurance limiter answers.
  store.redis ??= new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
  return store.redis;
}

const FIRST_CONNECT_WAIT_MS = 2_000;

/**
 * Waits (up to 2 s) for the first connection to Redis. Without this, the first requests of a
 * fresh instance would be counted by the in-memory insurance limiter and the rest in Redis,
 * splitting one budget in two. Once connected, an outage never waits: it falls back at once.
 */
function firstConnection(): Promise<void> | undefined {
  const client = redis();
  // Nothing to wait for: no promise at all (this runs on every API request).
  if (!client || client.status === "ready" || store.redisConnected) return undefined;
  store.redisFirstConnect ??= redisReady(client, FIRST_CONNECT_WAIT_MS)
    .catch(() => undefined)
    .finally(() => (store.redisConnected = true)); // ready, refused or timed out: never wait again
  return store.redisFirstConnect;
}

/** Resolves when `client` is connected; rejects on its next error or after `timeoutMs`. */
export function redisReady(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === "ready") return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      client.off("ready", ready);
      client.off("error", done);
      if (error) reject(error);
      else resolve();
    };
    const ready = () => done();
    const timer = setTimeout(() => done(new Error("timeout")), timeoutMs);
    timer.unref();
    client.once("ready", ready);
    client.once("error", done);
  });
}

function limiter(keyPrefix: string, points: number, duration: number, blockDuration = 0): RateLimiterAbstract {
  const client = redis();
  const insuranceLimiter = new RateLimiterMemory({ keyPrefix, points, duration, blockDuration });
  return client ? new RateLimiterRedis({ storeClient: client, keyPrefix, points, duration, blockDuration, insuranceLimiter }) : insuranceLimiter;
}

const toLimit = (points: number, res: RateLimiterRes): Limit => ({
  limit: points,
  remaining: Math.max(0, res.remainingPoints),
  resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
});

async function consume(rl: RateLimiterAbstract, points: number, id: string): Promise<Verdict> {
  const connecting = firstConnection();
  if (connecting) await connecting;
  try {
    return { ok: true, limit: toLimit(points, await rl.consume(id)) };
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    const limit = toLimit(points, rejection);
    return { ok: false, limit, retryAfterSeconds: limit.resetSeconds };
  }
}

/** One request by a key limited to `perMinute`. Atomic: N+10 requests at once get exactly N through. */
export function consumeKeyRequest(keyId: string, perMinute: number): Promise<Verdict> {
  let rl = store.byPoints.get(perMinute);
  // One counter per key whatever its limit, so changing the limit does not reset the budget.
  if (!rl) store.byPoints.set(perMinute, (rl = limiter("lk:key", perMinute, 60)));
  return consume(rl, perMinute, keyId);
}

const failures = () => (store.failures ??= limiter("lk:authfail", env().FAILED_AUTH_PER_MINUTE, 60, 60));

/** Whether this IP has used up its failed-check budget: then it is refused before any lookup. */
export async function ipIsThrottled(ip: string): Promise<Verdict | null> {
  const connecting = firstConnection();
  if (connecting) await connecting;
  const res = await failures().get(ip).catch(() => null);
  if (!res || res.consumedPoints <= env().FAILED_AUTH_PER_MINUTE) return null;
  const limit = toLimit(env().FAILED_AUTH_PER_MINUTE, res);
  return { ok: false, limit, retryAfterSeconds: limit.resetSeconds };
}

/** Counts failed key checks (or, for leak reports, looked-up candidates) against the IP. */
export async function recordFailedCheck(ip: string, points = 1): Promise<Verdict> {
  const budget = env().FAILED_AUTH_PER_MINUTE;
  const connecting = firstConnection();
  if (connecting) await connecting;
  try {
    return { ok: true, limit: toLimit(budget, await failures().consume(ip, points)) };
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    const limit = toLimit(budget, rejection);
    return { ok: false, limit, retryAfterSeconds: limit.resetSeconds };
  }
}

/** The IETF RateLimit header fields, plus Retry-After on a refusal. */
export function rateLimitHeaders(verdict: Verdict): Record<string, string> {
  const { limit } = verdict;
  return {
    "RateLimit-Limit": String(limit.limit),
    "RateLimit-Remaining": String(limit.remaining),
    "RateLimit-Reset": String(limit.resetSeconds),
    ...(verdict.ok ? {} : { "Retry-After": String(verdict.retryAfterSeconds) }),
  };
}

const SIGN_IN_WINDOW = 15 * 60;

function signInLimiters() {
  return (store.signIn ??= {
    account: limiter("lk:signin:acct", env().SIGN_IN_FAILURES_PER_ACCOUNT, SIGN_IN_WINDOW, SIGN_IN_WINDOW),
    ip: limiter("lk:signin:ip", env().SIGN_IN_FAILURES_PER_IP, SIGN_IN_WINDOW, SIGN_IN_WINDOW),
  });
}

/**
 * Seconds until this email or IP may try to sign in again, or 0. Counted per email whether or
 * not an account has it, so the answer says nothing about which emails exist.
 */
export async function signInWait(email: string, ip: string): Promise<number> {
  const connecting = firstConnection();
  if (connecting) await connecting;
  const { account, ip: byIp } = signInLimiters();
  const [a, i] = await Promise.all([account.get(email).catch(() => null), byIp.get(ip).catch(() => null)]);
  const blocked = (res: RateLimiterRes | null, budget: number) => (res && res.consumedPoints >= budget ? Math.ceil(res.msBeforeNext / 1000) : 0);
  return Math.max(blocked(a, env().SIGN_IN_FAILURES_PER_ACCOUNT), blocked(i, env().SIGN_IN_FAILURES_PER_IP));
}

export async function recordSignInFailure(email: string, ip: string): Promise<void> {
  const connecting = firstConnection();
  if (connecting) await connecting;
  const { account, ip: byIp } = signInLimiters();
  // A rejection only means the budget is spent; signInWait reports it on the next try.
  await Promise.all([account.consume(email).catch(() => null), byIp.consume(ip).catch(() => null)]);
}

/** A correct password clears the account's count (not the IP's: one good account is no pass for guessing others). */
export async function clearSignInFailures(email: string): Promise<void> {
  const connecting = firstConnection();
  if (connecting) await connecting;
  await signInLimiters().account.delete(email).catch(() => null);
}

/** One sign-up from this IP; false when it has made too many this hour. */
export async function consumeSignUp(ip: string): Promise<boolean> {
  const connecting = firstConnection();
  if (connecting) await connecting;
  const rl = (store.signUps ??= limiter("lk:signup", env().SIGN_UPS_PER_IP_PER_HOUR, 3600));
  return rl.consume(ip).then(() => true, (rejection) => {
    if (rejection instanceof RateLimiterRes) return false;
    throw rejection;
  });
}

/** One key creation (or roll) by this user; refused when they made too many this hour. */
export function consumeKeyCreation(userId: string): Promise<Verdict> {
  const perHour = env().KEY_CREATES_PER_USER_PER_HOUR;
  const rl = (store.keyCreations ??= limiter("lk:keycreate", perHour, 3600));
  return consume(rl, perHour, userId);
}
