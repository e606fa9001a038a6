import { createKey } from "@/lib/dal/key-changes";
import { keyListSchema, limitReachedMessage, parseCreateKey } from "@/lib/validation/keys";
import { listKeys, maxActiveKeys } from "@/lib/dal/keys";
import { ApiError, readJson, validationFailed } from "@/lib/http/errors";
import { keyJson } from "@/lib/http/key-json";
import { withApiKey } from "@/lib/http/with-api-key";

/** GET /api/v1/keys?q=&sort=&dir=&page=: the key owner's keys (Read). */
export const GET = withApiKey(async (request, { viewer }) => {
  const state = keyListSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { current, revoked } = await listKeys(viewer, state);
  return Response.json({ keys: current.keys.map(keyJson), revoked: revoked.keys.map(keyJson), page: current.page, pages: current.pages });
});

/** POST /api/v1/keys: create a key (Write). The secret is in this response only. */
export const POST = withApiKey(async (request, { viewer }) => {
  const parsed = parseCreateKey(await readJson(request));
  if (!parsed.ok) throw validationFailed(parsed.fieldErrors);
  const created = await createKey(viewer, parsed.data);
  if (!created.ok && created.reason === "permission_exceeds") {
    throw new ApiError(403, "permission_exceeds", "A key cannot create a key with more permission than its own.");
  }
  if (!created.ok) throw new ApiError(409, "limit_reached", limitReachedMessage(maxActiveKeys()));
  return Response.json({ key: keyJson(created.key), secret: created.secret }, { status: 201 });
});
