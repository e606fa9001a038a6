import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/sqlite/client";
import type { WebhookEvent } from "@/lib/webhooks/events";
import { nudgeWebhooks } from "@/lib/webhooks/nudge";
import { writeAuditEvent, type AuditAction, type AuditActor } from "./audit";
import { cacheForget } from "./key-cache";
import { announceKeyChange } from "./key-sync";
import { keySelect, type KeyRow } from "./keys";
import { LOCKED_TX, lockWorkspace, type Tx } from "./workspace-lock";
import { enqueueEvent } from "./webhooks";

/**
 * The one way a key changes (create, edit, roll, revoke, delete, leak report). Each of those
 * used to repeat the same steps by hand, and a change that forgot one (the lock, the log line,
 * the webhook event, the other instances' notice, this instance's cache) was a security bug
 * waiting to happen. Here the steps cannot be separated:
 *
 *  1. one transaction, whose first statement locks the workspace's row, so every change to one
 *     workspace's keys runs one at a time on both databases (a PostgreSQL row lock; SQLite's write
 *     lock). A roll racing a revoke or a leak report therefore sees the other's result instead
 *     of both acting on the same "active" key;
 *  2. a write is only possible together with its record: insert(), update() and remove() each
 *     write the security-log row and the webhook event (when there is one) in the same
 *     transaction, and tell the other instances (PostgreSQL NOTIFY, delivered on commit);
 *  3. after the commit, this instance forgets every changed key from its verification cache
 *     and wakes the webhook worker.
 *
 * Lint forbids writing ApiKey rows anywhere else (eslint.config.js).
 */

/** What a step leaves behind: a line in the security log and, when there is one, a webhook event. */
export type KeyRecord = { action: AuditAction; detail?: string; event?: { type: WebhookEvent; data: Record<string, unknown> } };

type KeyRef = { id: string; sid: string; name: string };
type InsertData = Omit<Prisma.ApiKeyUncheckedCreateInput, "workspaceId" | "id">;
type UpdateData = Pick<Prisma.ApiKeyUncheckedUpdateInput, "name" | "description" | "rateLimitPerMinute" | "searchText" | "revokedAt" | "revokedReason" | "rolledAt" | "rolledToSid" | "expiresAt">;

export type KeyChange = {
  readonly actor: AuditActor;
  /** Reads in the change's transaction, after the lock: what they see cannot change under it. */
  readonly read: { apiKey: Pick<Tx["apiKey"], "findFirst" | "findMany" | "count"> };
  /** `record` may depend on the new row (its sid). */
  insert(data: InsertData, record: KeyRecord | ((row: KeyRow) => KeyRecord)): Promise<KeyRow>;
  update(key: KeyRef, data: UpdateData, record: KeyRecord): Promise<KeyRow>;
  remove(key: KeyRef, record: KeyRecord): Promise<void>;
  /** A refused change (a limit reached): logged, nothing else. */
  refuse(record: KeyRecord & { key?: { sid: string; name: string } }): Promise<void>;
  /** A logged event that goes with the change but writes no key (a membership removed, a role changed). */
  note(record: KeyRecord & { key?: { sid: string; name: string } }): Promise<void>;
  /**
   * Key `sid`'s verification answer changed without a write to its row (its member's role
   * changed): every instance forgets it, as after an update.
   */
  touch(sid: string): Promise<void>;
  /**
   * The change's transaction, under the workspace lock, for the rows that change with the keys
   * (memberships). Writing ApiKey rows through it is a lint error like anywhere else.
   */
  readonly tx: Tx;
};

/** Runs `steps` as one change to the keys of `actor.workspaceId`; see the comment at the top. */
export async function changeKeys<T>(actor: AuditActor, steps: (change: KeyChange) => Promise<T>): Promise<T> {
  const changed = new Set<string>();
  let events = 0;
  const result = await db().$transaction(async (tx) => {
    await lockWorkspace(tx, { id: actor.workspaceId });
    const owner = actor.workspaceId;

    const recordFor = async (key: { sid: string; name: string } | undefined, record: KeyRecord) => {
      await writeAuditEvent(tx, actor, record.action, { key, detail: record.detail });
      if (record.event) events += await enqueueEvent(tx, owner, record.event.type, record.event.data);
    };
    const touch = async (sid: string) => {
      await announceKeyChange(tx, sid);
      changed.add(sid);
    };

    const change: KeyChange = {
      actor,
      read: tx,
      async insert(data, record) {
        const row = await tx.apiKey.create({ data: { ...data, workspaceId: owner }, select: keySelect });
        await recordFor(row, typeof record === "function" ? record(row) : record);
        return row;
      },
      async update(key, data, record) {
        // The workspace in the where: a KeyRef from anywhere else cannot reach another workspace's key.
        const updated = await tx.apiKey.updateMany({ where: { id: key.id, workspaceId: owner }, data });
        if (updated.count !== 1) throw new Error("key change: the key is not the workspace's");
        await touch(key.sid);
        const row = await tx.apiKey.findFirstOrThrow({ where: { id: key.id, workspaceId: owner }, select: keySelect });
        await recordFor(row, record);
        return row;
      },
      async remove(key, record) {
        const removed = await tx.apiKey.deleteMany({ where: { id: key.id, workspaceId: owner } });
        if (removed.count !== 1) throw new Error("key change: the key is not the workspace's");
        await touch(key.sid);
        await recordFor(key, record);
      },
      async refuse(record) {
        await recordFor(record.key, record);
      },
      async note(record) {
        await recordFor(record.key, record);
      },
      touch,
      tx,
    };
    return steps(change);
  }, LOCKED_TX);
  for (const sid of changed) cacheForget(sid);
  if (events > 0) nudgeWebhooks();
  return result;
}
