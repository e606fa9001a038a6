import "server-only";
import { Client } from "pg";
import { db, type Db } from "@/lib/db";
import { env, isPostgresUrl } from "@/lib/env";
import { cacheClear, cacheForget } from "./key-cache";
import { forgetAccess, type AccessChange } from "./verify";
import { LOCKED_TX, type Tx as Transaction } from "./workspace-lock";

/**
 * Tells every instance on the same PostgreSQL database that a key changed, so each forgets it
 * from its verification cache (key-cache.ts) at once instead of after KEY_CACHE_TTL_MS.
 *
 * The NOTIFY is sent inside the transaction that changes the key: PostgreSQL delivers it only
 * when that transaction commits, so no instance can hear of a change before it is visible, or
 * hear of one that rolled back. Each instance keeps one extra connection that LISTENs. When
 * that connection drops, changes made meanwhile are missed: the TTL bounds them, and the
 * whole cache is cleared when it is back.
 */
export const KEY_CHANNEL = "latchkey_key_changes";

type Tx = Pick<Db, "$executeRaw">;

/** Call inside the transaction that changes key `sid` (no-op on SQLite: one host, TTL only). */
export async function announceKeyChange(tx: Tx, sid: string): Promise<void> {
  if (!isPostgresUrl(env().DATABASE_URL)) return;
  await tx.$executeRaw`SELECT pg_notify(${KEY_CHANNEL}, ${sid})`;
}

/**
 * Call inside the transaction that changes who a member key may act for without changing any
 * key: a workspace's two-factor policy ({ workspaceId }), a person's two-factor setup
 * ({ userId }). Every instance then forgets the keys concerned (verify.ts, forgetAccess). The
 * payload cannot be mistaken for a sid: sids start with "key_".
 */
export async function announceAccessChange(tx: Tx, change: AccessChange): Promise<void> {
  if (!isPostgresUrl(env().DATABASE_URL)) return;
  const payload = "userId" in change ? `user:${change.userId}` : `workspace:${change.workspaceId}`;
  await tx.$executeRaw`SELECT pg_notify(${KEY_CHANNEL}, ${payload})`;
}

/**
 * The one way to write a change of access: `write` runs in a transaction that also announces
 * it, and this instance forgets the keys concerned after the commit, so the change holds on the
 * next request here and, on PostgreSQL, on every other instance within milliseconds. For a
 * person turning two-factor on or off: changeAccess({ userId }, (tx) => tx.user.update(...)).
 */
export async function changeAccess<T>(change: AccessChange, write: (tx: Transaction) => Promise<T>): Promise<T> {
  const result = await db().$transaction(async (tx) => {
    const written = await write(tx);
    await announceAccessChange(tx, change);
    return written;
  }, LOCKED_TX); // it may queue on the workspace's lock
  forgetAccess(change);
  return result;
}

/** What a notification asks this instance to forget. */
export function onKeyNotice(payload: string): void {
  if (payload.startsWith("user:")) forgetAccess({ userId: payload.slice("user:".length) });
  else if (payload.startsWith("workspace:")) forgetAccess({ workspaceId: payload.slice("workspace:".length) });
  else cacheForget(payload);
}

type Listener = { client?: Client; retry?: NodeJS.Timeout };
const g = globalThis as unknown as { __latchkeyKeySync?: Listener };

const RETRY_MS = 1_000;

/** Starts listening (once per process; PostgreSQL only). Reconnects by itself. */
export function startKeySync(): void {
  if (g.__latchkeyKeySync || !isPostgresUrl(env().DATABASE_URL)) return;
  const state: Listener = (g.__latchkeyKeySync = {});

  const reconnect = () => {
    if (state.retry) return;
    state.retry = setTimeout(() => {
      state.retry = undefined;
      void connect();
    }, RETRY_MS);
    state.retry.unref();
  };

  const connect = async () => {
    // keepAlive: a connection cut without a goodbye (a network partition) is noticed too.
    const client = new Client({ connectionString: env().DATABASE_URL, application_name: "latchkey-key-sync", keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    state.client = client;
    // Without these, a dropped connection would be an unhandled 'error' event: a crash.
    const lost = () => {
      if (state.client !== client) return; // an old connection's late event
      state.client = undefined;
      void client.end().catch(() => undefined);
      reconnect();
    };
    client.on("error", lost);
    client.on("end", lost);
    client.on("notification", (message) => {
      if (message.channel === KEY_CHANNEL && message.payload) onKeyNotice(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${KEY_CHANNEL}`);
      // Anything may have changed while we were not listening.
      cacheClear();
    } catch {
      lost();
    }
  };

  void connect();
}
