import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { keyRing } from "@/lib/crypto/key-ring";
import { createCredential, openCredential } from "@/lib/dal/credentials";
import { rollKey } from "@/lib/dal/key-changes";
import { cacheForget } from "@/lib/dal/key-cache";
import { keyLookup } from "@/lib/dal/key-lookup";
import {
  changeRole,
  createWorkspace,
  leaveWorkspace,
  listMembers,
  listMyWorkspaces,
  MAX_OWNED_WORKSPACES,
  removalImpact,
  removeMember,
  renameWorkspace,
} from "@/lib/dal/members";
import { acceptInvitation, createInvitation } from "@/lib/dal/invitations";
import { verifyKey } from "@/lib/dal/verify";
import { createWebhook, openSigningSecret } from "@/lib/dal/webhooks";
import { db } from "@/lib/db";
import { credentialSchema } from "@/lib/validation/credentials";
import { roleChangeSchema } from "@/lib/validation/members";
import { webhookSchema } from "@/lib/validation/webhooks";
import type { Viewer } from "@/lib/viewer";
import { ROLES, type Role } from "@/lib/workspaces/roles";
import { asKey, makeKey, makeViewer } from "./fixtures";
import { joinAs, makeServiceKey, refreshed, viewerIn } from "./team-fixtures";

process.env.MAX_ACTIVE_KEYS = "20";
process.env.KEY_CREATES_PER_USER_PER_HOUR = "100000";
// Long enough that only the change notice, never the TTL, can end a cached answer here.
process.env.KEY_CACHE_TTL_MS = "300000";

const find = vi.spyOn(keyLookup, "find");
afterEach(() => find.mockClear());
afterAll(() => db().$disconnect());

const roleOf = async (viewer: Viewer, userId: string) =>
  (await db().membership.findFirst({ where: { workspaceId: viewer.workspace.id, userId }, select: { role: true } }))?.role ?? null;
const owners = (viewer: Viewer) => db().membership.count({ where: { workspaceId: viewer.workspace.id, role: "owner" } });
const pairs = ROLES.flatMap((from) => ROLES.filter((to) => to !== from).map((to) => ({ from, to })));

// The matrix of ../shared/WORKSPACES.md, written out here rather than computed from roles.ts, so
// a change to the rules there cannot quietly change what this test expects.
const ROLE_CHANGES: Record<Role, string[]> = {
  owner: pairs.map(({ from, to }) => `${from}->${to}`),
  admin: ["member->viewer", "viewer->member"],
  member: [],
  viewer: [],
};
const REMOVALS: Record<Role, Role[]> = { owner: ["owner", "admin", "member", "viewer"], admin: ["member", "viewer"], member: [], viewer: [] };

describe("who may change whose role, and remove whom", () => {
  let owner: Viewer;
  const actors = {} as Record<Role, Viewer>;
  beforeAll(async () => {
    owner = await makeViewer("Olive Owner");
    actors.owner = owner;
    [actors.admin, actors.member, actors.viewer] = await Promise.all((["admin", "member", "viewer"] as const).map((role) => joinAs(owner, role)));
  });

  it.each(ROLES)("role changes by an %s: exactly the allowed ones happen, the rest are forbidden and change nothing", async (actorRole) => {
    const targets = await Promise.all(pairs.map(({ from }) => joinAs(owner, from)));
    const results = await Promise.all(pairs.map(({ to }, i) => changeRole(actors[actorRole], targets[i]!.id, to)));
    const outcomes = await Promise.all(pairs.map(async ({ from, to }, i) => ({ change: `${from}->${to}`, result: results[i]!, stored: await roleOf(owner, targets[i]!.id) })));
    for (const { change, result, stored } of outcomes) {
      const allowed = ROLE_CHANGES[actorRole].includes(change);
      const [from, to] = change.split("->");
      expect({ change, result, stored }).toEqual({ change, result: allowed ? { ok: true, changed: true, role: to } : { ok: false, reason: "forbidden" }, stored: allowed ? to : from });
    }
  });

  it.each(ROLES)("removals by an %s: exactly the allowed ones happen", async (actorRole) => {
    const targets = await Promise.all(ROLES.map((role) => joinAs(owner, role)));
    const results = await Promise.all(targets.map((target) => removeMember(actors[actorRole], target.id, { private: "delete" })));
    for (const [i, role] of ROLES.entries()) {
      const allowed = REMOVALS[actorRole].includes(role);
      expect({ role, result: results[i]!.ok ? "removed" : results[i]!.reason }).toEqual({ role, result: allowed ? "removed" : "forbidden" });
      expect({ role, stored: await roleOf(owner, targets[i]!.id) }).toEqual({ role, stored: allowed ? null : role });
    }
  });
});

