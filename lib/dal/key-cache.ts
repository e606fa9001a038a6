import "server-only";

/**
 * An in-process cache of verification answers, so a verification usually costs no database
 * query (Unkey's design). It holds two kinds of entry, in two maps with separate bounds, so a
 * flood of made-up keys can never push a real key out:
 *  - accepted: active keys, with their owner (cacheGet / cacheSet);
 *  - refused: well-formed keys that are not stored, or are revoked or expired (cacheGetRefusal /
 *    cacheSetRefusal). verify.ts explains why remembering "no" is safe.
 * Bounds on what it can get wrong:
 *  - this process clears a key's entries the moment it changes the key, so the next request
 *    to the same server sees the change;
 *  - other processes are told through PostgreSQL LISTEN/NOTIFY (key-sync.ts) and forget the
 *    key within milliseconds of the commit; whatever that misses (the listening connection is
 *    down, or SQLite, where there is no channel) is bounded by the TTL: an entry is never
 *    served longer than the TTL after the read it came from began, and a reconnecting
 *    listener clears the whole cache;
 *  - an answer whose read raced a change is not cached (the generation counter below);
 *  - expiry is checked on every use against the cached expiry time, never cached as "valid".
 * Every map is bounded: each holds at most MAX_ENTRIES and drops its oldest entry first.
 */
export type CachedKey<T> = { value: T; sid: string; expiresAt: Date | null; cachedAt: number };
/** sid and keyId are null for a key that is not stored at all. */
export type CachedRefusal = { sid: string | null; keyId: string | null; cachedAt: number };

export const MAX_ENTRIES = 10_000;

type Store = {
  byHash: Map<string, CachedKey<unknown>>;
  refusals: Map<string, CachedRefusal>;
  /** Each sid's hash, for whichever map holds it: only ever as many as those two hold. */
  hashBySid: Map<string, string>;
  /** A counter, not a clock: it never steps backwards. */
  generation: number;
  forgottenAt: Map<string, number>;
  /** The generation of the last cacheClear(): lookups that began before it are not cached. */
  clearedAt: number;
};
const g = globalThis as unknown as { __latchkeyKeyCache?: Store };
const store: Store = (g.__latchkeyKeyCache ??= { byHash: new Map(), refusals: new Map(), hashBySid: new Map(), generation: 0, forgottenAt: new Map(), clearedAt: 0 });
// A store made by an older build of this module (dev reloads).
store.clearedAt ??= 0;
store.refusals ??= new Map();

/** Take before a lookup; pass to cacheSet or cacheSetRefusal. */
export const cacheGeneration = () => store.generation;

const unindex = (hash: string, sid: string | null) => {
  if (sid !== null && store.hashBySid.get(sid) === hash) store.hashBySid.delete(sid);
};

/** Removes both kinds of entry for `hash` (a refresh found the key changed, or it expired). */
export function cacheDrop(hash: string): void {
  const accepted = store.byHash.get(hash);
  if (accepted) unindex(hash, accepted.sid);
  const refused = store.refusals.get(hash);
  if (refused) unindex(hash, refused.sid);
  store.byHash.delete(hash);
  store.refusals.delete(hash);
}

/** Inserts as the newest entry, dropping the oldest when full (Maps iterate in insertion order). */
function insert<E extends { sid: string | null }>(map: Map<string, E>, hash: string, entry: E) {
  cacheDrop(hash);
  if (map.size >= MAX_ENTRIES) {
    const [oldest] = map.keys();
    if (oldest !== undefined) cacheDrop(oldest);
  }
  map.set(hash, entry);
  if (entry.sid !== null) store.hashBySid.set(entry.sid, hash);
}

const stale = (cachedAt: number, ttlMs: number, now: number) => now - cachedAt > ttlMs;

/** A read that began at `startedAt` and raced a change to `sid` (or to any key, for null) is not cached. */
const raced = (sid: string | null, startedAt: number) =>
  store.clearedAt > startedAt || (sid === null ? store.generation > startedAt : (store.forgottenAt.get(sid) ?? -1) > startedAt);

