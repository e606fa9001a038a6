import { describe, expect, it } from "vitest";
import { isPublicAddress } from "./address-policy";

/** What the URL parser hands the policy for a typed host: its hostname, brackets and all. */
const hostOf = (url: string) => new URL(url).hostname;

// [what a user could type or DNS could answer, public?]
const table: [string, boolean][] = [
  // IPv4, and the decimal, octal, hex and short literals the URL parser folds into it.
  ["http://127.0.0.1/", false],
  ["http://2130706433/", false],
  ["http://0x7f000001/", false],
  ["http://017700000001/", false],
  ["http://0x7f.0.0.1/", false],
  ["http://127.1/", false],
  ["http://0/", false],
  ["http://10.0.0.1/", false],
  ["http://172.16.0.1/", false],
  ["http://192.168.0.1/", false],
  ["http://100.64.0.1/", false],
  ["http://169.254.169.254/", false],
  ["http://192.0.0.9/", false],
  ["http://192.0.2.1/", false],
  ["http://198.18.0.1/", false],
  ["http://198.51.100.7/", false],
  ["http://203.0.113.7/", false],
  ["http://192.88.99.1/", false],
  ["http://192.175.48.1/", false],
  ["http://192.52.193.1/", false],
  ["http://224.0.0.1/", false],
  ["http://240.0.0.1/", false],
  ["http://255.255.255.255/", false],
  ["http://8.8.8.8/", true],
  ["http://134744072/", true],
  ["http://0x08080808/", true],
  ["http://172.32.0.1/", true],
  ["http://100.128.0.1/", true],
  // IPv6 special ranges.
  ["http://[::]/", false],
  ["http://[::1]/", false],
  ["http://[fe80::1]/", false],
  ["http://[fec0::1]/", false],
  ["http://[fd00:ec2::254]/", false],
  ["http://[fc00::1]/", false],
  ["http://[ff02::1]/", false],
  ["http://[100::1]/", false],
  ["http://[2001:db8::1]/", false],
  ["http://[3fff::1]/", false],
  ["http://[2001:2::1]/", false],
  ["http://[2001:20::1]/", false],
  ["http://[5f00::1]/", false],
  ["http://[4000::1]/", false],
  ["http://[2606:4700::1111]/", true],
  ["http://[2a00:1450:4001:81b::200e]/", true],
  // IPv4 inside IPv6: mapped, compatible (the hex forms), translated, NAT64, 6to4, Teredo.
  ["http://[::ffff:127.0.0.1]/", false],
  ["http://[::ffff:7f00:1]/", false],
  ["http://[0:0:0:0:0:ffff:a9fe:a9fe]/", false],
  ["http://[::127.0.0.1]/", false],
  ["http://[::7f00:1]/", false],
  ["http://[::a00:1]/", false],
  ["http://[::a9fe:a9fe]/", false],
  ["http://[::ffff:0:7f00:1]/", false],
  ["http://[64:ff9b::127.0.0.1]/", false],
  ["http://[64:ff9b::a9fe:a9fe]/", false],
  ["http://[64:ff9b:1::a00:1]/", false],
  ["http://[64:ff9b:1::808:808]/", false],
  ["http://[2002:7f00:1::1]/", false],
  ["http://[2002:c0a8:1::1]/", false],
  ["http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", false],
  ["http://[2001:0:4136:e378:8000:63bf:f7f7:f7f7]/", true],
  ["http://[::ffff:8.8.8.8]/", true],
  ["http://[::808:808]/", true],
  ["http://[64:ff9b::8.8.8.8]/", true],
  ["http://[2002:808:808::1]/", true],
];

// What DNS answers (never through the URL parser), and things that are no address at all.
const raw: [string, boolean][] = [
  ["::127.0.0.1", false],
  ["0:0:0:0:0:0:7f00:1", false],
  ["fe80::1%eth0", false],
  ["[::1]", false],
  ["127.1", false],
  ["0x7f000001", false],
  ["localhost", false],
  ["", false],
  ["::ffff:ffff:808:808", false],
  ["127.255.255.254", false],
  ["10.255.255.255", false],
  ["172.31.255.255", false],
  ["169.254.0.1", false],
  ["100.100.100.200", false],
  ["::ffff:a9fe:a9fe", false],
  ["64:ff9b::10.0.0.1", false],
  ["not-an-ip", false],
  ["93.184.215.14", true],
  ["1.1.1.1", true],
  ["192.169.0.1", true],
  ["2606:4700:4700::1111", true],
];

describe("address policy: only global unicast addresses pass", () => {
  it.each(table)("%s is public: %s", (url, expected) => expect(isPublicAddress(hostOf(url))).toBe(expected));
  it.each(raw)("the resolved address %j is public: %s", (address, expected) => expect(isPublicAddress(address)).toBe(expected));
});