describe("nobody grants more than they hold", () => {
  it("an Admin cannot promote a Member to Admin or Owner, nor themselves; a Member cannot promote themselves", async () => {
    const owner = await makeViewer();
    const [admin, member] = await Promise.all([joinAs(owner, "admin"), joinAs(owner, "member")]);
    expect(await changeRole(admin, member.id, "admin")).toEqual({ ok: false, reason: "forbidden" });
    expect(await changeRole(admin, member.id, "owner")).toEqual({ ok: false, reason: "forbidden" });
    expect(await changeRole(admin, admin.id, "owner")).toEqual({ ok: false, reason: "forbidden" });
    expect(await changeRole(member, member.id, "admin")).toEqual({ ok: false, reason: "forbidden" });
    expect([await roleOf(owner, admin.id), await roleOf(owner, member.id)]).toEqual(["admin", "member"]);
  });

  it("a role that does not exist is refused by the schema, and by the DAL if a caller skips the schema", async () => {
    const owner = await makeViewer();
    const member = await joinAs(owner, "member");
    expect(roleChangeSchema.safeParse({ userId: member.id, role: "superuser" }).success).toBe(false);
    expect(roleChangeSchema.safeParse({ userId: member.id, role: "OWNER" }).success).toBe(false);
    expect(await changeRole(owner, member.id, "superuser" as Role)).toEqual({ ok: false, reason: "invalid" });
    expect(await roleOf(owner, member.id)).toBe("member");
  });

  it("the role that decides is the one stored now, not the one the request began with", async () => {
    const owner = await makeViewer();
    const [admin, member] = await Promise.all([joinAs(owner, "admin"), joinAs(owner, "member")]);
    expect((await changeRole(owner, admin.id, "viewer")).ok).toBe(true);
    // `admin` still says Admin: a request that started before the demotion.
    expect(admin.role).toBe("admin");
    expect(await changeRole(admin, member.id, "viewer")).toEqual({ ok: false, reason: "forbidden" });
    expect(await removeMember(admin, member.id, { private: "delete" })).toEqual({ ok: false, reason: "forbidden" });
    expect(await roleOf(owner, member.id)).toBe("member");
  });

  it("an Owner's API key cannot change roles or remove anyone: only a person in the dashboard can", async () => {
    const owner = await makeViewer();
    const member = await joinAs(owner, "member");
    const { key } = await makeKey(owner);
    const viaKey = asKey(owner, { sid: key.sid, permission: "read_write" });
    expect(await changeRole(viaKey, member.id, "owner")).toEqual({ ok: false, reason: "forbidden" });
    expect(await removeMember(viaKey, member.id, { private: "delete" })).toEqual({ ok: false, reason: "forbidden" });
    expect(await roleOf(owner, member.id)).toBe("member");
  });
});

