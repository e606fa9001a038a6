import { revokeKey } from "@/lib/dal/key-changes";
import { insufficientRole } from "@/lib/http/errors";
import { keyJsonFor } from "@/lib/http/key-json";
import { keyNotFound, permissionExceeds, sidOf, type KeyParams } from "@/lib/http/key-params";
import { withApiKey } from "@/lib/http/with-api-key";

/**
 * POST /api/v1/keys/{sid}/revoke: refused from the next request on; idempotent (Write). A key
 * it was rolled into (while it still worked) is revoked with it; `?also_created=true` also
 * revokes the keys it created through the API.
 */
export const POST = withApiKey<KeyParams>(async (request, { viewer, params }) => {
  const alsoCreated = new URL(request.url).searchParams.get("also_created") === "true";
  const revoked = await revokeKey(viewer, sidOf(params), { alsoCreated });
  if (!revoked.ok && revoked.reason === "forbidden") throw insufficientRole(viewer.role, "revoke");
  if (!revoked.ok && revoked.reason === "permission_exceeds") throw permissionExceeds("revoke");
  if (!revoked.ok) throw keyNotFound();
  return Response.json({ key: keyJsonFor(viewer, revoked.key), alsoRevoked: revoked.alsoRevoked });
});
