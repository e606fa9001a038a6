import "server-only";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "@/lib/generated/sqlite/client";
import { PrismaClient as PostgresClient } from "@/lib/generated/postgresql/client";
import { env, isPostgresUrl } from "@/lib/env";

/**
 * Both providers' clients are generated, so one build serves either database and
 * DATABASE_URL alone decides. Their model APIs are the same; the rare provider-specific
 * raw SQL checks usingPostgres().
 */

// Every secret column is left out of every query unless the query names it in its select:
// the key hash, the password hash, and the sealed credential and webhook signing secret. A
// findMany without a select (or a spread row) cannot carry one into a DTO, a log or a page.
export const SECRET_COLUMNS = {
  apiKey: { hash: true },
  user: { passwordHash: true, totpSealed: true },
  backupCode: { codeHash: true },
  credential: { sealed: true },
  webhook: { secretSealed: true },
} as const;
const omit = SECRET_COLUMNS;

/** The client's type knows the omissions too: reading an omitted column without asking is a type error. */
export type Db = SqliteClient<never, typeof SECRET_COLUMNS>;

function createClient(): Db {
  const url = env().DATABASE_URL;
  if (isPostgresUrl(url)) {
    return new PostgresClient({ adapter: new PrismaPg({ connectionString: url }), omit }) as unknown as Db;
  }
  const file = url.replace(/^file:/, "");
  const absolute = path.isAbsolute(file) ? file : path.join(/*turbopackIgnore: true*/ process.cwd(), file);
  // busy timeout: another process (a migration, a test) may hold the write lock briefly.
  return new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: absolute, timeout: 10_000 }), omit });
}

const store = globalThis as unknown as { __latchkeyDb?: Db };

export function db(): Db {
  store.__latchkeyDb ??= createClient();
  return store.__latchkeyDb;
}

export const usingPostgres = () => isPostgresUrl(env().DATABASE_URL);
