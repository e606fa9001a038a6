import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReceiver } from "./receiver";
import { seedPreviousRelease, type SeededUser } from "./upgrade-fixture";
import { columnsByTable, createScratchDatabase, deployAsOnStart, deployMigrationsBefore, rowsOf, sortRows, type Row, type Scratch, type Sql } from "./upgrade-scratch";

/**
 * An installation made before workspaces upgrades by starting the new release: its deploy step
 * runs the migration "workspaces" on a database with rows in every table. Runs on the provider
 * of the run's DATABASE_URL, in a scratch database of its own (upgrade-scratch.ts).
 */
const WORKSPACES = "20261201204842_workspaces";
/** The only columns the migration may remove: the per-user key lock and a delivery's owner. */
const DROPPED: Record<string, string[]> = { User: ["keyLock"], WebhookDelivery: ["userId"] };
const OWNED = ["ApiKey", "AuditEvent", "Credential", "Webhook", "WebhookDelivery"];

const run = promisify(execFile);
const child = path.join(import.meta.dirname, "upgrade-child.ts");

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let scratch: Scratch;
let sql: Sql;
let users: SeededUser[];
let before: { columns: Record<string, string[]>; rows: Record<string, Row[]> };
let earlier: string[];
let deployed: string;

beforeAll(async () => {
  receiver = await startReceiver();
  scratch = await createScratchDatabase();
  earlier = await deployMigrationsBefore(scratch, WORKSPACES);
  sql = scratch.connect();
  users = await seedPreviousRelease(sql, receiver.url);
  const columns = await columnsByTable(sql);
  const rows: Record<string, Row[]> = {};
  for (const [table, names] of Object.entries(columns)) rows[table] = await rowsOf(sql, table, names);
  before = { columns, rows };
  deployed = await deployAsOnStart(scratch.url);
}, 120_000);

afterAll(async () => {
  await sql?.close();
  await scratch?.drop();
  await receiver?.close();
});

const byId = (rows: Row[]) => [...rows].sort((a, b) => String(a.id).localeCompare(String(b.id)));

