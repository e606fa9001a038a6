import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCredential, deleteCredential } from "@/lib/dal/credentials";
import { acceptInvitation, createInvitation } from "@/lib/dal/invitations";
import { createKey, rollKey } from "@/lib/dal/key-changes";
import { workspaceLimits, workspaceQuota } from "@/lib/dal/plans";
import { setWorkspaceOverrides, setWorkspacePlan, workspaceUsage } from "@/lib/dal/plans-admin";
import { createWebhook } from "@/lib/dal/webhooks";
import { db, usingPostgres } from "@/lib/db";
import { lockWorkspace } from "@/lib/dal/workspace-lock";
import { parseCreateKey } from "@/lib/validation/keys";
import { webhookSchema } from "@/lib/validation/webhooks";
import type { Viewer } from "@/lib/viewer";
import { POST as createKeyRoute } from "@/app/api/v1/keys/route";
import { makeViewer } from "./fixtures";
import { makeUser, testEmail } from "./team-fixtures";

// Plans (issue 15, item 5). The MAX_* values are the default plan's; the workspaces here are
// moved to the seeded Lite plan (20 keys, 5 credentials, 5 webhooks, 5 members) or given
// overrides, as an instance admin would.
process.env.MAX_ACTIVE_KEYS = "6";
process.env.MAX_CREDENTIALS = "7";
process.env.MAX_WEBHOOKS = "8";
process.env.KEY_CREATES_PER_USER_PER_HOUR = "10000";
process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS = "true";

// The instance admin is a person with an account (the caller checked LATCHKEY_ADMIN_EMAILS).
let admin: { id: string; name: string; email: string; ip: null };
beforeAll(async () => {
  const user = await makeUser("Instance Admin");
  admin = { id: user.id, name: user.name, email: user.email, ip: null };
});
afterAll(() => db().$disconnect());
const keyInput = (name: string) => {
  const parsed = parseCreateKey({ name, description: "", expiry: "30", permission: "read_write" });
  if (!parsed.ok) throw new Error("bad key input");
  return parsed.data;
};
const hookInput = (name: string) => webhookSchema.parse({ name, url: "http://127.0.0.1:9/hook", events: ["key.created"], credentialId: "none" });
const thirty = <T,>(make: (i: number) => Promise<T>) => Promise.all(Array.from({ length: 30 }, (_, i) => make(i)));
const okCount = (results: Array<{ ok: boolean }>) => results.filter((r) => r.ok).length;
const refusedAtLimit = (results: Array<{ ok: boolean; reason?: string }>) => results.filter((r) => !r.ok && r.reason === "limit_reached").length;

async function onPlan(planId: string): Promise<Viewer> {
  const viewer = await makeViewer();
  expect(await setWorkspacePlan(admin, viewer.workspace.id, planId)).toMatchObject({ ok: true });
  return viewer;
}

describe("plan limits hold under 30 parallel creates (Lite: 20 keys, 5 credentials, 5 webhooks, 5 members)", () => {
  it("keys: exactly 20 of 30", async () => {
    const viewer = await onPlan("lite");
    const results = await thirty((i) => createKey(viewer, keyInput(`k${i}`)));
    expect([okCount(results), refusedAtLimit(results)]).toEqual([20, 10]);
    expect(await db().apiKey.count({ where: { workspaceId: viewer.workspace.id } })).toBe(20);
  });

  it("credentials: exactly 5 of 30", async () => {
    const viewer = await onPlan("lite");
    const results = await thirty((i) => createCredential(viewer, { name: `c${i}`, type: "bearer", hosts: ["api.example.test"], token: `token-${i}-abcdefgh` }));
    expect([okCount(results), refusedAtLimit(results)]).toEqual([5, 25]);
  });

  it("webhooks: exactly 5 of 30", async () => {
    const viewer = await onPlan("lite");
    const results = await thirty((i) => createWebhook(viewer, hookInput(`h${i}`)));
    expect([okCount(results), refusedAtLimit(results)]).toEqual([5, 25]);
  });

  it("invitations: the Owner and exactly 4 pending invitations of 30 (pending ones hold a place)", async () => {
    const viewer = await onPlan("lite");
    const results = await thirty((i) => createInvitation(viewer, { email: testEmail(`inv${i}`), role: "member" }));
    expect([okCount(results), refusedAtLimit(results)]).toEqual([4, 26]);
    expect((await workspaceQuota(viewer)).members).toMatchObject({ used: 5, limit: 5, full: true, over: false });
    // Inviting the same address again replaces its invitation: it needs no new place.
    const again = results.find((r) => r.ok);
    if (!again?.ok) throw new Error("no invitation");
    expect(await createInvitation(viewer, { email: again.invitation.email, role: "viewer" })).toMatchObject({ ok: true });
  });

  it("accepting: 30 invited people accept at once after the limit was lowered to 3; exactly 2 join", async () => {
    const viewer = await onPlan("agency");
    const people = await Promise.all(Array.from({ length: 30 }, () => makeUser("Joiner")));
    const links: string[] = [];
    for (const person of people) {
      const invited = await createInvitation(viewer, { email: person.email, role: "member" });
      if (!invited.ok) throw new Error(invited.reason);
      links.push(invited.token);
    }
    expect(await setWorkspaceOverrides(admin, viewer.workspace.id, { members: 3 })).toMatchObject({ ok: true });
    const results = await Promise.all(people.map((person, i) => acceptInvitation(person, links[i]!)));
    expect([okCount(results), refusedAtLimit(results)]).toEqual([2, 28]);
    expect(await db().membership.count({ where: { workspaceId: viewer.workspace.id } })).toBe(3);
    // A refused link still works once there is room.
    const waiting = people.findIndex((_, i) => !results[i]!.ok);
    expect(await setWorkspaceOverrides(admin, viewer.workspace.id, { members: 4 })).toMatchObject({ ok: true });
    expect(await acceptInvitation(people[waiting]!, links[waiting]!)).toMatchObject({ ok: true });
  });

  it("creates in two workspaces do not take each other's places", async () => {
    const [a, b] = await Promise.all([onPlan("lite"), onPlan("lite")]);
    const results = await Promise.all([
      thirty((i) => createCredential(a, { name: `a${i}`, type: "bearer", hosts: ["api.example.test"], token: `token-a-${i}-abcdefgh` })),
      thirty((i) => createCredential(b, { name: `b${i}`, type: "bearer", hosts: ["api.example.test"], token: `token-b-${i}-abcdefgh` })),
    ]);
    expect(results.map(okCount)).toEqual([5, 5]);
  });
});

