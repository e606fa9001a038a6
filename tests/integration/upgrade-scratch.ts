import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";

/**
 * A scratch database of its own for the upgrade test (upgrade-workspaces.test.ts), on the
 * provider the run's DATABASE_URL names: a temporary SQLite file, or a new database on the same
 * PostgreSQL server. It is brought to a past schema by the project's own migration script and
 * read and written with the plain driver, because the app's Prisma client only knows today's.
 */
const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");

export type Provider = "sqlite" | "postgresql";
export type Row = Record<string, unknown>;

/** One connection, with `?` placeholders and double-quoted names on both databases. */
export type Sql = {
  provider: Provider;
  all(text: string, params?: unknown[]): Promise<Row[]>;
  run(text: string, params?: unknown[]): Promise<void>;
  /** A DateTime as Prisma writes it: ISO text with +00:00 on SQLite, UTC timestamp(3) on PostgreSQL. */
  time(date: Date): unknown;
  bool(value: boolean): unknown;
  close(): Promise<void>;
};

export type Scratch = { provider: Provider; url: string; dir: string; connect(): Sql; drop(): Promise<void> };

export async function createScratchDatabase(): Promise<Scratch> {
  const runUrl = process.env.DATABASE_URL ?? "file:./prisma/dev.db";
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "latchkey-upgrade-"));
  if (!/^postgres(ql)?:\/\//.test(runUrl)) {
    const file = path.join(dir, "upgraded.db");
    return {
      provider: "sqlite",
      url: `file:${file}`,
      dir,
      connect: () => sqliteSql(file),
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `latchkey_upgrade_${randomBytes(6).toString("hex")}`;
  const url = new URL(runUrl);
  url.pathname = `/${name}`;
  await admin(runUrl, `CREATE DATABASE "${name}"`);
  return {
    provider: "postgresql",
    url: url.toString(),
    dir,
    connect: () => postgresSql(url.toString()),
    drop: async () => {
      await admin(runUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function admin(url: string, statement: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function sqliteSql(file: string): Sql {
  const handle = new Database(file);
  return {
    provider: "sqlite",
    all: async (text, params = []) => handle.prepare(text).all(...params) as Row[],
    run: async (text, params = []) => void handle.prepare(text).run(...params),
    time: (date) => date.toISOString().replace("Z", "+00:00"),
    bool: (value) => (value ? 1 : 0),
    close: async () => void handle.close(),
  };
}

function postgresSql(url: string): Sql {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const numbered = (text: string) => {
    let n = 0;
    return text.replace(/\?/g, () => `$${++n}`);
  };
  return {
    provider: "postgresql",
    all: async (text, params = []) => (await pool.query(numbered(text), params)).rows as Row[],
    run: async (text, params = []) => void (await pool.query(numbered(text), params)),
    // Without a zone, so the server keeps the UTC wall time whatever this machine's zone is.
    time: (date) => date.toISOString().replace("Z", ""),
    bool: (value) => value,
    close: () => pool.end(),
  };
}

const deployEnv = (url: string) => ({ ...process.env, DATABASE_URL: url });

/**
 * The database as an installation of the release before `migration` left it: the project's
 * migration script, run from a copy of the project whose migrations folder holds only the
 * earlier migrations, so they are applied and recorded in _prisma_migrations exactly as the
 * real deploys recorded them (db.mjs reads the migrations beside itself).
 */
export async function deployMigrationsBefore(scratch: Scratch, migration: string): Promise<string[]> {
  const project = path.join(scratch.dir, "previous-release");
  const migrations = path.join("prisma", "migrations", scratch.provider);
  fs.mkdirSync(path.join(project, "scripts"), { recursive: true });
  fs.mkdirSync(path.join(project, migrations), { recursive: true });
  fs.copyFileSync(path.join(root, "scripts", "db.mjs"), path.join(project, "scripts", "db.mjs"));
  fs.cpSync(path.join(root, "prisma", scratch.provider), path.join(project, "prisma", scratch.provider), { recursive: true });
  fs.symlinkSync(path.join(root, "node_modules"), path.join(project, "node_modules"), "dir");
  fs.copyFileSync(path.join(root, migrations, "migration_lock.toml"), path.join(project, migrations, "migration_lock.toml"));
  const earlier = fs
    .readdirSync(path.join(root, migrations), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name < migration)
    .map((entry) => entry.name);
  for (const name of earlier) fs.cpSync(path.join(root, migrations, name), path.join(project, migrations, name), { recursive: true });
  await run(process.execPath, ["scripts/db.mjs", "deploy"], { cwd: project, env: deployEnv(scratch.url), timeout: 60_000 });
  return earlier;
}

/** What `npm start` runs before serving: the real script on the real migrations folder. */
export async function deployAsOnStart(url: string): Promise<string> {
  const { stdout } = await run(process.execPath, ["scripts/db.mjs", "deploy"], { cwd: root, env: deployEnv(url), timeout: 60_000 });
  return stdout;
}

/** Every table but the migration log, with its columns (as the database reports them). */
export async function columnsByTable(sql: Sql): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  if (sql.provider === "sqlite") {
    const tables = await sql.all(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'`);
    for (const { name } of tables) out[String(name)] = (await sql.all(`SELECT name FROM pragma_table_info(?)`, [name])).map((c) => String(c.name));
    return out;
  }
  const columns = await sql.all(
    `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations' ORDER BY table_name, ordinal_position`,
  );
  for (const c of columns) (out[String(c.table_name)] ??= []).push(String(c.column_name));
  return out;
}

/** The rows of `table` in those columns, in a fixed order (by their JSON), to compare whole tables. */
export async function rowsOf(sql: Sql, table: string, columns: string[]): Promise<Row[]> {
  return sortRows(await sql.all(`SELECT ${columns.map((c) => `"${c}"`).join(", ")} FROM "${table}"`));
}

export function sortRows(rows: Row[]): Row[] {
  const keyed = rows.map((row) => [JSON.stringify(row), row] as const);
  return keyed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

export async function insert(sql: Sql, table: string, row: Row): Promise<void> {
  const names = Object.keys(row);
  await sql.run(`INSERT INTO "${table}" (${names.map((n) => `"${n}"`).join(", ")}) VALUES (${names.map(() => "?").join(", ")})`, Object.values(row));
}

/**
 * The shape of a single migration's upgrade test: before the file's tests, a scratch database
 * as the release before `migration` left it, `seed` writes that release's rows (with `now` in
 * its DateTime format), then the database is upgraded as `npm start` would; after them it is
 * dropped. The returned function gives the tests the open connection.
 */
export function upgradedFrom(migration: string, seed: (sql: Sql, now: unknown) => Promise<void>): () => Sql {
  let scratch: Scratch | undefined;
  let sql: Sql | undefined;
  beforeAll(async () => {
    scratch = await createScratchDatabase();
    await deployMigrationsBefore(scratch, migration);
    sql = scratch.connect();
    await seed(sql, sql.time(new Date()));
    await deployAsOnStart(scratch.url);
  }, 120_000);
  afterAll(async () => {
    await sql?.close();
    await scratch?.drop();
  });
  return () => sql!;
}