describe("a workspace always keeps an Owner", () => {
  it("the only Owner cannot demote themselves or leave", async () => {
    const owner = await makeViewer();
    await joinAs(owner, "admin");
    expect(await changeRole(owner, owner.id, "admin")).toEqual({ ok: false, reason: "last_owner" });
    expect(await leaveWorkspace(owner)).toEqual({ ok: false, reason: "last_owner" });
    expect(await roleOf(owner, owner.id)).toBe("owner");
  });

  it("one of two Owners may step down; then the other is the last", async () => {
    const owner = await makeViewer();
    const second = await joinAs(owner, "owner");
    expect(await changeRole(second, second.id, "admin")).toEqual({ ok: true, changed: true, role: "admin" });
    expect(await changeRole(owner, owner.id, "member")).toEqual({ ok: false, reason: "last_owner" });
  });

  it("two Owners leaving at once: exactly one leaves (in each of 5 workspaces)", async () => {
    const teams = await Promise.all(Array.from({ length: 5 }, async () => {
      const a = await makeViewer("Ann Owner");
      return [a, await joinAs(a, "owner")] as const;
    }));
    const results = await Promise.all(teams.flatMap(([a, b]) => [leaveWorkspace(a), leaveWorkspace(b)]));
    for (const [i, [a]] of teams.entries()) {
      expect([results[2 * i]!.ok, results[2 * i + 1]!.ok].sort()).toEqual([false, true]);
      expect([results[2 * i], results[2 * i + 1]]).toContainEqual({ ok: false, reason: "last_owner" });
      expect(await owners(a)).toBe(1);
    }
  });

  it("two Owners demoting each other at once: exactly one demotion (in each of 5 workspaces)", async () => {
    const teams = await Promise.all(Array.from({ length: 5 }, async () => {
      const a = await makeViewer("Ann Owner");
      return [a, await joinAs(a, "owner")] as const;
    }));
    const results = await Promise.all(teams.flatMap(([a, b]) => [changeRole(a, b.id, "member"), changeRole(b, a.id, "member")]));
    for (const [i, [a]] of teams.entries()) {
      expect([results[2 * i]!.ok, results[2 * i + 1]!.ok].sort()).toEqual([false, true]);
      expect(await owners(a)).toBe(1);
    }
  });

  it("three Owners, two demoting each other at once: the second sees that it was demoted by the first", async () => {
    const a = await makeViewer("Ann Owner");
    const [b] = await Promise.all([joinAs(a, "owner"), joinAs(a, "owner")]);
    const results = await Promise.all([changeRole(a, b!.id, "admin"), changeRole(b!, a.id, "admin")]);
    expect(results.map((r) => r.ok).sort()).toEqual([false, true]);
    expect(results).toContainEqual({ ok: false, reason: "forbidden" });
    expect(await owners(a)).toBe(2);
  });
});

describe("a role change reaches the member's keys at once", () => {
  it("Admin -> Viewer: their cached Read/Write key answers with Read on the next verification", async () => {
    const owner = await makeViewer();
    const admin = await joinAs(owner, "admin", "Ada Admin");
    const { secret } = await makeKey(admin, { permission: "read_write" });
    expect((await verifyKey(secret, null))?.key.permission).toBe("read_write");
    expect((await verifyKey(secret, null))?.key.permission).toBe("read_write");
    expect(find).toHaveBeenCalledTimes(1); // the second answer came from the cache
    expect(await changeRole(owner, admin.id, "viewer")).toEqual({ ok: true, changed: true, role: "viewer" });
    const after = await verifyKey(secret, null);
    expect(after?.key.permission).toBe("read");
    expect(after?.viewer.role).toBe("viewer");
    const logged = await db().auditEvent.findFirst({ where: { workspaceId: owner.workspace.id, action: "role_changed" }, select: { detail: true, userId: true } });
    expect(logged).toEqual({ detail: expect.stringMatching(/Ada Admin <.+>: Admin → Viewer/), userId: owner.id });
  });
});

const credentialInput = (name: string) => credentialSchema.parse({ name, type: "bearer", token: "tok_0123456789abcdef", hosts: "127.0.0.1" });
const webhookInput = (name: string) => webhookSchema.parse({ name, url: "https://93.184.215.14/hook", events: ["key.created"], credentialId: "none" });

/** An Admin with a rolled member key (both secrets live), a service key they made, a credential and a webhook. */
async function adminWithEverything(owner: Viewer) {
  const admin = await joinAs(owner, "admin", "Ada Admin");
  const { key, secret: oldSecret } = await makeKey(admin, { name: "Ada's key" });
  const rolled = await rollKey(admin, key.sid, "24h");
  if (!rolled.ok) throw new Error(rolled.reason);
  const service = await makeServiceKey(admin);
  const credential = await createCredential(admin, credentialInput("Ada's token"));
  const webhook = await createWebhook(admin, webhookInput("Ada's hook"));
  if (!credential.ok || !webhook.ok) throw new Error("could not create the admin's credential or webhook");
  return { admin, oldSecret, newSecret: rolled.secret, oldSid: key.sid, newSid: rolled.key.sid, service, credential: credential.credential, webhook: webhook.webhook };
}

