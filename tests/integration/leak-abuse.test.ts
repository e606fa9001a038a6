import { randomInt } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { makeKey, makeViewer } from "@/tests/integration/fixtures";
import { revokeKey } from "@/lib/dal/key-changes";
import { createWebhook } from "@/lib/dal/webhooks";
import { db } from "@/lib/db";
import { webhookSchema } from "@/lib/validation/webhooks";
import type { Viewer } from "@/lib/viewer";
import { POST } from "@/app/api/v1/leaks/route";

// POST /api/v1/leaks is public: nothing about it may be turned against the service or against
// the owner of a key someone else found.
process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS = "true";

afterAll(() => db().$disconnect());

// A random start: on PostgreSQL the budgets live in Redis, shared with every other test file and
// with earlier runs of this one, so a fixed sequence of addresses could find them already spent.
let next = randomInt(0, 60_000);
// 198.19.1.0 and up: fuzz.test.ts spends 198.18.0.0/16 and 198.19.0.1.
const freshIp = () => `198.19.${1 + ((next >> 8) % 254)}.${next++ & 255}`;

const leak = (body: BodyInit | null, headers: Record<string, string> = {}, ip = freshIp(), init: RequestInit = {}) =>
  POST(new Request("http://localhost/api/v1/leaks", { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": ip, ...headers }, body, ...init }));

async function subscribed(viewer: Viewer) {
  const input = webhookSchema.parse({ name: "Leaks", url: "http://127.0.0.1:9/hook", events: ["key.leaked", "key.revoked"], credentialId: "none" });
  const created = await createWebhook(viewer, input);
  if (!created.ok) throw new Error("could not create webhook");
}

const leakedTrail = async (viewer: Viewer) => ({
  audit: await db().auditEvent.count({ where: { workspaceId: viewer.workspace.id, action: "leaked" } }),
  deliveries: await db().webhookDelivery.count({ where: { workspaceId: viewer.workspace.id, event: "key.leaked" } }),
});

describe("the public leak endpoint cannot be used against anyone", () => {
  it("a body over 64 KB is refused with 413 without being read whole", async () => {
    // Declared too large: refused before a byte is read.
    let pulled = 0;
    const endless = () =>
      new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled += 1;
          controller.enqueue(new Uint8Array(16 * 1024).fill(0x20));
        },
      });
    const declared = await leak(endless(), { "content-length": String(10 * 1024 * 1024) }, freshIp(), { duplex: "half" } as RequestInit);
    expect(declared.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(1); // a stream may pre-pull one chunk; nothing was consumed
    // No length, an endless stream: cut off just past the cap.
    pulled = 0;
    const chunked = await leak(endless(), {}, freshIp(), { duplex: "half" } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(pulled).toBeLessThan(64 / 16 + 3);
  });

  it("a body that is not JSON is refused with 415", async () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""]) {
      expect((await leak(JSON.stringify({ keys: ["lk_x"] }), { "content-type": type })).status).toBe(415);
    }
    expect((await leak(JSON.stringify({ keys: ["lk_x"] }), { "content-type": "application/json; charset=utf-8" })).status).toBe(202);
  });

  it("the caller's budget is spent before the body is parsed: 61 parallel garbage bodies from one address, the 61st is 429", async () => {
    const ip = freshIp();
    const statuses = await Promise.all(Array.from({ length: 61 }, () => leak("{not json", {}, ip).then((r) => r.status)));
    expect(statuses.filter((s) => s === 400)).toHaveLength(60);
    expect(statuses.filter((s) => s === 429)).toHaveLength(1);
  });

  it("a live key reported 20 times at once makes one leaked event; a revoked key reported 20 times makes none", async () => {
    const viewer = await makeViewer();
    await subscribed(viewer);
    const live = await makeKey(viewer, { name: "Pasted in a gist" });
    const old = await makeKey(viewer, { name: "Revoked long ago" });
    await revokeKey(viewer, old.key.sid);
    const before = await leakedTrail(viewer);
    const answers = await Promise.all([
      ...Array.from({ length: 20 }, () => leak(JSON.stringify({ keys: [live.secret] }))),
      ...Array.from({ length: 20 }, () => leak(JSON.stringify({ keys: [old.secret] }))),
    ]);
    expect(new Set(await Promise.all(answers.map(async (r) => `${r.status} ${await r.text()}`))).size).toBe(1);
    const after = await leakedTrail(viewer);
    expect(after.audit - before.audit).toBe(1);
    expect(after.deliveries - before.deliveries).toBe(1);
    const banner = await db().auditEvent.findMany({ where: { workspaceId: viewer.workspace.id, action: "leaked" }, select: { keySid: true } });
    expect(banner.map((row) => row.keySid)).toEqual([live.key.sid]);
    // Again later: still nothing new.
    await Promise.all(Array.from({ length: 10 }, () => leak(JSON.stringify({ keys: [live.secret, old.secret] }))));
    expect(await leakedTrail(viewer)).toEqual(after);
  });
});
