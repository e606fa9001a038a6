import { afterAll, describe, expect, it } from "vitest";
import { createWebhook, sendTestEvent } from "@/lib/dal/webhooks";
import { db } from "@/lib/db";
import { webhookSchema } from "@/lib/validation/webhooks";
import { makeViewer } from "./fixtures";

// Nothing is sent here (no worker runs): the test counts what gets queued.
process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS = "true";
process.env.TEST_EVENTS_PER_USER_PER_MINUTE = "5";

afterAll(async () => {
  await db().$disconnect();
});

async function webhookOf(viewer: Awaited<ReturnType<typeof makeViewer>>) {
  const created = await createWebhook(viewer, webhookSchema.parse({ name: "Flooded", url: "http://127.0.0.1:9/hook", events: ["key.created"], credentialId: "none" }));
  if (!created.ok) throw new Error("webhook");
  return created.webhook;
}

describe("Send test event is rate limited per user", () => {
  it("40 parallel test events from one user queue at most the budget; the rest are refused with the wait, and another user is unaffected", async () => {
    const [flooder, bystander] = await Promise.all([makeViewer(), makeViewer()]);
    const [hook, other] = await Promise.all([webhookOf(flooder), webhookOf(bystander)]);
    const results = await Promise.all(Array.from({ length: 40 }, () => sendTestEvent(flooder, hook.id)));
    const queued = await db().webhookDelivery.count({ where: { webhookId: hook.id } });
    console.log(`40 parallel test events: ${queued} queued`);
    expect(queued).toBe(5);
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    const refused = results.filter((r) => !r.ok);
    expect(refused).toHaveLength(35);
    for (const r of refused) expect(r).toMatchObject({ ok: false, reason: "rate_limited", budget: 5 });
    for (const r of refused) if (!r.ok && r.reason === "rate_limited") expect(r.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(await sendTestEvent(bystander, other.id)).toEqual({ ok: true });
  });

  it("a test event for someone else's webhook is not found, and spends nothing of its owner's budget", async () => {
    const [owner, stranger] = await Promise.all([makeViewer(), makeViewer()]);
    const hook = await webhookOf(owner);
    const strangers = await Promise.all(Array.from({ length: 10 }, () => sendTestEvent(stranger, hook.id)));
    expect(strangers.every((r) => !r.ok && r.reason === "not_found")).toBe(true);
    const own = await Promise.all(Array.from({ length: 5 }, () => sendTestEvent(owner, hook.id)));
    expect(own.every((r) => r.ok)).toBe(true);
    expect(await db().webhookDelivery.count({ where: { webhookId: hook.id } })).toBe(5);
  });
});