describe("removing a member", () => {
  it("shows the impact first: their member keys stop, their service keys stay, their credentials and webhooks", async () => {
    const owner = await makeViewer();
    const ada = await adminWithEverything(owner);
    const impact = await removalImpact(owner, ada.admin.id);
    expect(impact).toEqual({
      ok: true,
      impact: {
        member: { userId: ada.admin.id, name: "Ada Admin", email: ada.admin.email, role: "admin" },
        memberKeys: expect.arrayContaining([{ sid: ada.oldSid, name: "Ada's key", status: "active" }, { sid: ada.newSid, name: "Ada's key", status: "active" }]),
        serviceKeysCreated: [{ sid: ada.service.key.sid, name: "Service key" }],
        credentials: [{ id: ada.credential.id, name: "Ada's token" }],
        webhooks: [{ id: ada.webhook.id, name: "Ada's hook" }],
      },
    });
    if (impact.ok) expect(impact.impact.memberKeys).toHaveLength(2);
  });

  it("stops both secrets of their rolled key at once, even cached, keeps their service key, and hands their credentials and webhooks to the remover", async () => {
    const owner = await makeViewer("Olive Owner");
    const ada = await adminWithEverything(owner);
    for (const secret of [ada.oldSecret, ada.newSecret]) expect(await verifyKey(secret, null)).not.toBeNull();
    find.mockClear();
    for (const secret of [ada.oldSecret, ada.newSecret]) expect(await verifyKey(secret, null)).not.toBeNull();
    expect(find).not.toHaveBeenCalled(); // both member secrets are answered from the cache now

    const removed = await removeMember(owner, ada.admin.id, { private: "transfer" });
    expect(removed).toEqual({ ok: true, revokedKeys: expect.arrayContaining([ada.oldSid, ada.newSid]), credentials: 1, webhooks: 1 });

    expect(await verifyKey(ada.oldSecret, null)).toBeNull();
    expect(await verifyKey(ada.newSecret, null)).toBeNull();
    expect(await refreshed(ada.admin)).toBeNull();

    const keys = await db().apiKey.findMany({ where: { sid: { in: [ada.oldSid, ada.newSid, ada.service.key.sid] } }, select: { sid: true, userId: true, revokedAt: true, revokedReason: true } });
    expect(keys.filter((k) => k.revokedAt !== null).map((k) => [k.sid, k.revokedReason]).sort()).toEqual([[ada.newSid, "member_removed"], [ada.oldSid, "member_removed"]].sort());
    // The service key is untouched: no revocation, still acting as the workspace.
    expect(keys.find((k) => k.sid === ada.service.key.sid)).toMatchObject({ userId: null, revokedAt: null, revokedReason: null });

    // Transferred, and still usable: the sealed values were re-bound to their new owner.
    expect(await db().credential.findUnique({ where: { id: ada.credential.id }, select: { userId: true } })).toEqual({ userId: owner.id });
    expect(await openCredential(owner.workspace.id, ada.credential.id)).toMatchObject({ type: "bearer", token: "tok_0123456789abcdef" });
    const hook = await db().webhook.findUniqueOrThrow({ where: { id: ada.webhook.id }, select: { id: true, userId: true, secretKeyId: true, secretSealed: true } });
    expect(hook.userId).toBe(owner.id);
    expect(openSigningSecret(hook, keyRing())).toMatch(/^whsec_/);

    const logged = await db().auditEvent.findFirst({ where: { workspaceId: owner.workspace.id, action: "member_removed" }, select: { detail: true, actorName: true } });
    expect(logged?.actorName).toBe("Olive Owner");
    expect(logged?.detail).toMatch(/^Removed Ada Admin <.+> \(Admin\); 2 member keys revoked; 1 credential and 1 webhook transferred to Olive Owner/);
  });

  it("a service key they created keeps verifying after their removal, cached or not", async () => {
    const owner = await makeViewer();
    const admin = await joinAs(owner, "admin");
    const service = await makeServiceKey(admin);
    expect((await verifyKey(service.secret, null))?.key.sid).toBe(service.key.sid);
    expect((await removeMember(owner, admin.id, { private: "delete" })).ok).toBe(true);
    expect((await verifyKey(service.secret, null))?.key.sid).toBe(service.key.sid);
    find.mockClear();
    cacheForget(service.key.sid);
    expect((await verifyKey(service.secret, null))?.key.sid).toBe(service.key.sid);
    expect(find).toHaveBeenCalledTimes(1); // and from the database, not only the cache
  });

  it("deletes their credentials and webhooks when the remover chooses so", async () => {
    const owner = await makeViewer();
    const ada = await adminWithEverything(owner);
    expect(await removeMember(owner, ada.admin.id, { private: "delete" })).toMatchObject({ ok: true, credentials: 1, webhooks: 1 });
    expect(await db().credential.count({ where: { id: ada.credential.id } })).toBe(0);
    expect(await db().webhook.count({ where: { id: ada.webhook.id } })).toBe(0);
  });

  it("refuses a choice other than transfer or delete, and removing oneself (that is leaving)", async () => {
    const owner = await makeViewer();
    const member = await joinAs(owner, "member");
    expect(await removeMember(owner, member.id, { private: "keep" as "delete" })).toEqual({ ok: false, reason: "invalid" });
    expect(await removeMember(member, member.id, { private: "delete" })).toEqual({ ok: false, reason: "invalid" });
    expect(await roleOf(owner, member.id)).toBe("member");
  });

  it("re-adding the person does not revive their revoked keys", async () => {
    const owner = await makeViewer();
    const member = await joinAs(owner, "member");
    const { key, secret } = await makeKey(member);
    expect((await removeMember(owner, member.id, { private: "delete" })).ok).toBe(true);
    const again = await createInvitation(owner, { email: member.email, role: "member" });
    if (!again.ok) throw new Error(again.reason);
    expect(await acceptInvitation(member, again.token)).toEqual({ ok: true, slug: owner.workspace.slug });
    expect(await viewerIn(member, owner.workspace.slug)).not.toBeNull();
    expect(await verifyKey(secret, null)).toBeNull();
    expect(await db().apiKey.findUnique({ where: { sid: key.sid }, select: { revokedReason: true } })).toEqual({ revokedReason: "member_removed" });
  });
});

