import "server-only";
import { recordKeyRefusal, recordKeyUse } from "@/lib/dal/activity";
import { auditLater } from "@/lib/dal/audit";
import { verifyCachedKey, verifyKey, type VerifiedKey } from "@/lib/dal/verify";
import { env } from "@/lib/env";
import { parseApiKey } from "@/lib/keys/parse-header";
import { accessForMethod, grants, PERMISSION_LABELS, type Access } from "@/lib/keys/permissions";
import type { Viewer } from "@/lib/viewer";
import { clientIp } from "./client-ip";
import { ApiError, keyInQuery, NO_STORE, rateLimited, toErrorResponse, unauthorized } from "./errors";
import { consumeKeyRequest, ipIsThrottled, rateLimitHeaders, recordFailedCheck } from "@/lib/limits/rate-limit";

export type ApiContext<P> = { viewer: Viewer; key: VerifiedKey; params: P };
type Handler<P> = (request: Request, context: ApiContext<P>) => Promise<Response> | Response;
type RouteContext<P> = { params: Promise<P> };

/** GitHub's GitHub-Authentication-Token-Expiration, for our keys: "2026-12-23 01:39:00 UTC" or "never". */
export const EXPIRY_HEADER = "Latchkey-Key-Expiration";
export const expiryHeaderValue = (expiresAt: Date | null) =>
  expiresAt ? expiresAt.toISOString().replace("T", " ").replace(/\.\d{3}Z$/, " UTC") : "never";

/**
 * Wraps a route handler so it only runs for a valid API key with the access it needs:
 *
 *   export const GET = withApiKey(async (request, { viewer, key }) => Response.json(...));
 *   export const POST = withApiKey(handler, { permission: "write" });
 *
 * By default reads (GET, HEAD) need Read and everything else needs Write. Parsing, including
 * the checksum, happens before any database work; unknown, revoked and expired keys then fail
 * identically with 401, a valid key without the access gets 403. Every response is no-store,
 * and every authenticated one says when its key expires.
 */
export function withApiKey<P = Record<string, never>>(handler: Handler<P>, options: { permission?: Access } = {}) {
  return async (request: Request, route: RouteContext<P>): Promise<Response> => {
    let expiry: string | undefined;
    try {
      const ip = clientIp(request.headers, env().TRUSTED_PROXY_HOPS);
      const verified = await authenticate(request, ip);
      expiry = expiryHeaderValue(verified.key.expiresAt);
      // The key's own limit first: refused requests spend it too, or a key could flood
      // forbidden endpoints without limit.
      const limit = verified.key.rateLimitPerMinute ? await consumeKeyRequest(verified.key.id, verified.key.rateLimitPerMinute) : null;
      if (limit && !limit.ok) {
        recordKeyRefusal(verified.key.id);
        throw rateLimited(rateLimitHeaders(limit));
      }
      const access = options.permission ?? accessForMethod(request.method);
      if (!grants(verified.key.permission, access)) {
        recordKeyRefusal(verified.key.id);
        auditPermissionDenied(verified, request, access);
        throw new ApiError(403, "insufficient_permission", `This API key does not have ${access} permission.`);
      }
      recordKeyUse(verified.key.id, verified.viewer.ip);
      const response = await handler(request, { ...verified, params: await route.params });
      for (const [name, value] of Object.entries({ ...NO_STORE, ...(limit ? rateLimitHeaders(limit) : {}) })) response.headers.set(name, value);
      response.headers.set(EXPIRY_HEADER, expiry);
      return response;
    } catch (error) {
      const response = await toErrorResponse(error);
      if (expiry) response.headers.set(EXPIRY_HEADER, expiry);
      return response;
    }
  };
}

/**
 * The key of a request, verified, or the error to answer with. An IP that has used up its
 * budget of failed checks is refused before any parsing or lookup; each failure counts.
 */
async function authenticate(request: Request, ip: string | null) {
  const client = ip ?? "unknown";
  const throttled = await ipIsThrottled(client);
  if (throttled) throw rateLimited(rateLimitHeaders(throttled));
  const parsed = parseApiKey(request.headers, new URL(request.url));
  if (!parsed.ok && parsed.reason === "in_query") throw keyInQuery();
  // The cached answer needs no await (the hot path); verifyKey looks the key up otherwise.
  const verified = parsed.ok ? (verifyCachedKey(parsed.key, ip) ?? (await verifyKey(parsed.key, ip))) : null;
  if (verified) return verified;
  const failure = await recordFailedCheck(client);
  throw failure.ok ? unauthorized() : rateLimited(rateLimitHeaders(failure));
}

// One permission_denied event per key per minute at most: the log shows that a key keeps
// knocking on a door it cannot open without a row per knock.
const lastDenialAudit = new Map<string, number>();
function auditPermissionDenied(verified: { viewer: Viewer; key: VerifiedKey }, request: Request, access: Access) {
  const now = Date.now();
  if (now - (lastDenialAudit.get(verified.key.id) ?? 0) < 60_000) return;
  if (lastDenialAudit.size > 10_000) lastDenialAudit.clear();
  lastDenialAudit.set(verified.key.id, now);
  auditLater(verified.viewer, "permission_denied", {
    key: verified.key,
    detail: `${request.method} ${new URL(request.url).pathname} needs ${access}; the key has ${PERMISSION_LABELS[verified.key.permission]}`,
  });
}
