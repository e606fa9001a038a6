import "server-only";
import { db, usingPostgres } from "@/lib/db";
import type { KeySort } from "@/lib/validation/keys";

/**
 * Which of a workspace's keys a list shows, in what order: one SQL statement per question, so a
 * search that matches 5,000 keys is as valid as one that matches 3 (no list of ids goes back to
 * the database, where SQLite would refuse more than 999 of them).
 *
 * The search is a literal, case-folded substring of the key's searchText (lib/dal/keys.ts
 * searchTextOf): no wildcards, on both databases. An index finds the few matching keys of a
 * large workspace without reading the rest:
 * - PostgreSQL: LIKE '%q%' with % _ \ escaped, which a pg_trgm GIN index serves; the planner
 *   reads the index or the workspace's rows, whichever its statistics say is cheaper.
 * - SQLite: an FTS5 trigram table (migration 20261202010000_key_search) narrows the keys, and
 *   instr() decides. FTS5 reads its whole match list, instance-wide, so a probe first counts up
 *   to FTS_PROBE_LIMIT matches; a query that common, or shorter than a trigram, reads the
 *   workspace's rows instead, as the index would gain nothing.
 */

export type KeyStatusFilter = "active" | "expired" | "revoked" | "all";

export type KeyScope = {
  workspaceId: string;
  /** The "Acts as" filter: service keys, or one member's keys. */
  actsAs?: { service: true } | { memberId: string };
  /** Lower-cased already (searchTextOf's rule); "" matches every key. */
  query: string;
  now: Date;
};

export type KeyOrder = { sort: KeySort; direction: "asc" | "desc" };

const FTS_PROBE_LIMIT = 500;

/** Positional parameters in the database's dialect: ? for SQLite, $n for PostgreSQL. */
function parameters(postgres: boolean) {
  const values: unknown[] = [];
  return {
    values,
    add(value: unknown, cast = "") {
      values.push(value);
      return postgres ? `$${values.length}${cast}` : "?";
    },
  };
}

type Parameters = ReturnType<typeof parameters>;

/** A moment as each database stores Prisma's DateTime, so text and timestamps compare. */
const stamp = (params: Parameters, postgres: boolean, at: Date) =>
  postgres ? params.add(at.toISOString(), "::timestamp(3)") : params.add(at.toISOString().replace(/Z$/, "+00:00"));

const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
/** An FTS5 phrase: everything inside double quotes is literal, a quote is written twice. */
const ftsPhrase = (text: string) => `"${text.replaceAll('"', '""')}"`;

async function usesFtsIndex(query: string): Promise<boolean> {
  if ([...query].length < 3) return false; // a trigram index has nothing to look up
  const rows = await db().$queryRawUnsafe<Array<{ n: number | bigint }>>(
    `SELECT count(*) AS "n" FROM (SELECT 1 FROM "ApiKeySearch" WHERE "searchText" MATCH ? LIMIT ${FTS_PROBE_LIMIT})`,
    ftsPhrase(query),
  );
  return Number(rows[0]?.n ?? 0) < FTS_PROBE_LIMIT;
}

/**
 * The FROM clause and conditions (status aside) that select the scope's keys as "ApiKey" k,
 * with their values added to `params` in the order they appear. On SQLite, an indexed search
 * starts from the FTS matches and joins the keys to them: CROSS JOIN keeps that order, where
 * the planner would otherwise walk the workspace's keys and test each against the match list
 * (18 ms instead of 0.3 at 10,000 keys).
 */
async function scopeSql(scope: KeyScope, params: Parameters, postgres: boolean): Promise<{ from: string; conditions: string[] }> {
  let from = `"ApiKey" k`;
  const conditions: string[] = [];
  if (scope.query && !postgres && (await usesFtsIndex(scope.query))) {
    from = `"ApiKeySearch" s CROSS JOIN "ApiKeySearchRow" r CROSS JOIN "ApiKey" k`;
    conditions.push(`s."searchText" MATCH ${params.add(ftsPhrase(scope.query))}`, `r."n" = s."rowid"`, `k."id" = r."keyId"`);
  }
  conditions.push(`k."workspaceId" = ${params.add(scope.workspaceId)}`);
  if (scope.actsAs && "service" in scope.actsAs) conditions.push(`k."userId" IS NULL`);
  if (scope.actsAs && "memberId" in scope.actsAs) conditions.push(`k."userId" = ${params.add(scope.actsAs.memberId)}`);
  if (scope.query) {
    conditions.push(
      postgres
        ? `k."searchText" LIKE ${params.add(`%${likeLiteral(scope.query)}%`)}`
        : `instr(k."searchText", ${params.add(scope.query)}) > 0`, // decides; the FTS match only narrows
    );
  }
  return { from, conditions };
}

