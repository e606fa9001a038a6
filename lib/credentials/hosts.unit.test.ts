import { describe, expect, it } from "vitest";
import { hostAllowed, parseHostPatterns } from "./hosts";

const parse = (text: string) => {
  const parsed = parseHostPatterns(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.patterns;
};

describe("parseHostPatterns", () => {
  it("canonicalises case, trailing dots and IDN, and drops duplicates", () => {
    expect(parse("API.Stripe.com.\n*.Example.COM, api.stripe.com bücher.example")).toEqual(["api.stripe.com", "*.example.com", "xn--bcher-kva.example"]);
  });

  it("accepts IP addresses exactly", () => {
    expect(parse("127.0.0.1 [::1]")).toEqual(["127.0.0.1", "[::1]"]);
  });

  it.each([
    ["", "at least one"],
    ["https://api.stripe.com", "not a host"],
    ["api.stripe.com/v1", "not a host"],
    ["api.stripe.com:443", "not a host"],
    ["user@api.stripe.com", "not a host"],
    ["api.*.com", "not a host"],
    ["*", "not a host"],
    ["*.com", "too broad"],
    ["*.10.0.0.1", "too broad"],
  ])("refuses %j", (text, message) => {
    const parsed = parseHostPatterns(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(message);
  });

  it("refuses more than 20 hosts", () => {
    expect(parseHostPatterns(Array.from({ length: 21 }, (_, i) => `h${i}.example.com`).join("\n")).ok).toBe(false);
  });
});

describe("hostAllowed", () => {
  const stripe = ["api.stripe.com"];
  const wildcard = ["*.example.com"];

  it("allows the exact host whatever its case, trailing dot or port", () => {
    expect(hostAllowed("https://api.stripe.com/v1/charges", stripe)).toBe(true);
    expect(hostAllowed("https://API.STRIPE.COM/", stripe)).toBe(true);
    expect(hostAllowed("https://api.stripe.com./", stripe)).toBe(true);
    expect(hostAllowed("https://api.stripe.com:8443/", stripe)).toBe(true);
  });

  it("refuses other hosts, lookalikes and parents", () => {
    expect(hostAllowed("https://stripe.com/", stripe)).toBe(false);
    expect(hostAllowed("https://evil.api.stripe.com/", stripe)).toBe(false);
    expect(hostAllowed("https://api.stripe.com.evil.com/", stripe)).toBe(false);
    expect(hostAllowed("https://api-stripe.com/", stripe)).toBe(false);
  });

  it("does not let userinfo pose as the host", () => {
    expect(hostAllowed("https://api.stripe.com@evil.com/", stripe)).toBe(false);
    expect(hostAllowed("https://api.stripe.com:pw@evil.com/", stripe)).toBe(false);
    expect(hostAllowed("https://evil.com\\@api.stripe.com/", stripe)).toBe(false);
    expect(hostAllowed("https://evil.com#@api.stripe.com/", stripe)).toBe(false);
    expect(hostAllowed("https://evil.com?@api.stripe.com/", stripe)).toBe(false);
  });

  it("matches a wildcard's subdomains only", () => {
    expect(hostAllowed("https://a.example.com/", wildcard)).toBe(true);
    expect(hostAllowed("https://a.b.example.com/", wildcard)).toBe(true);
    expect(hostAllowed("https://example.com/", wildcard)).toBe(false);
    expect(hostAllowed("https://evil-example.com/", wildcard)).toBe(false);
    expect(hostAllowed("https://aexample.com/", wildcard)).toBe(false);
    expect(hostAllowed("https://example.com.evil.com/", wildcard)).toBe(false);
  });

  it("compares IDN hosts in punycode, so a lookalike script does not match", () => {
    const patterns = parse("bücher.example");
    expect(hostAllowed("https://bücher.example/", patterns)).toBe(true);
    expect(hostAllowed("https://xn--bcher-kva.example/", patterns)).toBe(true);
    // Cyrillic "а" in "pаypal.com" is another host than the Latin one.
    expect(hostAllowed("https://pаypal.com/", ["paypal.com"])).toBe(false);
  });

  it("refuses what is not an http(s) URL, and every host when none is listed", () => {
    expect(hostAllowed("ftp://api.stripe.com/", stripe)).toBe(false);
    expect(hostAllowed("not a url", stripe)).toBe(false);
    expect(hostAllowed("https://api.stripe.com/", [])).toBe(false);
  });

  it("matches IP hosts exactly", () => {
    expect(hostAllowed("http://127.0.0.1:9999/hook", ["127.0.0.1"])).toBe(true);
    expect(hostAllowed("http://[::1]:9999/hook", ["[::1]"])).toBe(true);
    expect(hostAllowed("http://127.0.0.2/hook", ["127.0.0.1"])).toBe(false);
  });
});
