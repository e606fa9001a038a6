import type { KeyDTO } from "@/lib/dal/keys";

/** The API's view of a key: never a hash or a secret. */
export const keyJson = (k: KeyDTO) => ({
  sid: k.sid,
  name: k.name,
  description: k.description,
  prefix: k.prefix,
  permission: k.permission,
  status: k.status,
  createdAt: k.createdAt.toISOString(),
  expiresAt: k.expiresAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
});