/**
 * Active = not revoked and not expired (lib/dal/keys.ts activeWhere); expired = not revoked,
 * ended. `now` adds the moment as a parameter, only where the condition uses it.
 */
function statusCondition(status: KeyStatusFilter, now: () => string): string | null {
  switch (status) {
    case "active":
      return `k."revokedAt" IS NULL AND (k."expiresAt" IS NULL OR k."expiresAt" > ${now()})`;
    case "expired":
      return `k."revokedAt" IS NULL AND k."expiresAt" <= ${now()}`;
    case "revoked":
      return `k."revokedAt" IS NOT NULL`;
    case "all":
      return null;
  }
}

const SORT_COLUMNS: Record<KeySort, { column: string; nullsLast: boolean }> = {
  created: { column: "createdAt", nullsLast: false },
  name: { column: "name", nullsLast: false },
  expiry: { column: "expiresAt", nullsLast: true },
  last_used: { column: "lastUsedAt", nullsLast: true },
};

/** The chosen order, then sid ascending so equal values keep one order across pages. */
function orderSql({ sort, direction }: KeyOrder): string {
  const { column, nullsLast } = SORT_COLUMNS[sort];
  const dir = direction === "asc" ? "ASC" : "DESC";
  return `k."${column}" ${dir}${nullsLast ? " NULLS LAST" : ""}, k."sid" ASC`;
}

/** How many keys of the scope are active, expired and revoked: one pass over the matches. */
export async function countKeysByStatus(scope: KeyScope): Promise<Record<Exclude<KeyStatusFilter, "all">, number>> {
  const postgres = usingPostgres();
  const params = parameters(postgres);
  const now = () => stamp(params, postgres, scope.now);
  const active = statusCondition("active", now);
  const expired = statusCondition("expired", now);
  const { from, conditions } = await scopeSql(scope, params, postgres);
  const sum = (condition: string | null) => `COALESCE(SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END), 0)`;
  const rows = await db().$queryRawUnsafe<Array<Record<"active" | "expired" | "revoked", number | bigint>>>(
    `SELECT ${sum(active)} AS "active", ${sum(expired)} AS "expired", ${sum(statusCondition("revoked", now))} AS "revoked" ` +
      `FROM ${from} WHERE ${conditions.join(" AND ")}`,
    ...params.values,
  );
  const row = rows[0];
  return { active: Number(row?.active ?? 0), expired: Number(row?.expired ?? 0), revoked: Number(row?.revoked ?? 0) };
}

/**
 * One page of the scope's keys in a status, in order, as rows of `columns` (names from the
 * caller's select, never from a request). The rows come from this statement itself: a second
 * query for "these ids in this workspace" let SQLite, which keeps no statistics unless told to,
 * walk the workspace's index instead of the primary key (10,000 rows read for 25).
 */
export async function keyPage<Row>(scope: KeyScope, status: KeyStatusFilter, order: KeyOrder, page: { offset: number; limit: number }, columns: readonly string[]): Promise<Row[]> {
  if (page.limit <= 0) return [];
  const postgres = usingPostgres();
  const params = parameters(postgres);
  const { from, conditions } = await scopeSql(scope, params, postgres);
  const byStatus = statusCondition(status, () => stamp(params, postgres, scope.now));
  if (byStatus) conditions.push(byStatus);
  const select = columns.map((column) => `k."${column}"`).join(", ");
  return db().$queryRawUnsafe<Row[]>(
    `SELECT ${select} FROM ${from} WHERE ${conditions.join(" AND ")} ORDER BY ${orderSql(order)} ` +
      `LIMIT ${params.add(page.limit)} OFFSET ${params.add(page.offset)}`,
    ...params.values,
  );
}
