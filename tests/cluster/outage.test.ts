import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client as PgClient } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKey } from "@/lib/keys/format";
import { freePort, sleep, startInstance, until, type Instance } from "./server";

// PostgreSQL stopped under load and started again, on a throwaway cluster this test makes
// itself (initdb into a temporary folder, a free port), never the machine's own server.
// The instance caches verified keys for KEY_CACHE_TTL_MS = 3 s: that is the stated bound on
// what it may still accept while it cannot reach the database.
const CACHE_TTL_MS = 3_000;

const pgBin = (name: string) => {
  const versions = fs.existsSync("/usr/lib/postgresql") ? fs.readdirSync("/usr/lib/postgresql").sort((x, y) => Number(y) - Number(x)) : [];
  for (const version of versions) {
    const candidate = path.join("/usr/lib/postgresql", version, "bin", name);
    if (fs.existsSync(candidate)) return candidate;
  }
  return name; // on PATH
};

// initdb and postgres refuse to run as root: as root, run them as the postgres user.
const asRoot = process.getuid?.() === 0;
function pg(name: string, args: string[]) {
  const [command, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", pgBin(name), ...args]] : [pgBin(name), args];
  return execFileSync(command, argv, { stdio: "pipe", timeout: 60_000 }).toString();
}

let dir: string;
let port: number;
let app: Instance;
let databaseUrl: string;
const secrets: { cached: string; fresh: string; other: string } = { cached: "", fresh: "", other: "" };

const startPostgres = () =>
  pg("pg_ctl", ["-D", path.join(dir, "data"), "-l", path.join(dir, "log"), "-w", "-t", "30", "-o", `-p ${port} -k ${dir} -h 127.0.0.1`, "start"]);
const stopPostgres = () => pg("pg_ctl", ["-D", path.join(dir, "data"), "-m", "fast", "-w", "-t", "30", "stop"]);

const me = (secret: string) => fetch(`${app.url}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "latchkey-outage-"));
  fs.chmodSync(dir, 0o755);
  if (asRoot) execFileSync("chown", ["postgres:postgres", dir]);
  port = await freePort();
  pg("initdb", ["-D", path.join(dir, "data"), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"]);
  startPostgres();
  pg("createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "latchkey"]);
  databaseUrl = `postgresql://postgres@127.0.0.1:${port}/latchkey`;
  const root = path.resolve(import.meta.dirname, "../..");
  execFileSync(process.execPath, [path.join(root, "scripts/db.mjs"), "deploy"], { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: "pipe" });

  // Seed through the data layer, in this process, on the throwaway database.
  process.env.DATABASE_URL = databaseUrl;
  delete process.env.REDIS_URL; // this test is about the database; limits stay in memory
  const { makeKey, makeViewer } = await import("@/tests/integration/fixtures");
  const viewer = await makeViewer("Outage");
  secrets.cached = (await makeKey(viewer, { name: "verified before" })).secret;
  secrets.fresh = (await makeKey(viewer, { name: "never verified" })).secret;
  secrets.other = (await makeKey(viewer, { name: "verified after" })).secret;
  const { db } = await import("@/lib/db");
  await db().$disconnect();

  app = await startInstance({ DATABASE_URL: databaseUrl, KEY_CACHE_TTL_MS: String(CACHE_TTL_MS), FAILED_AUTH_PER_MINUTE: "100000", LAST_USED_FLUSH_MS: "500", WEBHOOK_POLL_MS: "500" });
}, 180_000);

