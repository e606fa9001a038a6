import { randomBytes } from "node:crypto";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { makeKey, makeViewer } from "@/tests/integration/fixtures";
import { GET as me } from "@/app/api/v1/me/route";
import { db } from "@/lib/db";
import { revokeKey } from "@/lib/dal/key-changes";
import { cacheForget } from "@/lib/dal/key-cache";
import { keyLookup } from "@/lib/dal/key-lookup";
import { verifyCachedKey, verifyKey } from "@/lib/dal/verify";
import { env } from "@/lib/env";
import { generateKey } from "@/lib/keys/format";

// Lookups are counted with a spy on the one function that reads a key row for verification;
// it calls through to the real database unless a test delays it.
const realFind = keyLookup.find;
const find = vi.spyOn(keyLookup, "find");

afterEach(() => {
  find.mockReset();
  find.mockImplementation(realFind);
  vi.useRealTimers();
});
afterAll(() => db().$disconnect());

const gate = () => {
  let open!: () => void;
  const closed = new Promise<void>((resolve) => (open = resolve));
  return { closed, open };
};
const settled = () => new Promise((resolve) => setImmediate(resolve));
/** Polls with the real timers (vi.waitFor would move the faked clock along). */
const until = async (condition: () => boolean) => {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
};

describe("verification under load", () => {
  it("an unknown well-formed key is refused from the cache: 21 checks, one lookup", async () => {
    const secret = generateKey();
    expect(await verifyKey(secret, null)).toBeNull();
    const answers = await Promise.all(Array.from({ length: 20 }, () => verifyKey(secret, null)));
    expect(answers.every((answer) => answer === null)).toBe(true);
    expect(find).toHaveBeenCalledTimes(1);
  });

  it("20 parallel checks of one uncached key share one lookup", async () => {
    const { key, secret } = await makeKey(await makeViewer());
    const answers = await Promise.all(Array.from({ length: 20 }, () => verifyKey(secret, null)));
    expect(answers.map((answer) => answer?.key.sid)).toEqual(Array(20).fill(key.sid));
    expect(find).toHaveBeenCalledTimes(1);
  });

  it("a refused key changed by cacheForget is looked up again, not refused from the cache", async () => {
    const viewer = await makeViewer();
    const { key, secret } = await makeKey(viewer);
    await revokeKey(viewer, key.sid);
    expect(await verifyKey(secret, null)).toBeNull();
    expect(await verifyKey(secret, null)).toBeNull();
    expect(find).toHaveBeenCalledTimes(1); // the second answer came from the cache
    // No change un-revokes a key today; if one ever did, it would forget the key like this.
    await db().apiKey.update({ where: { sid: key.sid }, data: { revokedAt: null } });
    cacheForget(key.sid);
    expect((await verifyKey(secret, null))?.key.sid).toBe(key.sid);
  });

  it("a check that starts after a revoke never shares a lookup that began before it", async () => {
    const viewer = await makeViewer();
    const { key, secret } = await makeKey(viewer);
    const hold = gate();
    let read = false;
    find.mockImplementationOnce(async (hmac) => {
      const row = await realFind(hmac); // reads the key while it is still active...
      read = true;
      await hold.closed; // ...and answers only after the revoke below
      return row;
    });
    const early = verifyKey(secret, null);
    await until(() => read);
    await revokeKey(viewer, key.sid);
    const late = verifyKey(secret, null);
    hold.open();
    expect((await early)?.key.sid).toBe(key.sid); // it raced the revoke: either answer is fair
    expect(await late).toBeNull();
    expect(await verifyKey(secret, null)).toBeNull(); // and the early answer was not cached
  });

  it("refreshes a key in use past half its TTL in the background, and never serves it past the TTL", async () => {
    const ttl = env().KEY_CACHE_TTL_MS;
    const { secret } = await makeKey(await makeViewer());
    vi.useFakeTimers({ toFake: ["Date"] }); // the clock only: batches still go out on setImmediate
    const t0 = Date.now();
    expect(await verifyKey(secret, null)).not.toBeNull();
    expect(find).toHaveBeenCalledTimes(1);

    vi.setSystemTime(t0 + ttl * 0.4);
    expect(verifyCachedKey(secret, null)).toBeDefined();
    await settled();
    expect(find).toHaveBeenCalledTimes(1); // still fresh: no refresh

    vi.setSystemTime(t0 + ttl * 0.6);
    expect(verifyCachedKey(secret, null)).toBeDefined(); // served at once...
    await until(() => find.mock.calls.length === 2); // ...and read again behind it
    await find.mock.results[1]!.value;
    await settled();

    vi.setSystemTime(t0 + ttl * 1.05); // past the first read's TTL, within the refresh's
    expect(verifyCachedKey(secret, null)).toBeDefined();

    // A refresh that does not land in time does not stretch the bound.
    const hold = gate();
    find.mockImplementation(async (hmac) => {
      await hold.closed;
      return realFind(hmac);
    });
    vi.setSystemTime(t0 + ttl * 1.2);
    expect(verifyCachedKey(secret, null)).toBeDefined();
    await until(() => find.mock.calls.length === 3);
    vi.setSystemTime(t0 + ttl * 0.6 + ttl + 1);
    expect(verifyCachedKey(secret, null)).toBeUndefined();
    hold.open();
  });

  it("a refresh that read the key before a revoke is not cached", async () => {
    const ttl = env().KEY_CACHE_TTL_MS;
    const viewer = await makeViewer();
    const { key, secret } = await makeKey(viewer);
    vi.useFakeTimers({ toFake: ["Date"] });
    const t0 = Date.now();
    expect(await verifyKey(secret, null)).not.toBeNull();
    const hold = gate();
    let read = false;
    find.mockImplementationOnce(async (hmac) => {
      const row = await realFind(hmac);
      read = true;
      await hold.closed;
      return row;
    });
    vi.setSystemTime(t0 + ttl * 0.6);
    expect(verifyCachedKey(secret, null)).toBeDefined(); // starts the refresh
    await until(() => read);
    await revokeKey(viewer, key.sid);
    hold.open();
    await find.mock.results[1]!.value;
    await settled();
    expect(verifyCachedKey(secret, null)).toBeUndefined();
    expect(await verifyKey(secret, null)).toBeNull();
  });
});

describe("failed checks answered from the cache", () => {
  const call = (headers: Record<string, string>) => me(new Request("http://localhost/api/v1/me", { headers }), { params: Promise.resolve({}) });

  it("still count against the client's address: the budget trips at the same point", async () => {
    const attacker = `10.${randomBytes(3).join(".")}`;
    const budget = env().FAILED_AUTH_PER_MINUTE;
    const unknown = generateKey();
    const statuses = await Promise.all(Array.from({ length: budget + 10 }, () => call({ "x-api-key": unknown, "x-forwarded-for": attacker }).then((r) => r.status)));
    expect(statuses.filter((s) => s === 401)).toHaveLength(budget);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
    expect(find.mock.calls.length).toBeLessThanOrEqual(1);
  });
});
