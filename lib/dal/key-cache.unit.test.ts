import { describe, expect, it } from "vitest";
import { cacheClear, cacheForget, cacheGeneration, cacheGet, cacheSet } from "./key-cache";

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
});
