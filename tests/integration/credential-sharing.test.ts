import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shareCredential, webhookUsesByCredential } from "@/lib/dal/credential-sharing";
import { createCredential, deleteCredential, getCredential, listCredentials, listUsableCredentials, updateCredential } from "@/lib/dal/credentials";
import { createWebhook, getWebhook, listDeliveries, sendTestEvent, updateWebhook } from "@/lib/dal/webhooks";
import { leaveWorkspace, removeMember } from "@/lib/dal/members";
import { db, usingPostgres } from "@/lib/db";
import { lockWorkspace } from "@/lib/dal/workspace-lock";
import type { Sharing } from "@/lib/workspaces/roles";
import { webhookSchema, type WebhookInput } from "@/lib/validation/webhooks";
import type { Viewer } from "@/lib/viewer";
import { WORKSPACE_COOKIE } from "@/lib/workspaces/url";
import { claimAndSend, drain, stopWebhookWorker } from "@/lib/webhooks/worker";
import { addMember, makeViewer } from "./fixtures";
import { startReceiver, until } from "./receiver";
import { AuthClient } from "./session-http";

// Sharing a credential grants its *use*, only towards its hosts: the attacks here are a
// teammate pointing a webhook that uses a shared credential at a server of their own (another
// host, a URL change, a redirect), and using a credential nobody shared with them.

process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS = "true";
process.env.WEBHOOK_RETRY_BASE_MS = "40";
process.env.WEBHOOK_MAX_ATTEMPTS = "1";
process.env.WEBHOOK_TIMEOUT_MS = "3000";
process.env.MAX_WEBHOOKS = "100";
process.env.MAX_CREDENTIALS = "100";
process.env.TEST_EVENTS_PER_USER_PER_MINUTE = "1000";

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let owner: Viewer, admin: Viewer, member: Viewer, teammate: Viewer;
beforeAll(async () => {
  receiver = await startReceiver();
  owner = await makeViewer("Olive Owner");
  [admin, member, teammate] = await Promise.all([addMember(owner, "admin", "Ada Admin"), addMember(owner, "member", "Mo Member"), addMember(owner, "member", "Tess Teammate")]);
});
afterAll(async () => {
  await stopWebhookWorker();
  await receiver.close();
  await db().$disconnect();
});

let counter = 0;
const unique = (label: string) => `${label} ${++counter} ${Math.random().toString(36).slice(2, 6)}`;
/** The same receiver under a name the credential is not for: what an attacker's server would be. */
const otherHost = (path: string) => receiver.url(path).replace("127.0.0.1", "localhost");
const input = (fields: Partial<Record<keyof WebhookInput, unknown>>): WebhookInput =>
  webhookSchema.parse({ name: unique("Hook"), url: receiver.url(), events: ["key.created"], credentialId: "none", ...fields });

async function credential(maker: Viewer, token: string, sharing: Sharing = "private", members: string[] = []) {
  const created = await createCredential(maker, { name: unique("Cred"), type: "bearer", token, hosts: ["127.0.0.1"] });
  if (!created.ok) throw new Error(`credential: ${JSON.stringify(created)}`);
  if (sharing !== "private") expect(await shareCredential(maker, { id: created.credential.id, sharing, members, acknowledged: [] })).toEqual({ ok: true });
  return created.credential.id;
}

async function webhook(viewer: Viewer, fields: Partial<Record<keyof WebhookInput, unknown>>) {
  const created = await createWebhook(viewer, input(fields));
  if (!created.ok) throw new Error(`webhook: ${JSON.stringify(created)}`);
  return created.webhook;
}

/** One test event, sent now; the attempt's log row. */
async function deliverTest(viewer: Viewer, webhookId: string) {
  expect(await sendTestEvent(viewer, webhookId)).toEqual({ ok: true });
  await until(async () => {
    await claimAndSend();
    await drain();
    return (await db().webhookDelivery.count({ where: { webhookId, status: "pending" } })) === 0;
  });
  const hook = await getWebhook(viewer, webhookId);
  const { deliveries } = await listDeliveries(viewer, hook!);
  return deliveries[0].log[0];
}

