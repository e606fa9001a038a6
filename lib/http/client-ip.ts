/**
 * The client's IP. Next's server puts the socket address in X-Forwarded-For only when the
 * request has none, so a direct client can write its own: with TRUSTED_PROXY_HOPS=0 (the
 * default, no proxy) the value is what the client reported and is shown as such. Behind N
 * trusted proxies, the address N entries from the right is the one the nearest proxy saw.
 */
export function clientIp(headers: Headers, trustedHops: number): string | null {
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  if (chain.length === 0) return null;
  const index = Math.max(0, chain.length - Math.max(1, trustedHops));
  const ip = chain[index];
  // Only something that looks like an address; the audit log is not a place for free text.
  return /^[0-9a-fA-F:.]{2,45}$/.test(ip) ? ip : null;
}
