import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as me } from "@/app/api/v1/me/route";
import { accountTokenIsLive } from "@/lib/dal/account-tokens";
import { createCredential } from "@/lib/dal/credentials";
import { instanceAdminOf, listWorkspacesForAdmin, searchUsers, workspaceForAdmin, getAdminUser, listInstanceAudit } from "@/lib/dal/instance-admin";
import { verifyCachedKey } from "@/lib/dal/verify";
import { createUser } from "@/lib/dal/users";
import { findMembership } from "@/lib/dal/workspaces";
import { db } from "@/lib/db";
import type { ActionResult } from "@/lib/action-result";
import { sessionViewer } from "@/lib/viewer-issue";
import { startMailSink } from "../../e2e/mail-sink";
import { makeKey } from "./fixtures";
import { AuthClient } from "./session-http";

// The instance admin (LATCHKEY_ADMIN_EMAILS, verified addresses only) as an attacker and as an
// admin would meet it: real next-auth sessions, the server actions called the way Next calls
// them (a POST with the session cookie), the pages rendered in that request, and member keys
// through the real API route with a long-lived verification cache, so only the invalidation
// can make a disabling hold on the next request.

const RUN = randomBytes(4).toString("hex");
const ADMIN = `admin-${RUN}@example.test`;
const UNVERIFIED_ADMIN = `unverified-admin-${RUN}@example.test`;
const PASSWORD = "correct horse battery";

process.env.LATCHKEY_ADMIN_EMAILS = ` ${ADMIN.toUpperCase()}, ${UNVERIFIED_ADMIN} `;
process.env.KEY_CACHE_TTL_MS = "300000";
process.env.SIGN_IN_FAILURES_PER_ACCOUNT = "50";
process.env.REQUIRE_EMAIL_VERIFICATION = "false";
process.env.NEXTAUTH_URL = "http://keys.example.test";

let sink: Awaited<ReturnType<typeof startMailSink>>;
beforeAll(async () => {
  sink = await startMailSink();
  process.env.SMTP_URL = sink.url;
});
afterAll(async () => {
  await sink.close();
  await db().$disconnect();
});

let ipCounter = 10;
const nextIp = () => `198.51.100.${ipCounter++ % 250}`;

async function account(name: string, email = `${name.toLowerCase().replace(/[^a-z]+/g, "-")}-${randomBytes(5).toString("hex")}@example.test`, verified = true) {
  const created = await createUser({ name, email, password: PASSWORD });
  if (!created.ok) throw new Error("could not create user");
  if (verified) await db().user.update({ where: { id: created.user.id }, data: { emailVerifiedAt: new Date() }, select: { id: true } });
  return { id: created.user.id, name, email };
}

async function signedIn(email: string) {
  const browser = new AuthClient(nextIp());
  expect((await browser.signIn(email, PASSWORD)).status).toBe(200);
  const row = await db().userSession.findFirstOrThrow({ where: { user: { email } }, orderBy: { createdAt: "desc" }, select: { id: true } });
  return { browser, sessionId: row.id };
}

let admin: { id: string; email: string; browser: AuthClient; sessionId: string };
beforeAll(async () => {
  const user = await account("Ada Admin", ADMIN);
  admin = { ...user, ...(await signedIn(ADMIN)) };
});

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};
const userActions = () => import("@/app/admin/users/actions");
const mailActions = () => import("@/app/admin/mail/actions");
const status = async (secret: string) => (await me(new Request("http://localhost/api/v1/me", { headers: { authorization: `Bearer ${secret}` } }), { params: Promise.resolve({}) })).status;

/** The sign-in and any confirmation were longer ago than SUDO_MINUTES. */
const ageSession = (sessionId: string) =>
  db().userSession.update({ where: { id: sessionId }, data: { createdAt: new Date(Date.now() - 3_600_000), sudoUntil: new Date(Date.now() - 1_000) }, select: { id: true } });
const freshSession = (sessionId: string) => db().userSession.update({ where: { id: sessionId }, data: { sudoUntil: new Date(Date.now() + 300_000) }, select: { id: true } });

