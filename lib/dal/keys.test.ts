import { afterAll, describe, expect, it, vi } from "vitest";
import { makeKey, makeViewer } from "@/tests/integration/fixtures";
import { db } from "@/lib/db";
import { parseCreateKey } from "@/lib/validation/keys";
import { keyListSchema } from "@/lib/validation/keys";
import type { Viewer } from "@/lib/viewer";
import { flushActivity } from "./activity";
import { createKey, revokeKey } from "./key-changes";
import { countActiveKeys, getKey, listKeys as listPages, searchTextOf } from "./keys";

/** Both sections, first pages, default order: what most of these tests look at. */
const listKeys = async (viewer: Viewer, q: string) => {
  const { current, revoked } = await listPages(viewer, keyListSchema.parse({ q }));
  return { current: current.keys, revoked: revoked.keys };
};
import { verifyKey } from "./verify";

afterAll(() => db().$disconnect());

describe("ownership", () => {
  it("user B cannot read, revoke or find user A's keys", async () => {
    const alice = await makeViewer("Alice");
    const bob = await makeViewer("Bob");
    const { key } = await makeKey(alice, { name: "Alice production", description: "billing sync" });

    expect(await getKey(bob, key.sid)).toBeNull();
    expect(await revokeKey(bob, key.sid)).toEqual({ ok: false, reason: "not_found" });
    for (const q of ["", "Alice", "billing", key.sid, key.prefix]) {
      const found = await listKeys(bob, q);
      expect([...found.current, ...found.revoked].map((k) => k.sid)).not.toContain(key.sid);
    }
    // Bob's attempt changed nothing.
    expect((await getKey(alice, key.sid))?.status).toBe("active");
  });

  it("an unknown sid and another user's sid are the same null", async () => {
    const alice = await makeViewer();
    expect(await getKey(alice, "key_0000000000000000")).toBeNull();
    expect(await revokeKey(alice, "key_0000000000000000")).toEqual({ ok: false, reason: "not_found" });
  });
});

describe("the active key limit", () => {
  it("holds under 30 parallel creates: exactly 5 succeed, the rest are told the limit is reached", async () => {
    const viewer = await makeViewer();
    const input = parseCreateKey({ name: "Racer", expiry: "30", permission: "read" });
    if (!input.ok) throw new Error("invalid input");
    const results = await Promise.all(Array.from({ length: 30 }, () => createKey(viewer, input.data)));
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === "limit_reached")).toBe(true);
    expect(await countActiveKeys(viewer)).toBe(5);
    expect(await db().apiKey.count({ where: { userId: viewer.id } })).toBe(5);
  });

  it("frees a slot when a key is revoked, and expired keys do not count", async () => {
    const viewer = await makeViewer();
    const keys = [];
    for (let i = 0; i < 5; i++) keys.push(await makeKey(viewer, { name: `k${i}` }));
    await expect(makeKey(viewer)).rejects.toThrow(/limit_reached/);
    await revokeKey(viewer, keys[0].key.sid);
    await db().apiKey.update({ where: { sid: keys[1].key.sid }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await countActiveKeys(viewer)).toBe(3);
    await makeKey(viewer);
    await makeKey(viewer);
    await expect(makeKey(viewer)).rejects.toThrow(/limit_reached/);
  });
});

describe("verification", () => {
  it("a revoked key is rejected on the very next verification", async () => {
    const viewer = await makeViewer();
    const { key, secret } = await makeKey(viewer);
    expect((await verifyKey(secret, null))?.key.sid).toBe(key.sid);
    await revokeKey(viewer, key.sid);
    expect(await verifyKey(secret, null)).toBeNull();
  });

  it("an expired key is rejected on the very next verification, cached or not", async () => {
    const viewer = await makeViewer();
    const { key, secret } = await makeKey(viewer);
    await db().apiKey.update({ where: { sid: key.sid }, data: { expiresAt: new Date(Date.now() + 300) } });
    expect(await verifyKey(secret, null)).not.toBeNull(); // now in the cache, with its expiry
    await new Promise((r) => setTimeout(r, 350));
    expect(await verifyKey(secret, null)).toBeNull();
    expect((await getKey(viewer, key.sid))?.status).toBe("expired");
  });

  it("serves repeated verifications from the cache, and a revoke clears it at once", async () => {
    const viewer = await makeViewer();
    const { key, secret } = await makeKey(viewer);
    const findUnique = vi.spyOn(db().apiKey, "findUnique");
    try {
      for (let i = 0; i < 5; i++) expect(await verifyKey(secret, null)).not.toBeNull();
      expect(findUnique).toHaveBeenCalledTimes(1);
      await revokeKey(viewer, key.sid);
      expect(await verifyKey(secret, null)).toBeNull();
      expect(findUnique).toHaveBeenCalledTimes(2);
    } finally {
      findUnique.mockRestore();
    }
  });

  it("returns the owner and the key, never the hash", async () => {
    const viewer = await makeViewer("Owner");
    const { key, secret } = await makeKey(viewer, { name: "Mine" });
    const verified = await verifyKey(secret, null);
    expect(verified?.viewer).toMatchObject({ id: viewer.id, name: "Owner", email: viewer.email, via: "api-key", keySid: key.sid, permission: "read_write" });
    expect(verified?.key).toMatchObject({ sid: key.sid, name: "Mine", prefix: key.prefix, permission: "read_write", expiresAt: key.expiresAt });
    expect(verified?.key).not.toHaveProperty("hash");
  });

  it("records last use in memory and writes it only on flush", async () => {
    const viewer = await makeViewer();
    const { key, secret } = await makeKey(viewer);
    const { recordKeyUse } = await import("./activity");
    const verified = await verifyKey(secret, null);
    recordKeyUse(verified!.key.id, "192.0.2.1");
    const stored = () => db().apiKey.findUniqueOrThrow({ where: { sid: key.sid }, select: { lastUsedAt: true } });
    expect((await stored()).lastUsedAt).toBeNull(); // no write on the request path
    expect((await getKey(viewer, key.sid))?.lastUsedAt).toBeInstanceOf(Date); // but the UI already knows
    await flushActivity();
    expect((await stored()).lastUsedAt).toBeInstanceOf(Date);
  });
});

