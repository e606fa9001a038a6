import "server-only";
import { recordKeyRefusal, recordKeyUse } from "@/lib/dal/activity";
import { auditLater } from "@/lib/dal/audit";
import { verifyKey, type VerifiedKey } from "@/lib/dal/verify";
import { env } from "@/lib/env";
import { parseApiKey } from "@/lib/keys/parse-header";
import { accessForMethod, grants, PERMISSION_LABELS, type Access } from "@/lib/keys/permissions";
import type { Viewer } from "@/lib/viewer";
import { clientIp } from "./client-ip";
import { ApiError, keyInQuery, NO_STORE, toErrorResponse, unauthorized } from "./errors";

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
      const parsed = parseApiKey(request.headers, new URL(request.url));
      if (!parsed.ok) throw parsed.reason === "in_query" ? keyInQuery() : unauthorized();
      const verified = await verifyKey(parsed.key, clientIp(request.headers, env().TRUSTED_PROXY_HOPS));
      if (!verified) throw unauthorized();
      expiry = expiryHeaderValue(verified.key.expiresAt);
      const access = options.permission ?? accessForMethod(request.method);
      if (!grants(verified.key.permission, access)) {
        recordKeyRefusal(verified.key.id);
        auditLater(verified.viewer, "permission_denied", {
          key: verified.key,
          detail: `${request.method} ${new URL(request.url).pathname} needs ${access}; the key has ${PERMISSION_LABELS[verified.key.permission]}`,
        });
        throw new ApiError(403, "insufficient_permission", `This API key does not have ${access} permission.`);
      }
      recordKeyUse(verified.key.id, verified.viewer.ip);
      const response = await handler(request, { ...verified, params: await route.params });
      for (const [name, value] of Object.entries(NO_STORE)) response.headers.set(name, value);
      response.headers.set(EXPIRY_HEADER, expiry);
      return response;
    } catch (error) {
      const response = toErrorResponse(error);
      if (expiry) response.headers.set(EXPIRY_HEADER, expiry);
      return response;
    }
  };
}