const PAGES: [string, () => Promise<unknown>][] = [
  ["/admin", async () => (await import("@/app/admin/page")).default()],
  ["/admin/users", async () => (await import("@/app/admin/users/page")).default({ searchParams: Promise.resolve({}) })],
  ["/admin/workspaces", async () => (await import("@/app/admin/workspaces/page")).default({ searchParams: Promise.resolve({}) })],
  ["/admin/workspaces/[id]", async () => (await import("@/app/admin/workspaces/[id]/page")).default({ params: Promise.resolve({ id: (await findMembership(admin.id))!.workspace.id }) })],
  ["/admin/plans", async () => (await import("@/app/admin/plans/page")).default()],
  ["/admin/mail", async () => (await import("@/app/admin/mail/page")).default()],
  ["/admin/audit", async () => (await import("@/app/admin/audit/page")).default({ searchParams: Promise.resolve({}) })],
];

/** What rendering a page did: rendered, or Next's 404 (notFound()) or a redirect. */
async function outcome(call: () => Promise<unknown>): Promise<"rendered" | "404" | "redirect"> {
  try {
    await call();
    return "rendered";
  } catch (error) {
    const digest = String((error as { digest?: unknown }).digest ?? "");
    if (digest === "NEXT_HTTP_ERROR_FALLBACK;404") return "404";
    if (digest.startsWith("NEXT_REDIRECT")) return "redirect";
    throw error;
  }
}

/** Everything an admin action can change about a person, to compare before and after. */
const personState = async (userId: string) => ({
  user: await db().user.findUnique({ where: { id: userId }, select: { disabledAt: true, totpEnabledAt: true, totpSealed: true, sessionVersion: true } }),
  sessions: await db().userSession.count({ where: { userId } }),
  passkeys: await db().passkey.count({ where: { userId } }),
  backupCodes: await db().backupCode.count({ where: { userId } }),
  tokens: await db().accountToken.count({ where: { userId } }),
});

/** A person with a session, an authenticator app, backup codes, a passkey and a member key. */
async function victim(name = "Vic Target") {
  const user = await account(name);
  // Two browsers signed in before the authenticator is on (after that, sign-in asks for a code).
  const { browser } = await signedIn(user.email);
  const { browser: second } = await signedIn(user.email);
  await db().user.update({ where: { id: user.id }, data: { totpEnabledAt: new Date(), totpKeyId: "t1", totpSealed: "sealed-totp-value" }, select: { id: true } });
  await db().backupCode.createMany({ data: [1, 2, 3].map((n) => ({ userId: user.id, codeHash: `hash-${n}-${user.id}` })) });
  await db().passkey.create({ data: { userId: user.id, credentialId: randomBytes(16).toString("base64url"), publicKey: "pk", deviceType: "multiDevice", name: "Phone" }, select: { id: true } });
  const membership = await findMembership(user.id);
  if (!membership) throw new Error("no workspace");
  const viewer = sessionViewer(user, membership, "203.0.113.7");
  const { secret } = await makeKey(viewer);
  return { ...user, browser, second, viewer, secret };
}

const ACTIONS = ["disableUserAction", "enableUserAction", "issueResetLinkAction", "resetTwoFactorAction"] as const;

