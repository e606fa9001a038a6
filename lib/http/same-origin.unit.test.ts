import { describe, expect, it } from "vitest";
import { sameOrigin } from "./same-origin";

const request = (headers: Record<string, string>) => new Headers({ host: "keys.example.com", ...headers });

describe("sameOrigin (CSRF check for state-changing requests)", () => {
  it("accepts the host's own origin, also behind a proxy that sets X-Forwarded-Host", () => {
    expect(sameOrigin(request({ origin: "https://keys.example.com" }))).toBe(true);
    expect(sameOrigin(new Headers({ host: "10.0.0.5:3000", "x-forwarded-host": "keys.example.com", origin: "https://keys.example.com" }))).toBe(true);
    expect(sameOrigin(new Headers({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" }))).toBe(true);
  });

  it("accepts the configured public URL when the proxy rewrites Host", () => {
    const headers = new Headers({ host: "internal:3000", origin: "https://keys.example.com" });
    expect(sameOrigin(headers)).toBe(false);
    expect(sameOrigin(headers, "https://keys.example.com")).toBe(true);
    expect(sameOrigin(headers, "https://other.example.com")).toBe(false);
  });

  it.each([
    ["missing", undefined],
    ["another site", "https://evil.example"],
    ["a look-alike suffix", "https://keys.example.com.evil.example"],
    ["another port", "https://keys.example.com:8443"],
    ["null (sandboxed frame)", "null"],
    ["not a URL", "::::"],
    ["with a path", "https://keys.example.com/settings"],
    ["with credentials", "https://user@keys.example.com"],
    ["another scheme", "file://keys.example.com"],
    ["empty", ""],
  ])("refuses an Origin that is %s", (_, origin) => {
    expect(sameOrigin(request(origin === undefined ? {} : { origin }), "https://keys.example.com:444")).toBe(false);
  });
});
