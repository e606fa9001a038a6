import "server-only";
import { db } from "@/lib/db";

export type Use = { at: Date; ip: string | null };
export type Counts = { succeeded: number; refused: number };
/** One key's pending activity: its latest use and its counts per UTC day ("YYYY-MM-DD"). */
export type PendingKey = { use?: Use; days: [string, Counts][] };

/** Writes one chunk of activity.ts's pending activity in one transaction; throws if it cannot. */
export async function writeChunk(keys: [string, PendingKey][]): Promise<void> {
  const client = db();
  // Activity of keys deleted since it was recorded has nowhere to go: leave it out.
  const rows = await client.apiKey.findMany({ where: { id: { in: keys.map(([id]) => id) } }, select: { id: true } });
  const alive = new Set(rows.map((row) => row.id));
  const writes = keys
    .filter(([keyId]) => alive.has(keyId))
    .flatMap(([keyId, { use, days }]) => [
      // Never move a time backwards: another instance may already have written a newer one.
      ...(use ? [client.apiKey.updateMany({ where: { id: keyId, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: use.at } }] }, data: { lastUsedAt: use.at, lastUsedIp: use.ip } })] : []),
      ...days.map(([day, c]) =>
        client.keyUsageDay.upsert({
          where: { keyId_day: { keyId, day } },
          create: { keyId, day, ...c },
          update: { succeeded: { increment: c.succeeded }, refused: { increment: c.refused } },
        }),
      ),
    ]);
  if (writes.length > 0) await client.$transaction(writes);
}