describe("who is an instance admin", () => {
  it("a listed, verified address only: not an unverified listed one, not a verified unlisted one, not the first account", async () => {
    const unverified = await account("Una Verified", UNVERIFIED_ADMIN, false);
    const plain = await account("Pat Plain");
    const { browser: unverifiedBrowser } = await signedIn(unverified.email);
    const { browser: plainBrowser } = await signedIn(plain.email);
    const first = await db().user.findFirstOrThrow({ orderBy: { createdAt: "asc" }, select: { id: true, email: true } });
    for (const [browser, expected] of [
      [admin.browser, true],
      [unverifiedBrowser, false],
      [plainBrowser, false],
    ] as const) {
      const { isInstanceAdmin } = await import("@/lib/admin-session");
      expect(await browser.run(() => isInstanceAdmin(), "/admin/users")).toBe(expected);
    }
    if (first.email !== ADMIN) {
      const firstViewer = sessionViewer({ id: first.id, name: "First", email: first.email }, (await findMembership(first.id))!, null);
      expect(await instanceAdminOf(firstViewer)).toBeNull();
    }
    // Disabled admins are not admins (another admin disabled them).
    await db().user.update({ where: { id: unverified.id }, data: { emailVerifiedAt: new Date(), disabledAt: new Date() }, select: { id: true } });
    expect(await instanceAdminOf(sessionViewer(unverified, (await findMembership(unverified.id))!, null))).toBeNull();
  });

  it("pages are the 404 page for non-admins (unverified listed address included) and the signed-out; they render for the admin", async () => {
    const plain = await account("Pat Pages");
    const { browser: plainBrowser } = await signedIn(plain.email);
    // The unverified listed address (the account from the previous test may be disabled: make a fresh one under the listed address).
    await db().user.deleteMany({ where: { email: UNVERIFIED_ADMIN } });
    await account("Una Three", UNVERIFIED_ADMIN, false);
    const { browser: unverifiedBrowser } = await signedIn(UNVERIFIED_ADMIN);
    const signedOut = new AuthClient(nextIp());
    for (const [path, render] of PAGES) {
      for (const browser of [plainBrowser, unverifiedBrowser, signedOut]) {
        expect(await browser.run(() => outcome(render), path), `${path} for a non-admin`).toBe("404");
      }
      const expected = path === "/admin" ? "redirect" : "rendered";
      expect(await admin.browser.run(() => outcome(render), path), `${path} for the admin`).toBe(expected);
    }
  });

  it("every action refuses non-admins with 'Not found.' and changes nothing, even within a fresh re-authentication", async () => {
    const target = await victim();
    const plain = await account("Pat Attacker");
    const { browser, sessionId } = await signedIn(plain.email);
    await freshSession(sessionId);
    await db().user.deleteMany({ where: { email: UNVERIFIED_ADMIN } });
    await account("Una Four", UNVERIFIED_ADMIN, false);
    const unverified = await signedIn(UNVERIFIED_ADMIN);
    const before = await personState(target.id);
    const auditBefore = await db().instanceAuditEvent.count();
    for (const attacker of [browser, unverified.browser, new AuthClient(nextIp())]) {
      for (const name of ACTIONS) {
        const action = (await userActions())[name] as (p: ActionResult | null, f: FormData) => Promise<ActionResult>;
        expect(await attacker.run(() => action(null, form({ userId: target.id })), "/admin/users"), name).toEqual({ ok: false, error: "Not found." });
      }
      const { sendTestMailAction } = await mailActions();
      expect(await attacker.run(() => sendTestMailAction(), "/admin/mail")).toEqual({ ok: false, error: "Not found." });
    }
    expect(await personState(target.id)).toEqual(before);
    expect(await db().instanceAuditEvent.count()).toBe(auditBefore);
    expect(await status(target.secret)).toBe(200);
  });

  it("an admin without a recent re-authentication is refused by each action itself (reauth_required) and nothing changes", async () => {
    const target = await victim();
    await ageSession(admin.sessionId);
    const before = await personState(target.id);
    const auditBefore = await db().instanceAuditEvent.count({ where: { actorId: admin.id } });
    for (const name of ACTIONS) {
      const action = (await userActions())[name] as (p: ActionResult | null, f: FormData) => Promise<ActionResult>;
      expect(await admin.browser.run(() => action(null, form({ userId: target.id })), "/admin/users"), name).toMatchObject({ ok: false, reason: "reauth_required" });
    }
    const { sendTestMailAction } = await mailActions();
    expect(await admin.browser.run(() => sendTestMailAction(), "/admin/mail")).toMatchObject({ ok: false, reason: "reauth_required" });
    expect(await personState(target.id)).toEqual(before);
    expect(await db().instanceAuditEvent.count({ where: { actorId: admin.id } })).toBe(auditBefore);
    await freshSession(admin.sessionId);
  });
});