describe("leaving", () => {
  it("revokes the leaver's member keys at once and passes their credentials and webhooks to the longest-standing Owner", async () => {
    const owner = await makeViewer("Olive Owner");
    await joinAs(owner, "owner", "Later Owner");
    const member = await joinAs(owner, "member", "Mo Member");
    const { key, secret } = await makeKey(member);
    expect(await verifyKey(secret, null)).not.toBeNull();
    const credential = await createCredential(member, credentialInput("Mo's token"));
    if (!credential.ok) throw new Error(credential.reason);

    expect(await leaveWorkspace(member)).toEqual({ ok: true, revokedKeys: [key.sid], credentials: 1, webhooks: 0 });
    expect(await verifyKey(secret, null)).toBeNull();
    expect(await refreshed(member)).toBeNull();
    expect(await db().apiKey.findUnique({ where: { sid: key.sid }, select: { revokedReason: true } })).toEqual({ revokedReason: "member_left" });
    expect(await db().credential.findUnique({ where: { id: credential.credential.id }, select: { userId: true } })).toEqual({ userId: owner.id });
    expect(await openCredential(owner.workspace.id, credential.credential.id)).toMatchObject({ token: "tok_0123456789abcdef" });
    const logged = await db().auditEvent.findFirst({ where: { workspaceId: owner.workspace.id, action: "member_left" }, select: { detail: true, userId: true } });
    expect(logged).toEqual({ detail: expect.stringMatching(/^Mo Member <.+> \(Member\) left; 1 member key revoked; 1 credential and 0 webhooks passed to Olive Owner/), userId: member.id });
  });
});

