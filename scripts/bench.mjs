#!/usr/bin/env node
// `npm run bench`: what API-key authentication costs, measured against the production build.
//
// Eight rows, each with the same autocannon load (BENCH_CONNECTIONS, default 50), measured in
// BENCH_ROUNDS rounds (default 7) of BENCH_SECONDS each (default 3), after a 2 s warm-up of
// every row. The rows alternate within each round, so a burst of load from a neighbour on this
// shared machine hits all rows alike; each row reports its median round, and each ratio is the
// median of the per-round ratios to the baseline measured seconds before it. Many short rounds
// rather than a few long ones: on this machine two back-to-back 8 s runs of the same route
// differed by up to 30%, so the median needs many ratios, each taken close together in time.
//
//   baseline     GET /api/health, no key (its database probe runs at most once a second)
//   member key   GET /api/v1/me with a key that exists and acts as the bench user, an Owner of
//                its workspace (a SHA-256 and the in-process cache, which holds the membership
//                and role with the key; read again in the background once per half
//                KEY_CACHE_TTL_MS)
//   service key  the same with a service key of the same workspace (userId null: no member)
//   unknown key  a well-formed key (valid checksum) that is not in the database: the first
//                check looks it up, the rest are refused from the cache (lib/dal/verify.ts)
//   bad checksum a valid key with one character changed: refused before any database work
//   5,000 keys   GET /api/v1/me with 5,000 distinct valid keys in turn. The other rows of a
//                round (3 s each by default) take longer than KEY_CACHE_TTL_MS (10 s), so
//                every round of this row starts
//                with all 5,000 uncached: most of its requests are cache misses, and its p99
//                against the one-key p99 says what a miss storm costs.
//   list, 10 / 10,000 keys   GET /api/v1/keys?q=billing with a Read service key of a workspace
//                holding 10 keys, and of one holding 10,000. Three keys of each have "billing"
//                in their name, so both answers are the same three keys: only the search differs.
//
// The targets are printed under the table. Issue 11, "floods cost little": unknown key >= 0.85
// of the baseline, and the 5,000-key p99 <= 3x the one-key p99. Issue 13, "no slower": member
// key / service key p50 and p99 <= 1.05, and the 10,000-key list p50 <= 1.05x the 10-key one.
// Each is the median of the per-round ratios, like the req/s ratios. The four rows of issue 13
// are then also timed without load, one request at a time (autocannon's latencies are whole
// milliseconds, coarse against a 5% target).
//
// Then what webhooks cost a key operation: BENCH_KEY_OPS create + revoke pairs through the
// API (default 60) with no webhook, then with 3 webhooks subscribed to both events whose
// receiver holds every request for 2 s. Events are stored in the operation's transaction and
// sent afterwards, so the second set should be about as fast as the first.
//
// Machines here are shared and noisy, so absolute numbers mean little; the ratios to the
// baseline, measured minutes apart on the same machine, are what to compare between runs.
//
// The database is fresh every run: a SQLite file in a temp dir by default, or a scratch
// PostgreSQL database with BENCH_DATABASE=postgresql (TEST_POSTGRES_URL or the local
// trust-auth server, as in npm test). It holds 101 users, each owning a workspace as sign-up
// makes one, the benchmark keys among ~10,000 others, and the two list workspaces: ~20,000
// keys, written directly with better-sqlite3 / pg in the app's formats (no TypeScript needed
// here).
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { crc32 } from "node:zlib";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import pg from "pg";
import { createScratchDatabase, dropDatabase } from "./lib/postgres.mjs";
import { ensureBuilt, root, run } from "./lib/setup.mjs";

const positiveInt = (name, fallback) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
};
const CONNECTIONS = positiveInt("BENCH_CONNECTIONS", 50);
const SECONDS = positiveInt("BENCH_SECONDS", 3);
const ROUNDS = positiveInt("BENCH_ROUNDS", 7);
const WARMUP_SECONDS = 2;
const OTHER_KEYS = 10_000;
const OTHER_USERS = 100;
const DATABASE = process.env.BENCH_DATABASE ?? "sqlite";
if (!["sqlite", "postgresql"].includes(DATABASE)) throw new Error("BENCH_DATABASE must be sqlite or postgresql");

