import "server-only";
import { db, usingPostgres } from "@/lib/db";
import { env } from "@/lib/env";
import { displayPrefix, generateKey, generateSid } from "@/lib/keys/format";
import { hashKey } from "@/lib/keys/hash";
import type { CreateKeyInput } from "@/lib/validation/keys";
import type { Viewer } from "@/lib/viewer";
import { pendingKeyUse } from "./last-used";

export type KeyStatus = "active" | "expired" | "revoked";

/** What pages and API responses may know about a key. No hash, no secret, no internal id. */
export type KeyDTO = {
  sid: string;
  name: string;
  description: string;
  prefix: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  status: KeyStatus;
};

const keySelect = {
  id: true,
  sid: true,
  name: true,
  description: true,
  prefix: true,
  createdAt: true,
  expiresAt: true,
  revokedAt: true,
  lastUsedAt: true,
} as const;

type KeyRow = { id: string } & Omit<KeyDTO, "status">;

export function keyStatus(key: Pick<KeyDTO, "revokedAt" | "expiresAt">, now = new Date()): KeyStatus {
  if (key.revokedAt) return "revoked";
  if (key.expiresAt && key.expiresAt <= now) return "expired";
  return "active";
}

function toDTO({ id, ...row }: KeyRow, now: Date): KeyDTO {
  const pending = pendingKeyUse(id);
  const lastUsedAt = pending && (!row.lastUsedAt || pending > row.lastUsedAt) ? pending : row.lastUsedAt;
  return { ...row, lastUsedAt, status: keyStatus(row, now) };
}

/** Active = not revoked and not expired: what counts against the limit. */
const activeWhere = (viewer: Viewer, now: Date) => ({
  userId: viewer.id,
  revokedAt: null,
  OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
});

export async function countActiveKeys(viewer: Viewer): Promise<number> {
  return db().apiKey.count({ where: activeWhere(viewer, new Date()) });
}

export const maxActiveKeys = () => env().MAX_ACTIVE_KEYS;

export type KeyList = { current: KeyDTO[]; revoked: KeyDTO[] };

const STATUS_ORDER: Record<KeyStatus, number> = { active: 0, expired: 1, revoked: 2 };

/** What search matches: kept in one column, lower-cased by JavaScript for Unicode case folding. */
export const searchTextOf = (key: { name: string; description: string; sid: string; prefix: string }) =>
  [key.name, key.description, key.sid, key.prefix].join("\n").toLowerCase();

/**
 * Ids of the viewer's keys whose search text contains `query` literally. Not Prisma's
 * `contains`: it becomes LIKE, where % and _ are wildcards and SQLite folds only ASCII case.
 */
async function matchingKeyIds(viewer: Viewer, query: string): Promise<string[]> {
  const sql = usingPostgres()
    ? `SELECT "id" FROM "ApiKey" WHERE "userId" = $1 AND strpos("searchText", $2) > 0`
    : `SELECT "id" FROM "ApiKey" WHERE "userId" = ? AND instr("searchText", ?) > 0`;
  const rows = await db().$queryRawUnsafe<Array<{ id: string }>>(sql, viewer.id, query.toLowerCase());
  return rows.map((row) => row.id);
}

/** The viewer's keys matching `query` (name, description, sid or prefix; any case). */
export async function listKeys(viewer: Viewer, query: string): Promise<KeyList> {
  const now = new Date();
  const match = query ? { id: { in: await matchingKeyIds(viewer, query) } } : {};
  const rows = await db().apiKey.findMany({
    where: { userId: viewer.id, ...match },
    select: keySelect,
    orderBy: [{ createdAt: "desc" }, { sid: "asc" }],
    take: 1000,
  });
  const keys = rows.map((row) => toDTO(row, now));
  return {
    // Stable sort: active before expired, newest first within each.
    current: keys.filter((k) => k.status !== "revoked").sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]),
    revoked: keys
      .filter((k) => k.status === "revoked")
      .sort((a, b) => b.revokedAt!.getTime() - a.revokedAt!.getTime()),
  };
}

/** One of the viewer's keys. Another user's sid and an unknown sid are the same null. */
export async function getKey(viewer: Viewer, sid: string): Promise<KeyDTO | null> {
  const row = await db().apiKey.findFirst({ where: { sid, userId: viewer.id }, select: keySelect });
  return row ? toDTO(row, new Date()) : null;
}

export type CreateKeyResult = { ok: true; key: KeyDTO; secret: string } | { ok: false; reason: "limit_reached" };

/**
 * Creates a key unless the viewer already has the maximum number of active keys.
 *
 * Count-then-insert races: 30 parallel requests all count 4 and all insert. So the
 * transaction first bumps a counter on the user's own row. That UPDATE takes the row lock
 * on PostgreSQL (READ COMMITTED re-reads the count after waiting for it) and the database
 * write lock on SQLite, so creates for one user run one at a time and each sees the last.
 */
export async function createKey(viewer: Viewer, input: CreateKeyInput): Promise<CreateKeyResult> {
  const secret = generateKey();
  const limit = maxActiveKeys();
  const now = new Date();
  const row = await db().$transaction(
    async (tx) => {
      await tx.user.update({ where: { id: viewer.id }, data: { keyLock: { increment: 1 } }, select: { id: true } });
      const active = await tx.apiKey.count({ where: activeWhere(viewer, now) });
      if (active >= limit) return null;
      const fields = { sid: generateSid(), name: input.name, description: input.description, prefix: displayPrefix(secret) };
      return tx.apiKey.create({
        data: {
          ...fields,
          userId: viewer.id,
          expiresAt: input.expiresAt,
          hash: hashKey(secret, env().KEY_PEPPER),
          searchText: searchTextOf(fields),
        },
        select: keySelect,
      });
    },
    { maxWait: 20_000, timeout: 20_000 },
  );
  if (!row) return { ok: false, reason: "limit_reached" };
  return { ok: true, key: toDTO(row, now), secret };
}

/**
 * Revokes one of the viewer's keys. Revoking an already revoked key changes nothing and
 * keeps the first revocation time. Null when the key is not the viewer's.
 */
export async function revokeKey(viewer: Viewer, sid: string): Promise<KeyDTO | null> {
  await db().apiKey.updateMany({
    where: { sid, userId: viewer.id, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return getKey(viewer, sid);
}
