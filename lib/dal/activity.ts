import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

/**
 * Key activity (last use and per-day request counts) without a database write per request:
 * better-auth's plugin writes on every verification, Unkey batches. Verifications record
 * into memory; a timer writes everything gathered once per interval (LAST_USED_FLUSH_MS,
 * default one minute) in one transaction, off the request path. So each key's row is written
 * at most once per interval, and a crash loses at most one interval of activity.
 */
type Use = { at: Date; ip: string | null };
type Counts = { succeeded: number; refused: number };
type Tracker = {
  lastUse: Map<string, Use>;
  counts: Map<string, Counts>; // "<keyId>|<YYYY-MM-DD>"
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

function count(keyId: string, at: Date, outcome: keyof Counts) {
  const id = `${keyId}|${utcDay(at)}`;
  const counts = tracker.counts.get(id) ?? { succeeded: 0, refused: 0 };
  counts[outcome] += 1;
  tracker.counts.set(id, counts);
  ensureTimer();
}

/** A request the key was allowed to make. */
export function recordKeyUse(keyId: string, ip: string | null, at: Date = new Date()): void {
  const previous = tracker.lastUse.get(keyId);
  if (!previous || previous.at <= at) tracker.lastUse.set(keyId, { at, ip });
  count(keyId, at, "succeeded");
}

/** A request made with a known key that was refused (revoked, expired, not permitted). */
export function recordKeyRefusal(keyId: string, at: Date = new Date()): void {
  count(keyId, at, "refused");
}

/** This process's not-yet-written last use, so the UI is never behind its own server. */
export function pendingKeyUse(keyId: string): Use | undefined {
  return tracker.lastUse.get(keyId);
}

export function flushActivity(): Promise<void> {
  tracker.flushing ??= writeBatch().finally(() => (tracker.flushing = undefined));
  return tracker.flushing;
}

async function writeBatch(): Promise<void> {
  if (tracker.lastUse.size === 0 && tracker.counts.size === 0) return;
  const { lastUse, counts } = tracker;
  tracker.lastUse = new Map();
  tracker.counts = new Map();
  const keyOf = (countId: string) => countId.split("|")[0];
  try {
    const client = db();
    // Activity of keys deleted since it was recorded has nowhere to go: leave it out.
    const ids = [...new Set([...lastUse.keys(), ...[...counts.keys()].map(keyOf)])];
    const alive = new Set((await client.apiKey.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((row) => row.id));
    await client.$transaction([
      // Never move a time backwards: another instance may already have written a newer one.
      ...[...lastUse]
        .filter(([id]) => alive.has(id))
        .map(([id, use]) =>
          client.apiKey.updateMany({
            where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: use.at } }] },
            data: { lastUsedAt: use.at, lastUsedIp: use.ip },
          }),
        ),
      ...[...counts]
        .filter(([id]) => alive.has(keyOf(id)))
        .map(([id, c]) => {
          const [keyId, day] = id.split("|");
          return client.keyUsageDay.upsert({
            where: { keyId_day: { keyId, day } },
            create: { keyId, day, ...c },
            update: { succeeded: { increment: c.succeeded }, refused: { increment: c.refused } },
          });
        }),
    ]);
  } catch (error) {
    // The database is unreachable (or a key vanished mid-flush): keep everything for the
    // next round, merged with what was recorded meanwhile.
    for (const [id, use] of lastUse) {
      const newer = tracker.lastUse.get(id);
      if (!newer || newer.at < use.at) tracker.lastUse.set(id, use);
    }
    for (const [id, c] of counts) {
      const merged = tracker.counts.get(id) ?? { succeeded: 0, refused: 0 };
      tracker.counts.set(id, { succeeded: merged.succeeded + c.succeeded, refused: merged.refused + c.refused });
    }
    console.error("[activity] flush failed, will retry:", error instanceof Error ? error.message || error.name : String(error));
  }
}
