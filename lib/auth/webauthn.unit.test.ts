import { describe, expect, it } from "vitest";
import { relyingParties, relyingPartyFor } from "./webauthn";

describe("the relying party comes from NEXTAUTH_URL, never from the request alone", () => {
  it("a public URL is its own RP: its hostname and exact origin, and nothing else", () => {
    expect(relyingParties("https://keys.example.com")).toEqual([{ rpID: "keys.example.com", origin: "https://keys.example.com" }]);
    expect(relyingPartyFor("keys.example.com", "https://keys.example.com")).toEqual({ rpID: "keys.example.com", origin: "https://keys.example.com" });
  });

  it("a forged or rewritten Host selects the configured RP, never one of its own", () => {
    expect(relyingPartyFor("evil.example", "https://keys.example.com")?.rpID).toBe("keys.example.com");
    expect(relyingPartyFor("localhost:3000", "https://keys.example.com")?.rpID).toBe("keys.example.com");
    expect(relyingPartyFor(null, "https://keys.example.com")?.rpID).toBe("keys.example.com");
  });

  it("a loopback IP URL offers localhost on the same scheme and port (browsers refuse an IP as RP ID)", () => {
    expect(relyingParties("http://127.0.0.1:4123")).toEqual([{ rpID: "localhost", origin: "http://localhost:4123" }]);
    expect(relyingPartyFor("localhost:4123", "http://127.0.0.1:4123")).toEqual({ rpID: "localhost", origin: "http://localhost:4123" });
    // At the IP itself there is no RP to offer.
    expect(relyingPartyFor("127.0.0.1:4123", "http://127.0.0.1:4123")).toBeNull();
    expect(relyingParties("http://[::1]:4123")).toEqual([{ rpID: "localhost", origin: "http://localhost:4123" }]);
  });

  it("a public IP URL has no RP at all, and neither has a missing or odd URL", () => {
    expect(relyingParties("http://203.0.113.9:3000")).toEqual([]);
    expect(relyingParties(undefined)).toEqual([]);
    expect(relyingParties("not a url")).toEqual([]);
    expect(relyingParties("ftp://keys.example.com")).toEqual([]);
  });

  it("localhost itself is one RP", () => {
    expect(relyingParties("http://localhost:3000")).toEqual([{ rpID: "localhost", origin: "http://localhost:3000" }]);
  });
});
