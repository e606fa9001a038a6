import type { z } from "zod";
import type { KeyDTO } from "@/lib/dal/keys";
import { grants } from "@/lib/keys/permissions";
import type { keySchema } from "@/lib/validation/api";
import { viewerPermission, type Viewer } from "@/lib/viewer";

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
  createdByKeySid: k.createdByKeySid,
  kind: k.kind,
});

/**
 * What a write answer may say about a key to the key that made the change: everything to a
 * key that could read it anyway, only its sid to a Write-only key. Otherwise a Write key could
 * read every key's details by renaming it to its own name.
 */
export const keyJsonFor = (viewer: Viewer, k: KeyDTO): z.infer<typeof keySchema> | { sid: string } =>
  grants(viewerPermission(viewer), "read") ? keyJson(k) : { sid: k.sid };
