import { expect, test } from "@playwright/test";
import { queryDatabase } from "./database";
import { createKey, signUp, startSecondServer } from "./helpers";

// A clean stop (SIGTERM, what every process manager sends) writes the usage counts and
// last-used times that are still only in memory before the process exits: only a crash or
// `kill -9` may lose them. The instance flushes once an hour here, so only the stop can write.
const ENV = { LAST_USED_FLUSH_MS: "3600000" };

type Usage = { succeeded: number; refused: number };

async function useThenStop(page: import("@playwright/test").Page, signal: "SIGTERM" | "SIGKILL") {
  await signUp(page);
  const { sid, secret } = await createKey(page, `Stopped with ${signal}`, { permission: "Read" });
  const instance = await startSecondServer(ENV);
  try {
    const headers = { Authorization: `Bearer ${secret}`, "Content-Type": "application/json" };
    // Seven reads the Read key may make, three creations it may not (403, counted as refused).
    const read = () => fetch(`${instance.url}/api/v1/me`, { headers }).then((r) => r.status);
    const write = () => fetch(`${instance.url}/api/v1/keys`, { method: "POST", headers, body: JSON.stringify({ name: "x", expiry: "7", permission: "read" }) }).then((r) => r.status);
    const statuses = await Promise.all([...Array.from({ length: 7 }, read), ...Array.from({ length: 3 }, write)]);
    expect(statuses.sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 403, 403, 403]);
    const lastCall = Date.now();
    const exited = new Promise<number>((resolve) => {
      const poll = setInterval(() => {
        if (!instance.alive()) {
          clearInterval(poll);
          resolve(Date.now());
        }
      }, 50);
    });
    process.kill(instance.pid, signal);
    const stoppedAt = await exited;
    expect(stoppedAt - lastCall).toBeLessThan(15_000);
    const [key] = await queryDatabase<{ id: string; lastUsedAt: unknown; lastUsedIp: string | null }>(`SELECT "id", "lastUsedAt", "lastUsedIp" FROM "ApiKey" WHERE "sid" = $1`, [sid]);
    const usage = await queryDatabase<Usage>(`SELECT "succeeded", "refused" FROM "KeyUsageDay" WHERE "keyId" = $1`, [key.id]);
    return { key, usage, lastCall };
  } finally {
    await instance.stop(); // a no-op once it has exited
  }
}

test("SIGTERM writes the usage counts and last-used time that were only in memory", async ({ page }) => {
  const { key, usage, lastCall } = await useThenStop(page, "SIGTERM");
  expect(usage.map((u) => ({ succeeded: Number(u.succeeded), refused: Number(u.refused) }))).toEqual([{ succeeded: 7, refused: 3 }]);
  const lastUsed = new Date(typeof key.lastUsedAt === "number" ? key.lastUsedAt : String(key.lastUsedAt)).getTime();
  expect(Math.abs(lastUsed - lastCall)).toBeLessThan(10_000);
  expect(key.lastUsedIp).toBe("127.0.0.1");
});

test("the control: kill -9 loses them, so the test above can fail", async ({ page }) => {
  const { key, usage } = await useThenStop(page, "SIGKILL");
  expect(usage).toEqual([]);
  expect(key.lastUsedAt).toBeNull();
});
