import "server-only";
import { verifyKey, type VerifiedKey } from "@/lib/dal/verify";
import { parseApiKey } from "@/lib/keys/parse-header";
import type { Viewer } from "@/lib/viewer";
import { keyInQuery, NO_STORE, toErrorResponse, unauthorized } from "./errors";

export type ApiContext<P> = { viewer: Viewer; key: VerifiedKey; params: P };
type Handler<P> = (request: Request, context: ApiContext<P>) => Promise<Response> | Response;
type RouteContext<P> = { params: Promise<P> };

/**
 * Wraps a route handler so it only runs for a valid API key:
 *
 *   export const GET = withApiKey(async (request, { viewer, key }) => Response.json(...));
 *
 * Parsing (including the checksum) happens before any database work; unknown, revoked and
 * expired keys then fail identically. Every response, error or not, is `no-store`.
 */
export function withApiKey<P = Record<string, never>>(handler: Handler<P>) {
  return async (request: Request, route: RouteContext<P>): Promise<Response> => {
    try {
      const parsed = parseApiKey(request.headers, new URL(request.url));
      if (!parsed.ok) throw parsed.reason === "in_query" ? keyInQuery() : unauthorized();
      const verified = await verifyKey(parsed.key);
      if (!verified) throw unauthorized();
      const response = await handler(request, { ...verified, params: await route.params });
      for (const [name, value] of Object.entries(NO_STORE)) response.headers.set(name, value);
      return response;
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}
