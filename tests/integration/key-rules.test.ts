import { afterAll, describe, expect, it } from "vitest";
import { asKey, makeKey, makeViewer } from "@/tests/integration/fixtures";
import { countKeysCreatedBy, createKey, endGracePeriod, revokeKey, rollKey, updateKey } from "@/lib/dal/key-changes";
import { getKey } from "@/lib/dal/keys";
import { reportLeakedKeys } from "@/lib/dal/leaks";
import { createWebhook } from "@/lib/dal/webhooks";
import { db } from "@/lib/db";
import { parseCreateKey } from "@/lib/validation/keys";
import { webhookSchema } from "@/lib/validation/webhooks";
import type { Viewer } from "@/lib/viewer";
import * as one from "@/app/api/v1/keys/[sid]/route";
import * as revokeRoute from "@/app/api/v1/keys/[sid]/revoke/route";
import * as rollRoute from "@/app/api/v1/keys/[sid]/roll/route";
import * as collection from "@/app/api/v1/keys/route";

// A key cannot escape its own rules through the API.
process.env.MAX_ACTIVE_KEYS = "50";
process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS = "true";

afterAll(() => db().$disconnect());

type Handler = (request: Request, context: { params: Promise<never> }) => Promise<Response>;
async function call(handler: Handler, method: string, secret: string, sid = "", body?: unknown) {
  const response = await handler(
    new Request(`http://localhost/api/v1/keys/${sid}`, { method, headers: { "content-type": "application/json", authorization: `Bearer ${secret}` }, body: body === undefined ? undefined : JSON.stringify(body) }),
    { params: Promise.resolve({ sid }) as Promise<never> },
  );
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const input = (fields: Record<string, unknown>) => {
  const parsed = parseCreateKey({ name: "Made by a key", expiry: "never", permission: "read", ...fields });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.fieldErrors));
  return parsed.data;
};

async function limitedKey(viewer: Viewer, perMinute: number, expiry = "7") {
  const created = await createKey(viewer, { ...input({ name: "limited", expiry, permission: "read_write" }), rateLimitPerMinute: perMinute });
  if (!created.ok) throw new Error(created.reason);
  return created;
}

describe("a key made by a key stays within its creator's rules", () => {
  it("gets at most the creator's permission, rate limit and expiry, and records its creator", async () => {
    const viewer = await makeViewer();
    const creator = await limitedKey(viewer, 10);
    const asCreator = asKey(viewer, creator.key);
    const made = await createKey(asCreator, input({ expiry: "never" })); // asks for no limit and no expiry
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    expect(made.key).toMatchObject({ rateLimitPerMinute: 10, expiresAt: creator.key.expiresAt, createdByKeySid: creator.key.sid });
    const looser = await createKey(asCreator, { ...input({ expiry: "90" }), rateLimitPerMinute: 5_000 });
    expect(looser.ok && [looser.key.rateLimitPerMinute, looser.key.expiresAt?.getTime()]).toEqual([10, creator.key.expiresAt!.getTime()]);
    const tighter = await createKey(asCreator, { ...input({ expiry: "custom", expiresOn: new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10) }), rateLimitPerMinute: 3 });
    expect(tighter.ok && tighter.key.rateLimitPerMinute).toBe(3);
    expect(await createKey(asKey(viewer, { sid: creator.key.sid, permission: "read" }), input({ permission: "read_write" }))).toEqual({ ok: false, reason: "permission_exceeds" });
  });

  it("a rate-limited key cannot roll itself, or an unlimited key, into an unlimited one", async () => {
    const viewer = await makeViewer();
    const limited = await limitedKey(viewer, 5);
    const unlimited = await makeKey(viewer, { name: "unlimited", permission: "read", expiry: "never" });
    const self = await call(rollRoute.POST as Handler, "POST", limited.secret, limited.key.sid, { grace: "now" });
    expect(self.status).toBe(201);
    expect(self.body.key).toMatchObject({ rateLimitPerMinute: 5 });
    const next = self.body.secret as string;
    const other = await call(rollRoute.POST as Handler, "POST", next, unlimited.key.sid, { grace: "now" });
    expect(other.status).toBe(201);
    expect(other.body.key).toMatchObject({ rateLimitPerMinute: 5, createdByKeySid: self.body.key.sid });
    expect(other.body.key.expiresAt).not.toBeNull();
  });
});

