import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { GET as me } from "@/app/api/v1/me/route";
import { createKey } from "@/lib/dal/key-changes";
import { removePasskey } from "@/lib/dal/passkeys";
import { announceAccessChange, changeAccess, onKeyNotice, startKeySync } from "@/lib/dal/key-sync";
import { verifyCachedKey } from "@/lib/dal/verify";
import { membersWithTwoFactor, setTwoFactorPolicy } from "@/lib/dal/workspaces";
import { db } from "@/lib/db";
import { isPostgresUrl } from "@/lib/env";
import { parseCreateKey } from "@/lib/validation/keys";
import type { Viewer } from "@/lib/viewer";
import { PATH_HEADER, WORKSPACE_COOKIE, WORKSPACE_HEADER } from "@/lib/workspaces/url";
import { addMember, makeKey, makeViewer } from "./fixtures";
import { AuthClient, inRequest } from "./session-http";

// The workspace policy "Require two-factor authentication". The verification cache keeps
// accepted keys for a long time here, so only the invalidation can make a change hold on the
// next request: a test that passed through the TTL would prove nothing.
process.env.KEY_CACHE_TTL_MS = "300000";

afterAll(() => db().$disconnect());

const PASSWORD = "correct horse battery";
const status = async (secret: string) => (await me(new Request("http://localhost/api/v1/me", { headers: { authorization: `Bearer ${secret}` } }), { params: Promise.resolve({}) })).status;
const setTotp = (userId: string, on: boolean) => (tx: Parameters<Parameters<typeof changeAccess>[1]>[0]) =>
  tx.user.update({ where: { id: userId }, data: { totpEnabledAt: on ? new Date() : null }, select: { id: true } });

/** A passkey row (its key material is not used here): it counts as two-factor. */
const addPasskey = (userId: string) => (tx: Parameters<Parameters<typeof changeAccess>[1]>[0]) =>
  tx.passkey.create({ data: { userId, credentialId: randomBytes(16).toString("base64url"), publicKey: "pk", deviceType: "multiDevice", name: "Phone" }, select: { id: true } });

/** An Owner with two-factor, a Member without it, a member key each and a service key. */
async function team() {
  const owner = await makeViewer("Policy Owner");
  await changeAccess({ userId: owner.id }, setTotp(owner.id, true));
  const member = await addMember(owner, "member", "Policy Member");
  const memberKey = await makeKey(member);
  const ownerKey = await makeKey(owner);
  const fields = parseCreateKey({ name: "Service", description: "", expiry: "30", permission: "read_write" });
  if (!fields.ok) throw new Error("fields");
  const service = await createKey(owner, { ...fields.data, actsAs: "workspace" });
  if (!service.ok) throw new Error("service key");
  return { owner, member, memberSecret: memberKey.secret, ownerSecret: ownerKey.secret, serviceSecret: service.secret };
}

