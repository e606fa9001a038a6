import "server-only";
import { db } from "@/lib/db";
import type { Permission } from "@/lib/keys/permissions";
import type { KeyListOptions } from "@/lib/validation/keys";
import type { Viewer } from "@/lib/viewer";
import { pendingKeyUse } from "./activity";
import { countKeysByStatus, keyPage, type KeyOrder, type KeyScope, type KeyStatusFilter } from "./key-search";

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
export const activeWhere = (viewer: Pick<Viewer, "workspace">, now: Date) => ({
  workspaceId: viewer.workspace.id,
  revokedAt: null,
  OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
});

export async function countActiveKeys(viewer: Viewer): Promise<number> {
  return db().apiKey.count({ where: activeWhere(viewer, new Date()) });
}

/** What search matches: kept in one column, lower-cased by JavaScript for Unicode case folding. */
export const searchTextOf = (key: { name: string; description: string; sid: string; prefix: string }) =>
  [key.name, key.description, key.sid, key.prefix].join("\n").toLowerCase();

export type KeyPage = { keys: KeyDTO[]; total: number; page: number; pages: number };
export type KeyList = { current: KeyPage; revoked: KeyPage };

const pageOf = (keys: KeyDTO[], total: number, page: number): KeyPage => ({
  keys,
  total,
  page,
  pages: Math.max(1, Math.ceil(total / KEYS_PAGE_SIZE)),
});

/** The viewer's keys that the list's search and "Acts as" filter select. */
const scopeOf = (viewer: Viewer, query: string, actsAs: KeyListOptions["actsAs"] | undefined, now: Date): KeyScope => ({
  workspaceId: viewer.workspace.id,
  query: query.toLowerCase(), // searchTextOf's rule
  actsAs: actsAs === "service" ? { service: true } : actsAs === "mine" ? { memberId: viewer.id } : undefined,
  now,
});

const KEY_COLUMNS = Object.keys(keySelect);

/** One page of the scope's keys in a status, as DTOs (lib/dal/key-search.ts chooses them). */
async function keysPage(scope: KeyScope, status: KeyStatusFilter, order: KeyOrder, page: { offset: number; limit: number }): Promise<KeyDTO[]> {
  const rows = await keyPage<KeyRow>(scope, status, order, page, KEY_COLUMNS);
  return rows.map((row) => toDTO(row, scope.now));
}

/**
 * The viewer's keys matching the search, in two sections of 25 per page: current keys
 * (active before expired, each group in the chosen order) and revoked keys.
 */
export async function listKeys(viewer: Viewer, options: KeyListOptions): Promise<KeyList> {
  const now = new Date();
  const scope = scopeOf(viewer, options.query, options.actsAs, now);
  const counts = await countKeysByStatus(scope);
  const offset = (options.page - 1) * KEYS_PAGE_SIZE;
  const fromActive = Math.max(0, Math.min(KEYS_PAGE_SIZE, counts.active - offset));
  const [active, expired, revoked] = await Promise.all([
    keysPage(scope, "active", options, { offset, limit: fromActive }),
    keysPage(scope, "expired", options, { offset: Math.max(0, offset - counts.active), limit: KEYS_PAGE_SIZE - fromActive }),
    keysPage(scope, "revoked", options, { offset: (options.revokedPage - 1) * KEYS_PAGE_SIZE, limit: KEYS_PAGE_SIZE }),
  ]);
  const current = [...active, ...expired];
  return {
    current: pageOf(current, counts.active + counts.expired, options.page),
    revoked: pageOf(revoked, counts.revoked, options.revokedPage),
  };
}

export type KeyFeedOptions = Pick<KeyListOptions, "query" | "sort" | "direction"> & {
  status: KeyStatusFilter;
  offset: number;
  limit: number;
};

/** One flat page of the viewer's keys for the API, in the chosen order and status. */
export async function listKeyFeed(viewer: Viewer, options: KeyFeedOptions): Promise<{ keys: KeyDTO[]; more: boolean }> {
  const now = new Date();
  // one more tells whether there is a next page
  const keys = await keysPage(scopeOf(viewer, options.query, undefined, now), options.status, options, { offset: options.offset, limit: options.limit + 1 });
  return { keys: keys.slice(0, options.limit), more: keys.length > options.limit };
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
