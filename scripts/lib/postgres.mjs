// Helpers for scripts that need a scratch PostgreSQL database (tests, checks).
import crypto from "node:crypto";
import pg from "pg";

/** The server tests use: TEST_POSTGRES_URL, or the machine's local trust-auth server. */
export const postgresUrl = (database = "postgres") => {
  const url = new URL(process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
  url.pathname = `/${database}`;
  return url.toString();
};

export async function postgresReachable() {
  const client = new pg.Client({ connectionString: postgresUrl(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function admin(sql) {
  const client = new pg.Client({ connectionString: postgresUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates an empty database with a unique name and returns its URL. */
export async function createScratchDatabase(label) {
  const name = `latchkey_${label}_${crypto.randomBytes(4).toString("hex")}`;
  await admin(`CREATE DATABASE "${name}"`);
  return { name, url: postgresUrl(name) };
}

export async function dropDatabase(name) {
  await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}