describe("a key can change only keys its permission covers", () => {
  it("a Write key cannot edit, roll, revoke or delete a Read/Write key; it can its own level", async () => {
    const viewer = await makeViewer();
    const writer = await makeKey(viewer, { name: "writer", permission: "write" });
    const strong = await makeKey(viewer, { name: "strong", permission: "read_write" });
    const weak = await makeKey(viewer, { name: "weak", permission: "write" });
    expect((await call(one.PATCH as Handler, "PATCH", writer.secret, strong.key.sid, { name: "renamed" })).status).toBe(403);
    expect((await call(revokeRoute.POST as Handler, "POST", writer.secret, strong.key.sid)).status).toBe(403);
    expect((await call(rollRoute.POST as Handler, "POST", writer.secret, strong.key.sid, { grace: "now" })).status).toBe(403);
    await revokeKey(viewer, strong.key.sid); // revoked by its owner: still not the Write key's to delete
    expect((await call(one.DELETE as Handler, "DELETE", writer.secret, strong.key.sid)).status).toBe(403);
    expect(await getKey(viewer, strong.key.sid)).toMatchObject({ name: "strong" });
    expect((await call(one.PATCH as Handler, "PATCH", writer.secret, weak.key.sid, { name: "renamed" })).status).toBe(200);
    expect(await updateKey(asKey(viewer, writer.key), strong.key.sid, { name: "x", description: "" })).toEqual({ ok: false, reason: "permission_exceeds" });
  });

  it("a Write-only key's answers carry no key record it could not read", async () => {
    const viewer = await makeViewer();
    const writer = await makeKey(viewer, { name: "writer", permission: "write", description: "secret plans" });
    const target = await makeKey(viewer, { name: "target", permission: "write", description: "private description" });
    const answers = [
      await call(one.PATCH as Handler, "PATCH", writer.secret, target.key.sid, { name: "target" }),
      await call(collection.POST as Handler, "POST", writer.secret, "", { name: "new", expiry: "7", permission: "write" }),
      await call(rollRoute.POST as Handler, "POST", writer.secret, target.key.sid, { grace: "1h" }),
    ];
    const rolled = answers[2].body;
    answers.push(await call(revokeRoute.POST as Handler, "POST", writer.secret, rolled.key.sid));
    for (const answer of answers) {
      expect(answer.status).toBeLessThan(300);
      expect(Object.keys(answer.body.key)).toEqual(["sid"]);
      if (answer.body.oldKey) expect(Object.keys(answer.body.oldKey)).toEqual(["sid"]);
      expect(JSON.stringify(answer.body)).not.toContain("private description");
    }
  });
});

describe("stopping a rolled key's old secret", () => {
  it("ending the grace period stops only the old secret; revoking the old key revokes its replacement too", async () => {
    const viewer = await makeViewer();
    const graceful = await makeKey(viewer, { name: "graceful" });
    const rolled = await rollKey(viewer, graceful.key.sid, "24h");
    if (!rolled.ok) throw new Error(rolled.reason);
    const ended = await endGracePeriod(viewer, graceful.key.sid);
    expect(ended.ok && ended.key.status).toBe("expired");
    expect((await getKey(viewer, rolled.key.sid))?.status).toBe("active");
    expect(await endGracePeriod(viewer, rolled.key.sid)).toEqual({ ok: false, reason: "not_in_grace" });
    // Another account's key is not found, and stays as it was.
    const other = await makeKey(viewer, { name: "other" });
    const otherRolled = await rollKey(viewer, other.key.sid, "24h");
    if (!otherRolled.ok) throw new Error(otherRolled.reason);
    expect(await endGracePeriod(await makeViewer(), other.key.sid)).toEqual({ ok: false, reason: "not_found" });
    expect((await getKey(viewer, other.key.sid))?.status).toBe("active");

    const strict = await makeKey(viewer, { name: "strict" });
    const next = await rollKey(viewer, strict.key.sid, "24h");
    if (!next.ok) throw new Error(next.reason);
    const revoked = await revokeKey(viewer, strict.key.sid);
    expect(revoked.ok && revoked.alsoRevoked).toEqual([next.key.sid]);
    expect((await getKey(viewer, next.key.sid))?.status).toBe("revoked");
  });
});

