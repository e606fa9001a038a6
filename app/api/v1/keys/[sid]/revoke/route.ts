import { revokeKey } from "@/lib/dal/key-changes";
import { keyJson } from "@/lib/http/key-json";
import { keyNotFound, sidOf, type KeyParams } from "@/lib/http/key-params";
import { withApiKey } from "@/lib/http/with-api-key";

/** POST /api/v1/keys/{sid}/revoke: refused from the next request on; idempotent (Write). */
export const POST = withApiKey<KeyParams>(async (_request, { viewer, params }) => {
  const key = await revokeKey(viewer, sidOf(params));
  if (!key) throw keyNotFound();
  return Response.json({ key: keyJson(key) });
});
