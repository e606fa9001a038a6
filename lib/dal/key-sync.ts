import "server-only";
import { Client } from "pg";
import type { Db } from "@/lib/db";
import { env, isPostgresUrl } from "@/lib/env";
import { cacheClear, cacheForget } from "./key-cache";

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
      if (message.channel === KEY_CHANNEL && message.payload) cacheForget(message.payload);
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
