import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  acceptInvitation,
  createInvitation,
  describeInvitation,
  listInvitations,
  renewInvitationLink,
  revokeInvitation,
} from "@/lib/dal/invitations";
import { changeRole, leaveWorkspace } from "@/lib/dal/members";
import { db } from "@/lib/db";
import { inviteSchema } from "@/lib/validation/members";
import type { Viewer } from "@/lib/viewer";
import { ROLES, type Role } from "@/lib/workspaces/roles";
import { asKey, makeKey, makeViewer } from "./fixtures";
import { joinAs, makeUser, testEmail } from "./team-fixtures";

process.env.INVITATION_TTL_HOURS = "5";

afterAll(() => db().$disconnect());

const memberships = (viewer: Viewer, userId: string) => db().membership.findMany({ where: { workspaceId: viewer.workspace.id, userId }, select: { role: true } });
const statusOf = async (id: string) => (await db().invitation.findUniqueOrThrow({ where: { id }, select: { status: true } })).status;

/** An invitation that must be created; its token and id. */
async function invite(inviter: Viewer, email: string, role: Role = "member") {
  const created = await createInvitation(inviter, { email, role });
  if (!created.ok) throw new Error(`could not invite: ${created.reason}`);
  return { token: created.token, id: created.invitation.id };
}

// Written out, not computed from roles.ts: Owners invite any role, Admins up to Admin.
const INVITES: Record<Role, Role[]> = { owner: ["owner", "admin", "member", "viewer"], admin: ["admin", "member", "viewer"], member: [], viewer: [] };

describe("who may invite whom", () => {
  let owner: Viewer;
  const actors = {} as Record<Role, Viewer>;
  beforeAll(async () => {
    owner = await makeViewer();
    actors.owner = owner;
    [actors.admin, actors.member, actors.viewer] = await Promise.all((["admin", "member", "viewer"] as const).map((role) => joinAs(owner, role)));
  });

  it.each(ROLES)("an %s invites exactly the roles allowed, and a refused invitation leaves nothing behind", async (actorRole) => {
    const emails = ROLES.map((role) => testEmail(`as-${role}`));
    const results = await Promise.all(ROLES.map((role, i) => createInvitation(actors[actorRole], { email: emails[i]!, role })));
    for (const [i, role] of ROLES.entries()) {
      const allowed = INVITES[actorRole].includes(role);
      expect({ role, result: results[i]!.ok ? "invited" : results[i]!.reason }).toEqual({ role, result: allowed ? "invited" : "forbidden" });
      expect({ role, stored: await db().invitation.count({ where: { email: emails[i]! } }) }).toEqual({ role, stored: allowed ? 1 : 0 });
    }
  });

  it("a role that does not exist is refused by the schema, and by the DAL if a caller skips the schema", async () => {
    expect(inviteSchema.safeParse({ email: "x@example.test", role: "superuser" }).success).toBe(false);
    const email = testEmail();
    expect(await createInvitation(owner, { email, role: "superuser" as Role })).toEqual({ ok: false, reason: "invalid" });
    expect(await db().invitation.count({ where: { email } })).toBe(0);
  });

  it("an Admin cannot renew or revoke an invitation to Owner (a new link would grant Owner again)", async () => {
    const { id } = await invite(owner, testEmail(), "owner");
    expect(await renewInvitationLink(actors.admin, id)).toEqual({ ok: false, reason: "forbidden" });
    expect(await revokeInvitation(actors.admin, id)).toEqual({ ok: false, reason: "forbidden" });
    expect(await revokeInvitation(actors.member, id)).toEqual({ ok: false, reason: "forbidden" });
    expect(await statusOf(id)).toBe("pending");
  });

  it("only Admins and Owners see the pending invitations", async () => {
    expect((await listInvitations(owner)).ok).toBe(true);
    expect((await listInvitations(actors.admin)).ok).toBe(true);
    expect(await listInvitations(actors.member)).toEqual({ ok: false, reason: "forbidden" });
    expect(await listInvitations(actors.viewer)).toEqual({ ok: false, reason: "forbidden" });
  });

  it("an Owner's API key cannot invite: only a person in the dashboard can", async () => {
    const { key } = await makeKey(owner);
    const viaKey = asKey(owner, { sid: key.sid, permission: "read_write" });
    expect(await createInvitation(viaKey, { email: testEmail(), role: "owner" })).toEqual({ ok: false, reason: "forbidden" });
  });
});

