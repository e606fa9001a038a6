import { describe, expect, it } from "vitest";
import { cacheClear, cacheForget, cacheGeneration, cacheGet, cacheGetRefusal, cacheSet, cacheSetRefusal, cacheSizes, MAX_ENTRIES } from "./key-cache";

const TTL = 1_000;

describe("the verified-key cache", () => {
  it("never serves an entry older than the TTL (the bound for changes made by other instances)", () => {
    const start = Date.now();
    cacheSet("h1", "key_ttl", "v", null, TTL, cacheGeneration());
    expect(cacheGet("h1", TTL, start + TTL)?.value).toBe("v");
    expect(cacheGet("h1", TTL, start + TTL + 50)).toBeUndefined();
  });

  it("never serves a key past its own expiry", () => {
    cacheSet("h2", "key_exp", "v", new Date(Date.now() + 100), TTL, cacheGeneration());
    expect(cacheGet("h2", TTL)).toBeDefined();
    expect(cacheGet("h2", TTL, Date.now() + 100)).toBeUndefined();
  });

  it("forgets a key at once when this process changes it", () => {
    cacheSet("h3", "key_rev", "v", null, TTL, cacheGeneration());
    cacheForget("key_rev");
    expect(cacheGet("h3", TTL)).toBeUndefined();
  });

  it("does not cache a lookup that started before the key was last changed (revoke racing a verify)", () => {
    const lookupStarted = cacheGeneration();
    cacheForget("key_race"); // the revoke commits while the lookup is in flight
    cacheSet("h4", "key_race", "stale", null, TTL, lookupStarted);
    expect(cacheGet("h4", TTL)).toBeUndefined();
    cacheSet("h4", "key_race", "fresh", null, TTL, cacheGeneration()); // a lookup begun after the change
    expect(cacheGet("h4", TTL)?.value).toBe("fresh");
  });

  it("a change to one key does not stop another key's lookup from being cached", () => {
    const lookupStarted = cacheGeneration();
    cacheForget("key_other");
    cacheSet("h6", "key_mine", "v", null, TTL, lookupStarted);
    expect(cacheGet("h6", TTL)?.value).toBe("v");
  });

  it("is disabled by a TTL of 0", () => {
    cacheSet("h5", "key_off", "v", null, 0, cacheGeneration());
    expect(cacheGet("h5", 0)).toBeUndefined();
  });

  it("cacheClear forgets every key and refuses to cache lookups that were in flight", () => {
    cacheSet("h10", "key_a", "v", null, TTL, cacheGeneration());
    cacheSet("h11", "key_b", "v", null, TTL, cacheGeneration());
    const inFlight = cacheGeneration();
    cacheClear(); // the invalidation channel reconnected: changes may have been missed
    expect(cacheGet("h10", TTL)).toBeUndefined();
    expect(cacheGet("h11", TTL)).toBeUndefined();
    cacheSet("h12", "key_c", "stale", null, TTL, inFlight);
    expect(cacheGet("h12", TTL)).toBeUndefined();
    cacheSet("h12", "key_c", "fresh", null, TTL, cacheGeneration());
    expect(cacheGet("h12", TTL)?.value).toBe("fresh");
  });

  it("an entry is never served longer than the TTL after its read began, however late it was stored", () => {
    const readAt = Date.now() - 800; // a slow lookup: its row is already 800 ms old when it lands
    cacheSet("h13", "key_slow", "v", null, TTL, cacheGeneration(), readAt);
    expect(cacheGet("h13", TTL, readAt + TTL)?.value).toBe("v");
    expect(cacheGet("h13", TTL, readAt + TTL + 1)).toBeUndefined();
  });
});

