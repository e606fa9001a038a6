import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeKey } from "@/lib/dal/key-changes";
import { createWebhook, newDeliveryId } from "@/lib/dal/webhooks";
import { db } from "@/lib/db";
import { webhookSchema } from "@/lib/validation/webhooks";
import { startWebhookWorker, stopWebhookWorker } from "@/lib/webhooks/worker";
import { makeKey, makeViewer } from "./fixtures";
import { startReceiver, until } from "./receiver";

process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS = "true";
// Generous, as in production: each attempt on the black hole holds its slot this long.
process.env.WEBHOOK_TIMEOUT_MS = "10000";
process.env.WEBHOOK_POLL_MS = "200";

/** A black hole: accepts every TCP connection and never answers. */
async function startBlackHole() {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  let mostOpen = 0;
  const server = net.createServer((socket) => {
    accepted++;
    sockets.add(socket);
    mostOpen = Math.max(mostOpen, sockets.size);
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    accepted: () => accepted,
    mostOpen: () => mostOpen,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let blackHole: Awaited<ReturnType<typeof startBlackHole>>;
beforeAll(async () => {
  [receiver, blackHole] = await Promise.all([startReceiver(), startBlackHole()]);
});
afterAll(async () => {
  await blackHole.close();
  await stopWebhookWorker();
  await receiver.close();
  await db().$disconnect();
});

const hookInput = (name: string, url: string, events: string[]) => webhookSchema.parse({ name, url, events, credentialId: "none" });

describe("the delivery worker is fair across accounts", () => {
  it("tenant A's 2,000 deliveries to a black hole do not hold up tenant B's key.revoked notice", async () => {
    const [a, b] = await Promise.all([makeViewer("Tenant A"), makeViewer("Tenant B")]);
    const hookA = await createWebhook(a, hookInput("Black hole", blackHole.url, ["key.created"]));
    const hookB = await createWebhook(b, hookInput("B's receiver", receiver.url("/b"), ["key.revoked"]));
    if (!hookA.ok || !hookB.ok) throw new Error("webhooks");
    const { key } = await makeKey(b);
    try {
      // A's backlog, all due and all older than anything B does (as a burst of events and
      // their retries would leave it).
      const since = Date.now() - 60_000;
      await db().webhookDelivery.createMany({
        data: Array.from({ length: 2000 }, (_, i) => ({ id: newDeliveryId(), webhookId: hookA.webhook.id, workspaceId: a.workspace.id, event: "key.created", payload: "{}", nextAttemptAt: new Date(since + i) })),
      });
      startWebhookWorker();
      // The worker is busy with A's backlog: the black hole holds its connections.
      await until(() => blackHole.accepted() >= 2);

      const started = performance.now();
      await revokeKey(b, key.sid);
      const arrived = await until(() => receiver.received.length > 0, 15_000).then(() => true, () => false);
      const waited = Math.round(performance.now() - started);
      console.log(arrived ? `B's key.revoked reached B's receiver after ${waited} ms` : `B's key.revoked had not arrived after ${waited} ms`);
      expect(receiver.received.map((r) => JSON.parse(r.body).type)).toEqual(["key.revoked"]);
      expect(waited).toBeLessThan(5_000);
      // One endpoint never holds more than two of the worker's slots.
      expect(blackHole.mostOpen()).toBeLessThanOrEqual(2);
    } finally {
      // Deleting A's webhook deletes its backlog; the black hole's open attempts end when it closes.
      await db().webhook.delete({ where: { id: hookA.webhook.id } });
      await blackHole.close();
      await stopWebhookWorker();
    }
  });
});