describe("an invitation link", () => {
  it("is shown once and stored only as its SHA-256; the log names the address, never the link", async () => {
    const owner = await makeViewer("Olive Owner");
    const email = testEmail();
    const before = Date.now();
    const created = await createInvitation(owner, { email, role: "admin" });
    if (!created.ok) throw new Error(created.reason);
    expect(created.token).toMatch(/^lki_[A-Za-z0-9_-]{43}$/);
    expect(created.invitation).toEqual({ id: expect.any(String), email, role: "admin", expiresAt: expect.any(Date) });
    // INVITATION_TTL_HOURS=5 in this file.
    expect(created.invitation.expiresAt.getTime() - before).toBeGreaterThanOrEqual(5 * 3_600_000 - 1_000);
    expect(created.invitation.expiresAt.getTime() - before).toBeLessThan(5 * 3_600_000 + 60_000);
    const row = await db().invitation.findUniqueOrThrow({ where: { id: created.invitation.id }, select: { tokenHash: true, invitedById: true, invitedByName: true } });
    expect(row).toEqual({ tokenHash: createHash("sha256").update(created.token).digest("hex"), invitedById: owner.id, invitedByName: "Olive Owner" });
    const events = await db().auditEvent.findMany({ where: { workspaceId: owner.workspace.id }, select: { action: true, detail: true } });
    expect(events).toEqual([{ action: "member_invited", detail: `Invited ${email} as Admin` }]);
    const listed = await listInvitations(owner);
    expect(listed).toEqual({ ok: true, invitations: [{ id: created.invitation.id, email, role: "admin", expiresAt: created.invitation.expiresAt, invitedByName: "Olive Owner", createdAt: expect.any(Date) }] });
    expect(JSON.stringify(listed)).not.toContain(row.tokenHash);
  });

  it("shows the workspace, the inviter and the role, and makes a membership when the invited person accepts", async () => {
    const owner = await makeViewer("Olive Owner");
    const user = await makeUser("Bob Builder");
    const { token, id } = await invite(owner, user.email, "member");
    expect(await describeInvitation(token)).toEqual({ workspaceName: owner.workspace.name, invitedByName: "Olive Owner", role: "member", email: user.email, expiresAt: expect.any(Date) });
    expect(await acceptInvitation(user, token, "198.51.100.4")).toEqual({ ok: true, slug: owner.workspace.slug });
    expect(await memberships(owner, user.id)).toEqual([{ role: "member" }]);
    expect(await db().invitation.findUniqueOrThrow({ where: { id }, select: { status: true, acceptedById: true } })).toEqual({ status: "accepted", acceptedById: user.id });
    const joined = await db().auditEvent.findFirst({ where: { workspaceId: owner.workspace.id, action: "member_joined" }, select: { userId: true, actorName: true, ip: true, detail: true } });
    expect(joined).toEqual({ userId: user.id, actorName: "Bob Builder", ip: "198.51.100.4", detail: `Bob Builder <${user.email}> joined as Member, invited by Olive Owner` });
  });

  it("accepted 10 times at once makes one membership: exactly one accept succeeds", async () => {
    const owner = await makeViewer();
    const user = await makeUser();
    const { token, id } = await invite(owner, user.email, "admin");
    const results = await Promise.all(Array.from({ length: 10 }, () => acceptInvitation(user, token)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual(Array(9).fill({ ok: false, reason: "invalid" }));
    expect(await memberships(owner, user.id)).toEqual([{ role: "admin" }]);
    expect(await statusOf(id)).toBe("accepted");
    expect(await db().auditEvent.count({ where: { workspaceId: owner.workspace.id, action: "member_joined" } })).toBe(1);
  });

  it("is refused to a session of another email, and still works for the invited one", async () => {
    const owner = await makeViewer();
    const [invited, other] = await Promise.all([makeUser(), makeUser()]);
    const { token, id } = await invite(owner, invited.email);
    expect(await acceptInvitation(other, token)).toEqual({ ok: false, reason: "wrong_email" });
    // Claiming the invited address in the session is not enough: the account's stored one decides too.
    expect(await acceptInvitation({ id: other.id, email: invited.email.toUpperCase() }, token)).toEqual({ ok: false, reason: "wrong_email" });
    expect(await memberships(owner, other.id)).toEqual([]);
    expect(await statusOf(id)).toBe("pending");
    expect((await acceptInvitation({ id: invited.id, email: invited.email.toUpperCase() }, token)).ok).toBe(true);
  });

  it("expired, revoked, used, unknown and malformed links all get the same answer", async () => {
    const owner = await makeViewer();
    const [a, b, c] = await Promise.all([makeUser(), makeUser(), makeUser()]);
    const expired = await invite(owner, a.email);
    await db().invitation.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    const revoked = await invite(owner, b.email);
    expect(await revokeInvitation(owner, revoked.id)).toEqual({ ok: true });
    const used = await invite(owner, c.email);
    expect((await acceptInvitation(c, used.token)).ok).toBe(true);
    const unknown = `lki_${"A".repeat(43)}`;
    const cases = [
      [a, expired.token],
      [b, revoked.token],
      [c, used.token],
      [a, unknown],
      [a, "lki_short"],
      [a, ""],
    ] as const;
    for (const [user, token] of cases) {
      expect(await acceptInvitation(user, token)).toEqual({ ok: false, reason: "invalid" });
      expect(await describeInvitation(token)).toBeNull();
    }
    expect(await memberships(owner, a.id)).toEqual([]);
    expect(await memberships(owner, b.id)).toEqual([]);
    const revokedLog = await db().auditEvent.findFirst({ where: { workspaceId: owner.workspace.id, action: "invitation_revoked" }, select: { detail: true } });
    expect(revokedLog?.detail).toBe(`Revoked the invitation of ${b.email} as Member`);
  });

  it("a new link stops the old one, starts a new expiry, and works", async () => {
    const owner = await makeViewer();
    const admin = await joinAs(owner, "admin", "Ada Admin");
    const user = await makeUser();
    const old = await invite(owner, user.email, "member");
    await db().invitation.update({ where: { id: old.id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    const renewed = await renewInvitationLink(admin, old.id);
    if (!renewed.ok) throw new Error(renewed.reason);
    expect(renewed.token).not.toBe(old.token);
    expect(renewed.invitation.expiresAt.getTime()).toBeGreaterThan(Date.now() + 4 * 3_600_000);
    expect(await describeInvitation(old.token)).toBeNull();
    expect(await describeInvitation(renewed.token)).toMatchObject({ invitedByName: "Ada Admin", email: user.email });
    expect(await acceptInvitation(user, old.token)).toEqual({ ok: false, reason: "invalid" });
    expect(await acceptInvitation(user, renewed.token)).toEqual({ ok: true, slug: owner.workspace.slug });
  });

  it("a second invitation to the same address replaces the first", async () => {
    const owner = await makeViewer();
    const user = await makeUser();
    const first = await invite(owner, user.email, "admin");
    const second = await invite(owner, user.email, "viewer");
    expect(await statusOf(first.id)).toBe("revoked");
    expect(await acceptInvitation(user, first.token)).toEqual({ ok: false, reason: "invalid" });
    const listed = await listInvitations(owner);
    expect(listed.ok && listed.invitations.map((i) => i.id)).toEqual([second.id]);
    expect((await acceptInvitation(user, second.token)).ok).toBe(true);
    expect(await memberships(owner, user.id)).toEqual([{ role: "viewer" }]);
  });

  it("is refused for someone already a member; an old link accepted by a member changes nothing", async () => {
    const owner = await makeViewer();
    const member = await joinAs(owner, "viewer");
    expect(await createInvitation(owner, { email: member.email, role: "admin" })).toEqual({ ok: false, reason: "already_member" });
    // A link made before they joined by another one.
    await db().membership.deleteMany({ where: { workspaceId: owner.workspace.id, userId: member.id } });
    const stale = await invite(owner, member.email, "admin");
    await db().membership.create({ data: { workspaceId: owner.workspace.id, userId: member.id, role: "viewer" } });
    expect(await acceptInvitation(member, stale.token)).toEqual({ ok: true, slug: owner.workspace.slug });
    expect(await memberships(owner, member.id)).toEqual([{ role: "viewer" }]);
  });

  it("stops working when its inviter may no longer grant the role: demoted, or gone", async () => {
    const owner = await makeViewer();
    const [admin, leaver] = await Promise.all([joinAs(owner, "admin"), joinAs(owner, "admin")]);
    const [u1, u2] = await Promise.all([makeUser(), makeUser()]);
    const fromAdmin = await invite(admin, u1.email, "admin");
    const fromLeaver = await invite(leaver, u2.email, "member");
    expect((await changeRole(owner, admin.id, "member")).ok).toBe(true);
    expect(await describeInvitation(fromAdmin.token)).not.toBeNull();
    expect(await acceptInvitation(u1, fromAdmin.token)).toEqual({ ok: false, reason: "invalid" });
    expect((await leaveWorkspace(leaver)).ok).toBe(true);
    expect(await acceptInvitation(u2, fromLeaver.token)).toEqual({ ok: false, reason: "invalid" });
    expect(await memberships(owner, u1.id)).toEqual([]);
    expect(await memberships(owner, u2.id)).toEqual([]);
  });
});

describe("another workspace's invitations are out of reach", () => {
  it("ids of workspace B's invitations given in workspace A are not found, and B's link still works", async () => {
    const [a, b] = await Promise.all([makeViewer(), makeViewer()]);
    const user = await makeUser();
    const inB = await invite(b, user.email);
    expect(await revokeInvitation(a, inB.id)).toEqual({ ok: false, reason: "not_found" });
    expect(await renewInvitationLink(a, inB.id)).toEqual({ ok: false, reason: "not_found" });
    const listed = await listInvitations(a);
    expect(listed.ok && listed.invitations).toEqual([]);
    expect(await statusOf(inB.id)).toBe("pending");
    expect(await acceptInvitation(user, inB.token)).toEqual({ ok: true, slug: b.workspace.slug });
    expect(await memberships(a, user.id)).toEqual([]);
  });
});
