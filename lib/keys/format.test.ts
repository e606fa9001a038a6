import { describe, expect, it } from "vitest";
import { BASE62 } from "./base62";
import { checksumOf, displayPrefix, generateKey, generateSid, isWellFormedKey, KEY_LENGTH, SID_PATTERN } from "./format";

describe("generated keys", () => {
  it("have the lk_ prefix, 32 random base62 characters and a 6-character checksum", () => {
    const key = generateKey();
    expect(key).toMatch(/^lk_[0-9A-Za-z]{32}[0-9A-Za-z]{6}$/);
    expect(key).toHaveLength(KEY_LENGTH);
    expect(key.slice(-6)).toBe(checksumOf(key.slice(0, -6)));
    expect(isWellFormedKey(key)).toBe(true);
  });

  it("carry at least 160 bits of randomness in the body", () => {
    // Measured on real keys, not computed from the constants: for each body position, the
    // characters it takes across 3,000 draws. log2 of that count is what the position can
    // carry, so a shorter body, a smaller alphabet or a fixed position lowers the total.
    // (All 62 characters turn up at a position with probability above 1 - 10^-12.)
    const bodies = Array.from({ length: 3_000 }, () => generateKey().slice(3, -6));
    const seen = Array.from({ length: bodies[0].length }, (_, i) => new Set(bodies.map((body) => body[i])));
    const bits = seen.reduce((sum, chars) => sum + Math.log2(chars.size), 0);
    expect(bits).toBeGreaterThanOrEqual(160);
  });

  it("never repeat in 100,000 draws", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i++) seen.add(generateKey());
    expect(seen.size).toBe(100_000);
  });

  it("use every base62 character about equally often (no modulo bias)", () => {
    const counts = new Map<string, number>();
    const draws = 20_000;
    for (let i = 0; i < draws; i++) for (const c of generateKey().slice(3, 35)) counts.set(c, (counts.get(c) ?? 0) + 1);
    const expected = (draws * 32) / 62;
    // Chi-square over 61 degrees of freedom: p < 0.0001 above ~117. A biased generator
    // (byte % 62) scores in the hundreds here.
    const chi = [...BASE62].reduce((sum, c) => sum + ((counts.get(c) ?? 0) - expected) ** 2 / expected, 0);
    expect(counts.size).toBe(62);
    expect(chi).toBeLessThan(117);
  });
});

describe("the checksum", () => {
  it("detects every single-character change, in every position", () => {
    for (let n = 0; n < 5; n++) {
      const key = generateKey();
      for (let i = 0; i < key.length; i++) {
        for (const c of BASE62 + "_-") {
          if (c === key[i]) continue;
          const changed = key.slice(0, i) + c + key.slice(i + 1);
          expect(isWellFormedKey(changed), `${changed} (position ${i})`).toBe(false);
        }
      }
    }
  });

  it("detects swapped neighbouring characters", () => {
    const key = generateKey();
    for (let i = 3; i < key.length - 1; i++) {
      if (key[i] === key[i + 1]) continue;
      const swapped = key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2);
      expect(isWellFormedKey(swapped)).toBe(false);
    }
  });

  it("rejects wrong lengths, prefixes and characters", () => {
    const key = generateKey();
    for (const bad of ["", "lk_", key.slice(0, -1), key + "a", "LK_" + key.slice(3), "sk_" + key.slice(3), ` ${key}`, `${key}\n`, key.replace(/.$/, "!")]) {
      expect(isWellFormedKey(bad), JSON.stringify(bad)).toBe(false);
    }
  });
});

describe("display prefix and sid", () => {
  it("shows only lk_ and four body characters", () => {
    const key = generateKey();
    expect(displayPrefix(key)).toBe(key.slice(0, 7));
    expect(displayPrefix(key)).toHaveLength(7);
  });

  it("sids look like key_ + 16 base62 characters and are unique", () => {
    const sids = new Set(Array.from({ length: 10_000 }, generateSid));
    expect(sids.size).toBe(10_000);
    for (const sid of sids) expect(sid).toMatch(SID_PATTERN);
  });
});
