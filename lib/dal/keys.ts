import "server-only";
import { db, usingPostgres } from "@/lib/db";
import { env } from "@/lib/env";
import type { Permission } from "@/lib/keys/permissions";
import type { KeyListOptions } from "@/lib/validation/keys";
import type { Viewer } from "@/lib/viewer";
import { pendingKeyUse } from "./activity";

export type KeyStatus = "active" | "expired" | "revoked";

/** What pages and API responses may know about a key. No hash, no secret, no internal id. */
export type KeyDTO = {
  sid: string;
  name: string;
  description: string;
  prefix: string;
  permission: Permission;
  rateLimitPerMinute: number | null;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  rolledAt: Date | null;
  rolledToSid: string | null;
  rolledFromSid: string | null;
  /** The API key that created this one through the API, or null for the dashboard's. */
  createdByKeySid: string | null;
  /** A member key acts as one member and is capped by their role; a service key acts as the workspace. */
  kind: "member" | "service";
  /** The member a member key acts as, and who created the key in the dashboard (user ids, for names on pages; not in API JSON). */
  memberId: string | null;
  createdById: string | null;
  status: KeyStatus;
  /** Active and ending within EXPIRY_WARNING_DAYS: shown with a warning. */
  expiresSoon: boolean;
};

export const EXPIRY_WARNING_DAYS = 7;
export const KEYS_PAGE_SIZE = 25;

export const keySelect = {
  id: true,
  sid: true,
  name: true,
  description: true,
  prefix: true,
  permission: true,
  rateLimitPerMinute: true,
  createdAt: true,
  expiresAt: true,
  revokedAt: true,
  lastUsedAt: true,
  lastUsedIp: true,
  rolledAt: true,
  rolledToSid: true,
  rolledFromSid: true,
  createdByKeySid: true,
  userId: true,
  createdById: true,
} as const;

/** A key as read for a change: `userId` is the member it acts as (null: a service key); neither id leaves the server. */
export type KeyRow = { id: string; permission: string; userId: string | null } & Omit<KeyDTO, "status" | "expiresSoon" | "permission" | "kind" | "memberId">;

export function keyStatus(key: { revokedAt: Date | null; expiresAt: Date | null }, now = new Date()): KeyStatus {
  if (key.revokedAt) return "revoked";
  if (key.expiresAt && key.expiresAt <= now) return "expired";
  return "active";
}

export function toDTO({ id, userId, ...row }: KeyRow, now: Date): KeyDTO {
  const pending = pendingKeyUse(id);
  const fresher = pending && (!row.lastUsedAt || pending.at > row.lastUsedAt);
  const status = keyStatus(row, now);
  return {
    ...row,
    kind: userId === null ? "service" : "member",
    memberId: userId,
    permission: row.permission as Permission,
    lastUsedAt: fresher ? pending.at : row.lastUsedAt,
    lastUsedIp: fresher ? pending.ip : row.lastUsedIp,
    status,
    expiresSoon: status === "active" && !!row.expiresAt && row.expiresAt.getTime() - now.getTime() < EXPIRY_WARNING_DAYS * 86_400_000,
  };
}

/** Active = not revoked and not expired: what counts against the limit. */
export const activeWhere = (viewer: Viewer, now: Date) => ({
  workspaceId: viewer.workspace.id,
  revokedAt: null,
  OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
});

export async function countActiveKeys(viewer: Viewer): Promise<number> {
  return db().apiKey.count({ where: activeWhere(viewer, new Date()) });
}

export const maxActiveKeys = () => env().MAX_ACTIVE_KEYS;

/** What search matches: kept in one column, lower-cased by JavaScript for Unicode case folding. */
export const searchTextOf = (key: { name: string; description: string; sid: string; prefix: string }) =>
  [key.name, key.description, key.sid, key.prefix].join("\n").toLowerCase();

/**
 * Ids of the viewer's keys whose search text contains `query` literally. Not Prisma's
 * `contains`: it becomes LIKE, where % and _ are wildcards and SQLite folds only ASCII case.
 */
async function matchingKeyIds(viewer: Viewer, query: string): Promise<string[]> {
  const sql = usingPostgres()
    ? `SELECT "id" FROM "ApiKey" WHERE "workspaceId" = $1 AND strpos("searchText", $2) > 0`
    : `SELECT "id" FROM "ApiKey" WHERE "workspaceId" = ? AND instr("searchText", ?) > 0`;
  const rows = await db().$queryRawUnsafe<Array<{ id: string }>>(sql, viewer.workspace.id, query.toLowerCase());
  return rows.map((row) => row.id);
}

function orderBy({ sort, direction }: Pick<KeyListOptions, "sort" | "direction">) {
  const tieBreak = { sid: "asc" as const };
  switch (sort) {
    case "name":
      return [{ name: direction }, tieBreak];
    case "expiry":
      return [{ expiresAt: { sort: direction, nulls: "last" as const } }, tieBreak];
    case "last_used":
      return [{ lastUsedAt: { sort: direction, nulls: "last" as const } }, tieBreak];
    default:
      return [{ createdAt: direction }, tieBreak];
  }
}