describe("storage", () => {
  it("keeps no plaintext secret in any column", async () => {
    const viewer = await makeViewer();
    const { key, secret } = await makeKey(viewer);
    const row = await db().apiKey.findUniqueOrThrow({ where: { sid: key.sid }, omit: { hash: false } });
    const everything = JSON.stringify(await db().apiKey.findMany({ omit: { hash: false } })) + JSON.stringify(await db().user.findMany());
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(secret.slice(3, 35)); // not even the random body
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.prefix).toBe(secret.slice(0, 7));
  });

  it("leaves the hash out of every ordinary read", async () => {
    const viewer = await makeViewer();
    const { key } = await makeKey(viewer);
    const plain = await db().apiKey.findUniqueOrThrow({ where: { sid: key.sid } });
    expect(plain).not.toHaveProperty("hash");
    expect(await getKey(viewer, key.sid)).not.toHaveProperty("hash");
  });
});

describe("search and listing", () => {
  it("matches name, description, sid and prefix in any case", async () => {
    const viewer = await makeViewer();
    const prod = await makeKey(viewer, { name: "Production Sync", description: "Nightly INVENTORY export" });
    const other = await makeKey(viewer, { name: "staging" });
    const sids = async (q: string) => (await listKeys(viewer, q)).current.map((k) => k.sid);
    for (const q of ["production", "PRODUCTION", "pRoD", "inventory", "nightly inv", prod.key.sid.toUpperCase(), prod.key.prefix.toUpperCase()]) {
      expect(await sids(q), q).toContain(prod.key.sid);
    }
    expect(await sids("production")).not.toContain(other.key.sid);
    expect(await sids("no such thing")).toEqual([]);
  });

  it("folds case beyond ASCII", async () => {
    const viewer = await makeViewer();
    const key = await makeKey(viewer, { name: "Équipe Überweisung" });
    expect((await listKeys(viewer, "équipe überweisung")).current.map((k) => k.sid)).toEqual([key.key.sid]);
  });

  it("treats % and _ as text, not wildcards", async () => {
    const viewer = await makeViewer();
    await makeKey(viewer, { name: "alpha" });
    const pct = await makeKey(viewer, { name: "100% done" });
    expect((await listKeys(viewer, "%")).current.map((k) => k.sid)).toEqual([pct.key.sid]);
    await makeKey(viewer, { name: "a-b" });
    const underscore = await makeKey(viewer, { name: "snake a_b" });
    expect((await listKeys(viewer, "a_b")).current.map((k) => k.sid)).toEqual([underscore.key.sid]);
  });

  it("lists active keys before expired ones, and revoked keys apart, newest revocation first", async () => {
    const viewer = await makeViewer();
    const a = await makeKey(viewer, { name: "a" });
    const b = await makeKey(viewer, { name: "b" });
    await makeKey(viewer, { name: "c" });
    const d = await makeKey(viewer, { name: "d" });
    await db().apiKey.update({ where: { sid: d.key.sid }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await revokeKey(viewer, a.key.sid);
    await new Promise((r) => setTimeout(r, 5));
    await revokeKey(viewer, b.key.sid);
    const list = await listKeys(viewer, "");
    expect(list.current.map((k) => [k.name, k.status])).toEqual([["c", "active"], ["d", "expired"]]);
    expect(list.revoked.map((k) => k.name)).toEqual(["b", "a"]);
    expect(list.revoked[0].revokedAt).toBeInstanceOf(Date);
  });

  it("keeps the first revocation time when a key is revoked twice", async () => {
    const viewer = await makeViewer();
    const { key } = await makeKey(viewer);
    const first = await revokeKey(viewer, key.sid);
    await new Promise((r) => setTimeout(r, 5));
    const second = await revokeKey(viewer, key.sid);
    expect(second.ok && second.key.revokedAt).toEqual(first.ok && first.key.revokedAt);
    expect(second.ok && second.key.revokedAt).toBeInstanceOf(Date);
  });
});

describe("sorting and paging", () => {
  /** Bulk rows straight into the table: hundreds of keys without hundreds of transactions. */
  async function bulkKeys(viewer: Viewer, count: number, fields: (i: number) => { revokedAt?: Date; expiresAt?: Date; lastUsedAt?: Date }) {
    const { randomBytes } = await import("node:crypto");
    await db().apiKey.createMany({
      data: Array.from({ length: count }, (_, i) => {
        const key = { sid: `key_${randomBytes(12).toString("base64url").replace(/[-_]/g, "x").slice(0, 16)}`, name: `bulk ${String(i).padStart(3, "0")}`, description: "", prefix: "lk_bulk" };
        return {
          ...key,
          workspaceId: viewer.workspace.id,
          userId: viewer.id,
          hash: randomBytes(32).toString("hex"),
          searchText: searchTextOf(key),
          createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
          ...fields(i),
        };
      }),
    });
  }
  const page = (viewer: Viewer, params: Record<string, string>) => listPages(viewer, keyListSchema.parse(params));

  it("pages 25 at a time through hundreds of keys, active before expired, revoked apart", async () => {
    const viewer = await makeViewer();
    for (let i = 0; i < 3; i++) await makeKey(viewer, { name: `active ${i}` });
    await bulkKeys(viewer, 40, () => ({ expiresAt: new Date(Date.now() - 86_400_000) }));
    await bulkKeys(viewer, 260, () => ({ revokedAt: new Date(Date.now() - 1000) }));

    const first = await page(viewer, {});
    expect(first.current).toMatchObject({ total: 43, pages: 2, page: 1 });
    expect(first.current.keys).toHaveLength(25);
    expect(first.current.keys.slice(0, 3).every((k) => k.status === "active")).toBe(true);
    expect(first.current.keys.slice(3).every((k) => k.status === "expired")).toBe(true);
    const second = await page(viewer, { page: "2" });
    expect(second.current.keys).toHaveLength(18);
    const seen = new Set([...first.current.keys, ...second.current.keys].map((k) => k.sid));
    expect(seen.size).toBe(43); // no key twice, none missing

    expect(first.revoked).toMatchObject({ total: 260, pages: 11 });
    const lastRevoked = await page(viewer, { rpage: "11" });
    expect(lastRevoked.revoked.keys).toHaveLength(10);
    expect((await page(viewer, { page: "99" })).current.keys).toEqual([]);
  });

  it("sorts by name, created, expiry and last used, both ways, keeping search", async () => {
    const viewer = await makeViewer();
    await bulkKeys(viewer, 30, (i) => ({
      expiresAt: new Date(Date.now() + (i + 1) * 86_400_000),
      lastUsedAt: i % 3 === 0 ? undefined : new Date(Date.UTC(2026, 5, 1) + ((i * 7) % 30) * 3_600_000),
    }));
    const names = async (params: Record<string, string>) => (await page(viewer, params)).current.keys.map((k) => k.name);

    expect((await names({ sort: "name" })).slice(0, 3)).toEqual(["bulk 000", "bulk 001", "bulk 002"]);
    expect((await names({ sort: "name", dir: "desc" })).slice(0, 3)).toEqual(["bulk 029", "bulk 028", "bulk 027"]);
    expect((await names({ sort: "created" })).slice(0, 2)).toEqual(["bulk 029", "bulk 028"]);
    expect((await names({ sort: "expiry" })).slice(0, 2)).toEqual(["bulk 000", "bulk 001"]);
    const lastUsed = (await page(viewer, { sort: "last_used" })).current.keys;
    const times = lastUsed.map((k) => k.lastUsedAt?.getTime() ?? null);
    const used = times.filter((t): t is number => t !== null);
    expect(used).toEqual([...used].sort((a, b) => b - a));
    expect(times.indexOf(null)).toBe(20); // the 20 used keys first, never-used ones last
    expect((await page(viewer, { sort: "last_used", page: "2" })).current.keys.every((k) => k.lastUsedAt === null)).toBe(true);
    expect(await names({ q: "bulk 01", sort: "name", dir: "desc" })).toEqual(["bulk 019", "bulk 018", "bulk 017", "bulk 016", "bulk 015", "bulk 014", "bulk 013", "bulk 012", "bulk 011", "bulk 010"]);
  });
});
