import { describe, expect, it } from "vitest";
import { formatAddress, formatDay, formatRelative, formatRelativeDay } from "./format";

describe("formatAddress: client addresses as people write them", () => {
  it("shows an IPv4 client seen on a dual-stack socket as plain IPv4, however it was written", () => {
    expect(formatAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(formatAddress("::FFFF:203.0.113.7")).toBe("203.0.113.7");
    expect(formatAddress("0:0:0:0:0:ffff:cb00:7107")).toBe("203.0.113.7");
    expect(formatAddress("::ffff:7f00:1")).toBe("127.0.0.1");
    expect(formatAddress("[::ffff:127.0.0.1]")).toBe("127.0.0.1");
  });

  it("leaves plain IPv4 as it is", () => {
    expect(formatAddress("127.0.0.1")).toBe("127.0.0.1");
    expect(formatAddress("198.51.100.1")).toBe("198.51.100.1");
  });

  it("keeps real IPv6 as IPv6, lower-cased and shortened (RFC 5952)", () => {
    expect(formatAddress("::1")).toBe("::1");
    expect(formatAddress("2001:0DB8:0000:0000:0000:0000:0000:0001")).toBe("2001:db8::1");
    // The longest run of zeros is shortened, the first of two equal ones, and never a single zero.
    expect(formatAddress("2001:db8:0:0:1:0:0:0")).toBe("2001:db8:0:0:1::");
    expect(formatAddress("2001:db8:0:0:1:0:0:1")).toBe("2001:db8::1:0:0:1");
    expect(formatAddress("2001:db8:0:1:1:1:1:1")).toBe("2001:db8:0:1:1:1:1:1");
    expect(formatAddress("fe80::1%eth0")).toBe("fe80::1%eth0");
    // Only ::ffff: marks an IPv4 client; other prefixes ending in ffff are IPv6 hosts.
    expect(formatAddress("::ffff:0:7f00:1")).toBe("::ffff:0:7f00:1");
    expect(formatAddress("1::ffff:7f00:1")).toBe("1::ffff:7f00:1");
  });

  it("says nothing when no address was recorded, and shows what is not an address as stored", () => {
    expect(formatAddress(null)).toBeNull();
    expect(formatAddress(undefined)).toBeNull();
    expect(formatAddress("")).toBeNull();
    expect(formatAddress("::ffff:300.0.0.1")).toBe("::ffff:300.0.0.1");
    expect(formatAddress("1:2:3:4:5:6:7:8:9")).toBe("1:2:3:4:5:6:7:8:9");
    expect(formatAddress("1::2::3")).toBe("1::2::3");
  });
});

describe("formatRelativeDay: chart days counted in whole UTC days", () => {
  it("names today and yesterday, and counts days before that", () => {
    expect(formatRelativeDay("2025-06-03", "2025-06-03")).toBe("today");
    expect(formatRelativeDay("2025-06-02", "2025-06-03")).toBe("yesterday");
    expect(formatRelativeDay("2025-05-05", "2025-06-03")).toBe("29 days ago");
    // Across a month end, and never "last month" for a 30-day window's first day.
    expect(formatRelativeDay("2025-02-28", "2025-03-01")).toBe("yesterday");
  });

  it("gives the absolute day beside it", () => {
    expect(formatDay("2025-05-05")).toBe("5 May 2025");
  });
});

describe("formatRelative", () => {
  it("is unchanged: minutes, hours and days either way", () => {
    const now = new Date("2025-06-03T12:00:00Z");
    expect(formatRelative(new Date("2025-06-03T09:00:00Z"), now)).toBe("3 hours ago");
    expect(formatRelative(new Date("2025-06-04T11:00:00Z"), now)).toBe("in 23 hours");
    expect(formatRelative(new Date("2025-06-03T11:59:30Z"), now)).toBe("just now");
  });
});