describe("two workspaces never wait for each other (PostgreSQL row lock)", () => {
  it.runIf(usingPostgres())("a create in B finishes while A's lock is held; A's waits for it", async () => {
    const [a, b] = await Promise.all([onPlan("lite"), onPlan("lite")]);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = db().$transaction(async (tx) => {
      await lockWorkspace(tx, a.workspace);
      locked();
      await held;
    }, { timeout: 20_000 });
    await isLocked;
    let aDone = false;
    const inA = createCredential(a, { name: "waits", type: "bearer", token: "token-waits-abcdefgh" , hosts: ["api.example.test"] }).then((r) => ((aDone = true), r));
    expect((await createCredential(b, { name: "free", type: "bearer", token: "token-free-abcdefgh" , hosts: ["api.example.test"] })).ok).toBe(true);
    expect(aDone).toBe(false);
    release();
    await holder;
    expect((await inA).ok).toBe(true);
  });
});

describe("lowering a plan below usage revokes and deletes nothing; it only blocks new items", () => {
  it("7 keys and 4 credentials on Default, then Starter (5 keys, 1 credential)", async () => {
    const viewer = await makeViewer();
    const keys = [];
    for (let i = 0; i < 6; i++) {
      const made = await createKey(viewer, keyInput(`keep ${i}`));
      if (!made.ok) throw new Error(made.reason);
      keys.push(made);
    }
    await setWorkspaceOverrides(admin, viewer.workspace.id, { keys: 7 });
    expect((await createKey(viewer, keyInput("seventh"))).ok).toBe(true);
    for (let i = 0; i < 4; i++) expect((await createCredential(viewer, { name: `c${i}`, type: "bearer", hosts: ["api.example.test"], token: `token-${i}-abcdefgh` })).ok).toBe(true);
    await setWorkspaceOverrides(admin, viewer.workspace.id, { keys: null });

    const moved = await setWorkspacePlan(admin, viewer.workspace.id, "starter");
    expect(moved).toMatchObject({ ok: true, usage: { planName: "Starter", keys: { used: 7, limit: 5, over: true }, credentials: { used: 4, limit: 1, over: true } } });
    // Nothing was revoked or deleted.
    expect(await db().apiKey.count({ where: { workspaceId: viewer.workspace.id, revokedAt: null } })).toBe(7);
    expect(await db().credential.count({ where: { workspaceId: viewer.workspace.id } })).toBe(4);
    // New ones are refused, by the DAL and by the API with the plan's advice.
    expect(await createKey(viewer, keyInput("eighth"))).toEqual({ ok: false, reason: "limit_reached" });
    expect(await createCredential(viewer, { name: "fifth", type: "bearer", token: "token-fifth-abcdefgh" , hosts: ["api.example.test"] })).toEqual({ ok: false, reason: "limit_reached" });
    const response = await createKeyRoute(
      new Request("http://localhost/api/v1/keys", { method: "POST", headers: { authorization: `Bearer ${keys[0]!.secret}`, "content-type": "application/json" }, body: JSON.stringify({ name: "via api", expiry: "7" }) }),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(409);
    expect((await response.json()).error.message).toBe("This workspace has reached its limit of 5 active keys (Starter plan). Delete an unused one, or ask your administrator for a larger plan.");
    // A roll with a grace period would add a key: refused. "Now" swaps one for one: allowed.
    expect(await rollKey(viewer, keys[1]!.key.sid, "1h")).toMatchObject({ ok: false, reason: "limit_reached" });
    expect(await rollKey(viewer, keys[1]!.key.sid, "now")).toMatchObject({ ok: true });
    const quota = await workspaceQuota(viewer);
    expect(quota.keys).toEqual({ used: 7, limit: 5, planName: "Starter", full: true, over: true });
    // Deleting down to the limit is not enough to add: below it is.
    const credentials = await db().credential.findMany({ where: { workspaceId: viewer.workspace.id }, select: { id: true } });
    for (const c of credentials.slice(0, 3)) expect(await deleteCredential(viewer, c.id, { acknowledged: [] })).toEqual({ ok: true });
    expect(await createCredential(viewer, { name: "again", type: "bearer", token: "token-again-abcdefgh" , hosts: ["api.example.test"] })).toEqual({ ok: false, reason: "limit_reached" });
    await deleteCredential(viewer, credentials[3]!.id, { acknowledged: [] });
    expect((await createCredential(viewer, { name: "again", type: "bearer", token: "token-again-abcdefgh" , hosts: ["api.example.test"] })).ok).toBe(true);
  });
});

describe("where the limits come from", () => {
  it("the default plan takes MAX_ACTIVE_KEYS, MAX_CREDENTIALS and MAX_WEBHOOKS; members unlimited", async () => {
    const viewer = await makeViewer();
    expect(await workspaceLimits(viewer.workspace.id)).toMatchObject({ planId: "default", planName: "Default", limits: { keys: 6, credentials: 7, webhooks: 8, members: null } });
    const results = await thirty((i) => createWebhook(viewer, hookInput(`d${i}`)));
    expect(okCount(results)).toBe(8);
    expect((await workspaceQuota(viewer)).webhooks).toMatchObject({ used: 8, limit: 8, full: true, over: false, planName: "Default" });
  });

  it("an override beats the plan, in both directions, and clearing it gives the plan back", async () => {
    const viewer = await onPlan("starter");
    expect(await setWorkspaceOverrides(admin, viewer.workspace.id, { credentials: 3, keys: 0 })).toMatchObject({ ok: true, usage: { credentials: { limit: 3 }, keys: { limit: 0 } } });
    const results = await thirty((i) => createCredential(viewer, { name: `o${i}`, type: "bearer", hosts: ["api.example.test"], token: `token-o-${i}-abcdefgh` }));
    expect(okCount(results)).toBe(3);
    expect(await createKey(viewer, keyInput("none allowed"))).toEqual({ ok: false, reason: "limit_reached" });
    await setWorkspaceOverrides(admin, viewer.workspace.id, { keys: null });
    expect((await workspaceLimits(viewer.workspace.id))?.limits.keys).toBe(5);
    expect((await createKey(viewer, keyInput("plan again"))).ok).toBe(true);
    // Changes are in the workspace's security log, by the admin.
    const log = await db().auditEvent.findMany({ where: { workspaceId: viewer.workspace.id, action: "plan_changed" }, select: { actorEmail: true, detail: true } });
    expect(log.map((e) => e.detail)).toEqual(expect.arrayContaining(["Plan Default → Starter, by an instance admin"]));
    expect(log.every((e) => e.actorEmail === admin.email)).toBe(true);
  });

  it("admin functions validate what they are given", async () => {
    const viewer = await makeViewer();
    expect(await setWorkspacePlan(admin, viewer.workspace.id, "platinum")).toEqual({ ok: false, reason: "invalid" });
    expect(await setWorkspacePlan(admin, "no-such-workspace", "lite")).toEqual({ ok: false, reason: "not_found" });
    expect(await setWorkspaceOverrides(admin, viewer.workspace.id, { keys: -1 })).toEqual({ ok: false, reason: "invalid" });
    expect(await setWorkspaceOverrides(admin, viewer.workspace.id, { keys: 1.5 })).toEqual({ ok: false, reason: "invalid" });
    expect(await setWorkspaceOverrides(admin, viewer.workspace.id, { planId: "agency" })).toEqual({ ok: false, reason: "invalid" });
    expect(await setWorkspaceOverrides(admin, viewer.workspace.id, "3")).toEqual({ ok: false, reason: "invalid" });
    expect(await workspaceUsage("no-such-workspace")).toBeNull();
    expect(await workspaceLimits(viewer.workspace.id)).toMatchObject({ planId: "default", overrides: { keys: null, credentials: null, webhooks: null, members: null } });
  });
});
