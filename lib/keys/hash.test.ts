import { describe, expect, it } from "vitest";
import { generateKey } from "./format";
import { hashesEqual, hashKey } from "./hash";

const pepper = "p".repeat(32);

describe("hashKey", () => {
  it("is a 64-character hex HMAC that depends on the key and the pepper", () => {
    const key = generateKey();
    const hash = hashKey(key, pepper);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashKey(key, pepper)).toBe(hash);
    expect(hashKey(key, "q".repeat(32))).not.toBe(hash);
    expect(hashKey(generateKey(), pepper)).not.toBe(hash);
  });

  it("never contains the key or its body", () => {
    const key = generateKey();
    expect(hashKey(key, pepper)).not.toContain(key.slice(3, 15));
  });

  it("is not a bare SHA-256 of the key (the pepper is required)", async () => {
    const { createHash } = await import("node:crypto");
    const key = generateKey();
    expect(hashKey(key, pepper)).not.toBe(createHash("sha256").update(key).digest("hex"));
  });

  it("compares in constant time and only equal hashes match", () => {
    const a = hashKey(generateKey(), pepper);
    expect(hashesEqual(a, a)).toBe(true);
    expect(hashesEqual(a, hashKey(generateKey(), pepper))).toBe(false);
    expect(hashesEqual(a, a.slice(2))).toBe(false);
  });
});
