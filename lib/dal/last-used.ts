import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

/**
 * Last-used times without a database write per request (better-auth's plugin writes on every
 * verification; Unkey batches). Verifications record into memory; a timer writes each key's
 * newest time once per interval (LAST_USED_FLUSH_MS, default one minute), in one batch, off
 * the request path. A crash loses at most one interval of last-used times, nothing else.
 */
type Tracker = { pending: Map<string, Date>; timer?: NodeJS.Timeout; flushing?: Promise<void> };

const g = globalThis as unknown as { __latchkeyLastUsed?: Tracker };
const tracker: Tracker = (g.__latchkeyLastUsed ??= { pending: new Map() });

export function recordKeyUse(keyId: string, at: Date = new Date()): void {
  const previous = tracker.pending.get(keyId);
  if (!previous || previous < at) tracker.pending.set(keyId, at);
  if (!tracker.timer) {
    tracker.timer = setInterval(() => void flushLastUsed(), env().LAST_USED_FLUSH_MS);
    tracker.timer.unref(); // never keep a stopping process alive for this
  }
}

/** This process's not-yet-written time for a key, so the UI is never behind its own server. */
export function pendingKeyUse(keyId: string): Date | undefined {
  return tracker.pending.get(keyId);
}

export function flushLastUsed(): Promise<void> {
  tracker.flushing ??= writeBatch().finally(() => (tracker.flushing = undefined));
  return tracker.flushing;
}

async function writeBatch(): Promise<void> {
  if (tracker.pending.size === 0) return;
  const batch = tracker.pending;
  tracker.pending = new Map();
  try {
    // Never move a time backwards: another instance may already have written a newer one.
    await db().$transaction(
      [...batch].map(([id, at]) =>
        db().apiKey.updateMany({
          where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: at } }] },
          data: { lastUsedAt: at },
        }),
      ),
    );
  } catch (error) {
    // Keep the times for the next round; a newer one recorded meanwhile wins.
    for (const [id, at] of batch) {
      const newer = tracker.pending.get(id);
      if (!newer || newer < at) tracker.pending.set(id, at);
    }
    console.error("[last-used] flush failed, will retry:", (error as Error).message);
  }
}