// Fixed secrets for the server started here; never the developer's .env ones.
const KEY_PEPPER = "bench-key-pepper-0123456789abcdef0123456789abcdef";
const NEXTAUTH_SECRET = "bench-nextauth-secret-0123456789abcdef0123456789";
const ENCRYPTION_KEY = crypto.randomBytes(32);
const KEY_OPS = positiveInt("BENCH_KEY_OPS", 60);

// ---- keys, exactly as lib/keys/base62.ts, format.ts and hash.ts make them ----------------
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
function randomBase62(length) {
  let out = "";
  while (out.length < length) {
    for (const byte of crypto.randomBytes(length * 2)) {
      if (byte < 248) out += BASE62[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}
function encodeBase62(value, width) {
  let out = "";
  let rest = value;
  for (let i = 0; i < width; i++) {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out;
}
const checksumOf = (head) => encodeBase62(crc32(head), 6);
const isWellFormedKey = (key) => /^lk_[0-9A-Za-z]{38}$/.test(key) && checksumOf(key.slice(0, 35)) === key.slice(35);
function generateKey() {
  const head = "lk_" + randomBase62(32);
  return head + checksumOf(head);
}
const hashKey = (key) => crypto.createHmac("sha256", KEY_PEPPER).update(key, "utf8").digest("hex");
const newId = () => "bench" + randomBase62(20);

/** One character of the body changed: same shape, checksum no longer matches. */
function corrupt(key) {
  const at = 10;
  const replacement = BASE62[(BASE62.indexOf(key[at]) + 1) % 62];
  const bad = key.slice(0, at) + replacement + key.slice(at + 1);
  if (isWellFormedKey(bad)) throw new Error("corrupted key still passes its checksum"); // ~1 in 56 billion
  return bad;
}

// ---- database -----------------------------------------------------------------------------
const ROTATING_KEYS = 5_000;
/** The list rows: a workspace with 10 keys and one with 10,000, each searched for LIST_QUERY. */
const LIST_SIZES = [10, 10_000];
const LIST_QUERY = "billing";
/** Keys of each list workspace with LIST_QUERY in their name: a handful, so both answers are the same size. */
const LIST_MATCHES = 3;

/**
 * Users, workspaces, memberships and keys in the shapes the app writes (prisma/models.prisma):
 * every user owns one workspace, as sign-up makes it (lib/dal/workspaces.ts), and every key
 * belongs to a workspace. The bench user's workspace holds its member key (acting as the bench
 * user, an Owner) and a service key (userId null, acting as the workspace) side by side. The
 * bench user also owns the two list workspaces, each with a Read service key that searches it.
 */
function fixtureRows({ memberKey, serviceKey, listKeys }) {
  const now = new Date().toISOString();
  const workspaces = [];
  const memberships = [];
  const ownWorkspace = (user, name) => {
    const workspace = { id: newId(), slug: `bench-${workspaces.length}`, name };
    workspaces.push(workspace);
    memberships.push({ id: newId(), workspaceId: workspace.id, userId: user.id, role: "owner" });
    return workspace;
  };
  const benchUser = { id: newId(), name: "Bench User", email: "bench@latchkey.local" };
  const users = [benchUser];
  for (let i = 0; i < OTHER_USERS; i++) users.push({ id: newId(), name: `Other User ${i}`, email: `other-${i}@latchkey.local` });
  for (const user of users) user.workspaceId = ownWorkspace(user, `${user.name}’s workspace`).id;

  // userId: the member the key acts as, or null for a service key. createdById: who made it.
  const keyRow = ({ workspaceId, userId, createdById }, secret, name, permission = "read_write") => {
    const sid = "key_" + randomBase62(16);
    const prefix = secret.slice(0, 7);
    const searchText = [name, "", sid, prefix].join("\n").toLowerCase(); // lib/dal/keys.ts searchTextOf
    return { id: newId(), sid, workspaceId, userId, createdById, name, prefix, hash: hashKey(secret), permission, searchText };
  };
  const benchMember = { workspaceId: benchUser.workspaceId, userId: benchUser.id, createdById: benchUser.id };
  const keys = [keyRow(benchMember, memberKey, "Benchmark"), keyRow({ ...benchMember, userId: null }, serviceKey, "Benchmark service")];
  const rotating = []; // secrets of the first ROTATING_KEYS other keys, for the rotating row
  for (let i = 0; i < OTHER_KEYS; i++) {
    const secret = generateKey();
    if (rotating.length < ROTATING_KEYS) rotating.push(secret);
    const owner = users[i % users.length];
    keys.push(keyRow({ workspaceId: owner.workspaceId, userId: owner.id, createdById: owner.id }, secret, `Other key ${i}`));
  }

  // The list workspaces: their Read key, then size - 1 more, LIST_MATCHES of them spread
  // through the list with LIST_QUERY in their name.
  const listWorkspaces = LIST_SIZES.map((size, n) => {
    const workspace = ownWorkspace(benchUser, `List ${size.toLocaleString("en")}`);
    const service = { workspaceId: workspace.id, userId: null, createdById: benchUser.id };
    keys.push(keyRow(service, listKeys[n], "Lister", "read"));
    const step = Math.floor((size - 1) / LIST_MATCHES);
    for (let i = 0; i < size - 1; i++) {
      const name = i % step === 0 && i / step < LIST_MATCHES ? `Billing export ${i}` : `Service ${i}`;
      keys.push(keyRow(service, generateKey(), name));
    }
    return { ...workspace, size };
  });
  return { now, users, workspaces, memberships, keys, rotating, benchUser, listWorkspaces };
}

/** Each table's rows as column values; `stamp` is a timestamp as the driver stores it. */
function tableRows({ users, workspaces, memberships, keys }, stamp) {
  return [
    { table: "User", columns: ["id", "name", "email", "passwordHash", "createdAt", "updatedAt"], rows: users.map((u) => [u.id, u.name, u.email, "not-a-password-hash (nobody signs in)", stamp, stamp]) },
    { table: "Workspace", columns: ["id", "slug", "name", "createdAt", "updatedAt"], rows: workspaces.map((w) => [w.id, w.slug, w.name, stamp, stamp]) },
    { table: "Membership", columns: ["id", "workspaceId", "userId", "role", "createdAt"], rows: memberships.map((m) => [m.id, m.workspaceId, m.userId, m.role, stamp]) },
    {
      table: "ApiKey",
      columns: ["id", "sid", "workspaceId", "userId", "createdById", "name", "prefix", "hash", "createdAt", "permission", "searchText"],
      rows: keys.map((k) => [k.id, k.sid, k.workspaceId, k.userId, k.createdById, k.name, k.prefix, k.hash, stamp, k.permission, k.searchText]),
    },
  ];
}
const columnList = (columns) => columns.map((c) => `"${c}"`).join(", ");
// Prisma 7's better-sqlite3 adapter stores DateTime as ISO text with an explicit offset.
const sqliteStamp = (iso) => iso.replace(/Z$/, "+00:00");

function seedSqlite(file, fixtures) {
  const db = new Database(file);
  try {
    const tables = tableRows(fixtures, sqliteStamp(fixtures.now)).map(({ table, columns, rows }) => ({
      rows,
      insert: db.prepare(`INSERT INTO "${table}" (${columnList(columns)}) VALUES (${columns.map(() => "?").join(", ")})`),
    }));
    db.transaction(() => {
      for (const { insert, rows } of tables) for (const row of rows) insert.run(row);
    })();
  } finally {
    db.close();
  }
}

async function seedPostgres(url, fixtures) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const insertMany = async (table, columns, rows) => {
      for (let start = 0; start < rows.length; start += 1000) {
        const batch = rows.slice(start, start + 1000);
        const tuples = batch.map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(", ")})`);
        await client.query(`INSERT INTO "${table}" (${columnList(columns)}) VALUES ${tuples.join(", ")}`, batch.flat());
      }
    };
    // TIMESTAMP(3) without time zone holding UTC, as Prisma writes it: an ISO string's "Z" is ignored.
    await client.query("BEGIN");
    for (const { table, columns, rows } of tableRows(fixtures, fixtures.now)) await insertMany(table, columns, rows);
    await client.query("COMMIT");
    await client.query('ANALYZE "ApiKey"'); // as autovacuum would soon after a bulk load
    return (await client.query("SHOW server_version")).rows[0].server_version;
  } finally {
    await client.end();
  }
}

/**
 * Webhooks of the bench user's workspace, created by the bench user and sealed as
 * lib/dal/webhooks.ts seals them (AES-256-GCM, bound to the row and its creator: secretAad).
 */
async function insertWebhooks(databaseUrl, { workspaceId, userId }, url, count) {
  const rows = Array.from({ length: count }, (_, i) => {
    const id = newId();
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv("aes-256-gcm", ENCRYPTION_KEY, iv);
    cipher.setAAD(Buffer.from(`webhook:${id}:${userId}`));
    const body = Buffer.concat([cipher.update("whsec_" + crypto.randomBytes(32).toString("base64")), cipher.final()]);
    return [id, workspaceId, userId, `Bench hook ${i}`, url, "key.created,key.revoked", "b1", Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url"), "bnch"];
  });
  const columns = ["id", "workspaceId", "userId", "name", "url", "events", "secretKeyId", "secretSealed", "secretHint", "createdAt", "updatedAt"];
  const now = new Date().toISOString();
  if (databaseUrl.startsWith("file:")) {
    const db = new Database(databaseUrl.slice("file:".length));
    const insert = db.prepare(`INSERT INTO "Webhook" (${columnList(columns)}) VALUES (${columns.map(() => "?").join(", ")})`);
    for (const row of rows) insert.run([...row, sqliteStamp(now), sqliteStamp(now)]);
    db.close();
  } else {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    for (const row of rows) await client.query(`INSERT INTO "Webhook" (${columnList(columns)}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")})`, [...row, now, now]);
    await client.end();
  }
}

/** A receiver that answers every webhook after `delayMs`: the slow endpoint users have. */
async function slowReceiver(delayMs) {
  const { createServer } = await import("node:http");
  let received = 0;
  const server = createServer((req, res) => {
    req.resume();
    received++;
    setTimeout(() => res.writeHead(200).end("ok"), delayMs);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}/hook`, received: () => received, close: () => { server.closeAllConnections(); server.close(); } };
}

/** KEY_OPS create + revoke pairs through the API; the latency of each, in ms. */
async function keyOperations(server, key) {
  const create = [];
  const revoke = [];
  const headers = { authorization: `ApiKey ${key}`, "content-type": "application/json" };
  for (let i = 0; i < KEY_OPS; i++) {
    let t = performance.now();
    const created = await fetch(`${server.baseURL}/api/v1/keys`, { method: "POST", headers, body: JSON.stringify({ name: `Op ${i}`, description: "", expiry: "30", permission: "read" }) });
    if (created.status !== 201) throw new Error(`create: HTTP ${created.status} ${await created.text()}`);
    const { key: made } = await created.json();
    create.push(performance.now() - t);
    t = performance.now();
    const revoked = await fetch(`${server.baseURL}/api/v1/keys/${made.sid}/revoke`, { method: "POST", headers });
    if (revoked.status !== 200) throw new Error(`revoke: HTTP ${revoked.status}`);
    await revoked.arrayBuffer();
    revoke.push(performance.now() - t);
  }
  return { create: { p50: percentile(create, 0.5), p95: percentile(create, 0.95) }, revoke: { p50: percentile(revoke, 0.5), p95: percentile(revoke, 0.95) } };
}

// ---- server -------------------------------------------------------------------------------
const freePort = () =>
  new Promise((resolve, reject) => {
    const probe = net.createServer().once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function startServer(port, databaseUrl, logFile) {
  const baseURL = `http://127.0.0.1:${port}`;
  const log = fs.openSync(logFile, "w");
  // Spawned directly (no shell, no npx), so the pid we hold is the server's own. server.mjs
  // is the production server (Next's handler behind node:http), as `npm start` runs it.
  const child = spawn(process.execPath, ["server.mjs", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: root,
    stdio: ["ignore", log, log],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      NEXTAUTH_URL: baseURL,
      NEXTAUTH_SECRET,
      KEY_PEPPER,
      LAST_USED_FLUSH_MS: "60000", // the production default, whatever the caller's environment says
      // The bad-key rows measure the verification path. With the default budget (60 failed
      // checks per IP per minute) they would measure the throttle instead: 429s, no lookups.
      FAILED_AUTH_PER_MINUTE: "100000",
      ENCRYPTION_KEYS: `b1:${ENCRYPTION_KEY.toString("base64")}`,
      ENCRYPTION_KEY_ID: "b1",
      // The slow receiver for the key-operation rows listens on 127.0.0.1.
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: "true",
      // The bench user's workspace holds ~100 of the fixture keys; the create + revoke rows need room above them.
      MAX_ACTIVE_KEYS: "1000",
      // ...and the per-user creation budget (30 an hour by default) would stop those rows early.
      KEY_CREATES_PER_USER_PER_HOUR: "100000",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
  fs.closeSync(log);
  let exited = null;
  child.once("exit", (code, signal) => (exited = signal ?? code));
  return {
    baseURL,
    child,
    exited: () => exited,
    async ready(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (exited !== null) throw new Error(`the server exited (${exited}) before answering; see its log below`);
        try {
          if ((await fetch(`${baseURL}/api/health`)).ok) return;
        } catch {}
        await sleep(200);
      }
      throw new Error(`the server did not answer /api/health within ${timeoutMs / 1000} s`);
    },
    async stop() {
      if (exited !== null || child.exitCode !== null) return;
      const gone = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.exitCode === null && child.kill("SIGKILL"), 5000);
      await gone;
      clearTimeout(timer);
    },
  };
}

// ---- benchmark ----------------------------------------------------------------------------
/** Each request of a row with `rotate` carries the next of those keys, across all connections. */
function load(url, row, duration) {
  const options = { url, headers: row.headers, connections: CONNECTIONS, duration };
  if (row.rotate) {
    let next = 0;
    const keys = row.rotate;
    options.requests = [{ setupRequest: (request) => ({ ...request, headers: { ...request.headers, authorization: `ApiKey ${keys[next++ % keys.length]}` } }) }];
  }
  return autocannon(options);
}

async function measure(server, row) {
  const url = server.baseURL + row.path;
  const result = await load(url, row, SECONDS);
  const statuses = Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => `${code}×${count}`).join(" ");
  return {
    ...row,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    unexpected: result.requests.total - (result.statusCodeStats?.[row.expect]?.count ?? 0),
    errors: result.errors + result.timeouts,
    statuses,
  };
}

/** One request per row before any load: a wrong answer means the row would measure the wrong thing. */
async function checkRows(server, rows) {
  for (const row of rows) {
    const response = await fetch(server.baseURL + row.path, { headers: row.headers });
    const body = await response.text();
    if (response.status !== row.expect) {
      throw new Error(`${row.label}: expected HTTP ${row.expect}, got ${response.status}`);
    }
    const problem = row.check?.(JSON.parse(body));
    if (problem) throw new Error(`${row.label}: ${problem}`);
  }
}

const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];

/**
 * Two rows without load: `count` requests each, one at a time, taking turns (a first, then b
 * first, so neither always follows the other). The p50 of each in ms, timed here to the
 * microsecond (autocannon's latencies are whole milliseconds, coarse against a 5% target).
 */
async function oneAtATime(server, [a, b], count) {
  const times = new Map([[a, []], [b, []]]);
  for (let i = 0; i < count; i++) {
    for (const row of i % 2 ? [b, a] : [a, b]) {
      const t = performance.now();
      const response = await fetch(server.baseURL + row.path, { headers: row.headers });
      await response.arrayBuffer();
      times.get(row).push(performance.now() - t);
      if (response.status !== row.expect) throw new Error(`${row.label}: expected HTTP ${row.expect}, got ${response.status}`);
    }
  }
  return [percentile(times.get(a), 0.5), percentile(times.get(b), 0.5)];
}

function printTable(results) {
  const header = ["row", "expect", "req/s", "rounds", "p50 ms", "p99 ms", "non-2xx", "errors", "ratio", "status codes (median round)"];
  const lines = results.map((r) => [
    r.label,
    String(r.expect),
    r.rps.toFixed(0),
    r.spread,
    r.p50.toFixed(1),
    r.p99.toFixed(1),
    String(r.non2xx),
    String(r.errors),
    r.ratio.toFixed(2),
    r.statuses,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells) => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd();
  console.log(format(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const line of lines) console.log(format(line));
}

async function main() {
  console.log("=== build");
  ensureBuilt(); // rebuilds only when sources changed

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "latchkey-bench-"));
  // Outside tmp: kept when something went wrong, deleted after a clean run.
  const logFile = `${tmp}-server.log`;
  let keepLog = false;
  let scratch;
  let server;
  const stopServer = async () => {
    if (server) await server.stop();
  };
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => {
      void stopServer().finally(() => process.exit(130));
    });
  }
  try {
    console.log(`\n=== database (${DATABASE})`);
    let databaseUrl;
    let databaseLabel;
    if (DATABASE === "sqlite") {
      databaseUrl = `file:${path.join(tmp, "bench.db")}`;
      databaseLabel = `SQLite ${new Database(":memory:").prepare("select sqlite_version() v").get().v} (better-sqlite3, file)`;
    } else {
      scratch = await createScratchDatabase("bench");
      databaseUrl = scratch.url;
    }
    run(process.execPath, ["scripts/db.mjs", "deploy"], { env: { DATABASE_URL: databaseUrl } });

    const validKey = generateKey(); // the bench user's member key
    const serviceKey = generateKey(); // a service key of the same workspace
    const listKeys = LIST_SIZES.map(() => generateKey()); // a Read key in each list workspace
    const unknownKey = generateKey(); // well-formed, never stored
    const badKey = corrupt(validKey);
    const fixtures = fixtureRows({ memberKey: validKey, serviceKey, listKeys });
    const t0 = Date.now();
    if (DATABASE === "sqlite") seedSqlite(databaseUrl.slice("file:".length), fixtures);
    else databaseLabel = `PostgreSQL ${await seedPostgres(databaseUrl, fixtures)}`;
    console.log(`[bench] inserted ${fixtures.users.length} users, ${fixtures.workspaces.length} workspaces and ${fixtures.keys.length} keys (${Date.now() - t0} ms)`);

    console.log("\n=== server");
    server = startServer(await freePort(), databaseUrl, logFile);
    await server.ready();
    console.log(`[bench] server.mjs on ${server.baseURL} (pid ${server.child.pid})`);

    const auth = (key) => ({ authorization: `ApiKey ${key}` });
    const actsAs = (type) => (body) => (body.actsAs?.type === type ? null : `acts as ${JSON.stringify(body.actsAs)}, not ${type}`);
    // Both list rows answer the same LIST_MATCHES keys: what differs is only how many they were found among.
    const listed = (body) => (body.keys?.length === LIST_MATCHES ? null : `listed ${body.keys?.length} keys, not ${LIST_MATCHES}`);
    const rows = [
      { label: "baseline: GET /api/health", path: "/api/health", headers: {}, expect: 200 },
      { id: "one key", label: "member key: GET /api/v1/me", path: "/api/v1/me", headers: auth(validKey), expect: 200, check: actsAs("member") },
      { id: "service", label: "service key: GET /api/v1/me", path: "/api/v1/me", headers: auth(serviceKey), expect: 200, check: actsAs("workspace") },
      { id: "unknown", label: "unknown key (well-formed, not stored)", path: "/api/v1/me", headers: auth(unknownKey), expect: 401 },
      { label: "bad checksum: GET /api/v1/me", path: "/api/v1/me", headers: auth(badKey), expect: 401 },
      { id: "rotating", label: `${ROTATING_KEYS.toLocaleString("en")} valid keys rotating`, path: "/api/v1/me", headers: auth(fixtures.rotating[0]), rotate: fixtures.rotating, expect: 200 },
      ...fixtures.listWorkspaces.map((workspace, n) => ({
        id: `list ${n}`,
        label: `${workspace.size.toLocaleString("en")} keys: GET /api/v1/keys?q=${LIST_QUERY}`,
        path: `/api/v1/keys?q=${LIST_QUERY}`,
        headers: auth(listKeys[n]),
        expect: 200,
        check: listed,
      })),
    ];
    const [oneKey, serviceRow, unknownRow, rotatingRow, smallList, largeList] = ["one key", "service", "unknown", "rotating", "list 0", "list 1"].map((id) =>
      rows.findIndex((row) => row.id === id),
    );
    await checkRows(server, rows);

    console.log(`\n=== load: ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s per row, after a ${WARMUP_SECONDS} s warm-up of each`);
    for (const row of rows) await load(server.baseURL + row.path, row, WARMUP_SECONDS);
    const rounds = [];
    for (let round = 1; round <= ROUNDS; round++) {
      process.stdout.write(`[bench] round ${round} of ${ROUNDS}…\n`);
      const measured = [];
      for (const row of rows) measured.push(await measure(server, row));
      rounds.push(measured);
    }
    const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const results = rows.map((row, i) => {
      const runs = rounds.map((r) => r[i]);
      const mid = [...runs].sort((a, b) => a.rps - b.rps)[Math.floor(runs.length / 2)];
      return {
        ...mid,
        ratio: median(rounds.map((r) => r[i].rps / r[0].rps)),
        spread: `${Math.min(...runs.map((r) => r.rps)).toFixed(0)}-${Math.max(...runs.map((r) => r.rps)).toFixed(0)}`,
        non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
        unexpected: runs.reduce((n, r) => n + r.unexpected, 0),
        errors: runs.reduce((n, r) => n + r.errors, 0),
      };
    });
    if (server.exited() !== null) throw new Error(`the server exited (${server.exited()}) during the run`);

    console.log("\n=== results");
    printTable(results);
    const cpu = os.cpus()[0]?.model?.trim() ?? "unknown CPU";
    console.log(`\nmachine: ${cpu}, ${os.availableParallelism?.() ?? os.cpus().length} cores, node ${process.version}, ${databaseLabel}`);
    for (const r of results.filter((r) => r.unexpected > 0 || r.errors > 0)) {
      console.log(`WARNING: ${r.label}: ${r.unexpected} response(s) other than ${r.expect}, ${r.errors} connection error(s)/timeout(s)`);
    }
    const serverErrors = fs.readFileSync(logFile, "utf8").split("\n").filter((l) => /error|warn/i.test(l));
    if (serverErrors.length) {
      keepLog = true;
      console.log(`WARNING: ${serverErrors.length} error/warning line(s) in the server log (${logFile}), first: ${serverErrors[0]}`);
    }
    console.log(`auth/baseline ratio: ${results[oneKey].ratio.toFixed(2)} (median of ${ROUNDS} rounds; target >= 0.90)`);
    const unknownRatio = results[unknownRow].ratio;
    const p99Ratio = median(rounds.map((r) => r[rotatingRow].p99 / r[oneKey].p99));
    const verdict = (ok) => (ok ? "met" : "MISSED");
    console.log(`unknown key / baseline req/s: ${unknownRatio.toFixed(2)} (median of ${ROUNDS} rounds; target >= 0.85: ${verdict(unknownRatio >= 0.85)})`);
    console.log(`${rows[rotatingRow].label} / one key, p99: ${p99Ratio.toFixed(2)}x (median of ${ROUNDS} per-round ratios; target <= 3x: ${verdict(p99Ratio <= 3)})`);

    // Issue 13, "no slower": a member key (its membership and role cached with it) costs what a
    // service key costs, and a search costs the same among 10,000 keys as among 10.
    const roundRatio = (a, b, field) => median(rounds.map((r) => r[a][field] / r[b][field]));
    const within5 = (ratio) => `${ratio.toFixed(3)} (target <= 1.05: ${verdict(ratio <= 1.05)})`;
    const [memberAlone, serviceAlone] = await oneAtATime(server, [rows[oneKey], rows[serviceRow]], 400);
    const [largeAlone, smallAlone] = await oneAtATime(server, [rows[largeList], rows[smallList]], 400);
    console.log(`member key / service key: p50 ${within5(roundRatio(oneKey, serviceRow, "p50"))}, p99 ${within5(roundRatio(oneKey, serviceRow, "p99"))}, req/s ${roundRatio(oneKey, serviceRow, "rps").toFixed(2)} (medians of ${ROUNDS} per-round ratios)`);
    console.log(`  one request at a time (400 each, taking turns): p50 ${memberAlone.toFixed(2)} / ${serviceAlone.toFixed(2)} ms = ${within5(memberAlone / serviceAlone)}`);
    const [small, large] = [results[smallList], results[largeList]];
    console.log(`GET /api/v1/keys?q=${LIST_QUERY}, ${LIST_SIZES[1].toLocaleString("en")} keys / ${LIST_SIZES[0]} keys: p50 ${large.p50.toFixed(1)} / ${small.p50.toFixed(1)} ms (median rounds), ratio ${within5(roundRatio(largeList, smallList, "p50"))}; req/s ${roundRatio(largeList, smallList, "rps").toFixed(2)} (medians of ${ROUNDS} per-round ratios)`);
    console.log(`  one request at a time (400 each, taking turns): p50 ${largeAlone.toFixed(2)} / ${smallAlone.toFixed(2)} ms = ${within5(largeAlone / smallAlone)}`);

    console.log(`\n=== key operations: ${KEY_OPS} create + revoke pairs through the API, one at a time`);
    await keyOperations(server, validKey); // warm-up
    const without = await keyOperations(server, validKey);
    const receiver = await slowReceiver(2000);
    await insertWebhooks(databaseUrl, { workspaceId: fixtures.benchUser.workspaceId, userId: fixtures.benchUser.id }, receiver.url, 3);
    const withHooks = await keyOperations(server, validKey);
    const sent = receiver.received();
    receiver.close();
    const opRow = (label, a, b) => console.log(`${label.padEnd(8)} p50 ${a.p50.toFixed(1)} -> ${b.p50.toFixed(1)} ms (ratio ${(b.p50 / a.p50).toFixed(2)}), p95 ${a.p95.toFixed(1)} -> ${b.p95.toFixed(1)} ms`);
    console.log("without webhooks -> with 3 webhooks on a receiver that takes 2 s to answer:");
    opRow("create", without.create, withHooks.create);
    opRow("revoke", without.revoke, withHooks.revoke);
    console.log(`(${KEY_OPS * 6} deliveries queued; ${sent} had reached the receiver when the operations finished)`);
  } catch (error) {
    keepLog = true;
    if (fs.existsSync(logFile)) {
      const tail = fs.readFileSync(logFile, "utf8").split("\n").slice(-40).join("\n");
      if (tail.trim()) console.error(`\n--- server log (last 40 lines of ${logFile})\n${tail}`);
    }
    throw error;
  } finally {
    await stopServer();
    if (scratch) await dropDatabase(scratch.name).catch((e) => console.error(`[bench] could not drop ${scratch.name}: ${e.message}`));
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!keepLog) fs.rmSync(logFile, { force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`\nFAILED: ${error.message}`);
    process.exit(1);
  },
);
