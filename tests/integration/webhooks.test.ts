import { Webhook as StandardWebhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCredential, deleteCredential } from "@/lib/dal/credentials";
import { deleteKey, revokeKey, rollKey } from "@/lib/dal/key-changes";
import { reportLeakedKeys } from "@/lib/dal/leaks";
import { createWebhook, deleteWebhook, getWebhook, listDeliveries, listWebhooks, openSigningSecret, rotateWebhookSecrets, sendTestEvent, updateWebhook, webhooksByCredential, type WebhookDTO } from "@/lib/dal/webhooks";
import { keyRing } from "@/lib/crypto/key-ring";
import { newKeyMaterial, parseKeyRing } from "@/lib/crypto/sealed-box";
import { db } from "@/lib/db";
import { webhookSchema, type WebhookInput } from "@/lib/validation/webhooks";
import { queueExpiryNotices } from "@/lib/dal/webhook-expiry";
import { claimAndSend, drain, startWebhookWorker, stopWebhookWorker } from "@/lib/webhooks/worker";
import { makeKey, makeViewer } from "./fixtures";
import { startReceiver, until } from "./receiver";

process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS = "true";
process.env.WEBHOOK_RETRY_BASE_MS = "40";
process.env.WEBHOOK_MAX_ATTEMPTS = "4";
process.env.WEBHOOK_TIMEOUT_MS = "3000";
process.env.MAX_WEBHOOKS = "3";
// Some tests queue many test events at once to exercise the worker; the budget has its own test.
process.env.TEST_EVENTS_PER_USER_PER_MINUTE = "100";

let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await stopWebhookWorker();
  await receiver.close();
  await db().$disconnect();
});

const input = (fields: Partial<Record<keyof WebhookInput, unknown>>): WebhookInput =>
  webhookSchema.parse({ name: `Hook ${Math.random().toString(36).slice(2, 8)}`, url: receiver.url(), events: ["key.created"], credentialId: "none", ...fields });

async function hook(viewer: Awaited<ReturnType<typeof makeViewer>>, fields: Partial<Record<keyof WebhookInput, unknown>> = {}) {
  const created = await createWebhook(viewer, input(fields));
  if (!created.ok || !created.secret) throw new Error(`could not create webhook: ${JSON.stringify(created)}`);
  return { webhook: created.webhook, secret: created.secret };
}

/** Sends everything due, waiting out retry delays, until nothing is pending for this webhook. */
async function deliverAll(webhookId: string) {
  await until(async () => {
    await claimAndSend();
    await drain();
    return (await db().webhookDelivery.count({ where: { webhookId, status: "pending" } })) === 0;
  });
}

const fromReceiver = (path: string) => receiver.received.filter((r) => r.url.startsWith(path));

