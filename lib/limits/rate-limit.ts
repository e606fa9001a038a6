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
  signIn?: Record<"ip" | "untrusted" | "pair" | "gate" | "known", RateLimiterAbstract>;
  passwordChecks?: RateLimiterAbstract;
  signUps?: RateLimiterAbstract;
  keyCreations?: RateLimiterAbstract;
  testEvents?: RateLimiterAbstract;
  connectionTests?: RateLimiterAbstract;
  resetByEmail?: RateLimiterAbstract;
  resetByIp?: RateLimiterAbstract;
  verifyResends?: RateLimiterAbstract;
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

/**
 * Whether a limiter's rejection means "budget spent" (rather than an outage). Recognised by its
 * shape, not by `instanceof RateLimiterRes`: the production build bundles this library into
 * each module graph (server actions, every route handler), while the limiters live on
 * globalThis so all graphs share one budget. A limiter made by the dashboard's graph rejects
 * with that graph's class, which an API route's `instanceof` does not recognise, and the
 * refusal escaped as a 500 (tests/integration/key-creation-burst.test.ts).
 */
export function isRateLimiterRejection(value: unknown): value is RateLimiterRes {
  if (typeof value !== "object" || value === null || value instanceof Error) return false;
  const res = value as Partial<Record<keyof RateLimiterRes, unknown>>;
  return typeof res.msBeforeNext === "number" && typeof res.remainingPoints === "number" && typeof res.consumedPoints === "number";
}

