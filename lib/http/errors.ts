import { health } from "@/lib/health";
import { tooManyCreationsMessage } from "@/lib/validation/keys";
import { ROLE_LABELS, type Role } from "@/lib/workspaces/roles";

/**
 * One error body everywhere: { "error": { "code": "...", "message": "..." } }.
 * API responses are never cached: they describe keys and their owners.
 */
export const NO_STORE = { "Cache-Control": "no-store" } as const;

/** An expected answer (401, 403, 404, 422, 429 ...), thrown to leave a handler early. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    /** Per-field messages for validation errors. */
    readonly details?: Record<string, string | undefined>,
  ) {
    super(message);
  }
}

export function errorResponse(error: ApiError): Response {
  return Response.json(
    { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } },
    { status: error.status, headers: { ...NO_STORE, ...error.headers } },
  );
}

// Unknown, malformed, bad-checksum, revoked and expired keys all get exactly this, so a
// caller holding a stolen or guessed key learns nothing about which case it hit.
export const unauthorized = () =>
  new ApiError(401, "unauthorized", "The API key is missing, invalid, expired or revoked.", {
    "WWW-Authenticate": 'ApiKey realm="latchkey"',
  });

export const rateLimited = (headers: Record<string, string>) =>
  new ApiError(429, "rate_limited", `Too many requests. Retry after ${headers["Retry-After"] ?? "a few"} seconds.`, headers);

export const tooManyCreations = (retryAfterSeconds: number) =>
  new ApiError(429, "rate_limited", tooManyCreationsMessage(retryAfterSeconds), { "Retry-After": String(retryAfterSeconds) });

export const keyInQuery = () =>
  new ApiError(
    400,
    "key_in_query",
    "API keys are not accepted in the URL. Send the key in a header: Authorization: ApiKey <key>, Authorization: Bearer <key> or X-API-Key: <key>.",
  );

/**
 * The key exists and the caller may see it, but the role of the member its API key acts as
 * does not allow the change (../shared/WORKSPACES.md, "Roles"): Members change only their own
 * member keys, Viewers none. Unlike a key of another workspace, which is a 404.
 */
export const insufficientRole = (role: Role, verb: "create" | "edit" | "roll" | "revoke" | "delete") =>
  new ApiError(
    403,
    "insufficient_role",
    role === "member"
      ? `This API key acts as a Member, who can only ${verb} their own member keys.`
      : `This API key acts as ${role === "admin" ? "an" : "a"} ${ROLE_LABELS[role]}, who cannot ${verb} keys.`,
  );

export const serviceUnavailable = () =>
  new ApiError(503, "service_unavailable", "The service is temporarily unavailable. Try again in a few seconds.", { "Retry-After": "5" });

/**
 * The response for anything a handler threw. An unexpected error while the database does not
 * answer is a 503 (the outage, not a bug: nothing was verified or changed); otherwise a 500.
 * Details stay in the server log; the client gets a generic message either way.
 */
export async function toErrorResponse(error: unknown): Promise<Response> {
  if (error instanceof ApiError) return errorResponse(error);
  const message = error instanceof Error ? error.message || error.name : String(error);
  if ((await health(250)).database === "unavailable") {
    console.error("[api] database unavailable:", message.split("\n")[0]);
    return errorResponse(serviceUnavailable());
  }
  console.error("[api] unhandled error:", error instanceof Error ? error.stack : error);
  return errorResponse(new ApiError(500, "internal_error", "Something went wrong on our side."));
}

export const validationFailed = (details: Record<string, string | undefined>) =>
  new ApiError(422, "validation_failed", "The request body is not valid; see details.", {}, details);

/** The JSON body of a request, or a 400 that says it is not JSON. */
export async function readJson(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new ApiError(400, "invalid_json", "The request body must be a JSON object.");
  }
}

/** Like readJson, but an empty body is an empty object (for endpoints whose fields all have defaults). */
export async function readOptionalJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", "The request body must be a JSON object.");
  }
}
