import { plainAddress } from "./forwarding.mjs";

/**
 * The client's IP, from the X-Forwarded-For that server.mjs rewrote (lib/http/forwarding.mjs):
 * its last entry is always the socket's address. With no trusted proxy (TRUSTED_PROXY_HOPS=0)
 * that is the answer; behind N trusted proxies it is the entry N places to its left, the
 * address the outermost trusted proxy saw. Entries further left were written by the client.
 */
export function clientIp(headers: Headers, trustedHops: number): string | null {
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  if (chain.length === 0) return null;
  const ip = plainAddress(chain[Math.max(0, chain.length - 1 - trustedHops)]);
  // Only something that looks like an address; the audit log is not a place for free text.
  return /^[0-9a-fA-F:.]{2,45}$/.test(ip) ? ip : null;
}