async function consume(rl: RateLimiterAbstract, points: number, id: string): Promise<Verdict> {
  const connecting = firstConnection();
  if (connecting) await connecting;
  try {
    return { ok: true, limit: toLimit(points, await rl.consume(id)) };
  } catch (rejection) {
    if (!isRateLimiterRejection(rejection)) throw rejection;
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
    if (!isRateLimiterRejection(rejection)) throw rejection;
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
// How long a (email, address) pair's failures are remembered, and how long a successful
// sign-in makes an address "known" for that email (refreshed by every sign-in there; at most
// 24 days because the in-memory store keeps each key with a setTimeout, which fires at once
// for anything over 2^31 ms).
const PAIR_MEMORY = 24 * 3600;
const KNOWN_ADDRESS_MEMORY = 24 * 24 * 3600;
const BACKOFF_MAX = 3600;

/**
 * Sign-in throttling, in the spirit of OWASP's "device cookies" with the client address as the
 * device. Every budget is spent BEFORE the password is checked (and given back on success), so
 * a burst of parallel guesses cannot all reach argon2 while the counters still read zero.
 * - per (email, address): SIGN_IN_FAILURES_PER_ACCOUNT free failures, then one try per wait,
 *   the wait doubling after each failure (SIGN_IN_BACKOFF_SECONDS, 2x, 4x ... at most an hour);
 * - per email, from addresses that never signed in to it: SIGN_IN_FAILURES_PER_ACCOUNT per 15
 *   minutes in all. This stops a guesser who takes a new address for every try, while the
 *   owner at an address they signed in from before is not counted here, so failures from
 *   elsewhere cannot lock them out;
 * - per address across emails: SIGN_IN_FAILURES_PER_IP per 15 minutes (password spraying).
 * Counted per email whether or not an account has it, so the answers say nothing about which
 * emails exist.
 */
type SignInLimiters = Record<"ip" | "untrusted" | "pair" | "gate" | "known", RateLimiterAbstract>;

function signInLimiters(): SignInLimiters {
  return (store.signIn ??= {
    ip: limiter("lk:signin:ip", env().SIGN_IN_FAILURES_PER_IP, SIGN_IN_WINDOW, SIGN_IN_WINDOW),
    untrusted: limiter("lk:signin:acct", env().SIGN_IN_FAILURES_PER_ACCOUNT, SIGN_IN_WINDOW, SIGN_IN_WINDOW),
    // A counter that never refuses: its count decides whether the gate below is needed.
    pair: limiter("lk:signin:pair", Number.MAX_SAFE_INTEGER, PAIR_MEMORY),
    // One point: the first try after a wait takes it, and closes the gate for the next wait.
    gate: limiter("lk:signin:gate", 1, BACKOFF_MAX),
    known: limiter("lk:signin:known", 1, KNOWN_ADDRESS_MEMORY),
  });
}

export type Reservation = { ok: false; waitSeconds: number } | { ok: true; settle: (passwordWasRight: boolean) => Promise<void> };
type Held = { rl: RateLimiterAbstract; key: string };

/** Takes a point, remembering it in `held`; a refusal comes back as the limiter's answer. */
async function take(held: Held[], rl: RateLimiterAbstract, key: string, customDuration?: number) {
  try {
    const res = await rl.consume(key, 1, customDuration ? { customDuration } : {});
    held.push({ rl, key });
    return { ok: true as const, res };
  } catch (rejection) {
    if (!isRateLimiterRejection(rejection)) throw rejection;
    return { ok: false as const, waitSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
  }
}

const giveBack = (held: Held[]) => Promise.all(held.map(({ rl, key }) => rl.reward(key, 1)));

/**
 * Reserves one sign-in try for this email from this address, before the password is checked.
 * Refused: wait that many seconds. Granted: call settle() with the outcome; a right password
 * gives the points back, marks the address as known for the email and clears its back-off.
 */
export async function reserveSignIn(email: string, ip: string): Promise<Reservation> {
  const connecting = firstConnection();
  if (connecting) await connecting;
  const l = signInLimiters();
  // The address first: it is [0-9a-f:.] or "unknown", so the space cannot be forged by an email.
  const pair = `${ip} ${email}`;
  const held: Held[] = [];
  const refuse = async (waitSeconds: number) => {
    await giveBack(held);
    return { ok: false as const, waitSeconds };
  };
  // One after the other, the broadest first: a refused try creates no narrower counters,
  // which matters for the in-memory store (a flood must not fill it with per-pair keys).
  const byIp = await take(held, l.ip, ip);
  if (!byIp.ok) return refuse(byIp.waitSeconds);
  // A known address skips the account-wide budget, but makes the same call on that counter
  // for no points, so an answer takes as long whichever way it went (the known mark is only
  // ever set for existing accounts: a difference would tell which emails have one).
  const marked = await l.known.get(pair);
  if (marked === null) {
    const byAccount = await take(held, l.untrusted, email);
    if (!byAccount.ok) return refuse(byAccount.waitSeconds);
  } else {
    await l.untrusted.consume(email, 0).catch(() => null);
  }
  const count = await take(held, l.pair, pair);
  const failures = count.ok ? count.res.consumedPoints : 0;
  const free = env().SIGN_IN_FAILURES_PER_ACCOUNT;
  if (failures >= free) {
    // The free tries are used up: only the one try that finds the gate open goes on, and it
    // closes the gate for twice as long as the time before. In a burst the winner's count
    // includes tries that are refused (and given back), so a burst earns a longer wait.
    const wait = Math.min(BACKOFF_MAX, env().SIGN_IN_BACKOFF_SECONDS * 2 ** Math.min(20, failures - free));
    const gate = await take(held, l.gate, pair, wait);
    if (!gate.ok) return refuse(gate.waitSeconds);
  }
  return {
    ok: true,
    settle: async (passwordWasRight) => {
      if (!passwordWasRight) return;
      await Promise.all([
        giveBack(held.filter((h) => h.rl === l.ip || h.rl === l.untrusted)),
        l.pair.delete(pair),
        l.gate.delete(pair),
        l.known.set(pair, 1, KNOWN_ADDRESS_MEMORY),
      ]);
    },
  };
}

/**
 * Reserves one check of a signed-in user's current password (profile forms): the same budget
 * as sign-in per account, spent before the check and given back when the password was right,
 * so a stolen session cannot be used to guess the password at argon2 speed.
 */
export async function reservePasswordCheck(userId: string): Promise<Reservation> {
  const connecting = firstConnection();
  if (connecting) await connecting;
  const rl = (store.passwordChecks ??= limiter("lk:pwcheck", env().SIGN_IN_FAILURES_PER_ACCOUNT, SIGN_IN_WINDOW, SIGN_IN_WINDOW));
  const held: Held[] = [];
  const taken = await take(held, rl, userId);
  if (!taken.ok) return taken;
  return { ok: true, settle: async (passwordWasRight) => void (passwordWasRight && (await giveBack(held))) };
}

/** One sign-up from this IP; false when it has made too many this hour. */
export async function consumeSignUp(ip: string): Promise<boolean> {
  const connecting = firstConnection();
  if (connecting) await connecting;
  const rl = (store.signUps ??= limiter("lk:signup", env().SIGN_UPS_PER_IP_PER_HOUR, 3600));
  return rl.consume(ip).then(() => true, (rejection) => {
    if (isRateLimiterRejection(rejection)) return false;
    throw rejection;
  });
}

/** One key creation (or roll) by this user; refused when they made too many this hour. */
export function consumeKeyCreation(userId: string): Promise<Verdict> {
  const perHour = env().KEY_CREATES_PER_USER_PER_HOUR;
  const rl = (store.keyCreations ??= limiter("lk:keycreate", perHour, 3600));
  return consume(rl, perHour, userId);
}

/**
 * One "Send test event" by this user. Each one makes the worker call an endpoint the user
 * chose, so without a budget one account could queue them faster than they are sent.
 */
export function consumeTestEvent(userId: string): Promise<Verdict> {
  const perMinute = env().TEST_EVENTS_PER_USER_PER_MINUTE;
  const rl = (store.testEvents ??= limiter("lk:testevent", perMinute, 60));
  return consume(rl, perMinute, userId);
}

/**
 * One "Test connection" by this user: each one is a request to a third-party API with a stored
 * credential, so a script posting the action must not turn Latchkey into a key-checking proxy.
 */
export function consumeConnectionTest(userId: string): Promise<Verdict> {
  const perMinute = env().CONNECTION_TESTS_PER_USER_PER_MINUTE;
  const rl = (store.connectionTests ??= limiter("lk:conntest", perMinute, 60));
  return consume(rl, perMinute, userId);
}

// ---- Second factor (two-factor sign-in, lib/dal/two-factor.ts) ----

// Its own slot on globalThis, beside the store above, so every module graph shares one budget.
const secondFactor = g as unknown as { __latchkeySecondFactorLimit?: RateLimiterAbstract };

/**
 * Reserves one check of a second-factor code (authenticator or backup code) for this user: the
 * same budget as a password per account (SIGN_IN_FAILURES_PER_ACCOUNT per 15 minutes, then a
 * 15-minute wait), spent before the check and given back when the code was right. Counted per
 * account, not per challenge or session: six-digit codes are guessable, so whoever knows the
 * password must not get fresh tries by starting a new sign-in, and a stolen session must not
 * guess codes for the settings that need one.
 */
export async function reserveSecondFactorCheck(userId: string): Promise<Reservation> {
  const connecting = firstConnection();
  if (connecting) await connecting;
  const rl = (secondFactor.__latchkeySecondFactorLimit ??= limiter("lk:2fa", env().SIGN_IN_FAILURES_PER_ACCOUNT, SIGN_IN_WINDOW, SIGN_IN_WINDOW));
  const held: Held[] = [];
  const taken = await take(held, rl, userId);
  if (!taken.ok) return taken;
  return { ok: true, settle: async (codeWasRight) => void (codeWasRight && (await giveBack(held))) };
}

// ---- Passkeys (issue 14) ----------------------------------------------------------------------

const passkeyLimits = ((globalThis as unknown as { __latchkeyPasskeyLimits?: { signIn?: RateLimiterAbstract; challenges?: RateLimiterAbstract } }).__latchkeyPasskeyLimits ??= {});
/** Passkey ceremonies a client address may start per minute (each one stores a challenge row). */
export const PASSKEY_CHALLENGES_PER_IP_PER_MINUTE = 60;

/**
 * Reserves one passwordless passkey sign-in from this address, before the assertion is checked,
 * like reserveSignIn: SIGN_IN_FAILURES_PER_IP failures per 15 minutes, then the address waits 15
 * minutes; a verified passkey gives the point back. There is no email to count per account: a
 * passkey names its account only by a credential id nobody can guess, and a signature cannot be
 * guessed either, so this bounds the work a client can cause rather than protecting a secret.
 */
export async function reservePasskeySignIn(ip: string): Promise<Reservation> {
  const connecting = firstConnection();
  if (connecting) await connecting;
  const rl = (passkeyLimits.signIn ??= limiter("lk:passkey:signin", env().SIGN_IN_FAILURES_PER_IP, SIGN_IN_WINDOW, SIGN_IN_WINDOW));
  const held: Held[] = [];
  const taken = await take(held, rl, ip);
  if (!taken.ok) return taken;
  return { ok: true, settle: async (verified) => void (verified && (await giveBack(held))) };
}

/** One passkey ceremony started (options requested) from this address. */
export function consumePasskeyChallenge(ip: string): Promise<Verdict> {
  const rl = (passkeyLimits.challenges ??= limiter("lk:passkey:challenge", PASSKEY_CHALLENGES_PER_IP_PER_MINUTE, 60));
  return consume(rl, PASSKEY_CHALLENGES_PER_IP_PER_MINUTE, ip);
}

// Account mail: each request sends a message to someone's inbox, so a form must not become a
// way to flood an inbox (per address) or to send mail at scale (per client address).
const RESETS_PER_EMAIL_PER_HOUR = 3;
const RESETS_PER_IP_PER_HOUR = 20;
const VERIFY_RESENDS_PER_USER_PER_HOUR = 3;

/**
 * One "Forgot password?" request for this address from this client. Counted per address
 * whether or not an account has it, so a refusal says nothing about which addresses exist.
 */
export async function consumePasswordResetRequest(email: string, ip: string): Promise<Verdict> {
  const byIp = (store.resetByIp ??= limiter("lk:reset:ip", RESETS_PER_IP_PER_HOUR, 3600));
  const ipVerdict = await consume(byIp, RESETS_PER_IP_PER_HOUR, ip);
  if (!ipVerdict.ok) return ipVerdict;
  const byEmail = (store.resetByEmail ??= limiter("lk:reset:email", RESETS_PER_EMAIL_PER_HOUR, 3600));
  return consume(byEmail, RESETS_PER_EMAIL_PER_HOUR, email);
}

/** One "Resend" of the verify link by this user. */
export function consumeVerificationResend(userId: string): Promise<Verdict> {
  const rl = (store.verifyResends ??= limiter("lk:verify:resend", VERIFY_RESENDS_PER_USER_PER_HOUR, 3600));
  return consume(rl, VERIFY_RESENDS_PER_USER_PER_HOUR, userId);
}