export function cacheGet<T>(hash: string, ttlMs: number, now = Date.now()): CachedKey<T> | undefined {
  const entry = store.byHash.get(hash) as CachedKey<T> | undefined;
  if (!entry) return undefined;
  if (stale(entry.cachedAt, ttlMs, now) || (entry.expiresAt && entry.expiresAt.getTime() <= now)) {
    cacheDrop(hash);
    return undefined;
  }
  return entry;
}

/**
 * Caches an active key read by a lookup that began at generation `startedAt`
 * (cacheGeneration()) and time `readAt`. A lookup that began before the key was last
 * forgotten may have read the row as it was before the change committed: it is not cached, or
 * a revoke racing a verification could leave a revoked key served until the TTL.
 */
export function cacheSet<T>(hash: string, sid: string, value: T, expiresAt: Date | null, ttlMs: number, startedAt: number, readAt = Date.now()): void {
  if (ttlMs <= 0 || raced(sid, startedAt)) return;
  insert(store.byHash, hash, { value, sid, expiresAt, cachedAt: readAt });
}

export function cacheGetRefusal(hash: string, ttlMs: number, now = Date.now()): CachedRefusal | undefined {
  const entry = store.refusals.get(hash);
  if (!entry) return undefined;
  if (stale(entry.cachedAt, ttlMs, now)) {
    cacheDrop(hash);
    return undefined;
  }
  return entry;
}

/**
 * Caches a refusal, under the same race rule as cacheSet. A key that is not stored (sid null)
 * has no sid to check, so its answer is not cached if any key changed during the lookup.
 */
export function cacheSetRefusal(hash: string, key: { sid: string; keyId: string } | null, ttlMs: number, startedAt: number, readAt = Date.now()): void {
  const sid = key?.sid ?? null;
  if (ttlMs <= 0 || raced(sid, startedAt)) return;
  insert(store.refusals, hash, { sid, keyId: key?.keyId ?? null, cachedAt: readAt });
}

/** Forget a key in this process. Called by every change to a key, after it commits. */
export function cacheForget(sid: string): void {
  const hash = store.hashBySid.get(sid);
  if (hash) cacheDrop(hash);
  store.hashBySid.delete(sid);
  store.generation += 1;
  store.forgottenAt.delete(sid);
  store.forgottenAt.set(sid, store.generation);
  // Bounded: drop the oldest records. A dropped record only matters to a lookup still in
  // flight from before 10,000 later changes, so a tiny window, never a lasting stale entry:
  // every cacheSet still happens after the lookup it caches.
  if (store.forgottenAt.size > MAX_ENTRIES) store.forgottenAt.delete(store.forgottenAt.keys().next().value!);
}

/**
 * Forget, in this process, every accepted key whose cached answer `matches`, and every refusal:
 * a change of access that is not a change to any key (a workspace's two-factor policy, a
 * member's two-factor setup) can turn a "yes" into a "no" and, unlike key changes, a "no" into
 * a "yes". No lookup in flight is cached afterwards (it may have read the old access), as after
 * cacheClear(); the other workspaces' accepted keys stay.
 */
export function cacheForgetMatching(matches: (value: unknown) => boolean): void {
  for (const [hash, entry] of store.byHash) if (matches(entry.value)) cacheDrop(hash);
  for (const hash of [...store.refusals.keys()]) cacheDrop(hash);
  store.generation += 1;
  store.clearedAt = store.generation;
}

/** Forget every key in this process: changes may have been missed (a listener reconnected). */
export function cacheClear(): void {
  store.byHash.clear();
  store.refusals.clear();
  store.hashBySid.clear();
  store.forgottenAt.clear();
  store.generation += 1;
  store.clearedAt = store.generation;
}

/** How much the cache holds, for the tests of its bounds. */
export const cacheSizes = () => ({
  accepted: store.byHash.size,
  refused: store.refusals.size,
  sids: store.hashBySid.size,
  forgotten: store.forgottenAt.size,
});
