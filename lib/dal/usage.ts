import "server-only";
import { db } from "@/lib/db";
import type { Viewer } from "@/lib/viewer";
import { utcDay } from "./activity";

export const USAGE_DAYS = 30;

export type UsageDay = { day: string; succeeded: number; refused: number };

/** The last USAGE_DAYS UTC days, oldest first, today last. */
export function usageWindow(now = new Date()): string[] {
  return Array.from({ length: USAGE_DAYS }, (_, i) => utcDay(new Date(now.getTime() - (USAGE_DAYS - 1 - i) * 86_400_000)));
}

/** Per-day requests of the viewer's keys (by sid) over the window, zero-filled. */
export async function usageBySid(viewer: Viewer, sids: string[]): Promise<Map<string, UsageDay[]>> {
  const days = usageWindow();
  const rows = sids.length
    ? await db().keyUsageDay.findMany({
        where: { key: { workspaceId: viewer.workspace.id, sid: { in: sids } }, day: { gte: days[0] } },
        select: { day: true, succeeded: true, refused: true, key: { select: { sid: true } } },
      })
    : [];
  const bySid = new Map(sids.map((sid) => [sid, new Map<string, UsageDay>()]));
  for (const row of rows) bySid.get(row.key.sid)?.set(row.day, { day: row.day, succeeded: row.succeeded, refused: row.refused });
  return new Map(sids.map((sid) => [sid, days.map((day) => bySid.get(sid)?.get(day) ?? { day, succeeded: 0, refused: 0 })]));
}

/**
 * Totals of one of the viewer's keys over the days still kept: the retention job deletes
 * daily rows older than USAGE_RETENTION_DAYS (400 by default), so for an older key this is
 * the total of its last 400 days, not of all time.
 */
export async function usageTotals(viewer: Viewer, sid: string) {
  const sum = await db().keyUsageDay.aggregate({
    where: { key: { workspaceId: viewer.workspace.id, sid } },
    _sum: { succeeded: true, refused: true },
  });
  return { succeeded: sum._sum.succeeded ?? 0, refused: sum._sum.refused ?? 0 };
}
