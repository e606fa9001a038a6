import type { z } from "zod";
import type { KeyDTO } from "@/lib/dal/keys";
import type { keySchema } from "@/lib/validation/api";

/** The API's view of a key (lib/validation/api.ts keySchema): never a hash or a secret. */
export const keyJson = (k: KeyDTO): z.infer<typeof keySchema> => ({
  sid: k.sid,
  name: k.name,
  description: k.description,
  prefix: k.prefix,
  permission: k.permission,
  rateLimitPerMinute: k.rateLimitPerMinute,
  status: k.status,
  createdAt: k.createdAt.toISOString(),
  expiresAt: k.expiresAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  rolledToSid: k.rolledToSid,
  rolledFromSid: k.rolledFromSid,
});