afterAll(async () => {
  await app?.stop();
  if (dir) {
    try {
      stopPostgres();
    } catch {
      // already stopped
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe("with PostgreSQL stopped during load, the app fails closed and recovers by itself", () => {
  it("answers generic 503s, accepts only keys cached within the bound, and serves again within seconds of PostgreSQL returning", async () => {
    expect((await me(secrets.cached)).status).toBe(200);
    const warmedAt = Date.now();
    expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
    expect((await fetch(`${app.url}/sign-in`)).status).toBe(200);

    // Load: three clients keep calling while the database goes away.
    // `at` is when a request was sent: the instance decides when it receives it, and on a loaded
    // machine the answer (and reading its body) can arrive well after that.
    type Seen = { at: number; status: number; body: string; what: string };
    const seen: Seen[] = [];
    let loading = true;
    const client = async (what: string, request: () => Promise<Response>) => {
      while (loading) {
        const sentAt = Date.now();
        const response = await request().catch(() => null);
        seen.push({ at: sentAt, status: response?.status ?? 0, body: response ? await response.text() : "", what });
        await sleep(25);
      }
    };
    const load = [
      client("cached key", () => me(secrets.cached)),
      client("page", () => fetch(`${app.url}/sign-in`)),
      client("browser page", () => fetch(`${app.url}/settings/api-keys`, { headers: { accept: "text/html" }, redirect: "manual" })),
      client("health", () => fetch(`${app.url}/api/health`)),
    ];

    await sleep(300);
    const stoppedAt = Date.now();
    stopPostgres();
    // The last moment a verification could have read the key: a refresh-ahead (after half the
    // TTL) may have read it after warmedAt if setting up the load took that long, as it does on
    // a loaded machine. pg_ctl -w returns once the server is down.
    const lastRead = Math.max(warmedAt, Date.now());
    // Keys this instance has not verified before (one that does not exist, but is well formed
    // with a valid checksum): it cannot verify them now.
    const unknown = generateKey();
    load.push(client("fresh key", () => me(secrets.fresh)), client("unknown key", () => me(unknown)));
    await sleep(CACHE_TTL_MS + 1_500);
    const outageEnd = Date.now();

    startPostgres();
    let last = "";
    const recoveryMs = await until(async () => {
      const response = await me(secrets.other);
      last = `${response.status} ${await response.text()}`;
      return response.status === 200;
    }, 15_000, 100).catch((error: Error) => {
      throw new Error(`${error.message}; last answer: ${last}\n--- server output ---\n${app.output().slice(-4_000)}`);
    });
    loading = false;
    await Promise.all(load);
    console.log(`[cluster] after PostgreSQL came back, a never-verified key was accepted within ${recoveryMs} ms (no restart)`);

    const during = seen.filter((s) => s.at > stoppedAt + 200 && s.at < outageEnd);
    expect(during.length).toBeGreaterThan(50);
    // Never a 500 or a dropped connection, at any point.
    expect(seen.filter((s) => s.status === 0 || s.status >= 500 && s.status !== 503)).toEqual([]);
    // Nothing it could not verify: the fresh and unknown keys never pass, and are never told "invalid".
    for (const what of ["fresh key", "unknown key"]) {
      const statuses = new Set(during.filter((s) => s.what === what).map((s) => s.status));
      expect(statuses, what).toEqual(new Set([503]));
    }
    // The cached key passes only within the cache bound of its last verification.
    const cachedPasses = during.filter((s) => s.what === "cached key" && s.status === 200);
    for (const pass of cachedPasses) expect(pass.at - lastRead).toBeLessThanOrEqual(CACHE_TTL_MS + 100);
    expect(during.filter((s) => s.what === "cached key" && s.at > lastRead + CACHE_TTL_MS + 200).every((s) => s.status === 503)).toBe(true);
    // The 503s are generic: no driver message, address or stack.
    const apiOutage = during.find((s) => s.what === "fresh key")!;
    expect(JSON.parse(apiOutage.body)).toEqual({ error: { code: "service_unavailable", message: expect.any(String) } });
    for (const s of during) expect(s.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|prisma|postgres|at \w+ \(/i);
    // Pages and /api/health say so too.
    const late = during.filter((s) => s.at > stoppedAt + 1_500);
    expect(new Set(late.filter((s) => s.what === "page").map((s) => s.status))).toEqual(new Set([503]));
    const browser = late.filter((s) => s.what === "browser page");
    expect(new Set(browser.map((s) => s.status))).toEqual(new Set([503]));
    expect(browser[0].body).toContain("Temporarily unavailable");
    expect(browser[0].body).not.toContain("<script");
    const health = late.filter((s) => s.what === "health");
    expect(new Set(health.map((s) => s.status))).toEqual(new Set([503]));
    expect(JSON.parse(health.at(-1)!.body)).toMatchObject({ ok: false, database: "unavailable" });

    // Back to normal, same process.
    expect(recoveryMs).toBeLessThan(10_000);
    expect(app.alive()).toBe(true);
    expect((await me(secrets.fresh)).status).toBe(200);
    expect((await me(secrets.cached)).status).toBe(200);
    // Pages and /api/health share one probe, at most a second old.
    await until(async () => (await fetch(`${app.url}/sign-in`)).status === 200, 2_000, 100);
    const healthy = await fetch(`${app.url}/api/health`);
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toMatchObject({ ok: true, database: "ok" });

    // The instance's LISTEN connection came back too: a change announced now still reaches its
    // cache (3 s TTL) well within a second.
    const cachedAgain = secrets.other;
    expect((await me(cachedAgain)).status).toBe(200);
    const direct = new PgClient({ connectionString: databaseUrl });
    await direct.connect();
    try {
      const sid = (await direct.query(`UPDATE "ApiKey" SET "revokedAt" = now() WHERE name = 'verified after' RETURNING sid`)).rows[0].sid as string;
      await direct.query("SELECT pg_notify('latchkey_key_changes', $1)", [sid]);
    } finally {
      await direct.end();
    }
    const heardMs = await until(async () => (await me(cachedAgain)).status === 401, 1_000, 20);
    console.log(`[cluster] after the outage, a revocation was heard in ${heardMs} ms`);
  }, 120_000);
});
