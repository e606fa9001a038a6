import { describe, expect, it } from "vitest";
import { groupedSecret, matchTotpStep, newTotpSecret, totpCode, totpQrSvg, totpStep, totpUri } from "./totp";

// RFC 6238 appendix B: the SHA1 seed is the ASCII "12345678901234567890"; the RFC prints
// 8-digit codes, and a 6-digit code is their last six digits (the same truncation mod 10^6).
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"; // base32 of "12345678901234567890"
const RFC_VECTORS: [number, string][] = [
  [59, "94287082"],
  [1111111109, "07081804"],
  [1111111111, "14050471"],
  [1234567890, "89005924"],
  [2000000000, "69279037"],
  [20000000000, "65353130"],
];

describe("TOTP (RFC 6238, SHA1, 6 digits, 30 s)", () => {
  it.each(RFC_VECTORS)("at %i s the code is the RFC's vector %s (last six digits)", (seconds, code) => {
    expect(totpCode(RFC_SECRET, seconds * 1000)).toBe(code.slice(-6));
    expect(matchTotpStep(RFC_SECRET, code.slice(-6), seconds * 1000)).toBe(Math.floor(seconds / 30));
  });

  it("accepts the previous and the next step, and returns the step the code belongs to", () => {
    const now = 1_700_000_000_000;
    const step = totpStep(now);
    expect(matchTotpStep(RFC_SECRET, totpCode(RFC_SECRET, now - 30_000), now)).toBe(step - 1);
    expect(matchTotpStep(RFC_SECRET, totpCode(RFC_SECRET, now + 30_000), now)).toBe(step + 1);
  });

  it("refuses a code two steps away, a wrong code and anything but six digits", () => {
    const now = 1_700_000_000_000;
    expect(matchTotpStep(RFC_SECRET, totpCode(RFC_SECRET, now - 60_000), now)).toBeNull();
    expect(matchTotpStep(RFC_SECRET, totpCode(RFC_SECRET, now + 60_000), now)).toBeNull();
    const right = totpCode(RFC_SECRET, now);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, "0");
    expect(matchTotpStep(RFC_SECRET, wrong, now)).toBeNull();
    for (const bad of ["", "12345", "1234567", "12 345", "abcdef", `${right}\n`]) expect(matchTotpStep(RFC_SECRET, bad, now)).toBeNull();
  });

  it("a new secret is 160 random bits in base32, different every time", () => {
    const a = newTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(a);
  });

  it("the otpauth URI names the issuer Latchkey and the account's email, with the app parameters", () => {
    const uri = new URL(totpUri(RFC_SECRET, "ada@example.test"));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.host).toBe("totp");
    expect(decodeURIComponent(uri.pathname)).toBe("/Latchkey:ada@example.test");
    expect(Object.fromEntries(uri.searchParams)).toMatchObject({ issuer: "Latchkey", secret: RFC_SECRET, algorithm: "SHA1", digits: "6", period: "30" });
  });

  it("renders the QR code as an SVG on the server", async () => {
    const svg = await totpQrSvg(totpUri(RFC_SECRET, "ada@example.test"));
    expect(svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  });

  it("groups the secret in fours for typing", () => {
    expect(groupedSecret("ABCDEFGHIJ")).toBe("ABCD EFGH IJ");
  });
});
