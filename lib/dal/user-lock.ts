import "server-only";
import type { Db } from "@/lib/db";

export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * Count-then-insert races: 30 parallel requests all count 4 and all insert. So every change
 * that can add a limited thing (a key, a credential), and every change to a key, first bumps
 * a counter on the owner's own row. That UPDATE takes the row lock on PostgreSQL (READ
 * COMMITTED re-reads the count after waiting for it) and the database write lock on SQLite,
 * so one owner's changes run one at a time and each sees the last.
 */
export const lockUser = (tx: Tx, owner: { id: string }) =>
  tx.user.update({ where: { id: owner.id }, data: { keyLock: { increment: 1 } }, select: { id: true } });
