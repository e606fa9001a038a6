import "server-only";
import { db } from "@/lib/db";
import { cacheGeneration } from "./key-cache";
import { twoFactorSelect } from "./two-factor-status";

/**
 * The database side of a verification miss, shaped so that a storm of misses (a restart, or
 * thousands of keys each used now and then) costs little:
 *  - batching: lookups that arrive while the event loop is busy are sent together on the next
 *    turn, as findUnique calls made in one tick, which Prisma's dataloader sends as a single
 *    `WHERE hash IN (...)` query (and one query for their owners). A lookup on its own costs
 *    about 150-250 µs of CPU here; in a batch of 50, about 60 µs each. At most
 *    MAX_BATCHES_IN_FLIGHT batches run at once, so under load the next batch grows instead of
 *    queueing many small queries for the connection pool;
 *  - single flight: concurrent lookups of one key share one read (sharedLookup).
 */
const MAX_BATCH = 100;
const MAX_BATCHES_IN_FLIGHT = 4;

const rowSelect = {
  id: true,
  sid: true,
  name: true,
  prefix: true,
  permission: true,
  rateLimitPerMinute: true,
  expiresAt: true,
  revokedAt: true,
  // requireTwoFactor and the member's two-factor setup: the workspace policy (verify.ts).
  workspace: { select: { id: true, slug: true, name: true, requireTwoFactor: true } },
  userId: true,
  // The member the key acts as, with their memberships (a person has few): the one in the key's
  // workspace gives the role that caps the key; none means they left and the key is refused.
  user: { select: { id: true, name: true, email: true, disabledAt: true, ...twoFactorSelect, memberships: { select: { workspaceId: true, role: true } } } },
} as const;

const findRow = (hmac: string) => db().apiKey.findUnique({ where: { hash: hmac }, select: rowSelect });
export type StoredKey = NonNullable<Awaited<ReturnType<typeof findRow>>>;

/** The one place a key row is read for verification: exported so tests can count lookups. */
export const keyLookup: { find: (hmac: string) => Promise<StoredKey | null> } = { find: findRow };
/** What a lookup read, and when it began (for the cache's TTL and race rules). */
export type Read = { row: StoredKey | null; generation: number; readAt: number };

type Waiter = { hmac: string; resolve: (read: Read) => void; reject: (error: unknown) => void };
const queue: Waiter[] = [];
let inFlight = 0;
let scheduled = false;

/** Lookups waiting for a batch: a background refresh is skipped when the database is behind. */
export const queuedLookups = () => queue.length;

export function readKeyRow(hmac: string): Promise<Read> {
  return new Promise((resolve, reject) => {
    queue.push({ hmac, resolve, reject });
    schedule();
  });
}

function schedule() {
  if (scheduled || inFlight >= MAX_BATCHES_IN_FLIGHT || queue.length === 0) return;
  scheduled = true;
  setImmediate(sendBatch);
}

function sendBatch() {
  scheduled = false;
  const batch = queue.splice(0, MAX_BATCH);
  if (batch.length === 0) return;
  inFlight += 1;
  // Taken before the query is sent: a change that commits after this point is either seen by
  // the query or makes the cache refuse its answer (key-cache.ts).
  const generation = cacheGeneration();
  const readAt = Date.now();
  const reads = batch.map((w) => {
    try {
      return keyLookup.find(w.hmac).then((row) => w.resolve({ row, generation, readAt }), w.reject);
    } catch (error) {
      w.reject(error); // thrown before any query (no client): an answer, not a crash of the timer
    }
  });
  void Promise.allSettled(reads).then(() => {
    inFlight -= 1;
    schedule();
  });
  schedule(); // more were queued than one batch holds
}

type Flight<T> = { promise: Promise<T>; generation: number };
const flights = new Map<string, Flight<unknown>>();

/**
 * Runs `start` once for concurrent callers with the same `id`. A caller joins a flight only if
 * no key changed since it began: otherwise it could be handed a row read before a revoke that
 * had already committed when the caller asked. Entries leave the map when they settle, so it
 * holds at most one per lookup in progress.
 */
export function sharedLookup<T>(id: string, start: () => Promise<T>): Promise<T> {
  const current = flights.get(id) as Flight<T> | undefined;
  if (current && current.generation === cacheGeneration()) return current.promise;
  const flight: Flight<T> = { generation: cacheGeneration(), promise: start() };
  flights.set(id, flight);
  const leave = () => {
    if (flights.get(id) === flight) flights.delete(id);
  };
  flight.promise.then(leave, leave);
  return flight.promise;
}

export const lookupInFlight = (id: string) => flights.has(id);
