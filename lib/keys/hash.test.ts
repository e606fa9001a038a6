import { timingSafeEqual } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { generateKey } from "./format";
import { hashesEqual, hashKey } from "./hash";

// The real node:crypto, with timingSafeEqual wrapped so a test can see that it was used.
vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

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

  it("compares in constant time (crypto.timingSafeEqual decides every same-length answer) and only equal hashes match", () => {
    const a = hashKey(generateKey(), pepper);
    const b = hashKey(generateKey(), pepper);
    vi.mocked(timingSafeEqual).mockClear();
    expect(hashesEqual(a, a)).toBe(true);
    expect(hashesEqual(a, b)).toBe(false);
    // Timing cannot be asserted reliably; what can be is that neither answer came from an
    // early-exit comparison such as === (which returns at the first differing character).
    expect(timingSafeEqual).toHaveBeenCalledTimes(2);
    expect(hashesEqual(a, a.slice(2))).toBe(false);
  });
});
