import "server-only";
import { env } from "@/lib/env";
import { type Counts, type PendingKey, type Use, writeChunk } from "./activity-write";

/**
 * Key activity (last use and per-day request counts) without a database write per request:
 * better-auth's plugin writes on every verification, Unkey batches. Verifications record
 * into memory; a timer writes everything gathered once per interval (LAST_USED_FLUSH_MS,
 * default one minute), off the request path. So each key's row is written at most once per
 * interval, a clean stop writes what is pending (instrumentation.ts), and a crash loses at
 * most one interval of activity.
 *
 * Memory is bounded. Once FLUSH_AT keys are pending, a write starts at once instead of
 * waiting for the timer. While that write runs (or while the database is down, when a failed
 * write puts its activity back) new uses gather again, up to PENDING_LIMIT keys per map. Past
 * that, uses of keys that are not already pending are dropped: they are not counted and do
 * not move the key's last-used time (uses of keys already pending still add up). That takes
 * more than 50,000 distinct keys used before one write of 10,000 finishes, or an outage; the
 * next write logs how many uses were dropped. The write in progress holds at most as many
 * again, so memory stays under two limits' worth per map.
 */
const FLUSH_AT = 10_000;
export const PENDING_LIMIT = 50_000;
// Keys per transaction (two statements each), so a large write never holds the write lock for
// long nor outlasts the transaction time limit (500 did, under the benchmark's load on PostgreSQL).
const WRITE_CHUNK = 100;

type Tracker = {
  lastUse: Map<string, Use>;
  counts: Map<string, Counts>; // "<keyId>|<YYYY-MM-DD>"
  writing?: Map<string, Use>; // the last uses a running write took, until it is done
  dropped?: number;
  timer?: NodeJS.Timeout;
  flushing?: Promise<void>;
};

const g = globalThis as unknown as { __latchkeyActivity?: Tracker };
const tracker: Tracker = (g.__latchkeyActivity ??= { lastUse: new Map(), counts: new Map() });

export const utcDay = (at: Date) => at.toISOString().slice(0, 10);

function ensureTimer() {
  if (tracker.timer) return;
  tracker.timer = setInterval(() => void flushActivity(), env().LAST_USED_FLUSH_MS);
  tracker.timer.unref(); // never keep a stopping process alive for this
}

/** Whether `map` may hold `id`: it already does, or it is under the limit. */
function admit(map: Map<string, unknown>, id: string): boolean {
  if (map.has(id) || map.size < PENDING_LIMIT) return true;
  tracker.dropped = (tracker.dropped ?? 0) + 1;
  return false;
}

function afterRecord() {
  ensureTimer();
  if ((tracker.lastUse.size >= FLUSH_AT || tracker.counts.size >= FLUSH_AT) && !tracker.flushing) void flushActivity();
}

function count(keyId: string, at: Date, outcome: keyof Counts) {
  const id = `${keyId}|${utcDay(at)}`;
  if (!admit(tracker.counts, id)) return;
  const counts = tracker.counts.get(id) ?? { succeeded: 0, refused: 0 };
  counts[outcome] += 1;
  tracker.counts.set(id, counts);
}

/** A request the key was allowed to make. */
export function recordKeyUse(keyId: string, ip: string | null, at: Date = new Date()): void {
  const previous = tracker.lastUse.get(keyId);
  if ((!previous || previous.at <= at) && admit(tracker.lastUse, keyId)) tracker.lastUse.set(keyId, { at, ip });
  count(keyId, at, "succeeded");
  afterRecord();
}

/** A request made with a known key that was refused (revoked, expired, not permitted). */
export function recordKeyRefusal(keyId: string, at: Date = new Date()): void {
  count(keyId, at, "refused");
  afterRecord();
}

/** This process's not-yet-written last use, so the UI is never behind its own server. */
export function pendingKeyUse(keyId: string): Use | undefined {
  return tracker.lastUse.get(keyId) ?? tracker.writing?.get(keyId);
}

/**
 * Writes everything recorded before the call. A write that is already running took its
 * snapshot earlier, so this waits for it and then writes what came after (callers arriving
 * meanwhile share that second write): the last call before exit leaves nothing behind.
 */
export async function flushActivity(): Promise<void> {
  if (tracker.flushing) {
    await tracker.flushing;
    if (tracker.flushing) return tracker.flushing; // started after this call: it has our uses
  }
  tracker.flushing = writeBatch().finally(() => (tracker.flushing = undefined));
  return tracker.flushing;
}

async function writeBatch(): Promise<void> {
  const { lastUse, counts } = tracker;
  const dropped = tracker.dropped ?? 0;
  tracker.lastUse = new Map();
  tracker.counts = new Map();
  tracker.dropped = 0;
  tracker.writing = lastUse;
  const byKey = new Map<string, PendingKey>([...lastUse].map(([id, use]) => [id, { use, days: [] }]));
  for (const [id, c] of counts) {
    const [keyId, day] = id.split("|");
    if (!byKey.has(keyId)) byKey.set(keyId, { days: [] });
    byKey.get(keyId)!.days.push([day, c]);
  }
  const keys = [...byKey];
  try {
    for (let i = 0; i < keys.length; i += WRITE_CHUNK) {
      try {
        await writeChunk(keys.slice(i, i + WRITE_CHUNK));
      } catch (error) {
        // The database is unreachable (or a key vanished mid-write): keep the rest for the
        // next round, merged with what was recorded meanwhile.
        putBack(keys.slice(i));
        console.error("[activity] write failed, will retry:", error instanceof Error ? error.message || error.name || (error as { code?: string }).code || "unknown error" : String(error));
        break;
      }
    }
  } finally {
    tracker.writing = undefined;
  }
  if (dropped > 0) console.error(`[activity] ${dropped} key uses were not recorded: more than ${PENDING_LIMIT} keys were waiting to be written`);
}

function putBack(keys: [string, PendingKey][]) {
  for (const [keyId, { use, days }] of keys) {
    const newer = tracker.lastUse.get(keyId);
    if (use && (!newer || newer.at < use.at) && admit(tracker.lastUse, keyId)) tracker.lastUse.set(keyId, use);
    for (const [day, c] of days) {
      const id = `${keyId}|${day}`;
      if (!admit(tracker.counts, id)) continue;
      const merged = tracker.counts.get(id) ?? { succeeded: 0, refused: 0 };
      tracker.counts.set(id, { succeeded: merged.succeeded + c.succeeded, refused: merged.refused + c.refused });
    }
  }
}
