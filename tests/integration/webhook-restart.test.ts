import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createWebhook } from "@/lib/dal/webhooks";
import { db } from "@/lib/db";
import { webhookSchema } from "@/lib/validation/webhooks";
import { makeKey, makeViewer } from "./fixtures";
import { startReceiver, until } from "./receiver";

process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS = "true";

const child = path.join(import.meta.dirname, "webhook-worker-child.ts");
const children: ChildProcess[] = [];

function startInstance(): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", child], {
    env: { ...process.env, WEBHOOK_ALLOW_PRIVATE_NETWORKS: "true", WEBHOOK_POLL_MS: "100", WEBHOOK_RETRY_BASE_MS: "1500", WEBHOOK_TIMEOUT_MS: "3000" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(proc);
  return new Promise((resolve, reject) => {
    proc.stdout!.once("data", () => resolve(proc));
    proc.once("exit", (code) => reject(new Error(`worker exited with ${code}`)));
  });
}

afterAll(async () => {
  for (const proc of children) proc.kill("SIGKILL");
  await db().$disconnect();
});

describe("durable deliveries", () => {
  it("a delivery waiting for its retry survives the instance being killed and is delivered by the next one", async () => {
    const receiver = await startReceiver();
    try {
      const viewer = await makeViewer();
      const created = await createWebhook(viewer, webhookSchema.parse({ name: "Restart", url: receiver.url("/restart"), events: ["key.created"], credentialId: "none" }));
      if (!created.ok) throw new Error("webhook");
      receiver.reply({ status: 503, body: "starting up" });

      const first = await startInstance();
      await makeKey(viewer);
      // The first attempt fails and is recorded; the retry is due 1.5 s later.
      await until(async () => (await db().webhookDelivery.findFirst({ where: { webhookId: created.webhook.id } }))?.attempts === 1);
      first.kill("SIGKILL");
      await new Promise((resolve) => first.once("exit", resolve));
      expect(receiver.received).toHaveLength(1);

      await startInstance();
      await until(async () => (await db().webhookDelivery.findFirst({ where: { webhookId: created.webhook.id } }))?.status === "delivered");
      expect(receiver.received).toHaveLength(2);
      expect(receiver.received[1].headers["webhook-id"]).toBe(receiver.received[0].headers["webhook-id"]);
      const attempts = await db().webhookAttempt.findMany({ where: { delivery: { webhookId: created.webhook.id } }, orderBy: { number: "asc" } });
      expect(attempts.map((a) => a.statusCode)).toEqual([503, 200]);
    } finally {
      await receiver.close();
    }
  }, 60_000);
});
