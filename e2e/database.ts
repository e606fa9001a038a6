import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";

const url = process.env.E2E_DATABASE_URL!;

/** Every row of every table of the e2e server's database, as text. */
export async function dumpDatabase(): Promise<string> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const tables = await client.query<{ tablename: string }>("select tablename from pg_tables where schemaname = 'public'");
      const rows = [];
      for (const { tablename } of tables.rows) rows.push(...(await client.query(`select * from "${tablename}"`)).rows);
      return JSON.stringify(rows);
    } finally {
      await client.end();
    }
  }
  const file = url.replace(/^file:/, "");
  const db = new Database(path.isAbsolute(file) ? file : path.join(process.cwd(), file), { readonly: true });
  try {
    const tables = db.prepare("select name from sqlite_master where type = 'table'").all() as Array<{ name: string }>;
    return JSON.stringify(tables.flatMap(({ name }) => db.prepare(`select * from "${name}"`).all()));
  } finally {
    db.close();
  }
}

/** Rows of one query on the e2e server's database; `sql` uses $1, $2 … on both databases. */
export async function queryDatabase<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }
  const file = url.replace(/^file:/, "");
  const db = new Database(path.isAbsolute(file) ? file : path.join(process.cwd(), file), { readonly: true });
  try {
    return db.prepare(sql.replace(/\$\d+/g, "?")).all(...params) as T[];
  } finally {
    db.close();
  }
}

/**
 * One write on the e2e server's database ($1, $2 … on both; dates as each stores them). Test
 * arrangement only, for what the app must not let anyone do (age a session, say) or has no page
 * for yet. Answers how many rows it changed.
 */
export async function writeDatabase(sql: string, params: unknown[] = []): Promise<number> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rowCount ?? 0;
    } finally {
      await client.end();
    }
  }
  const file = url.replace(/^file:/, "");
  const db = new Database(path.isAbsolute(file) ? file : path.join(process.cwd(), file));
  try {
    db.pragma("busy_timeout = 5000");
    return db.prepare(sql.replace(/\$\d+/g, "?")).run(...params.map((p) => (p instanceof Date ? p.toISOString().replace("Z", "+00:00") : p))).changes;
  } finally {
    db.close();
  }
}

/**
 * Moves the account's sign-in (and any confirmation) an hour back, as if the person had signed
 * in long ago: what a stolen cookie would carry. The next sensitive action asks "Confirm it's you".
 */
export const ageSessions = (email: string) =>
  writeDatabase(`UPDATE "UserSession" SET "createdAt" = $1, "sudoUntil" = NULL WHERE "userId" = (SELECT id FROM "User" WHERE email = $2)`, [new Date(Date.now() - 3_600_000), email]);
