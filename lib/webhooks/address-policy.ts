import ipaddr from "ipaddr.js";
import { isIP } from "node:net";

/**
 * Where a webhook may go unless private networks are allowed: an allow-list, so a range
 * nobody thought of is refused rather than reached. An address passes only when ipaddr.js
 * classifies it as plain unicast, which leaves out loopback, RFC 1918, carrier-grade NAT,
 * link-local (cloud metadata at 169.254.169.254), unique-local IPv6 (fd00:ec2::254 on AWS),
 * documentation, benchmarking, multicast and every other special range it knows. The
 * classification comes from a maintained library instead of a hand-written prefix list,
 * which is how forms like [::7f00:1] got through before.
 */

// Everything outside 2000::/3 is unassigned or special; ipaddr.js calls it "unicast" anyway.
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR("2000::/3");

const v4 = (high: number, low: number) => ipaddr.fromByteArray([high >> 8, high & 255, low >> 8, low & 255]) as ipaddr.IPv4;

/**
 * The IPv4 addresses an IPv6 address carries, which is where a packet to it really goes:
 * undefined when it carries none, an empty list when it is a translation range whose IPv4
 * cannot be known (so it is refused).
 */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4[] | undefined {
  const p = address.parts;
  // IPv4-compatible (::a.b.c.d, written [::7f00:1] by the URL parser), mapped
  // (::ffff:a.b.c.d) and translated (::ffff:0:a.b.c.d): the last 32 bits.
  if (p.slice(0, 4).every((part) => part === 0)) {
    const [compatible, mapped, translated] = [p[4] === 0 && p[5] === 0, p[4] === 0 && p[5] === 0xffff, p[4] === 0xffff && p[5] === 0];
    if (compatible || mapped || translated) return [v4(p[6], p[7])];
  }
  switch (address.range()) {
    case "rfc6052":
      // NAT64: the well-known 64:ff9b::/96 ends in the IPv4 address. The local-use
      // 64:ff9b:1::/48 is translated however its operator chose, to a network we cannot see.
      return p[2] === 0 ? [v4(p[6], p[7])] : [];
    case "6to4":
      return [v4(p[1], p[2])]; // 2002:AABB:CCDD::/48 routes to the relay at A.B.C.D.
    case "teredo":
      // 2001:0:server:server:flags:port:client:client, the client's address inverted. A
      // packet reaches the client through the server's relay, so both must be public.
      return [v4(p[2], p[3]), v4(~p[6] & 0xffff, ~p[7] & 0xffff)];
    default:
      return undefined;
  }
}

const isPublicIPv4 = (address: ipaddr.IPv4) => address.range() === "unicast";

/** True only for a global unicast address (an IP literal, as DNS or the URL parser gives it). */
export function isPublicAddress(address: string): boolean {
  // A zone id (fe80::1%eth0) only ever names a link-local address, refused below anyway.
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  // node:net decides what is an address at all: ipaddr.js also reads "127.1" and "0x7f000001",
  // which never reach here from the URL parser or DNS, and would only blur the table.
  const family = isIP(bare);
  if (family === 4) return isPublicIPv4(ipaddr.IPv4.parse(bare));
  if (family !== 6) return false;
  const parsed = ipaddr.IPv6.parse(bare);
  const inner = embeddedIPv4(parsed);
  if (inner) return inner.length > 0 && inner.every(isPublicIPv4);
  return parsed.range() === "unicast" && parsed.match(GLOBAL_UNICAST_V6);
}