describe("webhook deliveries to a real receiver on 127.0.0.1", () => {
  it.each([
    ["bearer", { type: "bearer", token: "tok-bearer-1234" }, (r: { headers: Record<string, string> }) => expect(r.headers.authorization).toBe("Bearer tok-bearer-1234")],
    ["basic", { type: "basic", username: "hook-user", password: "pw-basic-5678" }, (r: { headers: Record<string, string> }) => expect(r.headers.authorization).toBe(`Basic ${Buffer.from("hook-user:pw-basic-5678").toString("base64")}`)],
    ["header", { type: "header", fieldName: "X-Hook-Key", value: "val-header-9012" }, (r: { headers: Record<string, string> }) => expect(r.headers["x-hook-key"]).toBe("val-header-9012")],
  ] as const)("a %s credential arrives exactly right, and the signature verifies with the endpoint's secret", async (type, secretFields, check) => {
    const viewer = await makeViewer();
    const credential = await createCredential(viewer, { hosts: ["127.0.0.1"], name: `C ${type}`, ...secretFields } as never);
    if (!credential.ok) throw new Error("credential");
    const path = `/hook-${type}`;
    const { webhook, secret } = await hook(viewer, { url: receiver.url(path), credentialId: credential.credential.id });
    const { key } = await makeKey(viewer, { name: "Deploy bot" });
    await deliverAll(webhook.id);

    const [request] = fromReceiver(path);
    expect(fromReceiver(path)).toHaveLength(1);
    check(request);
    if (type !== "basic") expect(request.headers.authorization ?? "").not.toContain("Basic");
    // The reference Standard Webhooks library accepts it (and would throw otherwise).
    const payload = new StandardWebhook(secret).verify(request.body, request.headers) as { type: string; data: { key: { id: string; name: string } } };
    expect(payload.type).toBe("key.created");
    expect(payload.data.key).toMatchObject({ id: key.sid, name: "Deploy bot" });
    expect(() => new StandardWebhook(secret).verify(request.body.replace("Deploy", "Deplay"), request.headers)).toThrow();

    // The log keeps the request with the credential redacted, and never the secret.
    const { deliveries } = await listDeliveries(viewer, webhook);
    const logged = JSON.stringify(deliveries);
    expect(deliveries[0]).toMatchObject({ status: "delivered", attempts: 1, event: "key.created" });
    expect(deliveries[0].log[0].statusCode).toBe(200);
    for (const value of Object.values(secretFields).filter((v) => v.length > 8)) expect(logged).not.toContain(value);
    expect(logged).toContain("[redacted]");
  });

  it("a query credential is sent as its parameter, and the logged URL redacts it", async () => {
    const viewer = await makeViewer();
    const credential = await createCredential(viewer, { hosts: ["127.0.0.1"], name: "Q", type: "query", fieldName: "api_key", value: "val-query-3456" });
    if (!credential.ok) throw new Error("credential");
    const { webhook } = await hook(viewer, { url: receiver.url("/hook-query?source=latchkey"), credentialId: credential.credential.id });
    await makeKey(viewer);
    await deliverAll(webhook.id);
    const [request] = fromReceiver("/hook-query");
    expect(new URL(request.url, "http://x").searchParams.get("api_key")).toBe("val-query-3456");
    expect(new URL(request.url, "http://x").searchParams.get("source")).toBe("latchkey");
    const { deliveries } = await listDeliveries(viewer, webhook);
    expect(deliveries[0].log[0].requestUrl).toContain("api_key=[redacted]");
    expect(JSON.stringify(deliveries)).not.toContain("val-query-3456");
  });

  it("a receiver that fails twice then succeeds gets the event three times, same webhook-id, and the log shows it", async () => {
    const viewer = await makeViewer();
    const { webhook } = await hook(viewer, { url: receiver.url("/flaky") });
    receiver.reply({ status: 500, body: "boom" }, { status: 503, body: "busy" });
    await makeKey(viewer);
    await deliverAll(webhook.id);
    const requests = fromReceiver("/flaky");
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((r) => r.headers["webhook-id"])).size).toBe(1);
    const { deliveries } = await listDeliveries(viewer, webhook);
    expect(deliveries[0]).toMatchObject({ status: "delivered", attempts: 3 });
    expect(deliveries[0].log.map((a) => a.statusCode)).toEqual([200, 503, 500]);
    expect(deliveries[0].log[2].responseExcerpt).toBe("boom");
  });

  it("gives up after WEBHOOK_MAX_ATTEMPTS and marks the delivery failed, with the hint for a 401", async () => {
    const viewer = await makeViewer();
    const { webhook } = await hook(viewer, { url: receiver.url("/always-401") });
    receiver.reply(...Array.from({ length: 4 }, () => ({ status: 401, body: "unauthorized" })));
    await makeKey(viewer);
    await deliverAll(webhook.id);
    expect(fromReceiver("/always-401")).toHaveLength(4);
    const { deliveries } = await listDeliveries(viewer, webhook);
    expect(deliveries[0]).toMatchObject({ status: "failed", attempts: 4, nextAttemptAt: null });
    expect(deliveries[0].log[0].hint).toMatch(/sends none/);
  });

  it("does not follow a redirect, not even to another local address", async () => {
    const viewer = await makeViewer();
    const { webhook } = await hook(viewer, { url: receiver.url("/redirect") });
    receiver.reply(...Array.from({ length: 4 }, () => ({ status: 302, headers: { location: receiver.url("/redirect-target") } })));
    await makeKey(viewer);
    await deliverAll(webhook.id);
    expect(fromReceiver("/redirect-target")).toHaveLength(0);
    const { deliveries } = await listDeliveries(viewer, webhook);
    expect(deliveries[0].status).toBe("failed");
    expect(deliveries[0].log[0]).toMatchObject({ statusCode: 302 });
    expect(deliveries[0].log[0].error).toMatch(/Redirects are not followed/);
  });

  it("a redirect whose Location echoes a query credential does not put it in the log", async () => {
    const viewer = await makeViewer();
    const credential = await createCredential(viewer, { hosts: ["127.0.0.1"], name: "Located", type: "query", fieldName: "api_key", value: "val-location-4242" });
    if (!credential.ok) throw new Error("credential");
    const { webhook } = await hook(viewer, { url: receiver.url("/located"), credentialId: credential.credential.id });
    receiver.reply(...Array.from({ length: 4 }, () => (r: { url: string }) => ({ status: 302, headers: { location: `https://elsewhere.example${r.url}` } })));
    await makeKey(viewer);
    await deliverAll(webhook.id);
    expect(fromReceiver("/located")[0].url).toContain("val-location-4242"); // it was sent, and echoed
    const { deliveries } = await listDeliveries(viewer, webhook);
    expect(deliveries[0].log[0].error).toContain("api_key=[redacted]");
    expect(JSON.stringify(deliveries)).not.toContain("val-location-4242");
  });

  it("a signing secret that no longer opens fails each attempt with a clear error, sends nothing, and ends failed", async () => {
    const viewer = await makeViewer();
    const { webhook } = await hook(viewer, { url: receiver.url("/unsigned") });
    const row = await db().webhook.findUniqueOrThrow({ where: { id: webhook.id }, omit: { secretSealed: false } });
    const raw = Buffer.from(row.secretSealed, "base64url");
    raw[raw.length - 1] ^= 1;
    await db().webhook.update({ where: { id: row.id }, data: { secretSealed: raw.toString("base64url") } });
    await makeKey(viewer);
    await deliverAll(webhook.id);
    expect(fromReceiver("/unsigned")).toHaveLength(0);
    const { deliveries } = await listDeliveries(viewer, webhook);
    expect(deliveries[0]).toMatchObject({ status: "failed", attempts: 4 });
    expect(deliveries[0].log[0].error).toMatch(/signing secret could not be decrypted/);
    // The rotation test below counts rows that fail to open across the whole table.
    await db().webhook.delete({ where: { id: webhook.id } });
  });

  it("the list shows each webhook's own latest delivery with its last status code", async () => {
    const viewer = await makeViewer();
    const { webhook: a } = await hook(viewer, { name: "A list", url: receiver.url("/list-a") });
    await hook(viewer, { name: "B list", url: receiver.url("/list-b") });
    await sendTestEvent(viewer, a.id);
    await deliverAll(a.id);
    receiver.reply(...Array.from({ length: 4 }, () => ({ status: 404, body: "gone" })));
    await sendTestEvent(viewer, a.id);
    await deliverAll(a.id);
    const list = await listWebhooks(viewer);
    expect(list.map((w) => [w.name, w.lastDelivery && { status: w.lastDelivery.status, statusCode: w.lastDelivery.statusCode, attempted: w.lastDelivery.attempted }])).toEqual([
      ["A list", { status: "failed", statusCode: 404, attempted: true }],
      ["B list", null],
    ]);
  });

  it("a receiver echoing the credential does not put it in the log", async () => {
    const viewer = await makeViewer();
    const credential = await createCredential(viewer, { hosts: ["127.0.0.1"], name: "Echoed", type: "bearer", token: "tok-echoed-secret-777" });
    if (!credential.ok) throw new Error("credential");
    const { webhook } = await hook(viewer, { url: receiver.url("/echo"), credentialId: credential.credential.id });
    receiver.reply((r) => ({ status: 200, body: `you sent ${r.headers.authorization}` }));
    await makeKey(viewer);
    await deliverAll(webhook.id);
    const { deliveries } = await listDeliveries(viewer, webhook);
    expect(deliveries[0].log[0].responseExcerpt).toBe("you sent Bearer [redacted]");
  });

  it("sends every subscribed key event with its type, and none it is not subscribed to", async () => {
    const viewer = await makeViewer();
    const { webhook } = await hook(viewer, { url: receiver.url("/all"), events: ["key.rolled", "key.revoked", "key.deleted", "key.leaked", "key.expiring"] });
    const { key } = await makeKey(viewer, { name: "Lifecycle" });
    const rolled = await rollKey(viewer, key.sid, "now");
    if (!rolled.ok) throw new Error("roll");
    await revokeKey(viewer, rolled.key.sid);
    await deleteKey(viewer, rolled.key.sid);
    const { secret } = await makeKey(viewer, { name: "Leaky" });
    await reportLeakedKeys([secret], "192.0.2.1");
    const expiring = await makeKey(viewer, { name: "Soon" });
    await db().apiKey.update({ where: { sid: expiring.key.sid }, data: { expiresAt: new Date(Date.now() + 3 * 86_400_000) } });
    expect(await queueExpiryNotices()).toBeGreaterThanOrEqual(1);
    expect(await queueExpiryNotices()).toBe(0); // once per key
    await deliverAll(webhook.id);
    const types = fromReceiver("/all").map((r) => JSON.parse(r.body).type as string);
    expect(types.sort()).toEqual(["key.deleted", "key.expiring", "key.leaked", "key.revoked", "key.rolled"]);
    const bodies = fromReceiver("/all").map((r) => r.body).join("\n");
    expect(bodies).not.toContain(secret);
    expect(bodies).not.toContain(rolled.secret);
    const rolledEvent = JSON.parse(fromReceiver("/all").find((r) => r.body.includes("key.rolled"))!.body);
    expect(rolledEvent.data).toMatchObject({ key: { id: key.sid }, newKey: { id: rolled.key.sid } });
  });

  it("a key created or rolled inside the 7-day window gets no separate expiring event", async () => {
    const viewer = await makeViewer();
    const { webhook } = await hook(viewer, { url: receiver.url("/soon"), events: ["key.expiring"] });
    await makeKey(viewer, { expiry: "7" });
    await queueExpiryNotices();
    expect(await db().webhookDelivery.count({ where: { webhookId: webhook.id } })).toBe(0);
  });

  it("the user's action does not wait for the receiver: a key is created while its event is still being sent", async () => {
    const viewer = await makeViewer();
    const { webhook } = await hook(viewer, { url: receiver.url("/slow") });
    receiver.reply("hang");
    startWebhookWorker();
    try {
      const first = await makeKey(viewer, { name: "One" });
      await until(() => fromReceiver("/slow").length === 1);
      // The receiver holds the first event's request open; further key operations finish anyway.
      const second = await makeKey(viewer, { name: "Two" });
      await revokeKey(viewer, first.key.sid);
      expect(second.key.name).toBe("Two");
      // ...and the first event's attempt is still unfinished: nothing recorded for it yet.
      const firstDelivery = await db().webhookDelivery.findFirstOrThrow({ where: { webhookId: webhook.id }, orderBy: { createdAt: "asc" } });
      expect(firstDelivery).toMatchObject({ status: "pending", attempts: 0 });
      expect(firstDelivery.leaseUntil).not.toBeNull();
      receiver.release();
      await until(() => fromReceiver("/slow").length >= 2);
    } finally {
      await stopWebhookWorker();
    }
  });

  it("several workers at once send each delivery exactly once", async () => {
    const viewer = await makeViewer();
    const { webhook } = await hook(viewer, { url: receiver.url("/many") });
    for (let i = 0; i < 20; i++) await sendTestEvent(viewer, webhook.id);
    const taken = await Promise.all([claimAndSend(10), claimAndSend(10), claimAndSend(10), claimAndSend(10)]);
    await drain();
    await deliverAll(webhook.id);
    expect(taken.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(20);
    const ids = fromReceiver("/many").map((r) => r.headers["webhook-id"]);
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
  });

  it("a deleted credential stops the webhook with a clear error, sending nothing", async () => {
    const viewer = await makeViewer();
    const credential = await createCredential(viewer, { hosts: ["127.0.0.1"], name: "Short-lived", type: "bearer", token: "tok-gone-4321" });
    if (!credential.ok) throw new Error("credential");
    const { webhook } = await hook(viewer, { name: "Orders", url: receiver.url("/gone"), credentialId: credential.credential.id });
    expect((await webhooksByCredential(viewer)).get(credential.credential.id)).toEqual(["Orders"]);
    expect(await deleteCredential(viewer, credential.credential.id, { acknowledged: [webhook.id] })).toEqual({ ok: true });
    expect(await getWebhook(viewer, webhook.id)).toMatchObject({ credentialMissing: true, credentialName: null });
    await sendTestEvent(viewer, webhook.id);
    await deliverAll(webhook.id);
    expect(fromReceiver("/gone")).toHaveLength(0);
    const { deliveries } = await listDeliveries(viewer, webhook);
    expect(deliveries[0].log[0].error).toMatch(/credential this webhook uses was deleted/);
  });

  it("an edited credential is used by the very next call", async () => {
    const viewer = await makeViewer();
    const credential = await createCredential(viewer, { hosts: ["127.0.0.1"], name: "Rotating", type: "bearer", token: "tok-old-0001" });
    if (!credential.ok) throw new Error("credential");
    const { webhook } = await hook(viewer, { url: receiver.url("/rotating"), credentialId: credential.credential.id });
    const { updateCredential } = await import("@/lib/dal/credentials");
    await updateCredential(viewer, credential.credential.id, { name: "Rotating", type: "bearer", token: "tok-new-0002" });
    await sendTestEvent(viewer, webhook.id);
    await deliverAll(webhook.id);
    expect(fromReceiver("/rotating")[0].headers.authorization).toBe("Bearer tok-new-0002");
  });
});