describe("member keys of members without two-factor stop working while the policy is on", () => {
  it("401 at once (though cached), service keys and compliant members unaffected, 200 again once the member complies", async () => {
    const { owner, member, memberSecret, ownerSecret, serviceSecret } = await team();
    for (const secret of [memberSecret, ownerSecret, serviceSecret]) expect(await status(secret)).toBe(200);
    expect(verifyCachedKey(memberSecret, null)).toBeDefined(); // cached: only invalidation can refuse it now

    expect(await setTwoFactorPolicy(owner, true)).toMatchObject({ ok: true, required: true, changed: true });
    expect(await status(memberSecret)).toBe(401);
    expect(await status(ownerSecret)).toBe(200);
    expect(await status(serviceSecret)).toBe(200);

    // The member sets up two-factor: the refusal (cached too) is forgotten with the change.
    await changeAccess({ userId: member.id }, setTotp(member.id, true));
    expect(await status(memberSecret)).toBe(200);

    // Turning it off again on their side (or a new member without it) refuses again.
    await changeAccess({ userId: member.id }, setTotp(member.id, false));
    expect(await status(memberSecret)).toBe(401);
    // And turning the policy off lets the key work without two-factor.
    expect(await setTwoFactorPolicy(owner, false)).toMatchObject({ ok: true, required: false });
    expect(await status(memberSecret)).toBe(200);
  });

  it("another workspace's cached keys stay cached when one workspace's policy changes", async () => {
    const a = await team();
    const b = await team();
    expect(await status(b.memberSecret)).toBe(200);
    expect(await setTwoFactorPolicy(a.owner, true)).toMatchObject({ ok: true });
    expect(verifyCachedKey(b.memberSecret, null)).toBeDefined();
  });

  it("a notice from another instance forgets the keys the change concerns (what the listener does with a payload)", async () => {
    const { owner, memberSecret } = await team();
    expect(await status(memberSecret)).toBe(200);
    // As another instance would: the row changes, this process is only told.
    await db().workspace.update({ where: { id: owner.workspace.id }, data: { requireTwoFactor: true }, select: { id: true } });
    expect(await status(memberSecret)).toBe(200); // served from the cache: nothing told us yet
    onKeyNotice(`workspace:${owner.workspace.id}`);
    expect(await status(memberSecret)).toBe(401);
  });

  it.runIf(isPostgresUrl(process.env.DATABASE_URL ?? ""))("on PostgreSQL the notice reaches every listening instance through NOTIFY", async () => {
    startKeySync();
    const { owner, member, memberSecret } = await team();
    await new Promise((resolve) => setTimeout(resolve, 500)); // the listener connects (and clears the cache once)
    expect(await status(memberSecret)).toBe(200);
    expect(verifyCachedKey(memberSecret, null)).toBeDefined();
    // Another instance's change: the row and the NOTIFY in one transaction, no local forget here.
    await db().$transaction(async (tx) => {
      await tx.workspace.update({ where: { id: owner.workspace.id }, data: { requireTwoFactor: true }, select: { id: true } });
      await announceAccessChange(tx, { workspaceId: owner.workspace.id });
    });
    for (let i = 0; i < 100 && verifyCachedKey(memberSecret, null); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(verifyCachedKey(memberSecret, null)).toBeUndefined();
    expect(await status(memberSecret)).toBe(401);
    await db().$transaction(async (tx) => {
      await setTotp(member.id, true)(tx);
      await announceAccessChange(tx, { userId: member.id });
    });
    let answer = 401;
    for (let i = 0; i < 100 && answer !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      answer = await status(memberSecret);
    }
    expect(answer).toBe(200);
  });
});

describe("who may set the policy", () => {
  it("only an Owner, and only one who has two-factor themselves", async () => {
    const owner = await makeViewer("Owner Without 2FA");
    expect(await setTwoFactorPolicy(owner, true)).toEqual({ ok: false, reason: "two_factor_missing" });
    const admin = await addMember(owner, "admin");
    await changeAccess({ userId: admin.id }, setTotp(admin.id, true));
    expect(await setTwoFactorPolicy(admin, true)).toEqual({ ok: false, reason: "forbidden" });
    expect((await db().workspace.findUniqueOrThrow({ where: { id: owner.workspace.id } })).requireTwoFactor).toBe(false);
  });

  it("a passkey counts as two-factor: the member's key works with one, and stops when the last one is removed", async () => {
    const { owner, member, memberSecret } = await team();
    expect(await setTwoFactorPolicy(owner, true)).toMatchObject({ ok: true, required: true });
    expect(await status(memberSecret)).toBe(401);
    const { id } = await changeAccess({ userId: member.id }, addPasskey(member.id));
    expect(await status(memberSecret)).toBe(200);
    expect((await membersWithTwoFactor(owner)).has(member.id)).toBe(true);
    expect(await removePasskey(member, id)).toBe(true); // the DAL's own removal notifies
    expect(await status(memberSecret)).toBe(401);
  });

  it("the Members page's list of who has two-factor follows the one rule", async () => {
    const { owner, member } = await team();
    const other = await addMember(owner, "viewer");
    const withIt = await membersWithTwoFactor(owner);
    expect(withIt.has(owner.id)).toBe(true);
    expect(withIt.has(member.id)).toBe(false);
    expect(withIt.has(other.id)).toBe(false);
  });
});

describe("members without two-factor are sent to set it up before any page of the workspace", () => {
  async function signedIn(viewer: Viewer) {
    const browser = new AuthClient(`203.0.113.${100 + Math.floor(Math.random() * 100)}`);
    expect((await browser.signIn(viewer.email, PASSWORD)).status).toBe(200);
    return browser;
  }
  /** A page request as proxy.ts hands it on: the workspace and the path in its own headers. */
  async function page(browser: AuthClient, slug: string | null, path: string): Promise<string> {
    const full = slug ? `/w/${slug}${path}` : path;
    const request = browser.request(full);
    if (slug) request.headers.set(WORKSPACE_HEADER, slug);
    request.headers.set(PATH_HEADER, full);
    const { getViewer } = await import("@/lib/session");
    try {
      const viewer = await inRequest(request, getViewer);
      return viewer ? "shown" : "signed out";
    } catch (error) {
      const digest = String((error as { digest?: unknown }).digest ?? "");
      if (digest.startsWith("NEXT_REDIRECT")) return `redirect ${digest.split(";")[2]}`;
      throw error;
    }
  }

  it("every page but Security and Profile redirects to Security, in that workspace only, until they comply", async () => {
    const { owner, member } = await team();
    const slug = owner.workspace.slug;
    const browser = await signedIn(member);
    expect(await page(browser, slug, "/settings/api-keys")).toBe("shown");
    await setTwoFactorPolicy(owner, true);
    const security = `redirect /w/${slug}/settings/security`;
    for (const path of ["/settings/api-keys", "/settings/members", "/settings/credentials", "/settings/webhooks", "/settings/workspace", "/settings/api-keys/new"]) {
      expect(await page(browser, slug, path)).toBe(security);
    }
    // No loop: the page that sets it up, and the account's own profile, stay reachable.
    expect(await page(browser, slug, "/settings/security")).toBe("shown");
    expect(await page(browser, slug, "/settings/profile")).toBe("shown");
    // A path that merely starts like them is not exempt.
    expect(await page(browser, slug, "/settings/securityx")).toBe(security);
    // An invitation page (about another workspace) is not held back; /settings/... without a
    // workspace in the URL is, for the workspace it would open.
    browser.cookies.set(WORKSPACE_COOKIE, slug); // the workspace last opened in this browser
    expect(await page(browser, null, "/settings/api-keys")).toBe(security);
    expect(await page(browser, null, "/invite/some-token")).toBe("shown");
    browser.cookies.delete(WORKSPACE_COOKIE);
    // Their own workspace has no such policy.
    const mine = (await db().membership.findFirstOrThrow({ where: { userId: member.id, workspaceId: { not: owner.workspace.id } }, select: { workspace: { select: { slug: true } } } })).workspace.slug;
    expect(await page(browser, mine, "/settings/api-keys")).toBe("shown");
    // A member who has two-factor is not redirected. (A passkey: the Owner's authenticator app
    // would make this password-only sign-in ask for a code, lib/auth.ts.)
    const compliant = await addMember(owner, "admin", "Compliant Admin");
    await changeAccess({ userId: compliant.id }, addPasskey(compliant.id));
    expect(await page(await signedIn(compliant), slug, "/settings/api-keys")).toBe("shown");

    await changeAccess({ userId: member.id }, setTotp(member.id, true));
    expect(await page(browser, slug, "/settings/api-keys")).toBe("shown");
  });

  it("server actions of the workspace are refused the same way (they post to the page's path)", async () => {
    const { owner, member } = await team();
    await setTwoFactorPolicy(owner, true);
    const browser = await signedIn(member);
    const { createKeyAction } = await import("@/app/(dashboard)/w/[workspace]/settings/api-keys/actions");
    const request = browser.request(`/w/${owner.workspace.slug}/settings/api-keys/new`, { method: "POST" });
    request.headers.set(WORKSPACE_HEADER, owner.workspace.slug);
    request.headers.set(PATH_HEADER, `/w/${owner.workspace.slug}/settings/api-keys/new`);
    const name = `Blocked ${randomBytes(3).toString("hex")}`;
    await expect(inRequest(request, () => createKeyAction({ name, description: "", expiry: "30", permission: "read" }))).rejects.toMatchObject({
      digest: expect.stringContaining(`/w/${owner.workspace.slug}/settings/security`),
    });
    expect(await db().apiKey.count({ where: { name } })).toBe(0);
  });
});
