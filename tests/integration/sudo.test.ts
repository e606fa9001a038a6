import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { revokeKey, rollKey } from "@/lib/dal/key-changes";
import { db } from "@/lib/db";
import type { ActionResult } from "@/lib/action-result";
import type { Viewer } from "@/lib/viewer";
import { totpCode } from "@/lib/auth/totp";
import { relyingPartyFor } from "@/lib/auth/webauthn";
import { passkeyRegistrationOptions, passkeyReauthOptions, passkeySignInOptions, registerPasskey } from "@/lib/dal/passkeys";
import { reauthMethods } from "@/lib/dal/sudo";
import { confirmTotpSetup, startTotpSetup } from "@/lib/dal/two-factor";
import { addMember, makeKey, makeViewer } from "./fixtures";
import { SoftAuthenticator } from "./passkeys-authenticator";
import { AuthClient } from "./session-http";

// Sudo mode as a stolen session cookie would meet it: every sensitive server action is called
// the way Next calls it (a replayed POST with a valid session), with no recent re-authentication,
// within the window, and after it. The session is real (next-auth sign-in, a session row).

process.env.SIGN_IN_FAILURES_PER_ACCOUNT = "10";
// Passkeys are for this origin (the software authenticator signs for it).
process.env.NEXTAUTH_URL = "http://localhost:3000";
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