describe("a leak report reaches everything the leaked key made", () => {
  it("revokes the keys it created through the API and the ones those created, each with its own log line and webhook event", async () => {
    const viewer = await makeViewer();
    const hook = await createWebhook(viewer, webhookSchema.parse({ name: "All", url: "http://127.0.0.1:9/hook", events: ["key.leaked", "key.revoked"], credentialId: "none" }));
    expect(hook.ok).toBe(true);
    const leaked = await makeKey(viewer, { name: "leaked", permission: "read_write" });
    const child = await createKey(asKey(viewer, leaked.key), input({ name: "child", permission: "read_write" }));
    if (!child.ok) throw new Error(child.reason);
    const grandchild = await createKey(asKey(viewer, child.key), input({ name: "grandchild" }));
    const bystander = await makeKey(viewer, { name: "bystander" });
    if (!grandchild.ok) throw new Error(grandchild.reason);
    expect(await countKeysCreatedBy(viewer, leaked.key.sid)).toBe(2);

    await reportLeakedKeys([leaked.secret], "192.0.2.1");

    for (const sid of [leaked.key.sid, child.key.sid, grandchild.key.sid]) expect((await getKey(viewer, sid))?.status).toBe("revoked");
    expect((await getKey(viewer, bystander.key.sid))?.status).toBe("active");
    const log = await db().auditEvent.findMany({ where: { workspaceId: viewer.workspace.id, action: { in: ["leaked", "revoked"] } }, select: { action: true, keySid: true } });
    expect(log.map((e) => `${e.action} ${e.keySid}`).sort()).toEqual([`leaked ${leaked.key.sid}`, `revoked ${child.key.sid}`, `revoked ${grandchild.key.sid}`].sort());
    const deliveries = await db().webhookDelivery.findMany({ where: { workspaceId: viewer.workspace.id }, select: { event: true, payload: true } });
    expect(deliveries.map((d) => d.event).sort()).toEqual(["key.leaked", "key.revoked", "key.revoked"]);
  });

  it("revoking in the dashboard offers the same: with alsoCreated the lineage goes, without it stays", async () => {
    const viewer = await makeViewer();
    const parent = await makeKey(viewer, { name: "parent", permission: "read_write" });
    const child = await createKey(asKey(viewer, parent.key), input({ name: "child" }));
    const other = await makeKey(viewer, { name: "other parent", permission: "read_write" });
    const otherChild = await createKey(asKey(viewer, other.key), input({ name: "other child" }));
    if (!child.ok || !otherChild.ok) throw new Error("setup");
    const kept = await revokeKey(viewer, parent.key.sid);
    expect(kept.ok && kept.alsoRevoked).toEqual([]);
    expect((await getKey(viewer, child.key.sid))?.status).toBe("active");
    const cascaded = await revokeKey(viewer, other.key.sid, { alsoCreated: true });
    expect(cascaded.ok && cascaded.alsoRevoked).toEqual([otherChild.key.sid]);
    expect((await getKey(viewer, otherChild.key.sid))?.status).toBe("revoked");
  });

  it("POST /api/v1/keys/{sid}/revoke?also_created=true revokes the lineage; without it the children stay", async () => {
    const viewer = await makeViewer();
    const admin = await makeKey(viewer, { name: "admin", permission: "read_write" });
    const parent = await makeKey(viewer, { name: "parent", permission: "read_write" });
    const child = await createKey(asKey(viewer, parent.key), input({ name: "child" }));
    const other = await makeKey(viewer, { name: "other parent", permission: "read_write" });
    const otherChild = await createKey(asKey(viewer, other.key), input({ name: "other child" }));
    if (!child.ok || !otherChild.ok) throw new Error("setup");
    const revokeUrl = (sid: string, query: string) =>
      (revokeRoute.POST as Handler)(new Request(`http://localhost/api/v1/keys/${sid}/revoke${query}`, { method: "POST", headers: { authorization: `Bearer ${admin.secret}` } }), {
        params: Promise.resolve({ sid }) as Promise<never>,
      }).then(async (r) => ({ status: r.status, body: await r.json() }));
    const cascaded = await revokeUrl(parent.key.sid, "?also_created=true");
    expect(cascaded).toMatchObject({ status: 200, body: { alsoRevoked: [child.key.sid] } });
    expect((await getKey(viewer, child.key.sid))?.status).toBe("revoked");
    const alone = await revokeUrl(other.key.sid, "");
    expect(alone).toMatchObject({ status: 200, body: { alsoRevoked: [] } });
    expect((await getKey(viewer, otherChild.key.sid))?.status).toBe("active");
  });

  it("a roll made with the leaked key itself does not keep the new secret alive", async () => {
    const viewer = await makeViewer();
    const leaked = await makeKey(viewer, { name: "leaked", permission: "read_write" });
    const rolled = await rollKey(asKey(viewer, leaked.key), leaked.key.sid, "now");
    if (!rolled.ok) throw new Error(rolled.reason);
    await reportLeakedKeys([leaked.secret], null);
    expect((await getKey(viewer, rolled.key.sid))?.status).toBe("revoked");
  });
});
