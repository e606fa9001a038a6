import "server-only";
import { db } from "@/lib/db";
import type { Viewer } from "@/lib/viewer";
import { keyEventData, type Actor } from "@/lib/webhooks/events";
import type { KeyChange, KeyRecord } from "./key-change-protocol";
import { keySelect, keyStatus, type KeyRow } from "./keys";

/**
 * A key's lineage: the keys it created through the API (createdByKeySid), the keys those
 * created, and so on; and, while it still worked, the key it was rolled into. Whoever held a
 * leaked key may have used it to mint others, or to roll it for a fresh secret: revoking only
 * the reported key would leave them those.
 *
 * A roll's replacement is followed only from a key that was still active when revoked (in its
 * grace period): a key that had already stopped working cannot have been rolled since, and an
 * owner who rolled a leaked key with no grace keeps the new one when the old one is reported.
 */
const MAX_LINEAGE = 10_000; // far above any account's keys: a bound, not a limit anyone meets

type Options = {
  /** Also the keys created through the API by this one (always for a leak; a choice in the dashboard). */
  alsoCreated: boolean;
  /** The reported or revoked key's own record. */
  record: (row: KeyRow) => KeyRecord;
  /** Who acts, for the webhook events of the other keys revoked with it. */
  actor: Actor;
};

/** Revokes `root` and its lineage in the caller's change; the sids revoked besides `root`. */
export async function revokeWithLineage(change: KeyChange, root: KeyRow, { alsoCreated, record, actor }: Options): Promise<string[]> {
  const now = new Date();
  const queue = [{ key: root, wasActive: keyStatus(root, now) === "active" }];
  await change.update(root, { revokedAt: now }, record(root));
  const seen = new Set([root.sid]);
  const also: string[] = [];
  while (queue.length > 0 && seen.size < MAX_LINEAGE) {
    const { key, wasActive } = queue.shift()!;
    const links = [...(alsoCreated ? [{ createdByKeySid: key.sid }] : []), ...(wasActive && key.rolledToSid ? [{ sid: key.rolledToSid }] : [])];
    if (links.length === 0) continue;
    const next = await change.read.apiKey.findMany({ where: { workspaceId: change.actor.workspaceId, revokedAt: null, OR: links }, select: keySelect, take: MAX_LINEAGE });
    for (const child of next) {
      if (seen.has(child.sid)) continue;
      seen.add(child.sid);
      const why = child.sid === key.rolledToSid ? `it replaced ${key.sid}` : `it was created by ${key.sid}`;
      const row = await change.update(child, { revokedAt: now }, {
        action: "revoked",
        detail: `Revoked with ${root.sid}: ${why}.`,
        event: { type: "key.revoked", data: keyEventData(child, actor, { revokedWith: root.sid }) },
      });
      also.push(child.sid);
      queue.push({ key: row, wasActive: keyStatus(child, now) === "active" });
    }
  }
  return also;
}

/** How many live keys `sid` created through the API, directly or through keys it created. */
export async function countKeysCreatedBy(viewer: Viewer, sid: string): Promise<number> {
  let frontier = [sid];
  const seen = new Set(frontier);
  let live = 0;
  while (frontier.length > 0 && seen.size < MAX_LINEAGE) {
    const children = await db().apiKey.findMany({
      where: { workspaceId: viewer.workspace.id, createdByKeySid: { in: frontier } },
      select: { sid: true, revokedAt: true, expiresAt: true },
      take: MAX_LINEAGE,
    });
    frontier = children.map((child) => child.sid).filter((child) => !seen.has(child));
    for (const child of children) {
      if (seen.has(child.sid)) continue;
      seen.add(child.sid);
      if (keyStatus(child) === "active") live += 1;
    }
  }
  return live;
}

/**
 * countKeysCreatedBy for a page of keys: one query finds which of them created any key, and
 * only those (usually none) are counted. Keys absent from the map created none that live.
 */
export async function countKeysCreatedByEach(viewer: Viewer, sids: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (sids.length === 0) return counts;
  const parents = await db().apiKey.findMany({
    where: { workspaceId: viewer.workspace.id, createdByKeySid: { in: sids } },
    select: { createdByKeySid: true },
    distinct: ["createdByKeySid"],
  });
  await Promise.all(
    parents.map(async ({ createdByKeySid }) => {
      const live = await countKeysCreatedBy(viewer, createdByKeySid!);
      if (live > 0) counts.set(createdByKeySid!, live);
    }),
  );
  return counts;
}
