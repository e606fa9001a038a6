"use server";

import { revalidatePath } from "next/cache";
import { createKey, maxActiveKeys, revokeKey } from "@/lib/dal/keys";
import { requireViewer } from "@/lib/session";
import { type CreateKeyField, limitReachedMessage, parseCreateKey, sidSchema } from "@/lib/validation/keys";

// Every export here is a public POST endpoint: each one authenticates and validates itself.

export type CreateKeyResult =
  | { ok: true; sid: string; secret: string }
  | { ok: false; fieldErrors: Partial<Record<CreateKeyField, string>>; formError?: string };

/**
 * Creates a key and returns its secret: this response is the only place the plaintext ever
 * appears. The caller shows it once and forgets it.
 */
export async function createKeyAction(input: unknown): Promise<CreateKeyResult> {
  const viewer = await requireViewer("/settings/api-keys/new");
  const parsed = parseCreateKey(input);
  if (!parsed.ok) return { ok: false, fieldErrors: parsed.fieldErrors };
  const created = await createKey(viewer, parsed.data);
  if (!created.ok) return { ok: false, fieldErrors: {}, formError: limitReachedMessage(maxActiveKeys()) };
  revalidatePath("/settings/api-keys");
  return { ok: true, sid: created.key.sid, secret: created.secret };
}

export type RevokeKeyResult = { ok: true; revokedAt: string } | { ok: false; error: string } | null;

export async function revokeKeyAction(_previous: RevokeKeyResult, form: FormData): Promise<RevokeKeyResult> {
  const viewer = await requireViewer();
  const sid = sidSchema.safeParse(form.get("sid"));
  if (!sid.success) return { ok: false, error: "That key does not exist." };
  const key = await revokeKey(viewer, sid.data);
  if (!key?.revokedAt) return { ok: false, error: "That key does not exist." };
  revalidatePath("/settings/api-keys");
  revalidatePath(`/settings/api-keys/${key.sid}`);
  return { ok: true, revokedAt: key.revokedAt.toISOString() };
}