const at = (path: string) => receiver.received.filter((r) => r.url.startsWith(path));

describe("a Member uses a workspace-shared credential only towards its hosts", () => {
  it("attached on an allowed host it works, and the receiver gets the header; on another host it is refused", async () => {
    const id = await credential(owner, "tok-shared-allowed-0001", "workspace");
    expect((await listUsableCredentials(member)).map((c) => c.id)).toContain(id);
    const hook = await webhook(member, { url: receiver.url("/allowed"), credentialId: id });
    expect((await deliverTest(member, hook.id)).statusCode).toBe(200);
    expect(at("/allowed")[0].headers.authorization).toBe("Bearer tok-shared-allowed-0001");

    const refused = await createWebhook(member, input({ url: otherHost("/steal"), credentialId: id }));
    expect(refused).toMatchObject({ ok: false, reason: "invalid", field: "credentialId", message: expect.stringContaining("may only be sent to 127.0.0.1") });
    expect(await db().webhook.count({ where: { credentialId: id } })).toBe(1);
    expect(at("/steal")).toHaveLength(0);
  });

  it("changing the URL of a webhook that uses someone else's credential to another host is refused, and nothing changes", async () => {
    const id = await credential(owner, "tok-shared-move-0002", "workspace");
    const hook = await webhook(member, { url: receiver.url("/move"), credentialId: id });
    for (const actor of [member, admin, owner]) {
      const moved = await updateWebhook(actor, hook.id, input({ name: hook.name, url: otherHost("/moved"), credentialId: id }));
      expect(moved).toMatchObject({ ok: false, reason: "invalid", field: "url", message: expect.stringContaining("may only be sent to 127.0.0.1") });
    }
    expect((await db().webhook.findUniqueOrThrow({ where: { id: hook.id } })).url).toBe(receiver.url("/move"));
    // Another path on an allowed host is fine.
    expect(await updateWebhook(member, hook.id, input({ name: hook.name, url: receiver.url("/move-2"), credentialId: id }))).toMatchObject({ ok: true });
  });

  it("a redirect to another host never carries the credential: it is not followed", async () => {
    const id = await credential(owner, "tok-shared-redirect-0003", "workspace");
    const hook = await webhook(member, { url: receiver.url("/redirect"), credentialId: id });
    receiver.reply({ status: 302, headers: { location: otherHost("/stolen") } });
    const attempt = await deliverTest(member, hook.id);
    expect(attempt.statusCode).toBe(302);
    expect(attempt.error).toMatch(/Redirects are not followed/);
    expect(at("/redirect")).toHaveLength(1);
    expect(at("/stolen")).toHaveLength(0);
  });

  it("every send checks the host again: a row pointed elsewhere behind the app's back sends nothing", async () => {
    const id = await credential(owner, "tok-shared-recheck-0004", "workspace");
    const hook = await webhook(member, { url: receiver.url("/recheck"), credentialId: id });
    await db().webhook.update({ where: { id: hook.id }, data: { url: otherHost("/recheck-elsewhere") }, select: { id: true } });
    const attempt = await deliverTest(member, hook.id);
    expect(attempt.statusCode).toBeNull();
    expect(attempt.error).toMatch(/may not be sent to this URL's host/);
    expect(at("/recheck")).toHaveLength(0);
  });

  it("narrowing a credential's hosts under webhooks that use it is refused, naming them", async () => {
    const id = await credential(owner, "tok-shared-narrow-0005", "workspace");
    const hook = await webhook(member, { url: receiver.url("/narrow"), credentialId: id });
    const narrowed = await updateCredential(owner, id, { name: unique("Narrowed"), type: "bearer", hosts: ["api.example.com"] });
    expect(narrowed).toEqual({ ok: false, reason: "hosts_in_use", webhooks: [{ name: hook.name, url: receiver.url("/narrow") }] });
    expect((await db().credential.findUniqueOrThrow({ where: { id } })).hosts).toBe("127.0.0.1");
    expect(await updateCredential(owner, id, { name: unique("Widened"), type: "bearer", hosts: ["127.0.0.1", "api.example.com"] })).toMatchObject({ ok: true });
  });
});

describe("a credential nobody shared with you cannot be used", () => {
  it("a Member using a private credential of someone else is refused like one that does not exist", async () => {
    const id = await credential(owner, "tok-private-owner-0006");
    expect((await listCredentials(member)).map((c) => c.id)).not.toContain(id);
    expect(await getCredential(member, id)).toBeNull();
    const refused = await createWebhook(member, input({ credentialId: id }));
    const unknown = await createWebhook(member, input({ credentialId: "c".repeat(25) }));
    expect(refused).toMatchObject({ ok: false, reason: "invalid", field: "credentialId" });
    expect({ ...refused }).toEqual({ ...unknown });
    expect(await db().webhook.count({ where: { credentialId: id } })).toBe(0);
  });

  it("the same through forged server action calls from a signed-in Member", async () => {
    const id = await credential(owner, "tok-private-forged-0007");
    const browser = new AuthClient("198.51.100.77");
    expect((await browser.signIn(member.email, "correct horse battery")).status).toBe(200);
    browser.cookies.set(WORKSPACE_COOKIE, owner.workspace.slug);
    const webhooks = await import("@/app/(dashboard)/w/[workspace]/settings/webhooks/actions");
    const credentials = await import("@/app/(dashboard)/w/[workspace]/settings/credentials/actions");
    const forged = await browser.run(() => webhooks.saveWebhookAction(null, { name: unique("Forged"), url: receiver.url("/forged"), events: ["key.created"], credentialId: id, enabled: true }));
    expect(forged).toMatchObject({ ok: false });
    expect(await db().webhook.count({ where: { credentialId: id } })).toBe(0);
    // Nor can they share it with themselves: it is not theirs to manage.
    const shared = await browser.run(() => credentials.shareCredentialAction({ id, sharing: "workspace", members: [], acknowledged: [] }));
    expect(shared).toMatchObject({ ok: false, error: "That credential does not exist." });
    expect((await db().credential.findUniqueOrThrow({ where: { id } })).sharing).toBe("private");
  });

  it("a shared credential is the Member's to use, not to change: editing, replacing, sharing or deleting it is not found", async () => {
    const id = await credential(owner, "tok-shared-readonly-0008", "members", [member.id]);
    const seen = (await listCredentials(member)).find((c) => c.id === id);
    expect(seen).toMatchObject({ usable: true, manageable: false, sharing: "members", sharedWith: [{ id: member.id, name: member.name }] });
    expect(JSON.stringify(seen)).not.toContain("tok-shared-readonly-0008");
    expect(await updateCredential(member, id, { name: "Mine now", type: "bearer", token: "tok-member-chosen" })).toEqual({ ok: false, reason: "not_found" });
    expect(await shareCredential(member, { id, sharing: "workspace", members: [], acknowledged: [] })).toEqual({ ok: false, reason: "not_found" });
    expect(await deleteCredential(member, id, { acknowledged: [] })).toEqual({ ok: false, reason: "not_found" });
    // Not shared with the teammate: not theirs to see or use.
    expect((await listCredentials(teammate)).map((c) => c.id)).not.toContain(id);
    expect(await createWebhook(teammate, input({ credentialId: id }))).toMatchObject({ ok: false, field: "credentialId" });
  });

  it("sharing with someone outside the workspace is refused and stores nothing", async () => {
    const outsider = await makeViewer("Out Sider");
    const id = await credential(owner, "tok-share-outsider-0009");
    expect(await shareCredential(owner, { id, sharing: "members", members: [outsider.id], acknowledged: [] })).toEqual({ ok: false, reason: "invalid_members" });
    expect(await db().credentialShare.count({ where: { credentialId: id } })).toBe(0);
  });
});

describe("edits propagate; un-sharing and deleting ask first and fail visibly", () => {
  it("replacing a shared credential's value (by its creator or an Admin) is what every webhook sends next, with no change to them", async () => {
    const id = await credential(owner, "tok-value-one-0010", "workspace");
    const [a, b] = [await webhook(member, { url: receiver.url("/prop-a"), credentialId: id }), await webhook(teammate, { url: receiver.url("/prop-b"), credentialId: id })];
    const before = await db().webhook.findMany({ where: { id: { in: [a.id, b.id] } }, orderBy: { id: "asc" } });
    expect(await updateCredential(owner, id, { name: unique("Replaced"), type: "bearer", token: "tok-value-two-0011" })).toMatchObject({ ok: true });
    await deliverTest(member, a.id);
    await deliverTest(teammate, b.id);
    expect(at("/prop-a").at(-1)!.headers.authorization).toBe("Bearer tok-value-two-0011");
    expect(at("/prop-b").at(-1)!.headers.authorization).toBe("Bearer tok-value-two-0011");
    expect(await updateCredential(admin, id, { name: unique("Replaced by admin"), type: "bearer", token: "tok-value-three-0012" })).toMatchObject({ ok: true });
    await deliverTest(member, a.id);
    expect(at("/prop-a").at(-1)!.headers.authorization).toBe("Bearer tok-value-three-0012");
    expect(await db().webhook.findMany({ where: { id: { in: [a.id, b.id] } }, orderBy: { id: "asc" } })).toEqual(before);
  });

  it("un-sharing names every webhook and its owner that stops, changes nothing until they are acknowledged, then those deliveries fail saying why", async () => {
    const id = await credential(owner, "tok-unshare-0013", "workspace");
    const ownHook = await webhook(owner, { url: receiver.url("/unshare-own"), credentialId: id });
    const hook = await webhook(member, { url: receiver.url("/unshare"), credentialId: id });
    const asked = await shareCredential(owner, { id, sharing: "private", members: [], acknowledged: [] });
    expect(asked).toEqual({ ok: false, reason: "confirm", affected: [{ id: hook.id, name: hook.name, ownerId: member.id, owner: member.name }] });
    expect((await db().credential.findUniqueOrThrow({ where: { id } })).sharing).toBe("workspace");
    // A webhook attached after the person saw the list is not covered by what they acknowledged.
    const later = await webhook(teammate, { url: receiver.url("/unshare-later"), credentialId: id });
    const again = await shareCredential(owner, { id, sharing: "private", members: [], acknowledged: [hook.id] });
    expect(again.ok || again.reason !== "confirm" ? again : again.affected.map((w) => w.id).sort()).toEqual([hook.id, later.id].sort());
    expect((await db().credential.findUniqueOrThrow({ where: { id } })).sharing).toBe("workspace");
    expect(await shareCredential(owner, { id, sharing: "private", members: [], acknowledged: [hook.id, later.id] })).toEqual({ ok: true });
    expect(await getWebhook(member, hook.id)).toMatchObject({ credentialUnshared: true, credentialMissing: false });
    const attempt = await deliverTest(member, hook.id);
    expect(attempt.statusCode).toBeNull();
    expect(attempt.error).toMatch(/the credential this webhook uses is no longer shared with its owner/);
    expect(at("/unshare")).toHaveLength(0);
    // Its creator's own webhook goes on authenticating.
    expect((await deliverTest(owner, ownHook.id)).statusCode).toBe(200);
    expect(at("/unshare-own")[0].headers.authorization).toBe("Bearer tok-unshare-0013");
  });

  it("moving a members-share from one person to another names the first person's webhooks", async () => {
    const id = await credential(owner, "tok-reshare-0014", "members", [member.id]);
    const hook = await webhook(member, { url: receiver.url("/reshare"), credentialId: id });
    expect(await shareCredential(owner, { id, sharing: "members", members: [teammate.id], acknowledged: [] })).toMatchObject({ reason: "confirm", affected: [{ name: hook.name, owner: member.name }] });
    expect(await shareCredential(owner, { id, sharing: "workspace", members: [], acknowledged: [] })).toEqual({ ok: true });
  });

  it("deleting names every webhook using it with its owner; their deliveries then fail saying it was deleted", async () => {
    const id = await credential(owner, "tok-delete-0015", "workspace");
    const hook = await webhook(member, { url: receiver.url("/deleted"), credentialId: id });
    expect((await webhookUsesByCredential(owner)).get(id)).toEqual([{ id: hook.id, name: hook.name, ownerId: member.id, owner: member.name }]);
    // Asked first, on the server too: deleting without having seen that webhook deletes nothing and names it.
    expect(await deleteCredential(admin, id, { acknowledged: [] })).toEqual({ ok: false, reason: "confirm", affected: [{ id: hook.id, name: hook.name, owner: member.name }] });
    expect(await db().credential.count({ where: { id } })).toBe(1);
    // A webhook attached after the person saw the list is not covered by what they acknowledged.
    const later = await webhook(owner, { url: receiver.url("/deleted-later"), credentialId: id });
    const refused = await deleteCredential(admin, id, { acknowledged: [hook.id] });
    expect(refused.ok || refused.reason !== "confirm" ? refused : refused.affected.map((w) => w.id).sort()).toEqual([hook.id, later.id].sort());
    expect(await db().credential.count({ where: { id } })).toBe(1);
    // Someone who may not delete it learns nothing of its webhooks.
    expect(await deleteCredential(member, id, { acknowledged: [] })).toEqual({ ok: false, reason: "not_found" });
    expect(await deleteCredential(admin, id, { acknowledged: [hook.id, later.id] })).toEqual({ ok: true });
    expect(await getWebhook(member, hook.id)).toMatchObject({ credentialMissing: true });
    const attempt = await deliverTest(member, hook.id);
    expect(attempt.error).toMatch(/the credential this webhook uses was deleted/);
    expect(at("/deleted")).toHaveLength(0);
  });
});

describe("a share ends with the membership", () => {
  it("leaving or being removed deletes the shares made to that person, so coming back restores no use", async () => {
    const [leaver, removed] = await Promise.all([addMember(owner, "member", "Lee Leaver"), addMember(owner, "member", "Remy Removed")]);
    const id = await credential(owner, "tok-departed-0016", "members", [leaver.id, removed.id, teammate.id]);
    expect(await leaveWorkspace(leaver)).toMatchObject({ ok: true });
    expect(await removeMember(owner, removed.id, { private: "delete" })).toMatchObject({ ok: true });
    expect((await db().credentialShare.findMany({ where: { credentialId: id }, select: { userId: true } })).map((s) => s.userId)).toEqual([teammate.id]);
    // Back in the workspace (the fixture writes the membership as an accepted invitation would), neither may use it.
    await db().membership.createMany({ data: [leaver, removed].map((v) => ({ workspaceId: owner.workspace.id, userId: v.id, role: "member" })) });
    for (const back of [leaver, removed]) {
      expect((await listUsableCredentials(back)).map((c) => c.id)).not.toContain(id);
      expect(await createWebhook(back, input({ credentialId: id }))).toMatchObject({ ok: false });
    }
    expect((await getCredential(owner, id))?.sharedWith.map((s) => s.id)).toEqual([teammate.id]);
  });
});

// A webhook save and a change to its credential, at the same moment. Whatever order they land
// in, no webhook may end up holding a credential its owner cannot use for its URL: a deleted
// one, one no longer shared with them, or one whose hosts no longer include the URL's host. (The
// sends would refuse such a webhook, but the save itself must not be possible.) Each round is a
// fresh credential; the rounds run in parallel, and so do the two calls of a round.
describe("a webhook save racing a change to its credential never keeps what the change took away", () => {
  const ROUNDS = 12;
  const rounds = <T>(round: (n: number) => Promise<T>) => Promise.all(Array.from({ length: ROUNDS }, (_, n) => round(n)));
  const holders = (credentialId: string) => db().webhook.findMany({ where: { credentialId }, select: { url: true, userId: true } });

  // The same race with its order forced: the saves start while another transaction holds the
  // workspace's lock and deletes the credential under it. A save that checked before waiting
  // for the lock (as they once did) keeps the deleted id every time. PostgreSQL only: SQLite
  // runs one transaction at a time, so a save's reads wait for the holder and cannot get ahead.
  it.runIf(usingPostgres())("saves that wait on the lock while the credential is deleted under it are refused", async () => {
    const id = await credential(owner, "tok-race-held-delete", "workspace");
    const editable = await webhook(member, { url: receiver.url("/race-held-edit") });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = db().$transaction(async (tx) => {
      await lockWorkspace(tx, owner.workspace);
      locked();
      await held;
      await tx.credential.delete({ where: { id } });
    }, { timeout: 20_000 });
    await isLocked;
    const saves = Promise.all([
      createWebhook(member, input({ url: receiver.url("/race-held"), credentialId: id })),
      updateWebhook(member, editable.id, input({ name: editable.name, url: editable.url, credentialId: id })),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 300)); // both are now waiting on the lock
    release();
    await holder;
    const [created, edited] = await saves;
    expect(created).toMatchObject({ ok: false, field: "credentialId" });
    expect(edited).toMatchObject({ ok: false, field: "credentialId" });
    expect(await holders(id)).toEqual([]);
  });

  it("creating or editing a webhook against a delete: either the delete asks, or the save is refused", async () => {
    await rounds(async (n) => {
      const id = await credential(owner, `tok-race-delete-${n}`, "workspace");
      const editable = await webhook(member, { url: receiver.url(`/race-delete-edit-${n}`) });
      const [created, edited, deleted] = await Promise.all([
        createWebhook(member, input({ url: receiver.url(`/race-delete-${n}`), credentialId: id })),
        updateWebhook(member, editable.id, input({ name: editable.name, url: editable.url, credentialId: id })),
        deleteCredential(owner, id, { acknowledged: [] }),
      ]);
      const gone = (await db().credential.count({ where: { id } })) === 0;
      if (gone) {
        expect(deleted).toEqual({ ok: true });
        expect(created).toMatchObject({ ok: false, field: "credentialId" });
        expect(edited).toMatchObject({ ok: false, field: "credentialId" });
        expect(await holders(id)).toEqual([]);
      } else {
        expect(deleted).toMatchObject({ ok: false, reason: "confirm" });
      }
    });
  });

  it("attaching against an un-share: either the un-share asks, or the attach is refused", async () => {
    await rounds(async (n) => {
      const id = await credential(owner, `tok-race-unshare-${n}`, "members", [member.id]);
      const [created, unshared] = await Promise.all([
        createWebhook(member, input({ url: receiver.url(`/race-unshare-${n}`), credentialId: id })),
        shareCredential(owner, { id, sharing: "private", members: [], acknowledged: [] }),
      ]);
      if (unshared.ok) {
        expect(created).toMatchObject({ ok: false, field: "credentialId" });
        expect((await holders(id)).filter((h) => h.userId === member.id)).toEqual([]);
      } else {
        expect(unshared).toMatchObject({ reason: "confirm" });
        expect(created).toMatchObject({ ok: true });
      }
    });
  });

  it("attaching against narrowing its hosts: either the narrowing is refused, or the attach is", async () => {
    await rounds(async (n) => {
      const id = await credential(owner, `tok-race-hosts-${n}`, "workspace");
      const [created, narrowed] = await Promise.all([
        createWebhook(member, input({ url: receiver.url(`/race-hosts-${n}`), credentialId: id })),
        updateCredential(owner, id, { name: unique("Narrowed"), type: "bearer", hosts: ["api.example.com"] }),
      ]);
      if (narrowed.ok) {
        expect(created).toMatchObject({ ok: false, field: "credentialId" });
        expect(await holders(id)).toEqual([]);
      } else {
        expect(narrowed).toMatchObject({ reason: "hosts_in_use" });
        expect(created).toMatchObject({ ok: true });
      }
    });
  });
});
