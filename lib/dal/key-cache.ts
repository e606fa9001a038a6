import "server-only";

/**
 * An in-process cache of verified keys, so a verification usually costs no database query
 * (Unkey's design). Bounds on what it can get wrong:
 *  - this process clears an entry the moment it revokes, rolls, edits or deletes the key,
 *    so the next request to the same server sees the change;
 *  - other processes are told through PostgreSQL LISTEN/NOTIFY (key-sync.ts) and forget the
 *    key within milliseconds of the commit; whatever that misses (the listening connection is
 *    down, or SQLite, where there is no channel) is bounded by KEY_CACHE_TTL_MS: entries are
 *    never served older than that, and a reconnecting listener clears the whole cache;
 *  - expiry is checked on every use against the cached expiry time, never cached as "valid".
 * Only active keys are cached: unknown, revoked and expired keys always go to the database.
 */
export type CachedKey<T> = { value: T; expiresAt: Date | null; cachedAt: number };

const MAX_ENTRIES = 10_000;

type Store = {
  byHash: Map<string, CachedKey<unknown>>;
  hashBySid: Map<string, string>;
  /** A counter, not a clock: it never steps backwards. */
  generation: number;
  forgottenAt: Map<string, number>;
  /** The generation of the last cacheClear(): lookups that began before it are not cached. */
  clearedAt: number;
};
const g = globalThis as unknown as { __latchkeyKeyCache?: Store };
const store: Store = (g.__latchkeyKeyCache ??= { byHash: new Map(), hashBySid: new Map(), generation: 0, forgottenAt: new Map(), clearedAt: 0 });
store.clearedAt ??= 0; // a store made by an older build of this module (dev reloads)

/** Take before a lookup; pass to cacheSet. */
export const cacheGeneration = () => store.generation;

export function cacheGet<T>(hash: string, ttlMs: number, now = Date.now()): CachedKey<T> | undefined {
  const entry = store.byHash.get(hash) as CachedKey<T> | undefined;
  if (!entry) return undefined;
  if (now - entry.cachedAt > ttlMs || (entry.expiresAt && entry.expiresAt.getTime() <= now)) {
    store.byHash.delete(hash);
    return undefined;
  }
  return entry;
}

/**
 * Caches a lookup that began at generation `startedAt` (cacheGeneration()). A lookup that
 * began before the key was last forgotten may have read the row as it was before the change
 * committed: it is not cached, or a revoke racing a verification could leave a revoked key
 * served until the TTL.
 */
export function cacheSet<T>(hash: string, sid: string, value: T, expiresAt: Date | null, ttlMs: number, startedAt: number): void {
  if (ttlMs <= 0) return;
  if ((store.forgottenAt.get(sid) ?? -1) > startedAt || store.clearedAt > startedAt) return;
  if (store.byHash.size >= MAX_ENTRIES) {
    // Maps iterate in insertion order: drop the oldest entry.
    const oldest = store.byHash.keys().next().value;
    if (oldest !== undefined) store.byHash.delete(oldest);
  }
  store.byHash.set(hash, { value, expiresAt, cachedAt: Date.now() });
  store.hashBySid.set(sid, hash);
}

/** Forget a key in this process. Called by every change to a key, after it commits. */
export function cacheForget(sid: string): void {
  const hash = store.hashBySid.get(sid);
  if (hash) store.byHash.delete(hash);
  store.hashBySid.delete(sid);
  store.generation += 1;
  store.forgottenAt.delete(sid);
  store.forgottenAt.set(sid, store.generation);
  // Bounded: drop the oldest records. A dropped record only matters to a lookup still in
  // flight from before 10,000 later changes, so a tiny window, never a lasting stale entry:
  // every cacheSet still happens after the lookup it caches.
  if (store.forgottenAt.size > MAX_ENTRIES) store.forgottenAt.delete(store.forgottenAt.keys().next().value!);
}

/** Forget every key in this process: changes may have been missed (a listener reconnected). */
export function cacheClear(): void {
  store.byHash.clear();
  store.hashBySid.clear();
  store.forgottenAt.clear();
  store.generation += 1;
  store.clearedAt = store.generation;
}
