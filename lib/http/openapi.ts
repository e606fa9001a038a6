import { z } from "zod";
import {
  createdKeySchema,
  createKeyBodySchema,
  errorSchema,
  leakReceiptSchema,
  leakReportSchema,
  keyListSchemaOut,
  keyResponseSchema,
  changedKeyResponseSchema,
  revokedKeyResponseSchema,
  listKeysQuerySchema,
  meSchema,
  rolledKeySchema,
  rollKeyBodySchema,
  updateKeyBodySchema,
  verifyKeyBodySchema,
  verifyResponseSchema,
} from "@/lib/validation/api";

/**
 * The OpenAPI 3.1 document of /api/v1, built from the zod objects the handlers parse with
 * (lib/validation/api.ts). JSON Schema 2020-12 is OpenAPI 3.1's own dialect, so zod's output
 * goes in as it is.
 */
type Operation = {
  method: "get" | "post" | "patch" | "delete";
  path: string;
  summary: string;
  description: string;
  /** "none": public, no key (the leak report). */
  permission: "read" | "write" | "none";
  query?: z.ZodObject;
  body?: z.ZodType;
  ok: { status: number; schema?: z.ZodType; description: string };
  errors: number[];
  example?: Record<string, unknown>;
};

export const OPERATIONS: Operation[] = [
  { method: "get", path: "/api/v1/me", summary: "Who am I", description: "The key's workspace, what it acts as (a member, whose current role caps it, or the workspace itself for a service key), and the key.", permission: "read", ok: { status: 200, schema: meSchema, description: "The workspace, what the key acts as, and the key" }, errors: [400, 401, 403, 429] },
  { method: "get", path: "/api/v1/keys", summary: "List keys", description: "The keys of the calling key's workspace (and no other), searched, sorted and paged by cursor.", permission: "read", query: listKeysQuerySchema, ok: { status: 200, schema: keyListSchemaOut, description: "A page of keys" }, errors: [400, 401, 403, 422, 429] },
  { method: "post", path: "/api/v1/keys", summary: "Create a key", description: "The secret is in this response only. A key cannot create a key with more permission than its own, nor one that acts as someone else: a member key creates member keys of its member, a service key service keys; the new key's rate limit and expiry are tightened to the calling key's own, and it records which key created it. A Write-only key is answered with the sid and the secret only.", permission: "write", body: createKeyBodySchema, ok: { status: 201, schema: createdKeySchema, description: "The key and its secret" }, errors: [400, 401, 403, 409, 422, 429], example: { name: "CI", expiry: "30", permission: "read" } },
  { method: "get", path: "/api/v1/keys/{sid}", summary: "Get a key", description: "One key of the workspace. A key of another workspace is the same 404 as an unknown sid.", permission: "read", ok: { status: 200, schema: keyResponseSchema, description: "The key" }, errors: [401, 403, 404, 429] },
  { method: "patch", path: "/api/v1/keys/{sid}", summary: "Update a key", description: "Name and/or description. Secrets and permissions never change here: roll instead. Only keys whose permission the calling key's covers, and that its member's role may manage (a Member's key: only that Member's own keys; 403 insufficient_role otherwise). A Write-only key is answered with the sid only.", permission: "write", body: updateKeyBodySchema, ok: { status: 200, schema: changedKeyResponseSchema, description: "The updated key" }, errors: [400, 401, 403, 404, 422, 429], example: { name: "CI (GitHub Actions)" } },
  { method: "delete", path: "/api/v1/keys/{sid}", summary: "Delete a key", description: "A revoked or expired key, for good. The security log keeps the event.", permission: "write", ok: { status: 204, description: "Deleted" }, errors: [401, 403, 404, 409, 429] },
  { method: "post", path: "/api/v1/keys/{sid}/roll", summary: "Roll a key", description: "A new secret with the same settings; the old one keeps working for the grace period. Only keys whose permission the calling key's covers; the new key's rate limit and expiry are tightened to the calling key's own.", permission: "write", body: rollKeyBodySchema, ok: { status: 201, schema: rolledKeySchema, description: "The new key, its secret, and the old key" }, errors: [400, 401, 403, 404, 409, 422, 429], example: { grace: "24h" } },
  { method: "post", path: "/api/v1/keys/{sid}/revoke", summary: "Revoke a key", description: "Refused from the very next request on. Idempotent. The key it was rolled into, while it still worked, is revoked with it; ?also_created=true also revokes the keys it created through the API. Only keys whose permission the calling key's covers.", permission: "write", ok: { status: 200, schema: revokedKeyResponseSchema, description: "The revoked key" }, errors: [401, 403, 404, 429] },
  { method: "post", path: "/api/v1/leaks", summary: "Report leaked keys", description: "Public: anyone who finds a Latchkey key in the wild may report it. Keys that exist are revoked, with the keys they created through the API, and their owners told once. The answer is the same whether or not a key existed. JSON only (415 otherwise), at most 64 KB (413).", permission: "none", body: leakReportSchema, ok: { status: 202, schema: leakReceiptSchema, description: "Received" }, errors: [400, 413, 415, 422, 429], example: { keys: ["lk_..."] } },
  { method: "post", path: "/api/v1/keys/verify", summary: "Verify a key", description: "Checks a key of the same workspace for another service: valid, not_found, revoked, expired or rate_limited, and whether it is a member key or a service key. A key of another workspace is not_found.", permission: "read", body: verifyKeyBodySchema, ok: { status: 200, schema: verifyResponseSchema, description: "The verdict" }, errors: [400, 401, 403, 422, 429], example: { key: "lk_..." } },
];

