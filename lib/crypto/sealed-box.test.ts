import { describe, expect, it } from "vitest";
import { newKeyMaterial, open, parseKeyRing, seal, SealedBoxError } from "./sealed-box";

const k1 = newKeyMaterial();
const k2 = newKeyMaterial();
const ring1 = parseKeyRing(`k1:${k1}`, "k1");
const ring12 = parseKeyRing(`k1:${k1},k2:${k2}`, "k2");

describe("the sealed box (AES-256-GCM with a key ring)", () => {
  it("round-trips, with a fresh IV each time", () => {
    const a = seal(ring1, "s3cret token", "credential:1");
    const b = seal(ring1, "s3cret token", "credential:1");
    expect(a.sealed).not.toBe(b.sealed);
    expect(a.sealed).not.toContain("s3cret");
    expect(open(ring1, a, "credential:1")).toBe("s3cret token");
  });

  it("detects every flipped byte, never returning garbage", () => {
    const box = seal(ring1, "payload", "credential:1");
    const raw = Buffer.from(box.sealed, "base64url");
    for (let i = 0; i < raw.length; i++) {
      const tampered = Buffer.from(raw);
      tampered[i] ^= 0x01;
      expect(() => open(ring1, { ...box, sealed: tampered.toString("base64url") }, "credential:1")).toThrow(SealedBoxError);
    }
  });

  it("refuses a value moved to another row (associated data), a truncated value and an unknown key", () => {
    const box = seal(ring1, "payload", "credential:1");
    expect(() => open(ring1, box, "credential:2")).toThrow(SealedBoxError);
    expect(() => open(ring1, { ...box, sealed: box.sealed.slice(0, 10) }, "credential:1")).toThrow(SealedBoxError);
    expect(() => open(ring1, { ...box, keyId: "k9" }, "credential:1")).toThrow(/no encryption key "k9"/);
  });

  it("rotates: new values use the current key, old ones still open while their key is in the ring", () => {
    const old = seal(ring1, "before rotation", "c");
    const fresh = seal(ring12, "after rotation", "c");
    expect(old.keyId).toBe("k1");
    expect(fresh.keyId).toBe("k2");
    expect(open(ring12, old, "c")).toBe("before rotation");
    expect(open(ring12, fresh, "c")).toBe("after rotation");
    expect(() => open(ring1, fresh, "c")).toThrow(SealedBoxError);
  });

  it("rejects malformed key rings", () => {
    expect(() => parseKeyRing("k1:short", "k1")).toThrow(/32 bytes/);
    expect(() => parseKeyRing(`k1:${k1}`, "k2")).toThrow(/not in ENCRYPTION_KEYS/);
    expect(() => parseKeyRing(`bad id:${k1}`, "bad id")).toThrow(SealedBoxError);
  });
});