export type KeyPage = { keys: KeyDTO[]; total: number; page: number; pages: number };
export type KeyList = { current: KeyPage; revoked: KeyPage };

const pageOf = (keys: KeyDTO[], total: number, page: number): KeyPage => ({
  keys,
  total,
  page,
  pages: Math.max(1, Math.ceil(total / KEYS_PAGE_SIZE)),
});

/** The "Acts as" filter as a where: service keys (no member), or the viewer's own member keys. */
const ownerFilter = (viewer: Viewer, filter: KeyListOptions["actsAs"]) =>
  filter === "service" ? { userId: null } : filter === "mine" ? { userId: viewer.id } : {};

/**
 * The viewer's keys matching the search, in two sections of 25 per page: current keys
 * (active before expired, each group in the chosen order) and revoked keys.
 */
export async function listKeys(viewer: Viewer, options: KeyListOptions): Promise<KeyList> {
  const now = new Date();
  const client = db();
  const match = {
    ...(options.query ? { id: { in: await matchingKeyIds(viewer, options.query) } } : {}),
    ...ownerFilter(viewer, options.actsAs),
  };
  const order = orderBy(options);
  const active = { ...activeWhere(viewer, now), ...match };
  const expired = { workspaceId: viewer.workspace.id, revokedAt: null, expiresAt: { lte: now }, ...match };
  const revoked = { workspaceId: viewer.workspace.id, revokedAt: { not: null }, ...match };

  const [activeCount, expiredCount, revokedCount] = await Promise.all([
    client.apiKey.count({ where: active }),
    client.apiKey.count({ where: expired }),
    client.apiKey.count({ where: revoked }),
  ]);
  const offset = (options.page - 1) * KEYS_PAGE_SIZE;
  const fromActive = Math.max(0, Math.min(KEYS_PAGE_SIZE, activeCount - offset));
  const [activeRows, expiredRows, revokedRows] = await Promise.all([
    fromActive > 0 ? client.apiKey.findMany({ where: active, orderBy: order, skip: offset, take: fromActive, select: keySelect }) : [],
    fromActive < KEYS_PAGE_SIZE
      ? client.apiKey.findMany({ where: expired, orderBy: order, skip: Math.max(0, offset - activeCount), take: KEYS_PAGE_SIZE - fromActive, select: keySelect })
      : [],
    client.apiKey.findMany({ where: revoked, orderBy: order, skip: (options.revokedPage - 1) * KEYS_PAGE_SIZE, take: KEYS_PAGE_SIZE, select: keySelect }),
  ]);
  const dto = (row: KeyRow) => toDTO(row, now);
  return {
    current: pageOf([...activeRows, ...expiredRows].map(dto), activeCount + expiredCount, options.page),
    revoked: pageOf(revokedRows.map(dto), revokedCount, options.revokedPage),
  };
}

export type KeyFeedOptions = Pick<KeyListOptions, "query" | "sort" | "direction"> & {
  status: "active" | "expired" | "revoked" | "all";
  offset: number;
  limit: number;
};

/** One flat page of the viewer's keys for the API, in the chosen order and status. */
export async function listKeyFeed(viewer: Viewer, options: KeyFeedOptions): Promise<{ keys: KeyDTO[]; more: boolean }> {
  const now = new Date();
  const match = options.query ? { id: { in: await matchingKeyIds(viewer, options.query) } } : {};
  const status = {
    all: { workspaceId: viewer.workspace.id },
    active: activeWhere(viewer, now),
    expired: { workspaceId: viewer.workspace.id, revokedAt: null, expiresAt: { lte: now } },
    revoked: { workspaceId: viewer.workspace.id, revokedAt: { not: null } },
  }[options.status];
  const rows = await db().apiKey.findMany({
    where: { ...status, ...match },
    orderBy: orderBy(options),
    skip: options.offset,
    take: options.limit + 1, // one more tells whether there is a next page
    select: keySelect,
  });
  return { keys: rows.slice(0, options.limit).map((row) => toDTO(row, now)), more: rows.length > options.limit };
}

/** Active keys of the viewer that end within the warning window, soonest first. */
export async function keysExpiringSoon(viewer: Viewer): Promise<KeyDTO[]> {
  const now = new Date();
  const rows = await db().apiKey.findMany({
    where: { ...activeWhere(viewer, now), expiresAt: { gt: now, lte: new Date(now.getTime() + EXPIRY_WARNING_DAYS * 86_400_000) } },
    orderBy: { expiresAt: "asc" },
    take: 50,
    select: keySelect,
  });
  return rows.map((row) => toDTO(row, now));
}

/** One of the viewer's keys. Another workspace's sid and an unknown sid are the same null. */
export async function getKey(viewer: Viewer, sid: string): Promise<KeyDTO | null> {
  const row = await db().apiKey.findFirst({ where: { sid, workspaceId: viewer.workspace.id }, select: keySelect });
  return row ? toDTO(row, new Date()) : null;
}