describe("another workspace's members are out of reach", () => {
  it("ids of workspace B's members given in workspace A are not found, and B is untouched", async () => {
    const [a, b] = await Promise.all([makeViewer("Owner A"), makeViewer("Owner B")]);
    const inB = await joinAs(b, "member");
    expect(await changeRole(a, inB.id, "viewer")).toEqual({ ok: false, reason: "not_found" });
    expect(await changeRole(a, b.id, "viewer")).toEqual({ ok: false, reason: "not_found" });
    expect(await removeMember(a, inB.id, { private: "delete" })).toEqual({ ok: false, reason: "not_found" });
    expect(await removalImpact(a, inB.id)).toEqual({ ok: false, reason: "not_found" });
    expect([await roleOf(b, inB.id), await roleOf(b, b.id)]).toEqual(["member", "owner"]);
    expect((await listMembers(a)).map((m) => m.userId)).toEqual([a.id]);
  });
});

describe("the member list and workspaces", () => {
  it("lists members by role, then name, marking the viewer", async () => {
    const owner = await makeViewer("Zed Owner");
    await joinAs(owner, "viewer", "Al Viewer");
    await joinAs(owner, "member", "Bo Member");
    await joinAs(owner, "member", "Al Member");
    const members = await listMembers(owner);
    expect(members.map((m) => [m.name, m.role, m.isYou])).toEqual([
      ["Zed Owner", "owner", true],
      ["Al Member", "member", false],
      ["Bo Member", "member", false],
      ["Al Viewer", "viewer", false],
    ]);
  });

  it("creates a workspace owned by its creator, logged in its own log, and lists it in the switcher", async () => {
    const viewer = await makeViewer("Wes");
    expect(await createWorkspace(viewer, "Acme Inc.")).toEqual({ ok: true, slug: expect.stringMatching(/^acme-inc-[a-z0-9]{6}$/) });
    const mine = await listMyWorkspaces(viewer.id);
    expect(mine.map((w) => [w.name, w.role])).toEqual([["Acme Inc.", "owner"], ["Wes’s workspace", "owner"]]);
    const acme = await db().workspace.findUniqueOrThrow({ where: { slug: mine[0]!.slug }, select: { id: true } });
    expect(await db().auditEvent.findMany({ where: { workspaceId: acme.id }, select: { action: true, userId: true } })).toEqual([{ action: "workspace_created", userId: viewer.id }]);
    expect(await createWorkspace(viewer, "  ")).toEqual({ ok: false, reason: "invalid" });
  });

  it(`${MAX_OWNED_WORKSPACES + 5} parallel creates stop at ${MAX_OWNED_WORKSPACES} owned workspaces`, async () => {
    const viewer = await makeViewer();
    const results = await Promise.all(Array.from({ length: MAX_OWNED_WORKSPACES + 5 }, (_, i) => createWorkspace(viewer, `Team ${i}`)));
    // The personal workspace counts: MAX - 1 more.
    expect(results.filter((r) => r.ok)).toHaveLength(MAX_OWNED_WORKSPACES - 1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === "limit_reached")).toBe(true);
    expect(await db().membership.count({ where: { userId: viewer.id, role: "owner" } })).toBe(MAX_OWNED_WORKSPACES);
  });

  it("only an Owner renames the workspace, and the rename is logged", async () => {
    const owner = await makeViewer();
    const admin = await joinAs(owner, "admin");
    expect(await renameWorkspace(admin, "Taken over")).toEqual({ ok: false, reason: "forbidden" });
    expect(await renameWorkspace(owner, "Bad\u202Ename")).toEqual({ ok: false, reason: "invalid" });
    expect(await renameWorkspace(owner, "Platform team")).toEqual({ ok: true, workspace: { id: owner.workspace.id, slug: owner.workspace.slug, name: "Platform team" } });
    const logged = await db().auditEvent.findFirst({ where: { workspaceId: owner.workspace.id, action: "workspace_renamed" }, select: { detail: true } });
    expect(logged?.detail).toBe(`“${owner.workspace.name}” → “Platform team”`);
  });
});