describe("admin actions", () => {
  beforeAll(() => freshSession(admin.sessionId));

  it("disable: every session ends and member keys get 401 on the next request (though cached), sign-in is refused like a wrong password; re-enable restores sign-in and keys", async () => {
    const target = await victim("Dee Disabled");
    expect(await status(target.secret)).toBe(200);
    expect(verifyCachedKey(target.secret, null)).toBeDefined(); // cached: only the invalidation can refuse it now
    expect((await target.browser.session()).uid).toBe(target.id);

    const { disableUserAction, enableUserAction } = await userActions();
    const result = await admin.browser.run(() => disableUserAction(null, form({ userId: target.id })), "/admin/users");
    expect(result).toMatchObject({ ok: true });

    expect(await db().userSession.count({ where: { userId: target.id } })).toBe(0);
    expect((await target.browser.session()).uid).toBeUndefined();
    expect((await target.second.session()).uid).toBeUndefined();
    const { getViewer } = await import("@/lib/session");
    expect(await target.browser.run(() => getViewer())).toBeNull();
    expect(await status(target.secret)).toBe(401);

    // Sign-in: the same answer as a wrong password.
    const disabledAnswer = await new AuthClient(nextIp()).signIn(target.email, PASSWORD);
    const wrongAnswer = await new AuthClient(nextIp()).signIn(target.email, "not the password at all");
    expect(disabledAnswer.status).toBe(wrongAnswer.status);
    const errorOf = async (r: Response) => new URL(((await r.json()) as { url: string }).url).searchParams.get("error");
    expect(await errorOf(disabledAnswer)).toBe("CredentialsSignin");
    expect(await errorOf(wrongAnswer)).toBe("CredentialsSignin");
    expect(await db().userSession.count({ where: { userId: target.id } })).toBe(0);

    expect(await admin.browser.run(() => enableUserAction(null, form({ userId: target.id })), "/admin/users")).toMatchObject({ ok: true });
    expect(await status(target.secret)).toBe(200);
    // The password is accepted again (the authenticator app then asks for its code).
    expect(await errorOf(await new AuthClient(nextIp()).signIn(target.email, PASSWORD))).toMatch(/^second_factor:/);

    const events = await db().instanceAuditEvent.findMany({ where: { targetId: target.id }, orderBy: { createdAt: "asc" }, select: { action: true, actorId: true, actorEmail: true, metadata: true } });
    expect(events.map((e) => e.action)).toEqual(["user_disabled", "user_enabled"]);
    expect(events[0]).toMatchObject({ actorId: admin.id, actorEmail: ADMIN });
    expect(JSON.parse(events[0]!.metadata)).toEqual({ sessionsEnded: 2 });
  });

  it("an admin cannot disable themselves", async () => {
    const { disableUserAction } = await userActions();
    expect(await admin.browser.run(() => disableUserAction(null, form({ userId: admin.id })), "/admin/users")).toEqual({ ok: false, error: "You cannot disable your own account." });
    expect((await db().user.findUniqueOrThrow({ where: { id: admin.id }, select: { disabledAt: true } })).disabledAt).toBeNull();
  });

  it("two admins disabling one account at once: one disables, one is told, one audit row", async () => {
    const target = await victim("Para Llel");
    const { disableUserAction } = await userActions();
    const results = await Promise.all(Array.from({ length: 5 }, () => admin.browser.run(() => disableUserAction(null, form({ userId: target.id })), "/admin/users")));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await db().instanceAuditEvent.count({ where: { targetId: target.id, action: "user_disabled" } })).toBe(1);
  });

  it("reset two-factor removes the authenticator, backup codes and passkeys, is audited, and mails the person", async () => {
    const target = await victim("Tia Twofactor");
    const { resetTwoFactorAction } = await userActions();
    expect(await admin.browser.run(() => resetTwoFactorAction(null, form({ userId: target.id })), "/admin/users")).toMatchObject({ ok: true });
    const after = await personState(target.id);
    expect(after.user).toMatchObject({ totpEnabledAt: null, totpSealed: null });
    expect(after.passkeys).toBe(0);
    expect(after.backupCodes).toBe(0);
    const event = await db().instanceAuditEvent.findFirstOrThrow({ where: { targetId: target.id, action: "two_factor_reset" }, select: { metadata: true, actorId: true } });
    expect(event.actorId).toBe(admin.id);
    expect(JSON.parse(event.metadata)).toEqual({ authenticator: true, backupCodes: 3, passkeys: 1 });
    const mail = await sink.waitFor(target.email, /two-factor sign-in was reset/i);
    expect(mail.text).toContain("administrator");
    // Nothing left to reset: a clear answer, no second audit row.
    expect(await admin.browser.run(() => resetTwoFactorAction(null, form({ userId: target.id })), "/admin/users")).toMatchObject({ ok: false });
    expect(await db().instanceAuditEvent.count({ where: { targetId: target.id, action: "two_factor_reset" } })).toBe(1);
  });

  it("a reset link is answered once, works, and is in neither the audit log nor the database in plaintext", async () => {
    const target = await victim("Rita Reset");
    const { issueResetLinkAction } = await userActions();
    const result = await admin.browser.run(() => issueResetLinkAction(null, form({ userId: target.id })), "/admin/users");
    if (!result.ok) throw new Error(result.error);
    expect(result.link).toMatch(/^http:\/\/keys\.example\.test\/reset-password\/[\w-]+$/);
    const token = result.link.split("/").at(-1)!;
    expect(await accountTokenIsLive(token, "reset_password")).toBe(true);
    const event = await db().instanceAuditEvent.findFirstOrThrow({ where: { targetId: target.id, action: "reset_link_issued" } });
    expect(JSON.stringify(event)).not.toContain(token);
    expect(JSON.stringify(await db().accountToken.findMany({ where: { userId: target.id } }))).not.toContain(token);
  });

  it("an unknown or malformed account id is a clear refusal that changes nothing", async () => {
    const { disableUserAction } = await userActions();
    for (const userId of ["c" + "0".repeat(24), "../../etc", ""]) {
      expect(await admin.browser.run(() => disableUserAction(null, form({ userId })), "/admin/users")).toEqual({ ok: false, error: "That account does not exist." });
    }
  });

  it("send a test: to the admin's own address, audited", async () => {
    const { sendTestMailAction } = await mailActions();
    expect(await admin.browser.run(() => sendTestMailAction(), "/admin/mail")).toMatchObject({ ok: true });
    await sink.waitFor(ADMIN, /test message/i);
    expect(await db().instanceAuditEvent.count({ where: { actorId: admin.id, action: "test_mail_sent" } })).toBeGreaterThanOrEqual(1);
  });
});

