import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { revokeKey, rollKey } from "@/lib/dal/key-changes";
import { db } from "@/lib/db";
import type { ActionResult } from "@/lib/action-result";
import type { Viewer } from "@/lib/viewer";
import { addMember, makeKey, makeViewer } from "./fixtures";
import { AuthClient } from "./session-http";

// Sudo mode as a stolen session cookie would meet it: every sensitive server action is called
// the way Next calls it (a replayed POST with a valid session), with no recent re-authentication,
// within the window, and after it. The session is real (next-auth sign-in, a session row).

process.env.SIGN_IN_FAILURES_PER_ACCOUNT = "10";
process.env.MAX_ACTIVE_KEYS = "1000";
process.env.KEY_CREATES_PER_USER_PER_HOUR = "100000";

afterAll(() => db().$disconnect());

const PASSWORD = "correct horse battery";
const keyActions = () => import("@/app/(dashboard)/w/[workspace]/settings/api-keys/actions");
const credentialActions = () => import("@/app/(dashboard)/w/[workspace]/settings/credentials/actions");
const memberActions = () => import("@/app/(dashboard)/w/[workspace]/settings/members/actions");
const profileActions = () => import("@/app/(dashboard)/w/[workspace]/settings/profile/actions");
const confirmIdentityAction = async (input: unknown) => (await import("@/components/reauth/actions")).confirmIdentityAction(input);
const workspaceActions = () => import("@/app/(dashboard)/w/[workspace]/settings/workspace/actions");

let ipCounter = 10;
const nextIp = () => `198.51.100.${ipCounter++}`;

const formData = (fields: Record<string, string>) => {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return form;
};

/** An Owner signed in through next-auth: a real session row, whose id only the cookie knows. */
async function signedInOwner() {
  const viewer = await makeViewer("Sudo Owner");
  const browser = new AuthClient(nextIp());
  expect((await browser.signIn(viewer.email, PASSWORD)).status).toBe(200);
  const row = await db().userSession.findFirstOrThrow({ where: { userId: viewer.id }, orderBy: { createdAt: "desc" }, select: { id: true } });
  return { viewer, browser, sessionId: row.id };
}

/** The sign-in and any confirmation were longer ago than SUDO_MINUTES. */
const ageSession = (sessionId: string) =>
  db().userSession.update({ where: { id: sessionId }, data: { createdAt: new Date(Date.now() - 3_600_000), sudoUntil: new Date(Date.now() - 1_000) }, select: { id: true } });

const REAUTH = { ok: false, reason: "reauth_required" };

/** Next's redirect() throws; a deleted key's action ends with one. */
async function redirectsOrResult(call: () => Promise<ActionResult>): Promise<ActionResult | "redirect"> {
  try {
    return await call();
  } catch (error) {
    if (String((error as { digest?: unknown }).digest ?? "").startsWith("NEXT_REDIRECT")) return "redirect";
    throw error;
  }
}

type Case = {
  name: string;
  /** Makes what the action changes; returns the call and a read of the state it would change. */
  setup: (owner: Viewer) => Promise<{ call: () => Promise<ActionResult | "redirect">; state: () => Promise<unknown> }>;
};

const keyState = (sid: string) => db().apiKey.findUnique({ where: { sid }, select: { revokedAt: true, rolledAt: true, rolledToSid: true, expiresAt: true } });

