import { describe, expect, it } from "vitest";
import { clientIp } from "./client-ip";
import { trustForwarding } from "./forwarding.mjs";

/** What the app sees: the headers as server.mjs leaves them, read by clientIp(). */
function seenAs(headers: Record<string, string>, socketAddress: string, hops: number) {
  const copy: Record<string, string | string[] | undefined> = { ...headers };
  trustForwarding(copy, { remoteAddress: socketAddress }, hops);
  const asHeaders = new Headers(Object.entries(copy).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  return { ip: clientIp(asHeaders, hops), headers: copy };
}

describe("a client cannot choose its own address", () => {
  it("without a trusted proxy, a forged X-Forwarded-For is replaced by the socket's address", () => {
    expect(seenAs({ "x-forwarded-for": "203.0.113.9" }, "198.51.100.4", 0).ip).toBe("198.51.100.4");
    expect(seenAs({ "x-forwarded-for": "203.0.113.9, 10.0.0.1" }, "198.51.100.4", 0).ip).toBe("198.51.100.4");
    expect(seenAs({}, "::ffff:127.0.0.1", 0).ip).toBe("127.0.0.1");
  });

  it("without a trusted proxy, forged X-Forwarded-Host, -Proto, Forwarded and X-Real-IP are dropped", () => {
    const { headers } = seenAs(
      { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", forwarded: "for=1.2.3.4", "x-real-ip": "1.2.3.4", host: "latchkey.test" },
      "198.51.100.4",
      0,
    );
    expect(headers["x-forwarded-host"]).toBeUndefined();
    expect(headers.forwarded).toBeUndefined();
    expect(headers["x-real-ip"]).toBeUndefined();
    expect(headers["x-forwarded-proto"]).toBe("http");
    expect(headers.host).toBe("latchkey.test");
  });

  it("behind one trusted proxy, the address that proxy saw counts and what the client prepended does not", () => {
    // The proxy appended the client's real address (192.0.2.10) to whatever the client sent.
    expect(seenAs({ "x-forwarded-for": "203.0.113.9, 192.0.2.10" }, "10.0.0.2", 1).ip).toBe("192.0.2.10");
    expect(seenAs({ "x-forwarded-for": "192.0.2.10" }, "10.0.0.2", 1).ip).toBe("192.0.2.10");
    expect(seenAs({ "x-forwarded-host": "latchkey.example" }, "10.0.0.2", 1).headers["x-forwarded-host"]).toBe("latchkey.example");
  });

  it("behind two trusted proxies, the address the outer one saw counts", () => {
    expect(seenAs({ "x-forwarded-for": "203.0.113.9, 192.0.2.10, 10.0.0.1" }, "10.0.0.2", 2).ip).toBe("192.0.2.10");
  });

  it("free text in the header never becomes an address", () => {
    expect(seenAs({ "x-forwarded-for": "<script>" }, "10.0.0.2", 1).ip).toBeNull();
  });
});