describe("webhook ownership and limits", () => {
  it("another user's webhook and credential are out of reach", async () => {
    const owner = await makeViewer();
    const other = await makeViewer();
    const credential = await createCredential(owner, { hosts: ["127.0.0.1"], name: "Mine", type: "bearer", token: "tok-owner-1111" });
    if (!credential.ok) throw new Error("credential");
    const { webhook } = await hook(owner);
    expect(await getWebhook(other, webhook.id)).toBeNull();
    expect(await sendTestEvent(other, webhook.id)).toEqual({ ok: false, reason: "not_found" });
    expect(await deleteWebhook(other, webhook.id)).toEqual({ ok: false, reason: "not_found" });
    expect(await updateWebhook(other, webhook.id, input({}))).toMatchObject({ ok: false, reason: "not_found" });
    expect((await listDeliveries(other, webhook as WebhookDTO)).total).toBe(0);
    // Pointing one's own webhook at someone else's credential is refused.
    expect(await createWebhook(other, input({ credentialId: credential.credential.id }))).toMatchObject({ ok: false, reason: "invalid", field: "credentialId" });
    expect(await getWebhook(owner, webhook.id)).not.toBeNull();
  });

  it("15 parallel creates stop exactly at MAX_WEBHOOKS", async () => {
    const viewer = await makeViewer();
    const results = await Promise.all(Array.from({ length: 15 }, (_, i) => createWebhook(viewer, input({ name: `Parallel ${i}` }))));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(results.filter((r) => !r.ok && r.reason === "limit_reached")).toHaveLength(12);
  });

  it("key rotation re-seals signing secrets; each still opens to the same secret, and only with the new ring afterwards", async () => {
    const viewer = await makeViewer();
    const made = [await hook(viewer), await hook(viewer)];
    const current = keyRing();
    const next = parseKeyRing(`${[...current.keys].map(([id, k]) => `${id}:${k.toString("base64")}`).join(",")},w2:${newKeyMaterial()}`, "w2");
    const result = await rotateWebhookSecrets(next, 1);
    expect(result.failed).toEqual([]);
    expect(await db().webhook.count({ where: { secretKeyId: { not: "w2" } } })).toBe(0);
    for (const { webhook, secret } of made) {
      const row = await db().webhook.findUniqueOrThrow({ where: { id: webhook.id }, omit: { secretSealed: false } });
      expect(openSigningSecret(row, next)).toBe(secret);
      expect(() => openSigningSecret(row, current)).toThrow(/no encryption key "w2"/);
    }
  });

  it("a sealed signing secret is bound to its webhook and owner: copied into another row, it does not open", async () => {
    const alice = await makeViewer();
    const mallory = await makeViewer();
    const { webhook: source } = await hook(alice);
    const { webhook: target } = await hook(mallory);
    const { secretKeyId, secretSealed } = await db().webhook.findUniqueOrThrow({ where: { id: source.id }, omit: { secretSealed: false } });
    const moved = await db().webhook.update({ where: { id: target.id }, data: { secretKeyId, secretSealed }, omit: { secretSealed: false } });
    expect(() => openSigningSecret(moved)).toThrow(/failed authentication/);
    expect(() => openSigningSecret({ ...moved, userId: alice.id })).toThrow(/failed authentication/); // another row of the right owner
    const sourceRow = await db().webhook.findUniqueOrThrow({ where: { id: source.id }, omit: { secretSealed: false } });
    expect(() => openSigningSecret({ ...sourceRow, userId: mallory.id })).toThrow(/failed authentication/); // the same row, handed to another owner
    expect(openSigningSecret(sourceRow)).toMatch(/^whsec_/);
    await db().webhook.delete({ where: { id: target.id } });
  });

  it("the signing secret is stored sealed, never in clear", async () => {
    const viewer = await makeViewer();
    const { webhook, secret } = await hook(viewer);
    const row = await db().webhook.findUniqueOrThrow({ where: { id: webhook.id }, omit: { secretSealed: false } });
    expect(JSON.stringify(row)).not.toContain(secret.slice(6));
    expect(row.secretHint).toBe(secret.slice(-4));
  });
});