const CASES: Case[] = [
  {
    name: "rolling a key",
    setup: async (owner) => {
      const { key } = await makeKey(owner);
      const { rollKeyAction } = await keyActions();
      return { call: () => rollKeyAction(null, formData({ sid: key.sid, grace: "24h" })), state: () => keyState(key.sid) };
    },
  },
  {
    name: "revoking a key",
    setup: async (owner) => {
      const { key } = await makeKey(owner);
      const { revokeKeyAction } = await keyActions();
      return { call: () => revokeKeyAction(null, formData({ sid: key.sid })), state: () => keyState(key.sid) };
    },
  },
  {
    name: "ending a grace period",
    setup: async (owner) => {
      const { key } = await makeKey(owner);
      expect((await rollKey(owner, key.sid, "24h")).ok).toBe(true);
      const { endGracePeriodAction } = await keyActions();
      return { call: () => endGracePeriodAction(null, formData({ sid: key.sid })), state: () => keyState(key.sid) };
    },
  },
  {
    name: "deleting a key",
    setup: async (owner) => {
      const { key } = await makeKey(owner);
      expect((await revokeKey(owner, key.sid)).ok).toBe(true);
      const { deleteKeyAction } = await keyActions();
      return { call: () => redirectsOrResult(() => deleteKeyAction(null, formData({ sid: key.sid }))), state: () => keyState(key.sid) };
    },
  },
  {
    name: "creating a service key",
    setup: async (owner) => {
      const name = `Service ${randomBytes(4).toString("hex")}`;
      const { createKeyAction } = await keyActions();
      const input = { name, description: "", expiry: "30", permission: "read_write", actsAs: "workspace" };
      return { call: () => createKeyAction(input), state: () => db().apiKey.count({ where: { workspaceId: owner.workspace.id, name } }) };
    },
  },
  {
    name: "changing a credential's value",
    setup: async (owner) => {
      const { createCredential } = await import("@/lib/dal/credentials");
      const created = await createCredential(owner, { hosts: ["127.0.0.1"], name: `Cred ${randomBytes(4).toString("hex")}`, type: "bearer", token: "old-token" });
      if (!created.ok) throw new Error("credential");
      const id = created.credential.id;
      const { saveCredentialAction } = await credentialActions();
      return {
        call: () => saveCredentialAction(id, { name: created.credential.name, type: "bearer", token: "new-token" }),
        state: () => db().credential.findUnique({ where: { id }, select: { sealed: true, updatedAt: true } }),
      };
    },
  },
  {
    name: "sharing a credential",
    setup: async (owner) => {
      const { createCredential } = await import("@/lib/dal/credentials");
      const created = await createCredential(owner, { hosts: ["127.0.0.1"], name: `Cred ${randomBytes(4).toString("hex")}`, type: "bearer", token: "shared-token" });
      if (!created.ok) throw new Error("credential");
      const id = created.credential.id;
      const { shareCredentialAction } = await credentialActions();
      return {
        call: () => shareCredentialAction({ id, sharing: "workspace", members: [] }),
        state: () => db().credential.findUnique({ where: { id }, select: { sharing: true } }),
      };
    },
  },
  {
    name: "inviting someone",
    setup: async (owner) => {
      const email = `invitee-${randomBytes(4).toString("hex")}@example.test`;
      const { inviteMemberAction } = await memberActions();
      return { call: () => inviteMemberAction({ email, role: "member" }), state: () => db().invitation.count({ where: { workspaceId: owner.workspace.id, email } }) };
    },
  },
  {
    name: "issuing a new invitation link",
    setup: async (owner) => {
      const { createInvitation } = await import("@/lib/dal/invitations");
      const created = await createInvitation(owner, { email: `renew-${randomBytes(4).toString("hex")}@example.test`, role: "member" });
      if (!created.ok) throw new Error("invitation");
      const { renewInvitationLinkAction } = await memberActions();
      return {
        call: () => renewInvitationLinkAction(created.invitation.id),
        state: () => db().invitation.findUnique({ where: { id: created.invitation.id }, select: { tokenHash: true } }),
      };
    },
  },
  {
    name: "changing a role",
    setup: async (owner) => {
      const member = await addMember(owner, "member");
      const { changeRoleAction } = await memberActions();
      return {
        call: () => changeRoleAction({ userId: member.id, role: "admin" }),
        state: () => db().membership.findFirst({ where: { workspaceId: owner.workspace.id, userId: member.id }, select: { role: true } }),
      };
    },
  },
  {
    name: "removing a member",
    setup: async (owner) => {
      const member = await addMember(owner, "member");
      const { removeMemberAction } = await memberActions();
      return {
        call: () => removeMemberAction({ userId: member.id, private: "transfer" }),
        state: () => db().membership.count({ where: { workspaceId: owner.workspace.id, userId: member.id } }),
      };
    },
  },
  {
    name: "changing the email",
    setup: async (owner) => {
      const { updateProfileAction } = await profileActions();
      const email = `moved-${randomBytes(4).toString("hex")}@example.test`;
      return {
        call: () => updateProfileAction(null, formData({ name: owner.name, email, currentPassword: PASSWORD })),
        state: () => db().user.findUnique({ where: { id: owner.id }, select: { email: true } }),
      };
    },
  },
  {
    name: "changing the password",
    setup: async (owner) => {
      const { changePasswordAction } = await profileActions();
      return {
        // The same password again: the change still happens (a new hash, every session ended).
        call: () => changePasswordAction(null, formData({ currentPassword: PASSWORD, newPassword: PASSWORD, confirmPassword: PASSWORD })),
        state: () => db().user.findUnique({ where: { id: owner.id }, select: { passwordHash: true, sessionVersion: true } }),
      };
    },
  },
  {
    name: "turning the two-factor policy off (on needs the Owner's own two-factor)",
    setup: async (owner) => {
      await db().user.update({ where: { id: owner.id }, data: { totpEnabledAt: new Date() }, select: { id: true } });
      await db().workspace.update({ where: { id: owner.workspace.id }, data: { requireTwoFactor: true }, select: { id: true } });
      const { setTwoFactorPolicyAction } = await workspaceActions();
      return { call: () => setTwoFactorPolicyAction({ required: false }), state: () => db().workspace.findUnique({ where: { id: owner.workspace.id }, select: { requireTwoFactor: true } }) };
    },
  },
];

