import { z } from "zod";
import { PERMISSIONS } from "@/lib/keys/permissions";
import { ROLES } from "@/lib/workspaces/roles";
import { createKeyBodySchema, graceSchema, KEY_SORTS, keyDescriptionSchema, keyNameSchema, rateLimitSchema, searchTextSchema } from "./keys";

/**
 * Request and response shapes of /api/v1: the handlers parse with these, and
 * lib/http/openapi.ts turns the same objects into the OpenAPI document, so the two cannot drift.
 */
export const listKeysQuerySchema = z.object({
  q: searchTextSchema.optional().describe("Matches name, description, sid and prefix, any case."),
  sort: z.enum(KEY_SORTS).default("created"),
  dir: z.enum(["asc", "desc"]).optional().describe("Default: asc for name and expiry, desc otherwise."),
  status: z.enum(["active", "expired", "revoked", "all"]).default("all"),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(200).optional().describe("nextCursor of the previous page."),
});

export { createKeyBodySchema };

export const updateKeyBodySchema = z
  .object({
    name: keyNameSchema.optional(),
    description: keyDescriptionSchema.optional(),
    rateLimitPerMinute: rateLimitSchema,
  })
  .strict()
  .refine((body) => Object.values(body).some((value) => value !== undefined), { message: "Send a name, a description or a rate limit.", path: ["name"] });

export const rollKeyBodySchema = z.object({ grace: graceSchema.default("24h").describe("How long the old secret keeps working.") });

export const verifyKeyBodySchema = z.object({ key: z.string().max(500).describe("The API key to check.") });

export const keySchema = z.object({
  sid: z.string(),
  name: z.string(),
  description: z.string(),
  prefix: z.string().describe("The first characters of the key; enough to recognise it, not to use it."),
  permission: z.enum(PERMISSIONS),
  rateLimitPerMinute: z.number().int().nullable(),
  status: z.enum(["active", "expired", "revoked"]),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
  rolledToSid: z.string().nullable(),
  rolledFromSid: z.string().nullable(),
  createdByKeySid: z.string().nullable().describe("The API key that created this one through the API; null for keys made in the dashboard."),
  kind: z.enum(["member", "service"]).describe("member: acts as one member of the workspace, capped by their role, and stops when they leave; service: acts as the workspace."),
});

/** What a Write-only key is told about a key it changed: it may not read keys, so only the sid. */
const keyRefSchema = z.object({ sid: z.string() }).describe("Only the sid, when the calling key has Write but not Read.");
const changedKeySchema = z.union([keySchema, keyRefSchema]);

export const keyListSchemaOut = z.object({ keys: z.array(keySchema), nextCursor: z.string().nullable() });
export const keyResponseSchema = z.object({ key: keySchema });
export const changedKeyResponseSchema = z.object({ key: changedKeySchema });
export const revokedKeyResponseSchema = z.object({ key: changedKeySchema, alsoRevoked: z.array(z.string()).describe("Keys revoked with it: its replacement, and with ?also_created=true the keys it created.") });
export const createdKeySchema = z.object({ key: changedKeySchema, secret: z.string().describe("The only time the secret is ever returned.") });
export const rolledKeySchema = z.object({ key: changedKeySchema, secret: z.string(), oldKey: changedKeySchema });

export const VERIFY_CODES = ["valid", "not_found", "revoked", "expired", "rate_limited"] as const;
export const verifyResponseSchema = z.object({
  valid: z.boolean(),
  code: z.enum(VERIFY_CODES),
  key: z
    .object({
      sid: z.string(),
      name: z.string(),
      permission: z.enum(PERMISSIONS).describe("The key's own permission (a member key is further capped by its member's role)."),
      expiresAt: z.iso.datetime().nullable(),
      kind: z.enum(["member", "service"]),
      memberId: z.string().nullable().describe("The user a member key acts as; null for a service key."),
    })
    .nullable()
    .describe("Only for keys of the calling key's own workspace; any other key is not_found."),
});

export const meSchema = z.object({
  workspace: z.object({ slug: z.string(), name: z.string() }).describe("The workspace the key belongs to: it sees and changes only that workspace's keys."),
  actsAs: z
    .discriminatedUnion("type", [
      z.object({ type: z.literal("member"), role: z.enum(ROLES), member: z.object({ id: z.string(), name: z.string(), email: z.string() }) }),
      z.object({ type: z.literal("workspace") }),
    ])
    .describe("What the key acts as: one member, whose current role caps it and whose leaving stops it (a member key), or the workspace itself (a service key), which only its own permission limits."),
  user: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable().describe("The member a member key acts as (as in actsAs.member); null for a service key."),
  key: z.object({
    sid: z.string(),
    name: z.string(),
    prefix: z.string(),
    expiresAt: z.iso.datetime().nullable(),
    permission: z.enum(PERMISSIONS).describe("What the key may do now: its own permission capped by its member's role."),
  }),
});

export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.string()).optional().describe("Per-field messages (validation errors)."),
  }),
});

/** Per-field first messages of a zod error, for 422 details. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "body");
    out[field] ??= issue.message;
  }
  return out;
}

export const leakReportSchema = z.object({
  keys: z.array(z.string().max(500)).min(1, "Send at least one key.").max(100, "Send at most 100 keys at once.").describe("Strings found in the wild that may be Latchkey keys."),
});
export const leakReceiptSchema = z.object({ received: z.number().int() });