describe("upgrading an installation to workspaces", () => {
  it("the previous release's database has rows in every table, and start-up's deploy applies the workspaces migration to it", async () => {
    expect(earlier.length).toBeGreaterThan(0);
    for (const [table, rows] of Object.entries(before.rows)) expect(rows.length, table).toBeGreaterThanOrEqual(users.length);
    expect(Object.keys(before.rows).sort()).toEqual(["ApiKey", "AuditEvent", "Credential", "KeyUsageDay", "User", "UserSession", "Webhook", "WebhookAttempt", "WebhookDelivery"]);
    expect(deployed).toMatch(new RegExp(`applied \\d+ migration\\(s\\): ${WORKSPACES}\\b`));
    const recorded = await sql.all(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`);
    expect(recorded.map((r) => r.migration_name).sort()).toEqual(expect.arrayContaining([...earlier, WORKSPACES]));
  });

  it("nothing is lost: every table keeps every row, every old column keeps its values, and only the two retired columns go", async () => {
    // Whole rows, so this covers each key's hash, permission, revocation and expiry, the sealed
    // secrets, the usage counts and the delivery log, not just that the counts match.
    const after = await columnsByTable(sql);
    for (const [table, columns] of Object.entries(before.columns)) {
      const kept = columns.filter((c) => !DROPPED[table]?.includes(c));
      expect(after[table], `columns of ${table}`).toEqual(expect.arrayContaining(kept));
      const expected = before.rows[table].map((row) => Object.fromEntries(kept.map((c) => [c, row[c]])));
      expect(await rowsOf(sql, table, kept), `rows of ${table}`).toEqual(sortRows(expected));
    }
    if (sql.provider === "sqlite") expect(await sql.all(`PRAGMA foreign_key_check`)).toEqual([]);
  });

  it("each user owns exactly one workspace, whose id and slug are the user's id, and nobody else is in it", async () => {
    expect(byId(await sql.all(`SELECT "id", "slug", "name" FROM "Workspace"`))).toEqual(byId(users.map((u) => ({ id: u.id, slug: u.id, name: `${u.name}'s workspace` }))));
    expect(byId(await sql.all(`SELECT "id", "workspaceId", "userId", "role" FROM "Membership"`))).toEqual(
      byId(users.map((u) => ({ id: `m${u.id}`, workspaceId: u.id, userId: u.id, role: "owner" }))),
    );
    expect(await sql.all(`SELECT "id" FROM "Invitation"`)).toEqual([]);
  });

  it("keys, credentials, webhooks, deliveries and log rows move into their owner's workspace", async () => {
    for (const table of OWNED) {
      const owners = byId(before.rows[table].map((row) => ({ id: row.id, workspaceId: row.userId })));
      expect(owners.length, table).toBeGreaterThanOrEqual(users.length);
      expect(byId(await sql.all(`SELECT "id", "workspaceId" FROM "${table}"`)), table).toEqual(owners);
    }
    // A key stays its owner's member key; the person who made it is its owner unless a key made it.
    expect(byId(await sql.all(`SELECT "id", "userId", "createdById", "revokedReason" FROM "ApiKey"`))).toEqual(
      byId(before.rows.ApiKey.map((k) => ({ id: k.id, userId: k.userId, createdById: k.createdByKeySid === null ? k.userId : null, revokedReason: null }))),
    );
    expect(users.every((u) => before.rows.ApiKey.some((k) => k.createdByKeySid === u.keys.active.sid))).toBe(true);
    // The log keeps who acted, by name and email as they were.
    const people = new Map(users.map((u) => [u.id, u]));
    expect(byId(await sql.all(`SELECT "id", "userId", "actorName", "actorEmail" FROM "AuditEvent"`))).toEqual(
      byId(before.rows.AuditEvent.map((e) => ({ id: e.id, userId: e.userId, actorName: people.get(String(e.userId))!.name, actorEmail: people.get(String(e.userId))!.email }))),
    );
  });

  it("the upgraded app verifies every existing key with its old secret and permission, as its owner in their workspace; revoked and expired keys stay refused", async () => {
    const { keys } = await upgradedApp();
    for (const [i, user] of users.entries()) {
      const [active, byKey, revoked, expired] = keys.slice(i * 4, i * 4 + 4);
      const as = { userId: user.id, workspaceId: user.id, role: "owner" };
      expect(active).toEqual({ sid: user.keys.active.sid, keyPermission: user.keys.active.permission, permission: user.keys.active.permission, ...as });
      expect(byKey).toEqual({ sid: user.keys.byKey.sid, keyPermission: "read", permission: "read", ...as });
      expect(revoked).toBeNull();
      expect(expired).toBeNull();
    }
    expect(users.map((u) => u.keys.active.permission)).toEqual(["read", "write"]);
  });

  it("a delivery queued before the upgrade is sent after it, signed with its webhook's secret and carrying its credential", async () => {
    await upgradedApp();
    for (const user of users) {
      const requests = receiver.received.filter((r) => r.url === user.webhookPath);
      expect(requests, user.name).toHaveLength(1);
      expect(requests[0].headers["webhook-id"]).toBe(user.pendingDeliveryId);
      expect(requests[0].headers.authorization).toBe(`Bearer ${user.credentialToken}`);
      expect(() => new StandardWebhook(user.signingSecret).verify(requests[0].body, requests[0].headers)).not.toThrow();
    }
    const pending = users.map((u) => u.pendingDeliveryId);
    const rows = await sql.all(`SELECT "id", "status", "attempts" FROM "WebhookDelivery" WHERE "id" IN (?, ?)`, pending);
    expect(byId(rows)).toEqual(byId(pending.map((id) => ({ id, status: "delivered", attempts: 1 }))));
  });
});

type Verified = { sid: string; keyPermission: string; permission: string; userId: string; workspaceId: string; role: string } | null;
let app: Promise<{ keys: Verified[] }> | undefined;

/** One run of the upgraded app on the migrated database (a child process: see upgrade-child.ts). */
function upgradedApp() {
  app ??= (async () => {
    const secrets = users.flatMap((u) => [u.keys.active, u.keys.byKey, u.keys.revoked, u.keys.expired].map((k) => k.secret));
    const input = JSON.stringify({ secrets, deliveryIds: users.map((u) => u.pendingDeliveryId) });
    const env = { ...process.env, DATABASE_URL: scratch.url, WEBHOOK_ALLOW_PRIVATE_NETWORKS: "true" };
    const { stdout } = await run(process.execPath, ["--import", "tsx", "--conditions=react-server", child, input], { env, timeout: 60_000 });
    return JSON.parse(stdout) as { keys: Verified[] };
  })();
  return app;
}