describe("every sensitive action needs a recent proof of identity, in the server action itself", () => {
  for (const { name, setup } of CASES) {
    it(`${name}: refused without re-authentication and after the window, allowed within it`, async () => {
      const { viewer, browser, sessionId } = await signedInOwner();
      const { call, state } = await setup(viewer);
      const before = await state();

      // A valid session whose sign-in was long ago, replaying the action: refused, nothing changed.
      await ageSession(sessionId);
      expect(await browser.run(call)).toMatchObject(REAUTH);
      expect(await state()).toEqual(before);

      // Confirmed, then the window runs out: refused again.
      expect(await browser.run(() => confirmIdentityAction({ password: PASSWORD }))).toMatchObject({ ok: true });
      await ageSession(sessionId);
      expect(await browser.run(call)).toMatchObject(REAUTH);
      expect(await state()).toEqual(before);

      // Confirmed: the same call goes through.
      expect(await browser.run(() => confirmIdentityAction({ password: PASSWORD }))).toMatchObject({ ok: true });
      const allowed = await browser.run(call);
      expect(allowed === "redirect" || allowed.ok).toBe(true);
      expect(await state()).not.toEqual(before);
    });
  }
});

describe("the re-authentication window", () => {
  it("a fresh sign-in counts: the person who just signed in is not asked again", async () => {
    const { viewer, browser } = await signedInOwner();
    const { key } = await makeKey(viewer);
    const { revokeKeyAction } = await keyActions();
    expect(await browser.run(() => revokeKeyAction(null, formData({ sid: key.sid })))).toMatchObject({ ok: true });
  });

  it("lasts SUDO_MINUTES from the confirmation, on this session only: another session of the same person is still asked", async () => {
    const { viewer, browser: laptop, sessionId } = await signedInOwner();
    const phone = new AuthClient(nextIp());
    expect((await phone.signIn(viewer.email, PASSWORD)).status).toBe(200);
    await db().userSession.updateMany({ where: { userId: viewer.id }, data: { createdAt: new Date(Date.now() - 3_600_000) } });
    const started = Date.now();
    expect(await laptop.run(() => confirmIdentityAction({ password: PASSWORD }))).toMatchObject({ ok: true });
    const row = await db().userSession.findUniqueOrThrow({ where: { id: sessionId }, select: { sudoUntil: true } });
    expect(row.sudoUntil!.getTime() - started).toBeGreaterThanOrEqual(10 * 60_000 - 1_000);
    expect(row.sudoUntil!.getTime() - started).toBeLessThanOrEqual(10 * 60_000 + 5_000);

    const [a, b] = [await makeKey(viewer), await makeKey(viewer)];
    const { revokeKeyAction } = await keyActions();
    expect(await phone.run(() => revokeKeyAction(null, formData({ sid: a.key.sid })))).toMatchObject(REAUTH);
    expect(await laptop.run(() => revokeKeyAction(null, formData({ sid: b.key.sid })))).toMatchObject({ ok: true });
  });

  it("a wrong password opens nothing and wrong passwords are throttled: 20 parallel guesses get at most 10 checks", async () => {
    const { browser, sessionId } = await signedInOwner();
    await ageSession(sessionId);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => browser.run(() => confirmIdentityAction({ password: `wrong password ${i}` }))));
    const messages = answers.map((answer) => (answer.ok ? "ok" : answer.fieldErrors?.password));
    const checked = messages.filter((m) => m === "That password is not correct.").length;
    const throttled = messages.filter((m) => m?.startsWith("Too many")).length;
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(10);
    expect(checked + throttled).toBe(20);
    // Even the right password waits now: the budget is spent.
    expect(await browser.run(() => confirmIdentityAction({ password: PASSWORD }))).toMatchObject({ ok: false, fieldErrors: { password: expect.stringMatching(/^Too many/) } });
    const row = await db().userSession.findUniqueOrThrow({ where: { id: sessionId }, select: { sudoUntil: true } });
    expect(row.sudoUntil!.getTime()).toBeLessThan(Date.now());
  });

  it("signing out ends it: the session's row is gone, and with it the window", async () => {
    const { browser, sessionId } = await signedInOwner();
    expect(await browser.run(() => confirmIdentityAction({ password: PASSWORD }))).toMatchObject({ ok: true });
    await browser.signOut();
    expect(await db().userSession.findUnique({ where: { id: sessionId } })).toBeNull();
  });

  it("a malformed proof is refused with a field message and changes nothing", async () => {
    const { browser, sessionId } = await signedInOwner();
    await ageSession(sessionId);
    expect(await browser.run(() => confirmIdentityAction({ password: "" }))).toMatchObject({ ok: false, fieldErrors: { password: "Enter your password." } });
    expect(await browser.run(() => confirmIdentityAction({ backupCode: "abcd-efgh" }))).toMatchObject({ ok: false });
    const row = await db().userSession.findUniqueOrThrow({ where: { id: sessionId }, select: { sudoUntil: true } });
    expect(row.sudoUntil!.getTime()).toBeLessThan(Date.now());
  });
});
