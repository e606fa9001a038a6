import { afterAll, describe, expect, it } from "vitest";
import { makeKey, makeViewer } from "@/tests/integration/fixtures";
import { listAuditEvents, recentLeaks } from "@/lib/dal/audit";
import { revokeKey } from "@/lib/dal/key-changes";
import { getKey } from "@/lib/dal/keys";
import { verifyKey } from "@/lib/dal/verify";
import { db } from "@/lib/db";
import { generateKey } from "@/lib/keys/format";
import { POST } from "@/app/api/v1/leaks/route";

afterAll(() => db().$disconnect());

const report = async (keys: unknown, ip = `192.0.2.${Math.floor(Math.random() * 250)}`) => {
  const response = await POST(new Request("http://localhost/api/v1/leaks", { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": ip }, body: JSON.stringify({ keys }) }));
  return { status: response.status, body: await response.text() };
};

describe("POST /api/v1/leaks", () => {
  it("revokes a valid leaked key at once, records a leaked event and shows its owner a banner", async () => {
    const viewer = await makeViewer();
    const { key, secret } = await makeKey(viewer, { name: "Pasted in a gist" });
    expect(await verifyKey(secret, null)).not.toBeNull(); // cached now: the report must clear it
    expect(await report([secret])).toEqual({ status: 202, body: JSON.stringify({ received: 1 }) });
    expect(await verifyKey(secret, null)).toBeNull();
    expect((await getKey(viewer, key.sid))?.status).toBe("revoked");
    const events = (await listAuditEvents(viewer, { page: 1 })).events.filter((e) => e.action === "leaked");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorType: "public", keySid: key.sid, keyName: "Pasted in a gist" });
    expect((await recentLeaks(viewer)).map((l) => l.keySid)).toEqual([key.sid]);
    expect(JSON.stringify(events)).not.toContain(secret.slice(3, 35));
  });

  it("answers exactly the same whether the key existed, was revoked, is unknown or is noise", async () => {
    const viewer = await makeViewer();
    const live = await makeKey(viewer);
    const old = await makeKey(viewer);
    await revokeKey(viewer, old.key.sid);
    const answers = [await report([live.secret]), await report([old.secret]), await report([generateKey()]), await report(["not a key at all"])];
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0].status).toBe(202);
  });

  it("refuses malformed reports with a clear error and changes nothing", async () => {
    const viewer = await makeViewer();
    const { key, secret } = await makeKey(viewer);
    expect((await report([])).status).toBe(422);
    expect((await report(secret)).status).toBe(422);
    expect((await report(Array.from({ length: 101 }, () => secret))).status).toBe(422);
    const bad = await POST(new Request("http://localhost/api/v1/leaks", { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" }));
    expect(bad.status).toBe(400);
    expect((await getKey(viewer, key.sid))?.status).toBe("active");
  });

  it("another user's banner never shows my leak", async () => {
    const alice = await makeViewer();
    const bob = await makeViewer();
    const { secret } = await makeKey(alice);
    await report([secret]);
    expect(await recentLeaks(bob)).toEqual([]);
  });

  it("charges every reported string against the reporter's budget, so one request cannot buy 100 lookups for one point", async () => {
    const reporter = `192.0.2.${200 + Math.floor(Math.random() * 50)}`;
    const budget = Number(process.env.FAILED_AUTH_PER_MINUTE ?? 60);
    const batch = (n: number) => Array.from({ length: n }, () => generateKey());
    expect((await report(batch(budget - 5), reporter)).status).toBe(202);
    const over = await report(batch(10), reporter);
    expect(over.status).toBe(429);
    expect(JSON.parse(over.body).error.code).toBe("rate_limited");
    expect((await report(batch(10), "198.51.100.77")).status).toBe(202);
  });
});