describe("the refusal cache", () => {
  it("answers a refused key until its TTL, then forgets it", () => {
    const start = Date.now();
    cacheSetRefusal("r1", null, TTL, cacheGeneration());
    expect(cacheGetRefusal("r1", TTL, start + TTL)).toMatchObject({ sid: null, keyId: null });
    expect(cacheGetRefusal("r1", TTL, start + TTL + 50)).toBeUndefined();
  });

  it("a key forgotten by cacheForget is not refused from the cache any more", () => {
    cacheSetRefusal("r2", { sid: "key_revoked", keyId: "id_revoked" }, TTL, cacheGeneration());
    expect(cacheGetRefusal("r2", TTL)?.keyId).toBe("id_revoked");
    cacheForget("key_revoked");
    expect(cacheGetRefusal("r2", TTL)).toBeUndefined();
  });

  it("cacheClear drops every refusal and refuses to cache one from a lookup in flight", () => {
    cacheSetRefusal("r3", null, TTL, cacheGeneration());
    const inFlight = cacheGeneration();
    cacheClear();
    expect(cacheGetRefusal("r3", TTL)).toBeUndefined();
    cacheSetRefusal("r4", null, TTL, inFlight);
    expect(cacheGetRefusal("r4", TTL)).toBeUndefined();
  });

  it("does not cache \"not stored\" from a lookup that raced any key change (it cannot tell which key changed)", () => {
    const lookupStarted = cacheGeneration();
    cacheForget("key_somewhere");
    cacheSetRefusal("r5", null, TTL, lookupStarted);
    expect(cacheGetRefusal("r5", TTL)).toBeUndefined();
    cacheSetRefusal("r5", null, TTL, cacheGeneration());
    expect(cacheGetRefusal("r5", TTL)).toBeDefined();
  });

  it("an accepted answer replaces a refusal of the same key, and a refusal replaces an acceptance", () => {
    cacheSetRefusal("r6", null, TTL, cacheGeneration());
    cacheSet("r6", "key_r6", "v", null, TTL, cacheGeneration());
    expect(cacheGetRefusal("r6", TTL)).toBeUndefined();
    expect(cacheGet("r6", TTL)?.value).toBe("v");
    cacheSetRefusal("r6", { sid: "key_r6", keyId: "id_r6" }, TTL, cacheGeneration());
    expect(cacheGet("r6", TTL)).toBeUndefined();
  });

  it("is disabled by a TTL of 0", () => {
    cacheSetRefusal("r7", null, 0, cacheGeneration());
    expect(cacheGetRefusal("r7", 0)).toBeUndefined();
  });
});

describe("the cache's bounds", () => {
  it("evicting the oldest accepted key also drops its sid index, so no map outgrows the bound", () => {
    cacheClear();
    for (let i = 0; i < MAX_ENTRIES + 500; i++) cacheSet(`b${i}`, `key_b${i}`, i, null, TTL, cacheGeneration());
    expect(cacheSizes()).toMatchObject({ accepted: MAX_ENTRIES, sids: MAX_ENTRIES });
    expect(cacheGet("b0", TTL)).toBeUndefined(); // the oldest went first
    expect(cacheGet(`b${MAX_ENTRIES + 499}`, TTL)?.value).toBe(MAX_ENTRIES + 499);
  });

  it("a flood of refused keys stays within its own bound and pushes out no accepted key", () => {
    cacheClear();
    cacheSet("valid", "key_valid", "v", null, TTL, cacheGeneration());
    for (let i = 0; i < MAX_ENTRIES + 500; i++) cacheSetRefusal(`u${i}`, i % 2 ? null : { sid: `key_u${i}`, keyId: `id_u${i}` }, TTL, cacheGeneration());
    const sizes = cacheSizes();
    expect(sizes.refused).toBe(MAX_ENTRIES);
    expect(sizes.sids).toBeLessThanOrEqual(MAX_ENTRIES + 1);
    expect(cacheGet("valid", TTL)?.value).toBe("v");
  });

  it("keeps at most MAX_ENTRIES records of forgotten keys", () => {
    cacheClear();
    for (let i = 0; i < MAX_ENTRIES + 500; i++) cacheForget(`key_f${i}`);
    expect(cacheSizes().forgotten).toBe(MAX_ENTRIES);
  });
});
