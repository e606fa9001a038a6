import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Keys are stored as HMAC-SHA256 under a server-side pepper, not a bare SHA-256: a leaked
 * database alone is then not enough to test guesses offline. Keys carry 190 random bits, so
 * a slow password hash would buy nothing and cost every request.
 */
export function hashKey(key: string, pepper: string): string {
  return createHmac("sha256", pepper).update(key, "utf8").digest("hex");
}

export function hashesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && timingSafeEqual(x, y);
}