describe("confirming with an authenticator code or a passkey", () => {
  const sudoUntil = async (sessionId: string) => (await db().userSession.findUniqueOrThrow({ where: { id: sessionId }, select: { sudoUntil: true } })).sudoUntil;
  const opened = async (sessionId: string) => ((await sudoUntil(sessionId))?.getTime() ?? 0) > Date.now();
  const rp = () => relyingPartyFor("localhost:3000")!;

  async function withAuthenticatorApp(viewer: Viewer) {
    const started = await startTotpSetup(viewer);
    if (!started.ok) throw new Error("setup did not start");
    const confirmed = await confirmTotpSetup(viewer, totpCode(started.secret, Date.now() - 30_000));
    if (!confirmed.ok) throw new Error("setup not confirmed");
    return { secret: started.secret, backupCodes: confirmed.backupCodes };
  }

  it("a current authenticator code opens the window and lets the refused action through; the same code cannot open it twice", async () => {
    const { viewer, browser, sessionId } = await signedInOwner();
    const { secret } = await withAuthenticatorApp(viewer);
    expect(await reauthMethods(viewer.id)).toEqual(["totp", "password"]);
    const { key } = await makeKey(viewer);
    const { revokeKeyAction } = await keyActions();
    await ageSession(sessionId);
    expect(await browser.run(() => revokeKeyAction(null, formData({ sid: key.sid })))).toMatchObject(REAUTH);

    const code = totpCode(secret, Date.now());
    expect(await browser.run(() => confirmIdentityAction({ totpCode: code }))).toMatchObject({ ok: true });
    expect(await opened(sessionId)).toBe(true);
    expect(await browser.run(() => revokeKeyAction(null, formData({ sid: key.sid })))).toMatchObject({ ok: true });

    // The replay: the window is closed again, and the code already used cannot reopen it.
    await ageSession(sessionId);
    expect(await browser.run(() => confirmIdentityAction({ totpCode: code }))).toMatchObject({ ok: false, fieldErrors: { totpCode: expect.stringMatching(/not correct/) } });
    expect(await opened(sessionId)).toBe(false);
  });

  it("a backup code, a wrong code, or a code for an account without an authenticator app opens nothing", async () => {
    const { viewer, browser, sessionId } = await signedInOwner();
    const { secret, backupCodes } = await withAuthenticatorApp(viewer);
    await ageSession(sessionId);
    expect(await browser.run(() => confirmIdentityAction({ totpCode: backupCodes[0] }))).toMatchObject({ ok: false, fieldErrors: { totpCode: expect.any(String) } });
    // Not as a "password" either: the backup code is not the password, and stays unused.
    expect(await browser.run(() => confirmIdentityAction({ password: backupCodes[0] }))).toMatchObject({ ok: false });
    expect(await db().backupCode.count({ where: { userId: viewer.id, usedAt: { not: null } } })).toBe(0);
    const wrong = String((Number(totpCode(secret, Date.now())) + 1) % 1e6).padStart(6, "0");
    expect(await browser.run(() => confirmIdentityAction({ totpCode: wrong }))).toMatchObject({ ok: false, fieldErrors: { totpCode: expect.stringMatching(/not correct/) } });
    expect(await opened(sessionId)).toBe(false);

    const plain = await signedInOwner();
    await ageSession(plain.sessionId);
    expect(await plain.browser.run(() => confirmIdentityAction({ totpCode: totpCode(secret, Date.now()) }))).toMatchObject({ ok: false });
    expect(await opened(plain.sessionId)).toBe(false);
  });

  it("wrong authenticator codes are throttled like sign-in's: 20 parallel guesses, then even the right code waits", async () => {
    const { viewer, browser, sessionId } = await signedInOwner();
    const { secret } = await withAuthenticatorApp(viewer);
    await ageSession(sessionId);
    const right = totpCode(secret, Date.now());
    const guesses = Array.from({ length: 20 }, (_, i) => String((Number(right) + 1 + i) % 1e6).padStart(6, "0"));
    const answers = await Promise.all(guesses.map((code) => browser.run(() => confirmIdentityAction({ totpCode: code }))));
    expect(answers.every((answer) => !answer.ok)).toBe(true);
    expect(answers.some((answer) => !answer.ok && answer.fieldErrors?.totpCode?.startsWith("Too many"))).toBe(true);
    expect(await browser.run(() => confirmIdentityAction({ totpCode: right }))).toMatchObject({ ok: false, fieldErrors: { totpCode: expect.stringMatching(/^Too many/) } });
    expect(await opened(sessionId)).toBe(false);
  });

  it("a passkey assertion for a re-authentication challenge opens the window, once; a sign-in challenge or another person's passkey does not", async () => {
    const { viewer, browser, sessionId } = await signedInOwner();
    const device = new SoftAuthenticator();
    const registration = await passkeyRegistrationOptions(viewer, rp());
    expect(await registerPasskey(viewer, { challengeId: registration.challengeId, response: device.register(registration.options), name: "Laptop" })).toMatchObject({ ok: true });
    expect(await reauthMethods(viewer.id)).toEqual(["passkey", "password"]);
    await ageSession(sessionId);

    // A challenge made for passwordless sign-in is not one for confirming an action.
    const signIn = await passkeySignInOptions(rp());
    expect(await browser.run(() => confirmIdentityAction({ passkey: { challengeId: signIn.challengeId, response: device.authenticate(signIn.options) } }))).toMatchObject({ ok: false, fieldErrors: { passkey: expect.any(String) } });
    expect(await opened(sessionId)).toBe(false);

    // Another person's device signing this person's challenge.
    const stranger = await makeViewer("Stranger");
    const theirDevice = new SoftAuthenticator();
    const theirs = await passkeyRegistrationOptions(stranger, rp());
    await registerPasskey(stranger, { challengeId: theirs.challengeId, response: theirDevice.register(theirs.options), name: "Theirs" });
    const mine = (await passkeyReauthOptions(viewer.id, rp()))!;
    expect(await browser.run(() => confirmIdentityAction({ passkey: { challengeId: mine.challengeId, response: theirDevice.authenticate({ ...mine.options, allowCredentials: undefined }) } }))).toMatchObject({ ok: false });
    expect(await opened(sessionId)).toBe(false);

    const reauth = (await passkeyReauthOptions(viewer.id, rp()))!;
    const response = device.authenticate(reauth.options);
    expect(await browser.run(() => confirmIdentityAction({ passkey: { challengeId: reauth.challengeId, response } }))).toMatchObject({ ok: true });
    expect(await opened(sessionId)).toBe(true);
    // Replayed after the window closed: the challenge is used up.
    await ageSession(sessionId);
    expect(await browser.run(() => confirmIdentityAction({ passkey: { challengeId: reauth.challengeId, response } }))).toMatchObject({ ok: false });
    expect(await opened(sessionId)).toBe(false);
  });

  it("a proof with two kinds at once, or an unknown kind, is refused before anything is checked", async () => {
    const { browser, sessionId } = await signedInOwner();
    await ageSession(sessionId);
    expect(await browser.run(() => confirmIdentityAction({ password: PASSWORD, totpCode: "123456" }))).toMatchObject({ ok: false });
    expect(await browser.run(() => confirmIdentityAction({ totpCode: "12345a" }))).toMatchObject({ ok: false, fieldErrors: { totpCode: "Enter the 6-digit code from your authenticator app." } });
    expect(await browser.run(() => confirmIdentityAction("password"))).toMatchObject({ ok: false });
    expect(await opened(sessionId)).toBe(false);
  });
});