describe("what the admin area reads", () => {
  it("no sealed value, key hash or secret in anything the admin DAL returns", async () => {
    const target = await victim("Sam Sealed");
    expect(await createCredential(target.viewer, { name: "Stripe", type: "bearer", token: "sk_live_very_secret_value_123456", hosts: ["api.stripe.com"] })).toMatchObject({ ok: true });
    const row = await db().apiKey.findFirstOrThrow({ where: { userId: target.id }, select: { hash: true } });
    const sealed = await db().credential.findMany({ where: { workspaceId: target.viewer.workspace.id }, select: { sealed: true } });
    const proof = await instanceAdminOf(sessionViewer({ id: admin.id, name: "Ada Admin", email: ADMIN }, (await findMembership(admin.id))!, null));
    if (!proof) throw new Error("admin expected");
    const everything = JSON.stringify([
      await searchUsers(proof, { query: "", page: 1 }),
      await searchUsers(proof, { query: target.email, page: 1 }),
      await getAdminUser(proof, target.id),
      await listWorkspacesForAdmin(proof, { query: "", page: 1 }),
      await workspaceForAdmin(proof, target.viewer.workspace.id),
      await listInstanceAudit(proof, 1),
    ]);
    expect(everything).toContain(target.email);
    for (const secret of [target.secret, row.hash, "sealed-totp-value", "sk_live_very_secret_value_123456", ...sealed.map((s) => s.sealed)]) {
      expect(everything).not.toContain(secret);
    }
    expect(sealed).toHaveLength(1);
  });

  it("the workspaces list counts members, active keys, credentials and webhooks and names the owners", async () => {
    const target = await victim("Wanda Workspace");
    const proof = await instanceAdminOf(sessionViewer({ id: admin.id, name: "Ada Admin", email: ADMIN }, (await findMembership(admin.id))!, null));
    const detail = await workspaceForAdmin(proof!, target.viewer.workspace.id);
    expect(detail).toMatchObject({ usage: { members: 1, activeKeys: 1 }, owners: [{ email: target.email }], adminIsMember: false });
    expect(detail!.members).toEqual([expect.objectContaining({ email: target.email, role: "owner", twoFactor: true, disabled: false })]);
  });
});
