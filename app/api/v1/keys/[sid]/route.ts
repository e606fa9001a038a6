import { deleteKey, updateKey } from "@/lib/dal/key-changes";
import { getKey } from "@/lib/dal/keys";
import { ApiError, insufficientRole, readJson, validationFailed } from "@/lib/http/errors";
import { keyJson, keyJsonFor } from "@/lib/http/key-json";
import { keyNotFound as notFound, permissionExceeds, sidOf, type KeyParams as Params } from "@/lib/http/key-params";
import { withApiKey } from "@/lib/http/with-api-key";
import { fieldErrors, updateKeyBodySchema } from "@/lib/validation/api";

/** GET /api/v1/keys/{sid} (Read). */
export const GET = withApiKey<Params>(async (_request, { viewer, params }) => {
  const key = await getKey(viewer, sidOf(params));
  if (!key) throw notFound();
  return Response.json({ key: keyJson(key) });
});

/** PATCH /api/v1/keys/{sid}: name and/or description (Write), of a key the calling key's permission covers. */
export const PATCH = withApiKey<Params>(async (request, { viewer, params }) => {
  const sid = sidOf(params);
  const parsed = updateKeyBodySchema.safeParse(await readJson(request));
  if (!parsed.success) throw validationFailed(fieldErrors(parsed.error));
  // Rate limits protect the owner from their own keys: a key cannot lift one, its own or another's.
  if (parsed.data.rateLimitPerMinute !== undefined) {
    throw new ApiError(403, "forbidden_field", "Rate limits can only be changed in the dashboard, by the key's owner.");
  }
  const current = await getKey(viewer, sid);
  if (!current) throw notFound();
  const updated = await updateKey(viewer, sid, {
    name: parsed.data.name ?? current.name,
    description: parsed.data.description ?? current.description,
  });
  if (!updated.ok && updated.reason === "forbidden") throw insufficientRole(viewer.role, "edit");
  if (!updated.ok && updated.reason === "permission_exceeds") throw permissionExceeds("edit");
  if (!updated.ok) throw notFound();
  return Response.json({ key: keyJsonFor(viewer, updated.key) });
});

/** DELETE /api/v1/keys/{sid}: a revoked or expired key, for good (Write). */
export const DELETE = withApiKey<Params>(async (_request, { viewer, params }) => {
  const deleted = await deleteKey(viewer, sidOf(params));
  if (!deleted.ok && deleted.reason === "still_active") throw new ApiError(409, "key_active", "Revoke the key before deleting it.");
  if (!deleted.ok && deleted.reason === "forbidden") throw insufficientRole(viewer.role, "delete");
  if (!deleted.ok && deleted.reason === "permission_exceeds") throw permissionExceeds("delete");
  if (!deleted.ok) throw notFound();
  return new Response(null, { status: 204 });
});
