/**
 * What the app may believe about where a request came from, decided once per request by
 * server.mjs before Next sees it. Next's own server fills X-Forwarded-For from the socket
 * only when the request has none, so a client talking to it directly could name any address
 * it liked and spread a flood over many per-IP budgets, or spend someone else's.
 *
 * - No trusted proxy (TRUSTED_PROXY_HOPS=0): every forwarding header the client wrote is
 *   dropped, X-Forwarded-For becomes the socket's address and X-Forwarded-Proto the
 *   socket's own scheme. Next then sets X-Forwarded-Host from Host.
 * - Behind N trusted proxies: the socket's address is appended to X-Forwarded-For, as a
 *   proxy would, and X-Forwarded-Host/-Proto are kept (the nearest proxy wrote them).
 *   clientIp() then takes the address N entries left of the socket: the one the outermost
 *   trusted proxy saw. Anything further left was written by the client and is ignored.
 */
const FORWARDING_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded", "x-real-ip"];

/** "::ffff:127.0.0.1" (an IPv4 client on a dual-stack socket) is shown as "127.0.0.1". */
export const plainAddress = (address) => (address ?? "").replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");

/**
 * @param {Record<string, string | string[] | undefined>} headers Node's request headers (changed in place)
 * @param {{ remoteAddress?: string, encrypted?: boolean }} socket
 * @param {number} trustedHops
 */
export function trustForwarding(headers, socket, trustedHops) {
  const peer = plainAddress(socket.remoteAddress) || "unknown";
  if (trustedHops <= 0) {
    for (const name of FORWARDING_HEADERS) delete headers[name];
    headers["x-forwarded-for"] = peer;
    headers["x-forwarded-proto"] = socket.encrypted ? "https" : "http";
    return;
  }
  const incoming = [headers["x-forwarded-for"] ?? []].flat().join(", ").trim();
  headers["x-forwarded-for"] = incoming ? `${incoming}, ${peer}` : peer;
}