const ERROR_TEXT: Record<number, string> = {
  400: "Malformed request (a key in the query string, invalid JSON, a forged cursor)",
  401: "Missing, unknown, malformed, revoked or expired API key (one identical answer)",
  403: "The key lacks the permission this operation needs, or the target key has more than the calling key",
  413: "The request body is larger than the endpoint accepts",
  415: "The request body must be application/json",
  404: "No such key in this account",
  409: "Conflict: the active key limit, or the key's state",
  422: "Validation failed; `details` names each field",
  429: "Rate limited; see Retry-After",
};

const schema = (type: z.ZodType, io: "input" | "output") => {
  // The document declares its dialect once; a $schema per schema would be noise.
  const json = z.toJSONSchema(type, { io, unrepresentable: "any" }) as Record<string, unknown>;
  delete json.$schema;
  return json;
};

function queryParameters(query: z.ZodObject) {
  const json = schema(query, "input") as { properties: Record<string, { description?: string }>; required?: string[] };
  return Object.entries(json.properties).map(([name, property]) => ({
    name,
    in: "query",
    required: json.required?.includes(name) ?? false,
    description: property.description,
    schema: property,
  }));
}

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const responses: Record<string, unknown> = {
      [op.ok.status]: { description: op.ok.description, ...(op.ok.schema ? { content: { "application/json": { schema: schema(op.ok.schema, "output") } } } : {}) },
    };
    for (const status of op.errors) responses[status] = { description: ERROR_TEXT[status], content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
    paths[op.path] ??= {};
    paths[op.path][op.method] = {
      operationId: `${op.method}${op.path.replace(/\/api\/v1|[{}]/g, "").replace(/\/(\w)/g, (_, c: string) => c.toUpperCase())}`,
      summary: op.summary,
      description: op.permission === "none" ? op.description : `${op.description} Needs ${op.permission === "read" ? "Read" : "Write"} permission.`,
      ...(op.permission === "none" ? { security: [] } : {}),
      parameters: [
        ...(op.path.includes("{sid}") ? [{ name: "sid", in: "path", required: true, schema: { type: "string", pattern: "^key_[0-9A-Za-z]{16}$" } }] : []),
        ...(op.query ? queryParameters(op.query) : []),
      ],
      ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: schema(op.body, "input"), ...(op.example ? { example: op.example } : {}) } } } } : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Latchkey API",
      version: "1.0.0",
      description:
        "Manage API keys from code. Send a key as `Authorization: ApiKey <key>`, `Authorization: Bearer <key>` or `X-API-Key: <key>`; never in the URL. Every authenticated response carries `Latchkey-Key-Expiration`.",
    },
    servers: [{ url: "/" }],
    security: [{ ApiKey: [] }, { Bearer: [] }, { XApiKey: [] }],
    components: {
      securitySchemes: {
        ApiKey: { type: "apiKey", in: "header", name: "Authorization", description: "ApiKey <key>" },
        Bearer: { type: "http", scheme: "bearer" },
        XApiKey: { type: "apiKey", in: "header", name: "X-API-Key" },
      },
      schemas: { Error: schema(errorSchema, "output") },
    },
    paths,
  };
}
