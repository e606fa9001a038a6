import "server-only";
import type { Db } from "@/lib/db";

export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * Count-then-insert races: 30 parallel requests all count 4 and all insert. So every change
 * that can add a limited thing (a key, a credential, a webhook), every change to a key and
 * every membership change first bumps a counter on the workspace's own row. That UPDATE takes
 * the row lock on PostgreSQL (READ COMMITTED re-reads the count after waiting for it) and the
 * database write lock on SQLite, so one workspace's changes run one at a time and each sees the
 * last, while two workspaces never wait for each other on PostgreSQL.
 */
export const lockWorkspace = (tx: Tx, workspace: { id: string }) =>
  tx.workspace.update({ where: { id: workspace.id }, data: { lock: { increment: 1 } }, select: { id: true } });

/**
 * Transaction options for changes that take lockWorkspace: creates in one workspace queue on
 * its lock (30 at once in the plan tests), so they may wait, and run, longer than the default.
 */
export const LOCKED_TX = { maxWait: 20_000, timeout: 20_000 };
