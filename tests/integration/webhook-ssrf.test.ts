import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebhook, newDeliveryId, secretAad } from "@/lib/dal/webhooks";
import { keyRing } from "@/lib/crypto/key-ring";
import { seal } from "@/lib/crypto/sealed-box";
import { db } from "@/lib/db";
import { webhookSchema } from "@/lib/validation/webhooks";
import { claimAndSend, drain } from "@/lib/webhooks/worker";
import { send } from "@/lib/webhooks/send";
import { makeViewer } from "./fixtures";
import { startReceiver } from "./receiver";

// The production default: private networks are off.
process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS = "false";
process.env.WEBHOOK_TIMEOUT_MS = "2000";

let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await db().$disconnect();
});

const targets = () => [
  `http://127.0.0.1:${receiver.port}/hook`,
  `http://localhost:${receiver.port}/hook`,
  `http://[::1]:${receiver.port}/hook`,
  `http://[::ffff:127.0.0.1]:${receiver.port}/hook`,
  `http://0x7f000001:${receiver.port}/hook`,
  `http://2130706433:${receiver.port}/hook`,
  "http://10.0.0.1/hook",
  "http://192.168.1.10/hook",
  "http://172.16.5.5/hook",
  "http://169.254.169.254/latest/meta-data/",
  "http://[fd00:ec2::254]/latest/meta-data/",
  "http://100.100.100.200/latest/meta-data/",
  "http://0.0.0.0:" + receiver.port + "/hook",
  // Loopback written as IPv4-compatible, mapped-hex, NAT64 and 6to4 IPv6.
  `http://[::127.0.0.1]:${receiver.port}/hook`,
  `http://[::7f00:1]:${receiver.port}/hook`,
  `http://[::ffff:7f00:1]:${receiver.port}/hook`,
  `http://[64:ff9b::7f00:1]:${receiver.port}/hook`,
  `http://[2002:7f00:1::1]:${receiver.port}/hook`,
  "http://[2001:db8::1]/hook",
];

describe("no server-side request forgery (WEBHOOK_ALLOW_PRIVATE_NETWORKS off)", () => {
  it("refuses to save a webhook pointing at loopback, private, link-local or metadata addresses", async () => {
    const viewer = await makeViewer();
    for (const url of targets()) {
      const result = await createWebhook(viewer, webhookSchema.parse({ name: `To ${url}`.slice(0, 60), url, events: ["key.created"], credentialId: "none" }));
      expect(result, url).toMatchObject({ ok: false, reason: "invalid", field: "url" });
    }
    expect(await db().webhook.count({ where: { userId: viewer.id } })).toBe(0);
  });

  it("refuses to send to them, without connecting", async () => {
    for (const url of targets()) {
      const outcome = await send({ url: new URL(url), headers: {}, body: "{}", allowPrivate: false, timeoutMs: 2000 });
      expect(outcome, url).toMatchObject({ statusCode: null });
      expect(outcome.error, url).toMatch(/^Refused: .* private, loopback, link-local or reserved address/);
    }
    expect(receiver.received).toHaveLength(0);
  });

  it("a stored webhook whose host now resolves to loopback (DNS rebinding) is refused at send time, and the log says why", async () => {
    const viewer = await makeViewer();
    // Saved as if its name had resolved to a public address then; "localhost" is loopback now.
    const hook = await db().webhook.create({
      data: { workspaceId: viewer.workspace.id, userId: viewer.id, name: "Rebound", url: `http://localhost:${receiver.port}/hook`, events: "key.created", secretKeyId: "", secretSealed: "", secretHint: "abcd" },
    });
    const box = seal(keyRing(), "whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=", secretAad(hook.id, viewer.id));
    await db().webhook.update({ where: { id: hook.id }, data: { secretKeyId: box.keyId, secretSealed: box.sealed } });
    await db().webhookDelivery.create({ data: { id: newDeliveryId(), webhookId: hook.id, workspaceId: viewer.workspace.id, event: "key.created", payload: "{}" } });
    await claimAndSend();
    await drain();
    const attempt = await db().webhookAttempt.findFirstOrThrow({ where: { delivery: { webhookId: hook.id } } });
    expect(attempt.statusCode).toBeNull();
    expect(attempt.error).toMatch(/^Refused: localhost .*\((127\.0\.0\.1|::1)\)/);
    expect(receiver.received).toHaveLength(0);
  });

  it("a redirect to a private address is not followed (no redirect is)", async () => {
    // Reaching the redirecting receiver itself needs private networks on: the point is that
    // even then its Location is never requested.
    receiver.reply({ status: 307, headers: { location: "http://169.254.169.254/latest/meta-data/" } });
    const outcome = await send({ url: new URL(receiver.url("/redirect")), headers: {}, body: "{}", allowPrivate: true, timeoutMs: 2000 });
    expect(outcome.statusCode).toBe(307);
    expect(outcome.error).toMatch(/Redirects are not followed \(Location: http:\/\/169\.254\.169\.254/);
    expect(receiver.received).toHaveLength(1);
  });
});

describe("slow receivers", () => {
  it("an answer that never comes ends the attempt at the time limit", async () => {
    receiver.reply("hang");
    const outcome = await send({ url: new URL(receiver.url("/hang")), headers: {}, body: "{}", allowPrivate: true, timeoutMs: 300 });
    expect(outcome).toMatchObject({ statusCode: null, error: "Timed out: no complete answer within 300 ms." });
    receiver.release();
  });
});

describe("malformed requests", () => {
  it("a header value Node refuses (a stored token with a line break) is a failed attempt, not an exception", async () => {
    const outcome = await send({ url: new URL(receiver.url("/bad")), headers: { authorization: "Bearer a\r\nInjected: yes" }, body: "{}", allowPrivate: true, timeoutMs: 1000 });
    expect(outcome).toMatchObject({ statusCode: null });
    expect(outcome.error).toMatch(/^Could not send: ERR_INVALID_CHAR/);
    expect(receiver.received.filter((r) => r.url === "/bad")).toHaveLength(0);
  });
});
